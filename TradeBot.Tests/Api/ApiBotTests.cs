using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TradeBot.Tests.Api;

/// <summary>
/// /api/v1/bots on the real app: settings round-trip through create, get, list, update and delete; the runner's
/// transitions; state, trades and the event log; and the shared validator's field errors as 400 problem details.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApiBotTests(ApiAppFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ApiApp Api => fixture.App;

    [Fact]
    public async Task Bot_CreateGetListUpdateDelete_RoundTrips()
    {
        var (user, client) = await Api.TraderAsync($"crud-{Guid.NewGuid():N}");
        using var owned = client;

        using var created = await client.PostAsJsonAsync("api/v1/bots", ApiApp.PaperBot("Trend"), ApiApp.Json, Cancel);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var bot = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var id = bot.GetProperty("id").GetInt64();
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/bots/{id}");
        bot.GetProperty("ownerId").GetString().ShouldBe(user.UserId);
        bot.GetProperty("settings").GetProperty("symbol").GetString().ShouldBe("BTCUSDT");
        bot.GetProperty("state").GetProperty("status").GetString().ShouldBe("Stopped");

        var read = await client.GetFromJsonAsync<JsonElement>($"api/v1/bots/{id}", Cancel);
        read.GetProperty("settings").GetProperty("name").GetString().ShouldBe("Trend");
        var list = await client.GetFromJsonAsync<JsonElement>("api/v1/bots", Cancel);
        list.EnumerateArray().Select(b => b.GetProperty("id").GetInt64()).ShouldBe([id]);

        var settings = read.GetProperty("settings").Deserialize<Dictionary<string, JsonElement>>()!;
        settings["name"] = JsonSerializer.SerializeToElement("Trend v2");
        settings["positionSizePerc"] = JsonSerializer.SerializeToElement(25);
        using var updated = await client.PutAsJsonAsync($"api/v1/bots/{id}", settings, Cancel);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync(Cancel));
        var after = await updated.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        after.GetProperty("settings").GetProperty("name").GetString().ShouldBe("Trend v2");
        after.GetProperty("settings").GetProperty("positionSizePerc").GetDouble().ShouldBe(25);

        using var stale = await client.PutAsJsonAsync($"api/v1/bots/{id}", settings, Cancel);
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict, "the version sent is the one before the update");

        (await client.DeleteAsync($"api/v1/bots/{id}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetAsync($"api/v1/bots/{id}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bot_CreateAndUpdate_InvalidSettings_Are400WithTheValidatorsFieldErrors()
    {
        var (_, client) = await Api.TraderAsync($"invalid-{Guid.NewGuid():N}");
        using var owned = client;
        var bad = new { name = "", exchangeMode = "Paper", marketType = "Spot", symbol = "NOPEUSDT", interval = "7m", strategy = "ema-rsi", initialCapital = -5 };

        using var response = await client.PostAsJsonAsync("api/v1/bots", bad, ApiApp.Json, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldContain("name");
        errors.EnumerateObject().Select(e => e.Name).ShouldContain("interval");
        errors.GetProperty("name")[0].GetString().ShouldNotBeNullOrWhiteSpace();
        (await client.GetFromJsonAsync<JsonElement>("api/v1/bots", Cancel)).GetArrayLength().ShouldBe(0, "nothing is stored on error");

        var id = await ApiApp.CreateBotAsync(client, Cancel);
        using var update = await client.PutAsJsonAsync($"api/v1/bots/{id}", bad, ApiApp.Json, Cancel);
        update.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await update.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").TryGetProperty("name", out _).ShouldBeTrue();

        using var malformed = await client.PostAsync("api/v1/bots", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), Cancel);
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Runner_StartPauseResumeStop_ChangesStatus_AndRefusesWhatTheStatusForbids()
    {
        var (_, client) = await Api.TraderAsync($"runner-{Guid.NewGuid():N}");
        using var owned = client;
        var id = await ApiApp.CreateBotAsync(client, Cancel);

        (await StatusAfterAsync(client, $"api/v1/bots/{id}/start")).ShouldNotBe("Stopped");
        (await StatusAfterAsync(client, $"api/v1/bots/{id}/pause")).ShouldBe("Paused");
        (await StatusAfterAsync(client, $"api/v1/bots/{id}/resume")).ShouldNotBe("Paused");
        using (var again = await client.PostAsync($"api/v1/bots/{id}/start", null, Cancel))
        {
            again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await again.Content.ReadAsStringAsync(Cancel)).ShouldContain("already running");
        }
        using (var running = await client.DeleteAsync($"api/v1/bots/{id}", Cancel))
            running.StatusCode.ShouldBe(HttpStatusCode.Conflict, "a running bot is not deleted");
        using (var flat = await client.PostAsync($"api/v1/bots/{id}/close-position", null, Cancel))
            flat.StatusCode.ShouldBe(HttpStatusCode.Conflict, "no position to close");
        (await StatusAfterAsync(client, $"api/v1/bots/{id}/stop")).ShouldBe("Stopped");

        var state = await client.GetFromJsonAsync<JsonElement>($"api/v1/bots/{id}/state", Cancel);
        state.GetProperty("status").GetString().ShouldBe("Stopped");
        state.GetProperty("positionSide").GetString().ShouldBe("None");
        var log = await client.GetFromJsonAsync<JsonElement>($"api/v1/bots/{id}/event-log?count=50", Cancel);
        log.EnumerateArray().Select(e => e.GetProperty("kind").GetString()).Where(kind => kind is not ("Tick" or "Error")).ShouldBe(["Stopped", "Resumed", "Paused", "Started", "Created"], ignoreOrder: false);
        using (var resume = await client.PostAsync($"api/v1/bots/{id}/resume", null, Cancel))
            resume.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task TradesAndEventLog_PageAndFilter_AndRefuseBadPaging()
    {
        var (_, client) = await Api.TraderAsync($"history-{Guid.NewGuid():N}");
        using var owned = client;
        var id = await ApiApp.CreateBotAsync(client, Cancel);

        var trades = await client.GetFromJsonAsync<JsonElement>($"api/v1/bots/{id}/trades?page=0&pageSize=10&from=2026-01-01T00:00:00Z", Cancel);
        trades.GetProperty("total").GetInt32().ShouldBe(0);
        trades.GetProperty("pageSize").GetInt32().ShouldBe(10);
        trades.GetProperty("items").GetArrayLength().ShouldBe(0);

        foreach (var query in (string[])["pageSize=0", "page=-1", "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"])
        {
            using var bad = await client.GetAsync($"api/v1/bots/{id}/trades?{query}", Cancel);
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            (await bad.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").EnumerateObject().ShouldNotBeEmpty();
        }
        using (var badCount = await client.GetAsync($"api/v1/bots/{id}/event-log?count=0", Cancel))
        {
            badCount.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await badCount.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").TryGetProperty("count", out _).ShouldBeTrue();
        }
        var log = await client.GetFromJsonAsync<JsonElement>($"api/v1/bots/{id}/event-log", Cancel);
        log.EnumerateArray().ShouldContain(e => e.GetProperty("kind").GetString() == "Created");
    }

    // The bot's first check may save its state between two calls: the service then answers "changed elsewhere" (409),
    // and a script asks again, as this does.
    private static async Task<string> StatusAfterAsync(HttpClient client, string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await client.PostAsync(path, null, Cancel);
            var body = await response.Content.ReadAsStringAsync(Cancel);
            if (response.StatusCode == HttpStatusCode.Conflict && body.Contains("changed elsewhere", StringComparison.Ordinal) && attempt < 3)
                continue;
            response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
            return JsonDocument.Parse(body).RootElement.GetProperty("state").GetProperty("status").GetString()!;
        }
    }
}
