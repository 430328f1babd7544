using TradeBot.Domain.Indicators;
using TradeBot.Domain.Market;

namespace TradeBot.Tests.Domain.Indicators;

public sealed class AverageTrueRangeTests : IndicatorContractTests<AverageTrueRange>
{
    private const int Period = 14;

    protected override AverageTrueRange CreateIndicator() => new(Period);

    protected override Candle[] Candles { get; } = TestCandles.Wavy(80);

    // Reference: TA-Lib's recipe written out longhand: all true ranges first, then the seed mean, then Wilder.
    protected override double[] ExpectedValues
    {
        get
        {
            var c = Candles;
            var trueRanges = new double[c.Length];
            for (var i = 1; i < c.Length; i++)
            {
                trueRanges[i] = new[] { c[i].High - c[i].Low, Math.Abs(c[i].High - c[i - 1].Close), Math.Abs(c[i].Low - c[i - 1].Close) }.Max();
            }

            var expected = Enumerable.Repeat(double.NaN, c.Length).ToArray();
            expected[Period] = trueRanges[1..(Period + 1)].Average();
            for (var i = Period + 1; i < c.Length; i++)
            {
                expected[i] = (expected[i - 1] * (Period - 1) + trueRanges[i]) / Period;
            }

            return expected;
        }
    }

    protected override double[] ComputeBatch(Candle[] candles) => AverageTrueRange.Compute(candles, Period);

    [Fact]
    public void Current_GapAboveRange_UsesDistanceFromPreviousClose()
    {
        var atr = new AverageTrueRange(1);
        atr.Update(new Candle(0, 10, 10, 10, 10, 1));
        atr.Update(new Candle(TestCandles.HourMs, 15, 16, 14, 15, 1));

        atr.Current.ShouldBe(6.0);
    }
}
