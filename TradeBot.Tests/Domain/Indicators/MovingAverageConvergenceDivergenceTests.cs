using TradeBot.Domain.Indicators;
using TradeBot.Domain.Market;

namespace TradeBot.Tests.Domain.Indicators;

public sealed class MovingAverageConvergenceDivergenceTests : IndicatorContractTests<MovingAverageConvergenceDivergence>
{
    private const int Fast = 12, Slow = 26, Signal = 9;

    protected override MovingAverageConvergenceDivergence CreateIndicator() => new(Fast, Slow, Signal);

    protected override Candle[] Candles { get; } = TestCandles.Wavy(120);

    // Current is the MACD line, reported once the signal line is ready (index slow+signal-2).
    protected override double[] ExpectedValues
    {
        get
        {
            var (line, _) = Reference(Candles.Closes());
            return line.Select((v, i) => i < Slow + Signal - 2 ? double.NaN : v).ToArray();
        }
    }

    protected override double[] ComputeBatch(Candle[] candles) =>
        MovingAverageConvergenceDivergence.Compute(candles.Closes(), Fast, Slow, Signal).MacdLine
            .Select((v, i) => i < Slow + Signal - 2 ? double.NaN : v).ToArray();

    [Fact]
    public void Compute_ReferenceSeries_SignalAndHistogramMatchReference()
    {
        var closes = Candles.Closes();
        var (line, signal) = Reference(closes);

        var series = MovingAverageConvergenceDivergence.Compute(closes, Fast, Slow, Signal);

        series.MacdLine[Slow - 2].ShouldBe(double.NaN);
        series.MacdLine[Slow - 1].ShouldBe(line[Slow - 1], 1e-9);
        series.SignalLine[Slow + Signal - 3].ShouldBe(double.NaN);
        for (var i = Slow + Signal - 2; i < closes.Length; i++)
        {
            series.SignalLine[i].ShouldBe(signal[i], 1e-9);
            series.Histogram[i].ShouldBe(line[i] - signal[i], 1e-9);
        }
    }

    // Textbook EMA written as a loop over whole arrays, independent of the streaming classes.
    private static double[] TextbookEma(double[] values, int start, int period)
    {
        var ema = Enumerable.Repeat(double.NaN, values.Length).ToArray();
        var seedEnd = start + period - 1;
        ema[seedEnd] = values[start..(seedEnd + 1)].Average();
        for (var i = seedEnd + 1; i < values.Length; i++)
        {
            ema[i] = ema[i - 1] + 2.0 / (period + 1) * (values[i] - ema[i - 1]);
        }

        return ema;
    }

    private static (double[] Line, double[] Signal) Reference(double[] closes)
    {
        var fast = TextbookEma(closes, 0, Fast);
        var slow = TextbookEma(closes, 0, Slow);
        var line = closes.Select((_, i) => fast[i] - slow[i]).ToArray();
        return (line, TextbookEma(line, Slow - 1, Signal));
    }
}
