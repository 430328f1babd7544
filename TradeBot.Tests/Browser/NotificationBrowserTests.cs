using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Notifications;

namespace TradeBot.Tests.Browser;

/// <summary>
/// The real app with SMTP configured (a local <see cref="SmtpServer"/>) in headless Chromium: the confirmation link comes by
/// email through the outbox and the background sender; the trader adds a webhook and its test arrives signed.
/// </summary>
public sealed partial class NotificationBrowserTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Trader_ConfirmsByEmail_AddsAWebhook_TestArrivesSignedAndShowsDelivered()
    {
        await using var smtp = SmtpServer.Start();
        using var receiver = WebhookReceiver.Start();
        await using var browser = await ChromiumBrowser.LaunchAsync();
        await using var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string>
        {
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Tls"] = "None", ["Smtp:From"] = "TradeBot <bots@tradebot.test>",
        });
        var page = await browser.NewPageAsync(app.BaseAddress);
        const string email = "mailed@example.com";

        await page.GotoAsync("Account/Register");
        await page.Field("Input.Email").FillAsync(email);
        await page.Field("Input.Password").FillAsync(AccountFlows.Password);
        await page.Field("Input.ConfirmPassword").FillAsync(AccountFlows.Password);
        await page.Locator("#register-submit").ClickAsync();
        await page.WaitForURLAsync("**/Account/RegisterConfirmation**");
        await Assertions.Expect(page.Locator("#confirm-link")).ToHaveCountAsync(0);

        await Eventually.HoldsAsync(() => smtp.Received.Count > 0, Patience, "the confirmation email", Eventually.OutputOf(app));
        var mail = smtp.Received.ShouldHaveSingleItem();
        mail.Subject.ShouldBe("Confirm your email");
        var link = ConfirmLink().Match(mail.TextBody ?? "").Value;
        link.ShouldNotBeEmpty(mail.TextBody);
        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator("#status-message")).ToContainTextAsync("Thank you for confirming your email");

        await page.GotoAsync("Account/Login");
        await AccountFlows.SubmitLoginAsync(page, email, AccountFlows.Password);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.GotoAsync("settings/notifications");
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Notifications");
        // Typed before the circuit is up, the URL would be lost: wait until Blazor owns the button.
        await Eventually.HoldsAsync(() => page.EvaluateAsync<bool>("() => [...(document.querySelector('#webhook-add')?.attributes ?? [])].some(a => a.name.startsWith('_bl_'))"),
            Patience, "the interactive page", Eventually.OutputOf(app));
        await page.Locator("#webhook-url").FillAsync(receiver.Url);
        await page.Locator("#webhook-add").ClickAsync();
        var secret = (await page.Locator("#webhook-secret code").TextContentAsync())!;
        secret.ShouldStartWith("whsec_");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await page.Locator("[id^='webhook-test-']").ClickAsync();

        await Eventually.HoldsAsync(() => receiver.Received.Count > 0, Patience, "the test webhook", Eventually.OutputOf(app));
        TestContext.Current.TestOutputHelper?.WriteLine($"Send test click to webhook received: {clock.ElapsedMilliseconds} ms (sender polls every 1 s)");
        var request = receiver.Received.ShouldHaveSingleItem();
        request.Headers[WebhookSender.SignatureHeader]
            .ShouldBe("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), request.Body)));
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#deliveries")).ToContainTextAsync("Delivered", new() { Timeout = 30_000 });
        (await page.ContentAsync()).ShouldNotContain(secret);

        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumBrowser.ScreenshotFolder, "notifications-light.png"), FullPage = true });
        var results = await page.RunAxe(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        serious.ShouldBeEmpty(string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    [GeneratedRegex(@"https?://\S+/Account/ConfirmEmail\?\S+")]
    private static partial Regex ConfirmLink();

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
}
