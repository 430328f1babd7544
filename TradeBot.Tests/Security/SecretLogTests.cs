using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TradeBot.Tests.Browser;
using TradeBot.Tests.Exchange;
using TradeBot.Tests.Infrastructure;

namespace TradeBot.Tests.Security;

/// <summary>
/// The real app at Debug log level through a whole flow in Chromium, with distinctive secrets: register and confirm by
/// email (SMTP with a login), sign in, add a Binance key checked against the fake Binance, a paper bot started and
/// checking, a webhook (a Slack-like URL with its token in the path) with its test and a test email. Then no secret appears
/// anywhere in the app's output, and the database files hold no plaintext API key, API secret, webhook secret, webhook URL
/// token or SMTP password.
/// </summary>
public sealed partial class SecretLogTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Password = "Zq-Sign1n-Passw0rd-4711!";
    private const string SmtpPassword = "Smtp-S3cret-Pa55-zq81";
    private const string WebhookPathToken = "SECRETPATHTOKEN";

    [Fact]
    public async Task FullFlowAtDebugLevel_NoSecretInTheOutputOrPlainInTheDatabase()
    {
        await using var binance = await FakeBinanceServer.StartAsync();
        await using var smtp = SmtpServer.Start();
        using var receiver = WebhookReceiver.Start();
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var fake = binance.BaseUrl.ToString();
        await using var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string>
        {
            ["Logging:LogLevel:Default"] = "Debug", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug", ["Logging:LogLevel:System.Net.Http"] = "Debug",
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Tls"] = "None", ["Smtp:From"] = "TradeBot <bots@tradebot.test>", ["Smtp:User"] = "mailer", ["Smtp:Password"] = SmtpPassword,
            ["Exchange:MarketData"] = "Simulated",
            ["Exchange:Binance:SpotBaseUrl"] = fake, ["Exchange:Binance:FuturesBaseUrl"] = fake,
            ["Exchange:Binance:SpotTestnetBaseUrl"] = fake, ["Exchange:Binance:FuturesTestnetBaseUrl"] = fake,
        });
        var page = await browser.NewPageAsync(app.BaseAddress);
        page.Context.SetDefaultTimeout(60_000); // the machine is shared: slow is fine, stuck is not

        await RegisterConfirmAndSignInAsync(page, smtp, app);
        await AddApiKeyAsync(page);
        await StartPaperBotAsync(page);
        var webhookSecret = await AddWebhookAndSendTestsAsync(page, receiver, smtp, app);

        smtp.Logins.ShouldContain(("mailer", SmtpPassword), "the app logged in to SMTP with the password, so it had it at hand");
        binance.CountOf("/sapi/v1/account/apiRestrictions").ShouldBeGreaterThan(0, "the key was used in signed requests");
        string[] secrets = [Password, FakeBinanceServer.ApiKey, FakeBinanceServer.Secret, webhookSecret, SmtpPassword, WebhookPathToken];
        var output = app.Output;
        output.Count.ShouldBeGreaterThan(100, "a Debug-level run writes plenty");
        output.ShouldContain(line => line.Contains("\"LogLevel\":\"Debug\"", StringComparison.Ordinal) || line.Contains("dbug:", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            var leaks = output.Where(line => line.Contains(secret, StringComparison.Ordinal)).Take(3).ToList();
            leaks.ShouldBeEmpty($"{secret[..6]}... appears in the app's output");
        }

        // The SQLite file and its write-ahead log, read beside the running app (its folder goes with it).
        var files = Directory.GetFiles(app.DataFolder, "*", SearchOption.AllDirectories);
        files.ShouldContain(f => f.EndsWith("tradebot.db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = await ReadSharedAsync(file);
            foreach (var secret in secrets)
            {
                Contains(bytes, Encoding.UTF8.GetBytes(secret)).ShouldBeFalse($"{secret[..6]}... is stored in plain text in {Path.GetFileName(file)}");
                Contains(bytes, Encoding.Unicode.GetBytes(secret)).ShouldBeFalse($"{secret[..6]}... is stored as UTF-16 in {Path.GetFileName(file)}");
            }
        }
    }

    private static async Task RegisterConfirmAndSignInAsync(IPage page, SmtpServer smtp, AppHost app)
    {
        const string email = "secretive@example.com";
        await AccountFlows.SubmitRegistrationAsync(page, email, Password);
        await Eventually.HoldsAsync(() => smtp.Received.Count > 0, TimeSpan.FromSeconds(90), "the confirmation email", Eventually.OutputOf(app, 40));
        var link = ConfirmLink().Match(smtp.Received[0].TextBody ?? "").Value;
        link.ShouldNotBeEmpty();
        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator("#status-message")).ToContainTextAsync("Thank you for confirming your email");
        await page.GotoAsync("Account/Login");
        await AccountFlows.SubmitLoginAsync(page, email, Password);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }

    private static async Task AddApiKeyAsync(IPage page)
    {
        await page.GotoAsync("api-keys");
        await WaitForInteractiveAsync(page, "#api-key-save");
        await page.Locator("#api-key-label input, input#api-key-label").First.FillAsync("fake binance");
        await page.Locator("#api-key-key input, input#api-key-key").First.FillAsync(FakeBinanceServer.ApiKey);
        await page.Locator("#api-key-secret input, input#api-key-secret").First.FillAsync(FakeBinanceServer.Secret);
        await page.Locator("#api-key-save").ClickAsync();
        await Assertions.Expect(page.Locator("#api-keys-table")).ToContainTextAsync("fake binance", new() { Timeout = 30_000 });
    }

    private static async Task StartPaperBotAsync(IPage page)
    {
        await page.GotoAsync("bots/new");
        await WaitForInteractiveAsync(page, "#bot-name");
        await page.Locator("#bot-name").FillAsync("Secret keeper");
        // One step at a time: a second click while the first step's checks still run would be ignored.
        await page.Locator("#bot-form-next").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-select:has(#bot-strategy)").First).ToBeVisibleAsync();
        await page.Locator("#bot-form-next").ClickAsync();
        await page.Locator("#bot-check-interval").FillAsync("5");
        await page.Locator("#bot-check-interval").PressAsync("Tab");
        await page.Locator("#bot-save").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/bots/\d+$"), new() { Timeout = 30_000 });
        await page.Locator("#bot-start").ClickAsync();
        await Assertions.Expect(page.Locator("#bot-stop")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    private static async Task<string> AddWebhookAndSendTestsAsync(IPage page, WebhookReceiver receiver, SmtpServer smtp, AppHost app)
    {
        await page.GotoAsync("settings/notifications");
        await WaitForInteractiveAsync(page, "#webhook-add");
        await page.Locator("#webhook-url").FillAsync(receiver.UrlAt("/hook/T000/B000/" + WebhookPathToken));
        await page.Locator("#webhook-add").ClickAsync();
        var secret = (await page.Locator("#webhook-secret code").TextContentAsync())!;
        secret.ShouldStartWith("whsec_");
        var mails = smtp.Received.Count;
        await page.Locator("[id^='webhook-test-']").ClickAsync();
        await page.Locator("#email-test").ClickAsync();
        await Eventually.HoldsAsync(() => receiver.Received.Count > 0 && smtp.Received.Count > mails, TimeSpan.FromSeconds(90), "the test webhook and email", Eventually.OutputOf(app, 40));
        receiver.Received[0].Path.ShouldBe("/hook/T000/B000/" + WebhookPathToken, "the sender posts to the whole URL");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#deliveries")).ToContainTextAsync(receiver.UrlAt("/…OKEN"), new() { Timeout = 30_000 });
        (await page.ContentAsync()).ShouldNotContain(WebhookPathToken);
        return secret;
    }

    private static async Task WaitForInteractiveAsync(IPage page, string selector) =>
        await page.WaitForFunctionAsync(
            $"() => [...(document.querySelector(\"{selector}\")?.attributes ?? [])].some(a => a.name.startsWith('_bl_'))", null, new() { Timeout = 60_000 });

    private static async Task<byte[]> ReadSharedAsync(string file)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Cancel);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    [GeneratedRegex(@"https?://\S+/Account/ConfirmEmail\?\S+")]
    private static partial Regex ConfirmLink();
}
