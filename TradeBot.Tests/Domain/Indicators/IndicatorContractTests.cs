using TradeBot.Domain.Indicators;
using TradeBot.Domain.Market;

namespace TradeBot.Tests.Domain.Indicators;

/// <summary>
/// What every indicator promises (after Lean's CommonIndicatorTests): it matches reference values, Reset replays
/// identically, it warms up exactly at WarmUpPeriod, time only moves forward, and the batch helper is
/// bit-identical to streaming. Each subclass supplies only the indicator and its reference data.
/// </summary>
public abstract class IndicatorContractTests<T>
    where T : Indicator
{
    protected abstract T CreateIndicator();

    protected abstract Candle[] Candles { get; }

    /// <summary>The reference value at every index of <see cref="Candles"/>, NaN where there is none yet.</summary>
    protected abstract double[] ExpectedValues { get; }

    /// <summary>How far from the reference a value may be (published references are rounded).</summary>
    protected virtual double Tolerance => 1e-9;

    protected abstract double[] ComputeBatch(Candle[] candles);

    [Fact]
    public void Values_ReferenceSeries_MatchReference()
    {
        var actual = Stream(CreateIndicator(), Candles);
        var expected = ExpectedValues;

        actual.Length.ShouldBe(expected.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i]))
            {
                actual[i].ShouldBe(double.NaN, $"index {i} should have no value yet");
            }
            else
            {
                actual[i].ShouldBe(expected[i], Tolerance, $"index {i}");
            }
        }
    }

    [Fact]
    public void Reset_ThenSameCandles_GivesBitIdenticalValues()
    {
        var indicator = CreateIndicator();
        var first = Stream(indicator, Candles);

        indicator.Reset();

        indicator.Samples.ShouldBe(0);
        indicator.IsReady.ShouldBeFalse();
        indicator.Current.ShouldBe(double.NaN);
        Bits(Stream(indicator, Candles)).ShouldBe(Bits(first));
    }

    [Fact]
    public void IsReady_WarmUpPeriodSamples_TurnsTrueExactlyThen()
    {
        var indicator = CreateIndicator();
        foreach (var candle in Candles)
        {
            var ready = indicator.Update(candle);

            ready.ShouldBe(indicator.Samples >= indicator.WarmUpPeriod, $"after {indicator.Samples} samples");
            indicator.IsReady.ShouldBe(ready);
            double.IsNaN(indicator.Current).ShouldBe(!ready);
        }
    }

    [Fact]
    public void Update_OlderOrEqualOpenTime_ThrowsArgumentException()
    {
        var indicator = CreateIndicator();
        indicator.Update(Candles[0]);
        indicator.Update(Candles[1]);

        Should.Throw<ArgumentException>(() => indicator.Update(Candles[1]));
        Should.Throw<ArgumentException>(() => indicator.Update(Candles[0]));
        indicator.Samples.ShouldBe(2);
    }

    [Fact]
    public void Compute_SameSeries_BitIdenticalToStreaming()
    {
        Bits(ComputeBatch(Candles)).ShouldBe(Bits(Stream(CreateIndicator(), Candles)));
    }

    [Fact]
    public void Update_EveryCandle_AllocatesNothing()
    {
        var indicator = CreateIndicator();
        var candles = Candles;
        indicator.Update(candles[0]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i < candles.Length; i++)
        {
            indicator.Update(candles[i]);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }

    protected static double[] Stream(T indicator, Candle[] candles)
    {
        var values = new double[candles.Length];
        for (var i = 0; i < candles.Length; i++)
        {
            indicator.Update(candles[i]);
            values[i] = indicator.Current;
        }

        return values;
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
