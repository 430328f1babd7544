using System.Net;
using TradeBot.Tests.Infrastructure;

namespace TradeBot.Tests.Accounts;

/// <summary>
/// The Set-Cookie attributes of the real app: in Production every server cookie is <c>__Host-</c>, Secure, HttpOnly
/// and SameSite (Strict for antiforgery, Lax for sign-in); in Development (http on loopback) the same without Secure.
/// </summary>
public sealed class CookieSecurityTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Email = "ops@example.com";
    private const string Password = "Cookie-Passw0rd!";

    [Fact]
    public async Task Production_AlwaysSecure_FormOverPlainHttpRefused()
    {
        await using var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });
        using var client = app.CreateClient();

        var form = await client.GetAsync("Account/Login", Cancel);

        form.StatusCode.ShouldBe(HttpStatusCode.InternalServerError, "antiforgery refuses to hand out a Secure cookie over http");
        app.Output.ShouldContain(line => line.Contains("AntiforgeryOptions.Cookie.SecurePolicy = Always", StringComparison.Ordinal));
    }

    // A request the app takes for https (a proxy said so in X-Forwarded-Proto) stands in for TLS.
    [Theory]
    [InlineData("Production", "https")]
    [InlineData("Development", "http")]
    public async Task SignIn_CookiesAreHttpOnlySameSite_SecureAndHostPrefixedOutsideDevelopment(string environment, string scheme)
    {
        await using var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment, ["Admin:Email"] = Email, ["Admin:Password"] = Password,
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
        });
        var production = environment == "Production";
        var prefix = production ? "__Host-" : "";
        using var client = HttpSignIn.Client(app.BaseAddress);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", scheme);

        var cookies = await HttpSignIn.SignInAsync(client, Email, Password, prefix + "tradebot.antiforgery", prefix + "tradebot.auth", Cancel);

        AssertAttributes(cookies.Antiforgery, production, "strict");
        AssertAttributes(cookies.AuthCookie, production, "lax");
        (await HttpSignIn.GetAsync(client, "bots", cookies.AuthCookie, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK, "the cookie signs in");
    }

    private static void AssertAttributes(string cookie, bool production, string sameSite)
    {
        var attributes = cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
        attributes.ShouldContain("httponly", cookie);
        attributes.ShouldContain($"samesite={sameSite}", cookie);
        attributes.ShouldContain("path=/", cookie);
        attributes.ShouldNotContain(a => a.StartsWith("domain=", StringComparison.Ordinal), cookie);
        if (production)
            attributes.ShouldContain("secure", cookie);
        else
            attributes.ShouldNotContain("secure", cookie);
    }
}
