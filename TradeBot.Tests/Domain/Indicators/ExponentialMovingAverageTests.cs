using TradeBot.Domain.Indicators;
using TradeBot.Domain.Market;

namespace TradeBot.Tests.Domain.Indicators;

public sealed class ExponentialMovingAverageTests : IndicatorContractTests<ExponentialMovingAverage>
{
    // Closes of StockCharts ChartSchool's 10-day EMA worked example. Expected values were computed
    // independently (a textbook Python loop: SMA seed of the first 10, then alpha = 2/11) and rounded to
    // 2 decimals like the published table, hence the tolerance.
    private static readonly double[] StockChartsCloses =
    [
        22.27, 22.19, 22.08, 22.17, 22.18, 22.13, 22.23, 22.43, 22.24, 22.29,
        22.15, 22.39, 22.38, 22.61, 23.36, 24.05, 23.75, 23.83, 23.95, 23.63,
        23.82, 23.87, 23.65, 23.19, 23.10, 23.33, 22.68, 23.10, 22.40, 22.17,
    ];

    private static readonly double[] ExpectedFromIndex9 =
    [
        22.22, 22.21, 22.24, 22.27, 22.33, 22.52, 22.80, 22.97, 23.13, 23.28, 23.34,
        23.43, 23.51, 23.53, 23.47, 23.40, 23.39, 23.26, 23.23, 23.08, 22.92,
    ];

    protected override ExponentialMovingAverage CreateIndicator() => new(10);

    protected override Candle[] Candles { get; } = TestCandles.FromCloses(StockChartsCloses);

    protected override double[] ExpectedValues => [.. Enumerable.Repeat(double.NaN, 9), .. ExpectedFromIndex9];

    protected override double Tolerance => 0.005 + 1e-9;

    protected override double[] ComputeBatch(Candle[] candles) =>
        ExponentialMovingAverage.Compute(candles.Closes(), 10);

    [Fact]
    public void Current_AtIndexNMinus1_IsSmaOfFirstNCloses()
    {
        var values = ExponentialMovingAverage.Compute([1, 2, 3, 4, 5], 3);

        values[1].ShouldBe(double.NaN);
        values[2].ShouldBe(2.0);
        values[3].ShouldBe(0.5 * 4 + 0.5 * 2.0);
        values[4].ShouldBe(0.5 * 5 + 0.5 * 3.0);
    }
}
