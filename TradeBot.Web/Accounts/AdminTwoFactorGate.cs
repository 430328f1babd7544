using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace TradeBot.Web.Accounts;

/// <summary>
/// With <see cref="SecurityOptions.RequireTwoFactorForAdmins"/>, an admin without two-factor sign-in is sent to the
/// authenticator setup from every page load (the admin pages, the trader pages, CSV downloads) until they enable it.
/// The account pages (setup, recovery codes, log out) and the app's static files stay reachable. Interactive pages
/// need a page load to start, so no live connection begins without passing here.
/// </summary>
public static class AdminTwoFactorGate
{
    public const string SetupPath = "/Account/Manage/EnableAuthenticator";

    private static readonly string[] OpenPrefixes = ["/Account", "/_blazor", "/_framework", "/_content", "/health", "/lib/", "/js/", "/not-found", "/Error"];

    public static async Task RequireTwoFactorAsync(HttpContext http, RequestDelegate next)
    {
        if (IsGated(http.Request) && (await http.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Principal is { } principal
            && principal.IsInRole(Roles.Admin))
        {
            var users = http.RequestServices.GetRequiredService<UserManager<ApplicationUser>>();
            if (await users.GetUserAsync(principal) is { } admin && !await users.GetTwoFactorEnabledAsync(admin))
            {
                http.Response.Redirect(SetupPath);
                return;
            }
        }
        await next(http);
    }

    // Page loads of the app; files at the root (app.css, favicon.png) and the open prefixes pass.
    private static bool IsGated(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
            return false;
        if (OpenPrefixes.Any(prefix => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            return false;
        return !(path.LastIndexOf('/') == 0 && path.Contains('.', StringComparison.Ordinal));
    }
}
