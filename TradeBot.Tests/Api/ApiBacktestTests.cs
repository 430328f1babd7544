using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TradeBot.Tests.Api;

/// <summary>
/// /api/v1/backtests on the real app and the simulated market: a backtest or sweep is a job (202 with its id), its
/// status shows progress until Completed, then its result is the report; bad requests are 400 with the validator's
/// field errors; a finished job cannot be cancelled; a result does not exist before the job completes.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApiBacktestTests(ApiAppFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ApiApp Api => fixture.App;

    /// <summary>Five days of 1h BTCUSDT spot candles ending a week ago, ema-rsi with fast periods so it trades.</summary>
    public static object ShortBacktest(string? from = null) => new
    {
        bot = new
        {
            symbol = "BTCUSDT", marketType = "Spot", interval = "1h", strategy = "ema-rsi",
            strategyParameters = new Dictionary<string, double> { ["emaFast"] = 3, ["emaSlow"] = 8 }, initialCapital = 1000, positionSizePerc = 100,
        },
        from = from ?? Day(-12), to = Day(-7),
    };

    [Fact]
    public async Task Backtest_Create202_StatusWithProgress_ThenResult_ListedAndNotCancellable()
    {
        var (_, client) = await Api.TraderAsync($"bt-{Guid.NewGuid():N}");
        using var owned = client;

        using var created = await client.PostAsJsonAsync("api/v1/backtests", ShortBacktest(), ApiApp.Json, Cancel);
        created.StatusCode.ShouldBe(HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync(Cancel));
        var job = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var id = job.GetProperty("id").GetInt64();
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/backtests/{id}");
        job.GetProperty("resultUrl").GetString().ShouldBe($"/api/v1/backtests/{id}/result");

        var status = await WaitForStatusAsync(client, id, "Completed");
        status.GetProperty("summary").GetProperty("progress").GetDouble().ShouldBe(1);
        status.GetProperty("summary").GetProperty("symbol").GetString().ShouldBe("BTCUSDT");
        status.GetProperty("total").GetInt64().ShouldBeGreaterThan(100, "five days of hourly candles");

        var result = await client.GetFromJsonAsync<JsonElement>($"api/v1/backtests/{id}/result", Cancel);
        result.GetProperty("metrics").GetProperty("initialCapital").GetDouble().ShouldBe(1000);
        result.GetProperty("equity").GetArrayLength().ShouldBeGreaterThan(0);
        (await client.GetFromJsonAsync<JsonElement>("api/v1/backtests", Cancel)).EnumerateArray()
            .Select(r => r.GetProperty("id").GetInt64()).ShouldBe([id]);
        using var cancel = await client.PostAsync($"api/v1/backtests/{id}/cancel", null, Cancel);
        cancel.StatusCode.ShouldBe(HttpStatusCode.Conflict, "a completed job cannot be cancelled");
    }

    [Fact]
    public async Task Sweep_Create202_CompletesWithARankedTable()
    {
        var (_, client) = await Api.TraderAsync($"sweep-{Guid.NewGuid():N}");
        using var owned = client;
        var sweep = new { backtest = ShortBacktest(), axes = new[] { new { name = "emaFast", from = 2, to = 4, step = 1 } }, rank = "Return" };

        using var created = await client.PostAsJsonAsync("api/v1/backtests/sweeps", sweep, ApiApp.Json, Cancel);
        created.StatusCode.ShouldBe(HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync(Cancel));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetInt64();

        (await WaitForStatusAsync(client, id, "Completed")).GetProperty("summary").GetProperty("kind").GetString().ShouldBe("Sweep");
        var result = await client.GetAsync($"api/v1/backtests/{id}/result", Cancel);
        result.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await result.Content.ReadAsStringAsync(Cancel)).ShouldContain("emaFast");
    }

    [Fact]
    public async Task BadRequests_Are400WithFieldErrors_AndNothingIsQueued()
    {
        var (_, client) = await Api.TraderAsync($"btbad-{Guid.NewGuid():N}");
        using var owned = client;

        using var backwards = await client.PostAsJsonAsync("api/v1/backtests", new { bot = new { symbol = "BTCUSDT", interval = "9h" }, from = Day(-3), to = Day(3) }, ApiApp.Json, Cancel);
        backwards.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await backwards.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        errors.TryGetProperty("to", out _).ShouldBeTrue("the range may not end in the future");
        errors.TryGetProperty("interval", out _).ShouldBeTrue();

        using var noAxes = await client.PostAsJsonAsync("api/v1/backtests/sweeps", new { backtest = ShortBacktest(), axes = Array.Empty<object>() }, ApiApp.Json, Cancel);
        noAxes.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noAxes.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").TryGetProperty("axes", out _).ShouldBeTrue();
        (await client.GetFromJsonAsync<JsonElement>("api/v1/backtests", Cancel)).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Result_BeforeCompletion_Is409_AndCancelStopsAQueuedOrRunningJob()
    {
        var (_, client) = await Api.TraderAsync($"btcancel-{Guid.NewGuid():N}");
        using var owned = client;
        // Two months of 1m candles: long enough to still be loading when the calls below arrive.
        using var created = await client.PostAsJsonAsync("api/v1/backtests", new
        {
            bot = new { symbol = "ETHUSDT", marketType = "Spot", interval = "1m", strategy = "ema-rsi", initialCapital = 1000, positionSizePerc = 100 },
            from = Day(-100), to = Day(-40),
        }, ApiApp.Json, Cancel);
        created.StatusCode.ShouldBe(HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync(Cancel));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetInt64();

        using (var early = await client.GetAsync($"api/v1/backtests/{id}/result", Cancel))
            early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.PostAsync($"api/v1/backtests/{id}/cancel", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await WaitForStatusAsync(client, id, "Cancelled");
    }

    private static string Day(int offset) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<JsonElement> WaitForStatusAsync(HttpClient client, long id, string wanted)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var run = await client.GetFromJsonAsync<JsonElement>($"api/v1/backtests/{id}", Cancel);
            var status = run.GetProperty("summary").GetProperty("status").GetString();
            if (status == wanted)
                return run;
            status.ShouldNotBeOneOf(["Failed", "Cancelled", "Completed"], $"waiting for {wanted}: {run}");
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(120), $"still {status}");
            await Task.Delay(250, Cancel);
        }
    }
}
