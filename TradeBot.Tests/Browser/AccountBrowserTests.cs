using Microsoft.Playwright;
using TradeBot.Tests.Infrastructure;

namespace TradeBot.Tests.Browser;

/// <summary>
/// A person in headless Chromium against the real app on a fresh SQLite file: register, confirm, log in, dashboard,
/// dark mode (kept per user), log out; and lockout after 5 bad passwords. Screenshots go to TestResults/screenshots.
/// </summary>
public sealed class AccountBrowserTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NewTrader_RegistersConfirmsLogsInSwitchesToDarkModeAndLogsOut()
    {
        await using var browser = await ChromiumBrowser.LaunchAsync();
        await using var app = await AppHost.StartAsync(Cancel);
        var page = await browser.NewPageAsync(app.BaseAddress);
        const string email = "trader@example.com";

        await AccountFlows.RegisterAndConfirmAsync(page, email);

        await page.GotoAsync("Account/Login");
        await Shoot(page, "login-light");
        await AccountFlows.SubmitLoginAsync(page, email, AccountFlows.Password);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Dashboard");
        (await IsDarkAsync(page)).ShouldBeFalse();
        await Shoot(page, "dashboard-light");

        await page.Locator("#dark-mode-toggle").ClickAsync();
        await Eventually.HoldsAsync(() => IsDarkAsync(page), TimeSpan.FromSeconds(5), "the dark palette");
        await Shoot(page, "dashboard-dark");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Dashboard");
        (await IsDarkAsync(page)).ShouldBeTrue("dark mode must survive a reload: it is stored for the user");

        await page.Locator("#user-menu").ClickAsync();
        await Assertions.Expect(page.Locator("#user-menu-email")).ToContainTextAsync(email);
        await page.Locator("#logout-button").ClickAsync();
        // Logged out only once the sign-out's redirect lands on the login page: an address in between (the logout post
        // itself) may still be before the cookie is gone, and going to "/" then would cut the sign-out off (seen in CI).
        await page.WaitForURLAsync(url => url.Contains("Account/Login", StringComparison.Ordinal));
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/Account/Login**");
        (await IsDarkAsync(page)).ShouldBeTrue("after logout the login page keeps the last chosen theme");
        await Shoot(page, "login-dark");
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LocksTheAccountEvenForTheRightPassword()
    {
        await using var browser = await ChromiumBrowser.LaunchAsync();
        await using var app = await AppHost.StartAsync(Cancel);
        var page = await browser.NewPageAsync(app.BaseAddress);
        const string email = "victim@example.com";
        await AccountFlows.RegisterAndConfirmAsync(page, email);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await page.GotoAsync("Account/Login");
            await AccountFlows.SubmitLoginAsync(page, email, $"Wrong-{attempt}!");
            await Assertions.Expect(page.GetByText("Invalid login attempt")).ToBeVisibleAsync();
        }
        await page.GotoAsync("Account/Login");
        await AccountFlows.SubmitLoginAsync(page, email, "Wrong-5!");
        await page.WaitForURLAsync("**/Account/Lockout");

        await page.GotoAsync("Account/Login");
        await AccountFlows.SubmitLoginAsync(page, email, AccountFlows.Password);

        await page.WaitForURLAsync("**/Account/Lockout");
        await Assertions.Expect(page.Locator("#lockout-message")).ToContainTextAsync("locked out");
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/Account/Login**");
    }

    private static async Task<bool> IsDarkAsync(IPage page)
    {
        // Judge what a person sees: the luminance of the page background MudBlazor paints.
        var rgb = await page.EvaluateAsync<double[]>(
            "() => (getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g) ?? []).map(Number)");
        rgb.Length.ShouldBeGreaterThanOrEqualTo(3, "the body has no background colour");
        if (rgb.Length == 4 && rgb[3] == 0)
            return false; // transparent: the browser's white shows through
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] < 100;
    }


    private static Task Shoot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumBrowser.ScreenshotFolder, name + ".png"), FullPage = true });
}
