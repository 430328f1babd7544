using TradeBot.Domain.Strategies;

namespace TradeBot.Tests.Domain.Strategies;

public sealed class EmaPriceCrossStrategyTests
{
    [Fact]
    public void OnCandle_CloseCrossesEma_SignalsOnTheCrossingCandle()
    {
        // EMA(3): 2, 3, 4, 5, 6, 6, 5.5, 4.75, 3.875, 3.9375, 4.46875 from index 2 (exact in binary).
        // At index 7 the close touches the EMA (6 = 6): not a cross; it falls below at 8 and comes back above at 11.
        double[] closes = [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 4, 5];

        var signals = EmaRsiStrategyTests.Run(new EmaPriceCrossStrategy(3), closes);

        for (var i = 0; i < signals.Length; i++)
        {
            var expected = i switch
            {
                8 => Signal.ExitLong | Signal.EnterShort,
                11 => Signal.EnterLong | Signal.ExitShort,
                _ => Signal.None,
            };
            signals[i].ShouldBe(expected, $"candle {i}");
        }
    }

    [Fact]
    public void OnCandle_BeforeWarmUp_IsNone()
    {
        // A cross at index 2 is before the EMA has a previous value: ignored.
        var signals = EmaRsiStrategyTests.Run(new EmaPriceCrossStrategy(3), [5, 5, 1, 9]);

        signals[..3].ShouldAllBe(s => s == Signal.None);
    }
}
