using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TradeBot.Tests.Api;

/// <summary>The per-token request limit (<c>Api:RequestsPerMinute</c>) on the real app, and its check at startup.</summary>
public sealed class ApiRateLimitTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MoreRequestsThanTheLimit_Get429ProblemWithRetryAfter_PerToken()
    {
        await using var api = await ApiApp.StartAsync(Cancel, new Dictionary<string, string> { ["Api:RequestsPerMinute"] = "3" });
        var alice = await api.CreateUserAsync("alice");
        using var first = api.Client(await api.CreateTokenAsync(alice, name: "first"));
        using var second = api.Client(await api.CreateTokenAsync(alice, name: "second"));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await first.GetAsync("api/v1/strategies", Cancel)).StatusCode);
        using var refused = await first.GetAsync("api/v1/bots", Cancel);

        statuses.ShouldAllBe(s => s == HttpStatusCode.OK);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("status").GetInt32().ShouldBe(429);
        (await second.GetAsync("api/v1/bots", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK, "each token has its own count");
        api.App.Output.ShouldContain(line => line.Contains("went over its request limit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALimitBelowOne_StopsTheAppAtStartup()
    {
        var failure = await Should.ThrowAsync<InvalidOperationException>(() =>
            ApiApp.StartAsync(Cancel, new Dictionary<string, string> { ["Api:RequestsPerMinute"] = "0" }));

        failure.Message.ShouldContain("RequestsPerMinute");
    }
}
