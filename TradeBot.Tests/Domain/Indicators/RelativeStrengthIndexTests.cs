using TradeBot.Domain.Indicators;
using TradeBot.Domain.Market;

namespace TradeBot.Tests.Domain.Indicators;

public sealed class RelativeStrengthIndexTests : IndicatorContractTests<RelativeStrengthIndex>
{
    // Published reference: StockCharts ChartSchool's 14-period RSI worked example (cs-rsi.xls), closes to
    // 4 decimals and RSI rounded to 2 decimals, first value at index 14.
    private static readonly double[] StockChartsCloses =
    [
        44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931,
        46.0328, 45.6140, 46.2820, 46.2820, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439, 46.2122, 46.2521,
        45.7137, 46.4515, 45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205, 42.6628, 43.1314,
    ];

    private static readonly double[] PublishedFromIndex14 =
    [
        70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38,
        54.71, 50.42, 39.99, 41.46, 41.87, 45.46, 37.30, 33.08, 37.77,
    ];

    protected override RelativeStrengthIndex CreateIndicator() => new(14);

    protected override Candle[] Candles { get; } = TestCandles.FromCloses(StockChartsCloses);

    protected override double[] ExpectedValues => [.. Enumerable.Repeat(double.NaN, 14), .. PublishedFromIndex14];

    protected override double Tolerance => 0.005 + 1e-9;

    protected override double[] ComputeBatch(Candle[] candles) =>
        RelativeStrengthIndex.Compute(candles.Closes(), 14);

    [Fact]
    public void Current_OnlyGains_Is100()
    {
        var values = RelativeStrengthIndex.Compute([1, 2, 3, 4, 5, 6], 3);

        values[2].ShouldBe(double.NaN);
        values[3..].ShouldAllBe(v => v == 100);
    }

    [Fact]
    public void Current_OnlyLosses_Is0()
    {
        RelativeStrengthIndex.Compute([6, 5, 4, 3, 2, 1], 3)[3..].ShouldAllBe(v => v == 0);
    }

    [Fact]
    public void Current_FlatPrices_Is100BecauseNoLosses()
    {
        RelativeStrengthIndex.Compute([5, 5, 5, 5], 3)[3].ShouldBe(100);
    }

    [Fact]
    public void Current_AtIndexN_UsesSimpleMeansOfFirstNChanges()
    {
        // Changes +2, -1, +2: average gain 4/3, average loss 1/3, RS = 4, RSI = 100 - 100/5 = 80.
        RelativeStrengthIndex.Compute([10, 12, 11, 13], 3)[3].ShouldBe(80, 1e-12);
    }
}
