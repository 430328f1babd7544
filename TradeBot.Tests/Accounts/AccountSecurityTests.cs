using System.Net;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;

namespace TradeBot.Tests.Accounts;

/// <summary>The real app's sign-in rate limit (per client address and form) and the security headers on every response.</summary>
public sealed class AccountSecurityTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AccountForms_MorePostsThanTheLimit_Get429WithRetryAfter_OtherFormsAndPagesStillServe()
    {
        await using var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string> { ["Security:SignInAttemptsPerMinute"] = "3" });
        using var client = app.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "x@example.com", ["Input.Password"] = "nope" });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await client.PostAsync("Account/Login", form, Cancel)).StatusCode);

        statuses.Take(3).ShouldAllBe(s => s != HttpStatusCode.TooManyRequests, "the first 3 posts reach the form (refused there for their missing antiforgery token)");
        statuses[3].ShouldBe(HttpStatusCode.TooManyRequests);
        var refused = await client.PostAsync("Account/Login", form, Cancel);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
        (await refused.Content.ReadAsStringAsync(Cancel)).ShouldContain("Too many attempts");
        foreach (var spelling in new[] { "Account/Login/", "account/LOGIN", "Account/Login//" }) // routing serves these too
            (await client.PostAsync(spelling, form, Cancel)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, spelling);
        (await client.PostAsync("Account/Register", form, Cancel)).StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests, "each form has its own count");
        (await client.GetAsync("Account/Login", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK, "reading the page is not limited");
        app.Output.ShouldContain(line => line.Contains("Too many account form posts to /Account/Login", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void ClientOf_IPv4ByAddress_IPv6ByItsSlash64(string address, string client) =>
        AccountSecurity.ClientOf(IPAddress.Parse(address)).ShouldBe(client);

    [Theory]
    [InlineData("Account/Login")]
    [InlineData("")]
    [InlineData("health")]
    public async Task Responses_CarryTheSecurityHeaders(string path)
    {
        await using var app = await AppHost.StartAsync(Cancel);
        using var client = app.CreateClient();

        var response = await client.GetAsync(path, Cancel);

        Header(response, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(response, "X-Frame-Options").ShouldBe("DENY");
        Header(response, "Referrer-Policy").ShouldBe("strict-origin-when-cross-origin");
        Header(response, "Content-Security-Policy").ShouldContain("frame-ancestors 'none'");
    }

    // HttpClient files a header under the response or its content by name; either way it was sent once.
    private static string Header(HttpResponseMessage response, string name)
    {
        var values = response.Headers.TryGetValues(name, out var found) ? found.ToList() : [];
        if (response.Content.Headers.TryGetValues(name, out var content))
            values.AddRange(content);
        return values.ShouldHaveSingleItem($"{name} on {(int)response.StatusCode} {response.RequestMessage?.RequestUri}: " +
            string.Join("; ", response.Headers.Concat(response.Content.Headers).Select(h => h.Key)));
    }
}
