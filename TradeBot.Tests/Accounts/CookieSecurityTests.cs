using System.Net;
using System.Text.RegularExpressions;
using TradeBot.Tests.Infrastructure;

namespace TradeBot.Tests.Accounts;

/// <summary>
/// The Set-Cookie attributes of the real app: in Production every server cookie is <c>__Host-</c>, Secure, HttpOnly
/// and SameSite (Strict for antiforgery, Lax for sign-in); in Development (http on loopback) the same without Secure.
/// </summary>
public sealed partial class CookieSecurityTests
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
        // Cookies by hand: an HttpClient keeps no Secure cookie over http, and the server must still get them back.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", scheme);

        var form = await client.GetAsync("Account/Login", Cancel);
        var antiforgery = SetCookie(form, prefix + "tradebot.antiforgery");
        AssertAttributes(antiforgery, production, "strict");
        var fields = HiddenInputs(LoginForm().Match(await form.Content.ReadAsStringAsync(Cancel)).Value);
        fields["Input.Email"] = Email;
        fields["Input.Password"] = Password;
        using var post = new HttpRequestMessage(HttpMethod.Post, "Account/Login") { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);

        var signedIn = await client.SendAsync(post, Cancel);

        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync(Cancel));
        var auth = SetCookie(signedIn, prefix + "tradebot.auth");
        AssertAttributes(auth, production, "lax");
        using var home = new HttpRequestMessage(HttpMethod.Get, "bots");
        home.Headers.Add("Cookie", auth.Split(';')[0]);
        (await client.SendAsync(home, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK, "the cookie signs in");
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

    private static string SetCookie(HttpResponseMessage response, string name)
    {
        var all = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        return all.SingleOrDefault(c => c.StartsWith(name + "=", StringComparison.Ordinal))
               ?? throw new ShouldAssertException($"no {name} cookie among: {string.Join(" | ", all.Select(c => c.Split('=')[0]))}");
    }

    private static Dictionary<string, string> HiddenInputs(string html) =>
        HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));

    [GeneratedRegex("""<form[^>]*>(?:(?!</form>).)*name="Input.Email".*?</form>""", RegexOptions.Singleline)]
    private static partial Regex LoginForm();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)"\s*/?>""")]
    private static partial Regex HiddenInput();
}
