using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TradeBot.Domain.Market;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Simulated;

namespace TradeBot.Tests.Exchange;

/// <summary>The offline market: deterministic by seed, valid candles, consistent intervals, a live stream on the clock.</summary>
public sealed class SimulatedMarketTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 20, TimeSpan.Zero);
    private static readonly long DayMs = TimeSpan.FromDays(1).Ticks / TimeSpan.TicksPerMillisecond;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task History_SameSeed_SameCandlesFromAnotherInstanceAtAnotherTime()
    {
        var early = Market(seed: 7, new FakeTimeProvider(Now));
        var late = Market(seed: 7, new FakeTimeProvider(Now.AddDays(30)));
        var from = Now.AddDays(-20).ToUnixTimeMilliseconds();

        var a = await CandlesAsync(early, "ETHUSDT", Interval.OneHour, from, from + 10 * DayMs);
        var b = await CandlesAsync(late, "ETHUSDT", Interval.OneHour, from, from + 10 * DayMs);

        a.Count.ShouldBe(240);
        b.ShouldBe(a);
    }

    [Fact]
    public async Task History_DifferentSeed_DifferentCandles()
    {
        var from = Now.AddDays(-2).ToUnixTimeMilliseconds();

        var a = await CandlesAsync(Market(seed: 1, new FakeTimeProvider(Now)), "BTCUSDT", Interval.FiveMinutes, from, from + DayMs);
        var b = await CandlesAsync(Market(seed: 2, new FakeTimeProvider(Now)), "BTCUSDT", Interval.FiveMinutes, from, from + DayMs);

        a.Zip(b).Count(pair => pair.First == pair.Second).ShouldBeLessThan(3);
    }

    [Theory]
    [InlineData("BTCUSDT", "1m")]
    [InlineData("ETHUSDT", "15m")]
    [InlineData("SOLUSDT", "4h")]
    [InlineData("BNBUSDT", "1d")]
    public async Task History_AnySymbolAndInterval_IsValidOhlcOnTheTickAlignedAndWithoutHoles(string symbol, string code)
    {
        var interval = Interval.Parse(code);
        var market = Market(seed: 42, new FakeTimeProvider(Now));
        var tick = (double)(await market.GetSymbolsAsync(MarketType.Spot, Cancel)).Value.Single(s => s.Symbol == symbol).Rules.TickSize;

        var candles = await CandlesAsync(market, symbol, interval, Now.ToUnixTimeMilliseconds() - 500 * interval.DurationMs, Now.ToUnixTimeMilliseconds());

        candles.Count.ShouldBeGreaterThanOrEqualTo(500);
        for (var i = 0; i < candles.Count; i++)
        {
            var c = candles[i];
            c.Low.ShouldBeLessThanOrEqualTo(Math.Min(c.Open, c.Close));
            c.High.ShouldBeGreaterThanOrEqualTo(Math.Max(c.Open, c.Close));
            c.Low.ShouldBeGreaterThan(0);
            c.Volume.ShouldBeGreaterThan(0);
            (c.OpenTimeMs % interval.DurationMs).ShouldBe(0);
            Math.Abs(c.Close / tick - Math.Round(c.Close / tick)).ShouldBeLessThan(1e-6);
            if (i > 0)
                (c.OpenTimeMs - candles[i - 1].OpenTimeMs).ShouldBe(interval.DurationMs);
        }
    }

    [Fact]
    public async Task HourCandle_IsTheAggregateOfItsSixtyMinuteCandles()
    {
        var market = Market(seed: 3, new FakeTimeProvider(Now));
        var hour = Now.AddHours(-5).ToUnixTimeMilliseconds() / 3_600_000 * 3_600_000;

        var h = (await CandlesAsync(market, "BTCUSDT", Interval.OneHour, hour, hour)).ShouldHaveSingleItem();
        var minutes = await CandlesAsync(market, "BTCUSDT", Interval.OneMinute, hour, hour + 3_599_999);

        minutes.Count.ShouldBe(60);
        h.Open.ShouldBe(minutes[0].Open);
        h.Close.ShouldBe(minutes[^1].Close);
        h.High.ShouldBe(minutes.Max(m => m.High));
        h.Low.ShouldBe(minutes.Min(m => m.Low));
        h.Volume.ShouldBe(minutes.Sum(m => m.Volume), 0.01);
    }

    [Fact]
    public async Task History_ReachingNow_EndsWithTheFormingCandleAndNothingLater()
    {
        var market = Market(seed: 3, new FakeTimeProvider(Now));
        var now = Now.ToUnixTimeMilliseconds();

        var candles = await CandlesAsync(market, "BTCUSDT", Interval.OneHour, now - 3 * 3_600_000, now + 5 * 3_600_000);

        candles[^1].OpenTimeMs.ShouldBe(now / 3_600_000 * 3_600_000);
        candles.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task YearOfDays_LooksLikeACryptoMarket_TrendsAndCalmAndWildStretches(long seed)
    {
        var market = Market(seed, new FakeTimeProvider(Now));

        var days = await CandlesAsync(market, "BTCUSDT", Interval.OneDay, Now.AddDays(-365).ToUnixTimeMilliseconds(), Now.AddDays(-1).ToUnixTimeMilliseconds());

        var returns = days.Zip(days.Skip(1), (a, b) => Math.Log(b.Close / a.Close)).ToArray();
        var dailyVolatility = StandardDeviation(returns);
        var monthly = returns.Chunk(30).Select(StandardDeviation).ToArray();
        var summary = $"seed {seed}: close {days.Min(d => d.Close):0}..{days.Max(d => d.Close):0}, daily vol {dailyVolatility:P2}, monthly vol {monthly.Min():P2}..{monthly.Max():P2}";
        days.ShouldAllBe(d => d.Close > 60_000 / 4.0 && d.Close < 60_000 * 4.0, summary);
        dailyVolatility.ShouldBeInRange(0.01, 0.08, summary);
        (monthly.Max() / monthly.Min()).ShouldBeGreaterThan(1.5, "volatility regimes alternate: " + summary);
        (days.Max(d => d.Close) / days.Min(d => d.Close)).ShouldBeGreaterThan(1.3, "a year has trends: " + summary);
    }

    [Fact]
    public async Task Symbols_HaveBinanceLikeRulesAndFuturesLeverage()
    {
        var market = Market(seed: 1, new FakeTimeProvider(Now));

        var spot = (await market.GetSymbolsAsync(MarketType.Spot, Cancel)).Value;
        var futures = (await market.GetSymbolsAsync(MarketType.Futures, Cancel)).Value;

        spot.Select(s => s.Symbol).ShouldBe(["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT"], ignoreOrder: true);
        spot.ShouldAllBe(s => s.MaxLeverage == 1 && s.Rules.MinNotional == 5m && s.QuoteAsset == "USDT");
        futures.Single(s => s.Symbol == "BTCUSDT").MaxLeverage.ShouldBe(125);
        futures.Single(s => s.Symbol == "BTCUSDT").Rules.TickSize.ShouldBe(0.1m);
        (await market.GetCandlesAsync(MarketType.Spot, "DOGEUSDT", Interval.OneHour, 0, 1, Cancel)).Error!.Kind.ShouldBe(ExchangeErrorKind.Rejected);
    }

    [Fact]
    public async Task LastPrice_IsTheCurrentPathPriceOnTheTick()
    {
        var time = new FakeTimeProvider(Now);
        var market = Market(seed: 5, time);

        var price = (await market.GetLastPriceAsync(MarketType.Futures, "BTCUSDT", Cancel)).Value;

        (price % 0.1m).ShouldBe(0m);
        ((double)price).ShouldBe(market.Path("BTCUSDT").PriceAt(Now.ToUnixTimeMilliseconds()), 0.05 + 1e-9);
    }

    [Fact]
    public async Task Stream_ClosedCandles_ArriveAtEachIntervalBoundaryAndEqualHistory()
    {
        var time = new FakeTimeProvider(Now); // 20 s into a minute
        var market = Market(seed: 9, time, formingEvery: TimeSpan.FromSeconds(5));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var updates = new List<(KlineUpdate Update, DateTimeOffset At)>();
        await using var stream = market.StreamCandlesAsync(MarketType.Spot, "SOLUSDT", Interval.OneMinute, stop.Token).GetAsyncEnumerator(stop.Token);

        while (time.GetUtcNow() < Now.AddMinutes(3))
        {
            var next = stream.MoveNextAsync().AsTask();
            while (!next.IsCompleted)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                await Task.WhenAny(next, Task.Delay(20, Cancel));
            }

            (await next).ShouldBeTrue();
            updates.Add((stream.Current, time.GetUtcNow()));
        }

        var closed = updates.Where(u => u.Update.IsClosed).ToList();
        closed.Count.ShouldBeGreaterThanOrEqualTo(2);
        foreach (var (update, at) in closed)
        {
            at.ToUnixTimeMilliseconds().ShouldBe(update.Candle.OpenTimeMs + 60_000, "a closed candle is sent at its close, not later");
            var history = await CandlesAsync(market, "SOLUSDT", Interval.OneMinute, update.Candle.OpenTimeMs, update.Candle.OpenTimeMs);
            history.ShouldHaveSingleItem().ShouldBe(update.Candle);
        }

        updates.Count(u => !u.Update.IsClosed).ShouldBeGreaterThan(closed.Count * 5);
        stop.Cancel();
    }

    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    private static SimulatedMarket Market(long seed, TimeProvider time, TimeSpan? formingEvery = null) =>
        new(Options.Create(new SimulatedMarketOptions { Seed = seed, FormingUpdateEvery = formingEvery ?? TimeSpan.FromSeconds(2) }), time);

    private static async Task<IReadOnlyList<Candle>> CandlesAsync(IMarketData market, string symbol, Interval interval, long from, long to) =>
        (await market.GetCandlesAsync(MarketType.Spot, symbol, interval, from, to, Cancel)).Value;
}
