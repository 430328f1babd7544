using Microsoft.Playwright;
using TradeBot.Tests.Infrastructure;

namespace TradeBot.Tests.Browser;

/// <summary>Sessions in real Chromium against the real app: a password change ends every other session, not the changer's.</summary>
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
}
