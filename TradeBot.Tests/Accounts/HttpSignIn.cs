using System.Net;
using System.Text.RegularExpressions;

namespace TradeBot.Tests.Accounts;

/// <summary>
/// Signs in to the real app with plain HTTP, the way a browser posts the login form (its hidden fields and antiforgery
/// cookie). Cookies are carried by hand: an HttpClient keeps no Secure cookie over http, and the server must still get them.
/// </summary>
internal static partial class HttpSignIn
{
    /// <summary>A client that neither follows redirects nor keeps cookies.</summary>
    public static HttpClient Client(Uri baseAddress) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress };

    /// <summary>The login page's response and the login post's; <see cref="Result.AuthCookie"/> is what to send back.</summary>
    public static async Task<Result> SignInAsync(HttpClient client, string email, string password, string antiforgeryCookie, string authCookie, CancellationToken cancellationToken)
    {
        var form = await client.GetAsync("Account/Login", cancellationToken);
        var antiforgery = SetCookie(form, antiforgeryCookie);
        var fields = HiddenInput().Matches(LoginForm().Match(await form.Content.ReadAsStringAsync(cancellationToken)).Value)
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        using var post = new HttpRequestMessage(HttpMethod.Post, "Account/Login") { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        var signedIn = await client.SendAsync(post, cancellationToken);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync(cancellationToken));
        return new Result(antiforgery, SetCookie(signedIn, authCookie));
    }

    /// <summary>GET <paramref name="path"/> with <paramref name="cookie"/> (a Set-Cookie value; only its name=value is sent).</summary>
    public static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string cookie, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        return await client.SendAsync(request, cancellationToken);
    }

    public static string SetCookie(HttpResponseMessage response, string name)
    {
        var all = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        return all.SingleOrDefault(c => c.StartsWith(name + "=", StringComparison.Ordinal))
               ?? throw new ShouldAssertException($"no {name} cookie among: {string.Join(" | ", all.Select(c => c.Split('=')[0]))}");
    }

    /// <param name="Antiforgery">The antiforgery cookie's Set-Cookie header.</param>
    /// <param name="AuthCookie">The sign-in cookie's Set-Cookie header.</param>
    public sealed record Result(string Antiforgery, string AuthCookie);

    [GeneratedRegex("""<form[^>]*>(?:(?!</form>).)*name="Input.Email".*?</form>""", RegexOptions.Singleline)]
    private static partial Regex LoginForm();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)"\s*/?>""")]
    private static partial Regex HiddenInput();
}
