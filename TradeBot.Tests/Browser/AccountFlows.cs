using Microsoft.Playwright;

namespace TradeBot.Tests.Browser;

/// <summary>What a person does on the account pages, in Playwright steps shared by the browser tests.</summary>
internal static class AccountFlows
{
    public const string Password = "Sturdy-Passw0rd!";

    public static ILocator Field(this IPage page, string id) => page.Locator($"[id='{id}']");

    /// <summary>Registers and clicks the confirmation link the page shows while no email sender is configured.</summary>
    public static async Task RegisterAndConfirmAsync(IPage page, string email)
    {
        await SubmitRegistrationAsync(page, email, Password);
        await page.Locator("#confirm-link").ClickAsync();
        await page.WaitForURLAsync("**/Account/ConfirmEmail**");
        await Assertions.Expect(page.Locator("#status-message")).ToContainTextAsync("Thank you for confirming your email");
    }

    /// <summary>Fills and sends the registration form; returns on the "check your email" page.</summary>
    public static async Task SubmitRegistrationAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("Account/Register");
        await page.Field("Input.Email").FillAsync(email);
        await page.Field("Input.Password").FillAsync(password);
        await page.Field("Input.ConfirmPassword").FillAsync(password);
        await page.Locator("#register-submit").ClickAsync();
        await page.WaitForURLAsync("**/Account/RegisterConfirmation**");
    }

    public static async Task SubmitLoginAsync(IPage page, string email, string password)
    {
        await page.Field("Input.Email").FillAsync(email);
        await page.Field("Input.Password").FillAsync(password);
        await page.Locator("#login-submit").ClickAsync();
    }
}
