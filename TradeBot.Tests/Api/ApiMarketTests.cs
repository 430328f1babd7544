using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TradeBot.Tests.Api;

/// <summary>/api/v1/strategies, /symbols and /candles on the real app with the simulated market.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiMarketTests(ApiAppFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ApiApp Api => fixture.App;

    [Fact]
    public async Task Strategies_ListEveryRegisteredStrategy_WithTheirParameterSchemas()
    {
        var (_, client) = await Api.TraderAsync($"strat-{Guid.NewGuid():N}");
        using var owned = client;

        var strategies = await client.GetFromJsonAsync<JsonElement>("api/v1/strategies", Cancel);

        strategies.EnumerateArray().Select(s => s.GetProperty("name").GetString())
            .ShouldBe(TradeBot.Domain.Strategies.StrategyRegistry.All.Select(s => s.Name));
        var emaFast = strategies[0].GetProperty("parameters").EnumerateArray().First(p => p.GetProperty("name").GetString() == "emaFast");
        emaFast.GetProperty("default").GetDouble().ShouldBe(12);
        emaFast.GetProperty("min").GetDouble().ShouldBe(2);
        emaFast.GetProperty("isInteger").GetBoolean().ShouldBeTrue();
        strategies[0].GetProperty("orderRules")[0].GetProperty("lower").GetString().ShouldBe("emaFast");
    }

    [Fact]
    public async Task Symbols_AreTheMarketsWithRules()
    {
        var (_, client) = await Api.TraderAsync($"sym-{Guid.NewGuid():N}");
        using var owned = client;

        var futures = await client.GetFromJsonAsync<JsonElement>("api/v1/symbols?market=Futures", Cancel);

        var btc = futures.EnumerateArray().Single(s => s.GetProperty("symbol").GetString() == "BTCUSDT");
        btc.GetProperty("market").GetString().ShouldBe("Futures");
        btc.GetProperty("rules").GetProperty("stepSize").GetDecimal().ShouldBeGreaterThan(0);
        using var bad = await client.GetAsync("api/v1/symbols?market=Options", Cancel);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Candles_ReturnTheRange_AndRefuseBadIntervalsAndHugeRanges()
    {
        var (_, client) = await Api.TraderAsync($"candles-{Guid.NewGuid():N}");
        using var owned = client;
        var hour = 3_600_000L;
        var to = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / hour * hour - 24 * hour;
        var from = to - 9 * hour;

        var candles = await client.GetFromJsonAsync<JsonElement>($"api/v1/candles?symbol=btcusdt&interval=1h&from={from}&to={to}", Cancel);

        candles.EnumerateArray().Select(c => c.GetProperty("openTimeMs").GetInt64()).ShouldBe(Enumerable.Range(0, 10).Select(i => from + i * hour));
        candles[0].GetProperty("high").GetDouble().ShouldBeGreaterThanOrEqualTo(candles[0].GetProperty("low").GetDouble());

        using var badInterval = await client.GetAsync("api/v1/candles?symbol=BTCUSDT&interval=7m", Cancel);
        badInterval.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await badInterval.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        errors.GetProperty("interval")[0].GetString()!.ShouldContain("1m 3m 5m");
        using var huge = await client.GetAsync($"api/v1/candles?symbol=BTCUSDT&interval=1m&from=0&to={to}", Cancel);
        huge.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await huge.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").TryGetProperty("from", out _).ShouldBeTrue();
        using var noSymbol = await client.GetAsync("api/v1/candles?interval=1h", Cancel);
        (await noSymbol.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").TryGetProperty("symbol", out _).ShouldBeTrue();
    }
}
