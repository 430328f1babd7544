using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace TradeBot.Web.Accounts;

/// <summary>The account endpoints that are plain HTTP rather than pages: log out, theme switch, personal data download.</summary>
internal static class AccountEndpoints
{
    public static IEndpointConventionBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var accountGroup = endpoints.MapGroup("/Account");

        accountGroup.MapPost("/Logout", async (
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect($"~/{returnUrl}");
        });

        // The theme switch of static pages (account pages have no circuit); interactive pages switch in place.
        accountGroup.MapPost("/Theme", async (
            HttpContext context,
            [FromServices] UserPreferencesService preferences,
            [FromForm] bool dark,
            [FromForm] string? returnUrl) =>
        {
            ThemeCookie.Write(context.Response, dark);
            if (context.User.Identity?.IsAuthenticated == true)
                await preferences.SetPrefersDarkModeAsync(context.User, dark, context.RequestAborted);
            return TypedResults.LocalRedirect($"~/{returnUrl}");
        });

        var manageGroup = accountGroup.MapGroup("/Manage").RequireAuthorization();
        var downloadLogger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("DownloadPersonalData");

        manageGroup.MapPost("/DownloadPersonalData", async (
            HttpContext context,
            [FromServices] UserManager<ApplicationUser> userManager) =>
        {
            var user = await userManager.GetUserAsync(context.User);
            if (user is null)
                return Results.NotFound($"Unable to load user with ID '{userManager.GetUserId(context.User)}'.");

            var userId = await userManager.GetUserIdAsync(user);
            downloadLogger.LogInformation("User with ID {UserId} asked for their personal data.", userId);

            var personalData = typeof(ApplicationUser).GetProperties()
                .Where(property => Attribute.IsDefined(property, typeof(PersonalDataAttribute)))
                .ToDictionary(property => property.Name, property => property.GetValue(user)?.ToString() ?? "null");
            personalData.Add("PrefersDarkMode", user.PrefersDarkMode.ToString());
            foreach (var login in await userManager.GetLoginsAsync(user))
                personalData.Add($"{login.LoginProvider} external login provider key", login.ProviderKey);
            // Not the authenticator key: a download from a session left open would hand over the second factor for good.
            personalData.Add("Two-factor sign-in", user.TwoFactorEnabled ? "on" : "off");

            var fileBytes = JsonSerializer.SerializeToUtf8Bytes(personalData);
            return TypedResults.File(fileBytes, contentType: "application/json", fileDownloadName: "PersonalData.json");
        });

        return accountGroup;
    }
}
