using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using TradeBot.Tests.Infrastructure;
using static TradeBot.Tests.Browser.BotPageChecks;

namespace TradeBot.Tests.Api;

/// <summary>
/// The token page in headless Chromium against the real app: reached from the user menu (next to the API reference),
/// a token is created and shown once, works for a plain HttpClient, and stops working when revoked on the page. The
/// signed-in browser's own cookie gets 401 from /api/v1, so a page on another site cannot ride the session.
/// </summary>
public sealed class ApiTokensBrowserTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Trader_CreatesATokenOnThePage_ScriptUsesIt_CookieIsRefused_RevokeEndsIt()
    {
        await using var browser = await ChromiumBrowser.LaunchAsync();
        await using var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string> { ["Exchange:MarketData"] = "Simulated" });
        var page = await browser.NewPageAsync(app.BaseAddress);
        await SignUpAsync(page, "tokens@example.com");

        await WaitForInteractiveAsync(page, "#dark-mode-toggle");
        await page.Locator("#user-menu").ClickAsync();
        (await page.Locator("#api-docs-link").GetAttributeAsync("href")).ShouldBe("api/docs");
        await page.Locator("#api-tokens-link").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/settings/api-tokens");
        await Assertions.Expect(page.Locator("#tokens-empty")).ToBeVisibleAsync();
        await WaitForInteractiveAsync(page, "#token-name");

        await page.Locator("#token-create").ClickAsync();
        await Assertions.Expect(page.Locator("#token-name")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.Locator("#token-name").FillAsync("CI script");
        await ChooseAsync(page, "#token-scopes", "Read and write");
        await page.Locator("#token-create").ClickAsync();
        var token = (await page.Locator("#new-token-value").TextContentAsync())!.Trim();
        token.ShouldStartWith("tb_");
        await Assertions.Expect(page.Locator("#tokens")).ToContainTextAsync(token[..9]);
        await Assertions.Expect(page.Locator("#tokens")).ToContainTextAsync("read, write");
        await ScanAndShootAsync(page, "api-tokens");

        using var script = app.CreateClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await script.GetAsync("api/v1/bots", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var withCookie = await page.EvaluateAsync<int[]>("""
            async () => [
                (await fetch('/api/v1/bots')).status,
                (await fetch('/api/v1/bots', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":"x","symbol":"BTCUSDT"}' })).status,
            ]
            """);
        withCookie.ShouldBe([401, 401], "the app's cookie is not a credential for /api/v1");

        await page.Locator("[id^='token-revoke-']").First.ClickAsync();
        await page.Locator(".mud-dialog button", new() { HasText = "Revoke" }).ClickAsync();
        await Assertions.Expect(page.Locator("#tokens")).ToContainTextAsync("revoked");
        (await script.GetAsync("api/v1/bots", Cancel)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#new-token-value")).ToHaveCountAsync(0);
        (await page.ContentAsync()).ShouldNotContain(token, Case.Sensitive, "the token is shown once only");
    }
}
