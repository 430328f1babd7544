using TradeBot.Domain.Strategies;

namespace TradeBot.Tests.Domain.Strategies;

public sealed class EmaRsiStrategyTests
{
    // EMA(2), EMA(3) and RSI(2) of these closes, computed by hand (rounded):
    // index      3     4      5      6      7      8      9     10     11
    // close      7     6      7     11     10      9      7      5      6
    // fast-slow -0.5  -0.5  -0.167  0.611  0.370  0.040 -0.362 -0.641 -0.308
    // RSI        0     0     50     90     64.3   40.9   16.7    7.6   40.1
    // so the fast EMA crosses up at index 6 (RSI 90) and down at index 9 (RSI 16.7).
    private static readonly double[] Closes = [10, 9, 8, 7, 6, 7, 11, 10, 9, 7, 5, 6];

    private const Signal Up = Signal.EnterLong | Signal.ExitShort;
    private const Signal Down = Signal.ExitLong | Signal.EnterShort;

    [Theory]
    [InlineData(20, 85, Signal.None, Signal.None)]
    [InlineData(20, 95, Up, Signal.None)]
    [InlineData(10, 85, Signal.None, Down)]
    [InlineData(10, 95, Up, Down)]
    public void OnCandle_CrossesFilteredByRsi_GiveSignalsOnlyWhenRsiAllows(
        double oversold, double overbought, Signal atCrossUp, Signal atCrossDown)
    {
        var signals = Run(new EmaRsiStrategy(2, 3, 2, oversold, overbought), Closes);

        for (var i = 0; i < signals.Length; i++)
        {
            var expected = i switch { 6 => atCrossUp, 9 => atCrossDown, _ => Signal.None };
            signals[i].ShouldBe(expected, $"candle {i}");
        }
    }

    [Fact]
    public void OnCandle_BeforeWarmUp_IsNoneAndNotReady()
    {
        var strategy = new EmaRsiStrategy(2, 3, 2, 10, 95);
        var candles = TestCandles.FromCloses(Closes);

        strategy.WarmUpPeriod.ShouldBe(4);
        for (var i = 0; i < strategy.WarmUpPeriod - 1; i++)
        {
            strategy.OnCandle(candles[i]).ShouldBe(Signal.None);
            strategy.IsReady.ShouldBeFalse();
        }

        strategy.OnCandle(candles[3]);
        strategy.IsReady.ShouldBeTrue();
    }

    [Fact]
    public void WarmUpPeriod_RsiLongerThanSlowEma_FollowsRsi()
    {
        new EmaRsiStrategy(12, 26, 14, 30, 70).WarmUpPeriod.ShouldBe(27);
        new EmaRsiStrategy(2, 3, 10, 30, 70).WarmUpPeriod.ShouldBe(11);
    }

    [Fact]
    public void Reset_ThenSameCandles_GivesSameSignals()
    {
        var strategy = new EmaRsiStrategy(2, 3, 2, 10, 95);
        var first = Run(strategy, Closes);

        strategy.Reset();

        strategy.IsReady.ShouldBeFalse();
        Run(strategy, Closes).ShouldBe(first);
    }

    [Fact]
    public void OnCandle_OlderOrEqualOpenTime_ThrowsArgumentException()
    {
        var strategy = new EmaRsiStrategy(2, 3, 2, 10, 95);
        var candles = TestCandles.FromCloses(Closes);
        strategy.OnCandle(candles[0]);
        strategy.OnCandle(candles[1]);

        Should.Throw<ArgumentException>(() => strategy.OnCandle(candles[1]));
        Should.Throw<ArgumentException>(() => strategy.OnCandle(candles[0]));
    }

    internal static Signal[] Run(IStrategy strategy, double[] closes) =>
        TestCandles.FromCloses(closes).Select(c => strategy.OnCandle(c)).ToArray();
}
