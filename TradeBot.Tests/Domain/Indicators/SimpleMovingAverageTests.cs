using TradeBot.Domain.Indicators;
using TradeBot.Domain.Market;

namespace TradeBot.Tests.Domain.Indicators;

public sealed class SimpleMovingAverageTests : IndicatorContractTests<SimpleMovingAverage>
{
    private const int Period = 5;

    protected override SimpleMovingAverage CreateIndicator() => new(Period);

    protected override Candle[] Candles { get; } = TestCandles.Wavy(60);

    // Reference: each window summed afresh, unlike the implementation's running sum.
    protected override double[] ExpectedValues =>
        Candles.Select((_, i) => i < Period - 1
            ? double.NaN
            : Candles.Skip(i - Period + 1).Take(Period).Sum(c => c.Close) / Period).ToArray();

    protected override double[] ComputeBatch(Candle[] candles) =>
        SimpleMovingAverage.Compute(candles.Closes(), Period);

    [Fact]
    public void Current_ThreeCloses_IsTheirMean()
    {
        var sma = new SimpleMovingAverage(3);
        foreach (var candle in TestCandles.FromCloses(1, 2, 3, 10))
        {
            sma.Update(candle);
        }

        sma.Current.ShouldBe(5.0);
    }
}
