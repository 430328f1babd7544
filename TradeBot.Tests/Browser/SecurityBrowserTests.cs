using Microsoft.Playwright;
using TradeBot.Tests.Infrastructure;

namespace TradeBot.Tests.Browser;

/// <summary>
/// Real Chromium against the real app: a password change ends every other session, not the changer's; and the
/// Content-Security-Policy blocks nothing the app itself needs on its main pages (no violation, the chart draws).
/// </summary>
public sealed class SecurityBrowserTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PasswordChange_OtherSessionsSentToLogin_TheChangersSessionStays()
    {
        await using var browser = await ChromiumBrowser.LaunchAsync();
        await using var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string> { ["Security:SessionRevalidationInterval"] = "00:00:02" });
        var laptop = await browser.NewPageAsync(app.BaseAddress);
        var phone = await browser.NewPageAsync(app.BaseAddress);
        var idle = await browser.NewPageAsync(app.BaseAddress);
        const string email = "owner@example.com";
        await AccountFlows.RegisterAndConfirmAsync(laptop, email);
        foreach (var page in new[] { laptop, phone, idle })
        {
            await page.GotoAsync("Account/Login");
            await AccountFlows.SubmitLoginAsync(page, email, AccountFlows.Password);
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        }
        await phone.GotoAsync("bots");
        await Assertions.Expect(phone.Locator("#page-title")).ToHaveTextAsync("Bots");

        await laptop.GotoAsync("Account/Manage/ChangePassword");
        await laptop.Field("Input.OldPassword").FillAsync(AccountFlows.Password);
        await laptop.Field("Input.NewPassword").FillAsync("Another-Passw0rd!");
        await laptop.Field("Input.ConfirmPassword").FillAsync("Another-Passw0rd!");
        await laptop.Locator("#change-password-submit").ClickAsync();
        await Assertions.Expect(laptop.GetByText("Your password has been changed")).ToBeVisibleAsync();

        // The phone's open page (a live connection, no request) is signed out by the circuit's own check.
        await phone.WaitForURLAsync("**/Account/Login**", new() { Timeout = 60_000 });
        // The idle tab's next request carries a cookie with the old stamp: refused once the interval has passed.
        await Task.Delay(TimeSpan.FromSeconds(3), Cancel);
        await idle.GotoAsync("bots");
        await idle.WaitForURLAsync("**/Account/Login**", new() { Timeout = 60_000 });
        await laptop.GotoAsync("bots");
        await Assertions.Expect(laptop.Locator("#page-title")).ToHaveTextAsync("Bots");
        new Uri(laptop.Url).AbsolutePath.ShouldBe("/bots", "the session that changed the password was refreshed and stays");
    }

    [Fact]
    public async Task MainPages_UnderTheContentSecurityPolicy_NoViolationAndTheChartDraws()
    {
        await using var browser = await ChromiumBrowser.LaunchAsync();
        await using var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string> { ["Exchange:MarketData"] = "Simulated" });
        var page = await browser.NewPageAsync(app.BaseAddress);
        page.Context.SetDefaultTimeout(60_000);
        // Init scripts run through the DevTools protocol, outside the page's policy; the policy itself is not bypassed.
        await page.Context.AddInitScriptAsync(
            "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                consoleErrors.Add(message.Text);
        };
        await AccountFlows.RegisterAndConfirmAsync(page, "csp@example.com");
        await page.GotoAsync("Account/Login");
        await AccountFlows.SubmitLoginAsync(page, "csp@example.com", AccountFlows.Password);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        var violations = new List<string>();
        foreach (var path in new[] { "", "bots", "backtests/new", "api-keys", "settings/notifications", "Account/Manage", "Account/Manage/TwoFactorAuthentication", "bots/new" })
        {
            await page.GotoAsync(path);
            await page.WaitForFunctionAsync("() => document.querySelector('#page-title, h1, h2') !== null");
            violations.AddRange((await page.EvaluateAsync<string[]>("() => window.__csp")).Select(v => $"{path}: {v}"));
        }
        await WaitForInteractiveAsync(page, "#bot-name");
        await page.Locator("#bot-name").FillAsync("Policy bot");
        await page.Locator("#bot-save").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/bots/\d+$"));
        var chart = page.Locator("#bot-chart .price-chart");
        await page.WaitForFunctionAsync("() => { const e = document.querySelector('#bot-chart .price-chart'); return !!e && !!e.tradebotChart && e.tradebotChart.candleCount() > 10; }");
        (await chart.Locator("canvas").CountAsync()).ShouldBeGreaterThan(0);
        violations.AddRange((await page.EvaluateAsync<string[]>("() => window.__csp")).Select(v => $"bot detail: {v}"));

        var policy = (await page.APIRequest.GetAsync("bots")).Headers["content-security-policy"];
        policy.ShouldContain("script-src 'self' 'nonce-");
        policy.ShouldContain("default-src 'self'");
        violations.ShouldBeEmpty();
        consoleErrors.ShouldBeEmpty();
    }

    private static Task WaitForInteractiveAsync(IPage page, string selector) =>
        page.WaitForFunctionAsync($"() => [...(document.querySelector(\"{selector}\")?.attributes ?? [])].some(a => a.name.startsWith('_bl_'))");
}
