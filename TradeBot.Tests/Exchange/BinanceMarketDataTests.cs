using TradeBot.Domain.Market;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Exchange;

public class BinanceMarketDataTests : IAsyncLifetime
{
    private FakeBinanceServer _server = null!;
    private BinanceTestHost _host = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeBinanceServer.StartAsync();
        _host = BinanceTestHost.Create(_server);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GetSymbols_Spot_ReadsPriceLotMarketLotAndNotionalFilters()
    {
        var symbols = (await _host.Factory.CreateMarketData().GetSymbolsAsync(MarketType.Spot, Token)).Value;

        var btc = symbols.Single(s => s.Symbol == "BTCUSDT");
        btc.ShouldBe(new ExchangeSymbol(MarketType.Spot, "BTCUSDT", "BTC", "USDT", true, new SymbolRules(0.01m, 0.00001m, 0.00001m, 112.5m, 5m), 1));
        var eth = symbols.Single(s => s.Symbol == "ETHBTC");
        eth.IsTrading.ShouldBeFalse();
        eth.Rules.MinNotional.ShouldBe(0.0001m);
    }

    [Fact]
    public async Task GetSymbols_FuturesWithKey_UsesMinNotionalNotionalAndBracketLeverage()
    {
        var symbols = (await _host.Trading().GetSymbolsAsync(MarketType.Futures, Token)).Value;

        var btc = symbols.Single(s => s.Symbol == "BTCUSDT");
        btc.Rules.ShouldBe(new SymbolRules(0.1m, 0.001m, 0.001m, 120m, 100m));
        btc.MaxLeverage.ShouldBe(125);
        symbols.Single(s => s.Symbol == "ETHUSDT").MaxLeverage.ShouldBe(75);
    }

    [Fact]
    public async Task GetSymbols_FuturesWithoutKey_Assumes125x()
    {
        var symbols = (await _host.Factory.CreateMarketData().GetSymbolsAsync(MarketType.Futures, Token)).Value;

        symbols.ShouldAllBe(s => s.MaxLeverage == 125);
        _server.CountOf("/fapi/v1/leverageBracket").ShouldBe(0);
    }

    [Theory]
    [InlineData(MarketType.Spot, 2500, 3)]
    [InlineData(MarketType.Futures, 3001, 3)]
    [InlineData(MarketType.Spot, 1000, 1)]
    public async Task GetCandles_RangeOverSeveralPages_StitchesEveryCandleOnce(MarketType market, int count, int expectedCalls)
    {
        var start = _server.KlineFirstOpenMs + 60_000 * 10;
        var end = start + (count - 1) * 60_000L;
        var path = market == MarketType.Spot ? "/api/v3/klines" : "/fapi/v1/klines";

        var candles = (await _host.Factory.CreateMarketData().GetCandlesAsync(market, "BTCUSDT", Interval.OneMinute, start, end, Token)).Value;

        candles.Count.ShouldBe(count);
        candles.Select(c => c.OpenTimeMs).ShouldBe(Enumerable.Range(0, count).Select(i => start + i * 60_000L));
        candles[^1].ShouldBe(FakeBinanceServer.KlineAt(end));
        _server.CountOf(path).ShouldBeLessThanOrEqualTo(expectedCalls + 1);
        _server.CountOf(path).ShouldBeGreaterThanOrEqualTo(expectedCalls);
    }

    [Fact]
    public async Task GetCandles_ExchangeHasGapAtPageSeam_KeepsTheGapAndNothingElseMissing()
    {
        var start = _server.KlineFirstOpenMs;
        var end = start + 2999 * 60_000L;
        var missing = new[] { start + 999 * 60_000L, start + 1000 * 60_000L, start + 1500 * 60_000L };
        foreach (var gap in missing)
        {
            _server.KlineGaps.Add(gap);
        }

        var candles = (await _host.Factory.CreateMarketData().GetCandlesAsync(MarketType.Spot, "BTCUSDT", Interval.OneMinute, start, end, Token)).Value;

        candles.Select(c => c.OpenTimeMs).ShouldBe(Enumerable.Range(0, 3000).Select(i => start + i * 60_000L).Except(missing));
    }

    [Fact]
    public async Task GetCandles_HourlyRangeEndingBeforeData_IsEmpty()
    {
        var candles = await _host.Factory.CreateMarketData().GetCandlesAsync(
            MarketType.Spot, "BTCUSDT", Interval.OneHour, 0, _server.KlineFirstOpenMs - 1, Token);

        candles.Value.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetLastPrice_Symbol_ReadsThePriceString()
    {
        _server.BtcPrice = 61_234.56m;

        (await _host.Factory.CreateMarketData().GetLastPriceAsync(MarketType.Futures, "BTCUSDT", Token)).Value.ShouldBe(61_234.56m);
    }

    [Fact]
    public async Task UsedWeightHeader_AfterCall_IsTracked()
    {
        var exchange = _host.Factory.CreateMarketData();
        await exchange.GetLastPriceAsync(MarketType.Spot, "BTCUSDT", Token);
        await exchange.GetLastPriceAsync(MarketType.Spot, "BTCUSDT", Token);

        exchange.UsageOf(MarketType.Spot).UsedWeight1M.ShouldBe(2);
        _host.Factory.UsageByHost().Values.Single()["X-MBX-USED-WEIGHT-1M"].ShouldBe(2);
    }

    [Fact]
    public async Task Read_Transient503_IsRetriedByTheResiliencePipeline()
    {
        _server.InjectFault("/api/v3/ticker/price", new FakeFault(FakeFaultKind.ServiceUnavailable));

        (await _host.Factory.CreateMarketData().GetLastPriceAsync(MarketType.Spot, "BTCUSDT", Token)).Value.ShouldBe(50_000m);
        _server.CountOf("/api/v3/ticker/price").ShouldBe(2);
    }

    [Fact]
    public async Task Read_503EveryTime_IsUnreachableAfterRetries()
    {
        _server.InjectFault("/api/v3/ticker/price", new FakeFault(FakeFaultKind.ServiceUnavailable), times: 3);

        (await _host.Factory.CreateMarketData().GetLastPriceAsync(MarketType.Spot, "BTCUSDT", Token)).Error!.Kind.ShouldBe(ExchangeErrorKind.Unreachable);
        _server.CountOf("/api/v3/ticker/price").ShouldBe(3);
    }
}
