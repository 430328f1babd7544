using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using TradeBot.Web.Api;

namespace TradeBot.Tests.Api;

/// <summary>
/// Who may call /api/v1 on the real app: only a valid personal access token; no token, a made-up, revoked or another
/// scheme's credential, or a locked-out user get 401 problem details; a read token gets 403 on every write; another
/// user's bot or backtest is 404 on every route about it, and its data never shows.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApiAuthTests(ApiAppFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ApiApp Api => fixture.App;

    [Theory]
    [MemberData(nameof(ApiRoutes.AllData), MemberType = typeof(ApiRoutes))]
    public async Task EveryRoute_WithoutToken_Is401ProblemWithBearerChallenge(string method, string path)
    {
        using var client = Api.Client();

        using var response = await client.SendAsync(ApiRoutes.Request(method, path), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ShouldContain(h => h.Scheme == "Bearer");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("status").GetInt32().ShouldBe(401);
    }

    [Theory]
    [InlineData("Bearer tb_madeUpTokenThatWasNeverIssued0000000000000")]
    [InlineData("Bearer not-even-our-format")]
    [InlineData("Basic YWxpY2U6c2VjcmV0")]
    public async Task BadCredentials_Are401(string authorization)
    {
        using var client = Api.Client();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        using var response = await client.GetAsync("api/v1/bots", Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RevokedToken_Is401AtOnce_AndTheTokenIsNeverLogged()
    {
        var alice = await Api.CreateUserAsync("revoker");
        var token = await Api.CreateTokenAsync(alice);
        using var client = Api.Client(token);
        (await client.GetAsync("api/v1/bots", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var id = (await Api.Tokens.ListAsync(alice, Cancel)).ShouldHaveSingleItem().Id;

        (await Api.Tokens.RevokeAsync(alice, id, Cancel)).ShouldBeTrue();

        (await client.GetAsync("api/v1/bots", Cancel)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var secret = token[3..];
        Api.App.Output.ShouldNotContain(line => line.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LockedOutUser_Is401()
    {
        var (user, client) = await Api.TraderAsync("locked");
        (await client.GetAsync("api/v1/bots", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Api.LockOutAsync(user);

        (await client.GetAsync("api/v1/bots", Cancel)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        client.Dispose();
    }

    [Fact]
    public async Task EventStream_UserLockedWhileStreaming_EndsWithAnEndedEvent()
    {
        await using var api = await ApiApp.StartAsync(Cancel, new Dictionary<string, string> { ["Api:EventStreamRecheckInterval"] = "00:00:01" });
        var (user, client) = await api.TraderAsync("streamer");
        var botId = await ApiApp.CreateBotAsync(client, Cancel);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/bots/{botId}/events");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await using var events = SseParser.Create(await response.Content.ReadAsStreamAsync(Cancel)).EnumerateAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        (await events.MoveNextAsync()).ShouldBeTrue();
        events.Current.EventType.ShouldBe("connected");

        await api.LockOutAsync(user);

        var types = new List<string>();
        while (await events.MoveNextAsync())
            types.Add(events.Current.EventType);
        types.ShouldBe(["ended"], "the stream checks its access again and ends, instead of following the bot for as long as the client likes");
        timeout.IsCancellationRequested.ShouldBeFalse();
        client.Dispose();
    }

    [Fact]
    public async Task WrongPasswordsLockTheSignIn_TheTokenStillWorks()
    {
        var (user, client) = await Api.TraderAsync("mistyped");

        await Api.FailSignInsUntilLockedOutAsync(user);

        (await client.GetAsync("api/v1/bots", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK, "wrong passwords from anyone must not cut a trader's scripts off");
        client.Dispose();
    }

    [Theory]
    [MemberData(nameof(ApiRoutes.WriteData), MemberType = typeof(ApiRoutes))]
    public async Task ReadToken_OnEveryWrite_Is403Problem(string method, string path)
    {
        var reader = await Api.CreateUserAsync($"reader-{Guid.NewGuid():N}");
        using var client = Api.Client(await Api.CreateTokenAsync(reader, ApiScopes.Read));

        using var response = await client.SendAsync(ApiRoutes.Request(method, path), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("only read");
        (await client.GetAsync("api/v1/bots", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK, "the same token reads");
    }

    [Theory]
    [MemberData(nameof(ApiRoutes.BotData), MemberType = typeof(ApiRoutes))]
    public async Task AnotherUsersBot_IsNotFoundOnEveryRoute_WithoutItsData(string method, string path)
    {
        var (_, alice) = await Api.TraderAsync($"alice-{Guid.NewGuid():N}");
        var (_, bob) = await Api.TraderAsync($"bob-{Guid.NewGuid():N}");
        var botId = await ApiApp.CreateBotAsync(alice, Cancel, ApiApp.PaperBot("Alice secret bot"));
        var body = JsonSerializer.Serialize(ApiApp.PaperBot("Bob's take-over"), ApiApp.Json);

        using var response = await bob.SendAsync(ApiRoutes.Request(method, path, botId, body), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldNotContain("Alice secret bot");
        using var own = await alice.GetAsync($"api/v1/bots/{botId}", Cancel);
        (await own.Content.ReadAsStringAsync(Cancel)).ShouldContain("Alice secret bot", Case.Sensitive, "the bot is still alice's and unchanged");
        alice.Dispose();
        bob.Dispose();
    }

    [Theory]
    [InlineData("api/v1/no-such-thing", HttpStatusCode.NotFound)]
    [InlineData("api/v1/symbols?market=Options", HttpStatusCode.BadRequest)]
    [InlineData("api/v1/bots/not-a-number", HttpStatusCode.NotFound)]
    public async Task ErrorsWithoutABody_AreProblemDetails_NotTheAppsHtmlPages(string path, HttpStatusCode status)
    {
        var (_, client) = await Api.TraderAsync($"lost-{Guid.NewGuid():N}");
        using var owned = client;

        using var response = await client.GetAsync(path, Cancel);

        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldNotContain("<html", Case.Insensitive);
    }

    [Fact]
    public async Task AdminToken_ReadsAnotherUsersBot_AsTheAdminPagesDo_ButCannotChangeIt()
    {
        var (_, alice) = await Api.TraderAsync($"alice-{Guid.NewGuid():N}");
        var admin = await Api.CreateUserAsync($"admin-{Guid.NewGuid():N}", isAdmin: true);
        using var adminClient = Api.Client(await Api.CreateTokenAsync(admin));
        var botId = await ApiApp.CreateBotAsync(alice, Cancel, ApiApp.PaperBot("Watched bot"));

        (await adminClient.GetAsync($"api/v1/bots/{botId}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await adminClient.GetAsync($"api/v1/bots/{botId}/event-log", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await adminClient.GetFromJsonAsync<JsonElement>("api/v1/bots", Cancel)).GetArrayLength().ShouldBe(0, "their own bots by default");
        (await adminClient.GetFromJsonAsync<JsonElement>("api/v1/bots?allUsers=true", Cancel)).EnumerateArray()
            .ShouldContain(b => b.GetProperty("id").GetInt64() == botId);
        (await adminClient.PostAsync($"api/v1/bots/{botId}/start", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.NotFound, "admins change only their own bots");
        (await alice.GetFromJsonAsync<JsonElement>("api/v1/bots?allUsers=true", Cancel)).GetArrayLength().ShouldBe(1, "a trader's allUsers is their own");
        alice.Dispose();
    }

    [Theory]
    [MemberData(nameof(ApiRoutes.BacktestData), MemberType = typeof(ApiRoutes))]
    public async Task AnotherUsersBacktest_IsNotFoundOnEveryRoute(string method, string path)
    {
        var (_, alice) = await Api.TraderAsync($"alice-{Guid.NewGuid():N}");
        var (_, bob) = await Api.TraderAsync($"bob-{Guid.NewGuid():N}");
        using var created = await alice.PostAsJsonAsync("api/v1/backtests", ApiBacktestTests.ShortBacktest(), ApiApp.Json, Cancel);
        var runId = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetInt64();

        using var response = await bob.SendAsync(ApiRoutes.Request(method, path, runId), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await alice.GetAsync($"api/v1/backtests/{runId}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        alice.Dispose();
        bob.Dispose();
    }
}
