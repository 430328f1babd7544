using TradeBot.Domain.Market;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Exchange;

public sealed class BinanceMarketDataTests : BinanceServerTests
{
    [Fact]
    public async Task GetSymbols_Spot_ReadsPriceLotMarketLotAndNotionalFilters()
    {
        var symbols = (await Host.Factory.CreateMarketData().GetSymbolsAsync(MarketType.Spot, Token)).Value;

        var btc = symbols.Single(s => s.Symbol == "BTCUSDT");
        btc.ShouldBe(new ExchangeSymbol(MarketType.Spot, "BTCUSDT", "BTC", "USDT", true, new SymbolRules(0.01m, 0.00001m, 0.00001m, 112.5m, 5m), 1));
        var eth = symbols.Single(s => s.Symbol == "ETHBTC");
        eth.IsTrading.ShouldBeFalse();
        eth.Rules.MinNotional.ShouldBe(0.0001m);
    }

    [Fact]
    public async Task GetSymbols_FuturesWithKey_UsesMinNotionalNotionalAndBracketLeverage()
    {
        var symbols = (await Host.Trading().GetSymbolsAsync(MarketType.Futures, Token)).Value;

        var btc = symbols.Single(s => s.Symbol == "BTCUSDT");
        btc.Rules.ShouldBe(new SymbolRules(0.1m, 0.001m, 0.001m, 120m, 100m));
        btc.MaxLeverage.ShouldBe(125);
        symbols.Single(s => s.Symbol == "ETHUSDT").MaxLeverage.ShouldBe(75);
    }

    [Fact]
    public async Task GetSymbols_FuturesWithoutKey_Assumes125x()
    {
        var symbols = (await Host.Factory.CreateMarketData().GetSymbolsAsync(MarketType.Futures, Token)).Value;

        symbols.ShouldAllBe(s => s.MaxLeverage == 125);
        Server.CountOf("/fapi/v1/leverageBracket").ShouldBe(0);
    }

    [Theory]
    [InlineData(MarketType.Spot, 2500, 3)]
    [InlineData(MarketType.Futures, 3001, 3)]
    [InlineData(MarketType.Spot, 1000, 1)]
    public async Task GetCandles_RangeOverSeveralPages_StitchesEveryCandleOnce(MarketType market, int count, int expectedCalls)
    {
        var start = Server.KlineFirstOpenMs + 60_000 * 10;
        var end = start + (count - 1) * 60_000L;
        var path = market == MarketType.Spot ? "/api/v3/klines" : "/fapi/v1/klines";

        var candles = (await Host.Factory.CreateMarketData().GetCandlesAsync(market, "BTCUSDT", Interval.OneMinute, start, end, Token)).Value;

        candles.Count.ShouldBe(count);
        candles.Select(c => c.OpenTimeMs).ShouldBe(Enumerable.Range(0, count).Select(i => start + i * 60_000L));
        candles[^1].ShouldBe(FakeBinanceServer.KlineAt(end));
        Server.CountOf(path).ShouldBeLessThanOrEqualTo(expectedCalls + 1);
        Server.CountOf(path).ShouldBeGreaterThanOrEqualTo(expectedCalls);
    }

    [Fact]
    public async Task GetCandles_ExchangeHasGapAtPageSeam_KeepsTheGapAndNothingElseMissing()
    {
        var start = Server.KlineFirstOpenMs;
        var end = start + 2999 * 60_000L;
        var missing = new[] { start + 999 * 60_000L, start + 1000 * 60_000L, start + 1500 * 60_000L };
        foreach (var gap in missing)
        {
            Server.KlineGaps.Add(gap);
        }

        var candles = (await Host.Factory.CreateMarketData().GetCandlesAsync(MarketType.Spot, "BTCUSDT", Interval.OneMinute, start, end, Token)).Value;

        candles.Select(c => c.OpenTimeMs).ShouldBe(Enumerable.Range(0, 3000).Select(i => start + i * 60_000L).Except(missing));
    }

    [Fact]
    public async Task GetCandles_HourlyRangeEndingBeforeData_IsEmpty()
    {
        var candles = await Host.Factory.CreateMarketData().GetCandlesAsync(
            MarketType.Spot, "BTCUSDT", Interval.OneHour, 0, Server.KlineFirstOpenMs - 1, Token);

        candles.Value.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetLastPrice_Symbol_ReadsThePriceString()
    {
        Server.BtcPrice = 61_234.56m;

        (await Host.Factory.CreateMarketData().GetLastPriceAsync(MarketType.Futures, "BTCUSDT", Token)).Value.ShouldBe(61_234.56m);
    }

    [Fact]
    public async Task UsedWeightHeader_AfterCall_IsTracked()
    {
        var exchange = Host.Factory.CreateMarketData();
        await exchange.GetLastPriceAsync(MarketType.Spot, "BTCUSDT", Token);
        await exchange.GetLastPriceAsync(MarketType.Spot, "BTCUSDT", Token);

        exchange.UsageOf(MarketType.Spot).UsedWeight1M.ShouldBe(2);
        Host.Factory.UsageByHost().Values.Single()["X-MBX-USED-WEIGHT-1M"].ShouldBe(2);
    }

    [Fact]
    public async Task Read_Transient503_IsRetriedByTheResiliencePipeline()
    {
        Server.InjectFault("/api/v3/ticker/price", new FakeFault(FakeFaultKind.ServiceUnavailable));

        (await Host.Factory.CreateMarketData().GetLastPriceAsync(MarketType.Spot, "BTCUSDT", Token)).Value.ShouldBe(50_000m);
        Server.CountOf("/api/v3/ticker/price").ShouldBe(2);
    }

    [Fact]
    public async Task Read_503EveryTime_IsUnreachableAfterRetries()
    {
        Server.InjectFault("/api/v3/ticker/price", new FakeFault(FakeFaultKind.ServiceUnavailable), times: 3);

        (await Host.Factory.CreateMarketData().GetLastPriceAsync(MarketType.Spot, "BTCUSDT", Token)).Error!.Kind.ShouldBe(ExchangeErrorKind.Unreachable);
        Server.CountOf("/api/v3/ticker/price").ShouldBe(3);
    }
}
