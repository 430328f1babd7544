namespace TradeBot.Web.Accounts;

/// <summary>
/// The theme choice of a browser, so the login page and other anonymous pages open in the theme the
/// person last chose. Signed-in users' choice lives in <see cref="ApplicationUser.PrefersDarkMode"/>.
/// wwwroot/js/theme.js writes the same cookie from interactive pages (so it cannot be HttpOnly); Secure over https.
/// </summary>
public static class ThemeCookie
{
    public const string Name = "tradebot-theme";

    public static bool? Read(HttpRequest request) => request.Cookies[Name] switch
    {
        "dark" => true,
        "light" => false,
        _ => null,
    };

    public static void Write(HttpResponse response, bool dark) =>
        response.Cookies.Append(Name, dark ? "dark" : "light", new CookieOptions
        {
            Path = "/",
            MaxAge = TimeSpan.FromDays(365),
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            Secure = response.HttpContext.Request.IsHttps,
        });
}
