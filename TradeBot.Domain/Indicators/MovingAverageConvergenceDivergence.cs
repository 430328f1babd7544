namespace TradeBot.Domain.Indicators;

/// <summary>
/// MACD(fast, slow, signal), Lean's convention: MACD line = EMA(fast) - EMA(slow) of the closes, both EMAs as in
/// trading-semantics.md section 2 (SMA-seeded from the first close), so the line starts at index slow-1;
/// signal line = EMA(signal) of the MACD line, seeded by the SMA of its first signal values, so it starts at
/// index slow+signal-2; histogram = MACD line - signal line. <see cref="Indicator.Current"/> is the MACD line.
/// TA-Lib instead seeds the fast EMA later, at the slow EMA's first index: its first values differ and converge.
/// </summary>
public sealed class MovingAverageConvergenceDivergence : CloseIndicator
{
    /// <summary>Creates a MACD; classic periods are 12, 26 and 9.</summary>
    public MovingAverageConvergenceDivergence(int fastPeriod, int slowPeriod, int signalPeriod)
        : base($"MACD({fastPeriod},{slowPeriod},{signalPeriod})", WarmUp(fastPeriod, slowPeriod, signalPeriod))
    {
        Fast = new ExponentialMovingAverage(fastPeriod);
        Slow = new ExponentialMovingAverage(slowPeriod);
        Signal = new ExponentialMovingAverage(signalPeriod);
    }

    /// <summary>The fast EMA of the closes.</summary>
    public ExponentialMovingAverage Fast { get; }

    /// <summary>The slow EMA of the closes.</summary>
    public ExponentialMovingAverage Slow { get; }

    /// <summary>The EMA of the MACD line.</summary>
    public ExponentialMovingAverage Signal { get; }

    /// <summary>Fast EMA minus slow EMA; NaN before index slow-1.</summary>
    public double MacdLine { get; private set; } = double.NaN;

    /// <summary>The signal line's value; NaN while not ready.</summary>
    public double SignalLine => Signal.Current;

    /// <summary>MACD line minus signal line; NaN while not ready.</summary>
    public double Histogram => MacdLine - Signal.Current;

    /// <summary>MACD line, signal line and histogram at every index of <paramref name="closes"/>, NaN where not ready.</summary>
    public static MacdSeries Compute(ReadOnlySpan<double> closes, int fastPeriod, int slowPeriod, int signalPeriod)
    {
        var macd = new MovingAverageConvergenceDivergence(fastPeriod, slowPeriod, signalPeriod);
        var series = new MacdSeries(new double[closes.Length], new double[closes.Length], new double[closes.Length]);
        for (var i = 0; i < closes.Length; i++)
        {
            macd.Update(i, closes[i]);
            series.MacdLine[i] = macd.MacdLine;
            series.SignalLine[i] = macd.SignalLine;
            series.Histogram[i] = macd.Histogram;
        }

        return series;
    }

    /// <inheritdoc/>
    protected override double ComputeNextValue(double close)
    {
        // Children are internal state: Samples is their forward-moving clock.
        Fast.Update(Samples, close);
        Slow.Update(Samples, close);
        if (!Slow.IsReady)
        {
            return double.NaN;
        }

        MacdLine = Fast.Current - Slow.Current;
        Signal.Update(Samples, MacdLine);
        return MacdLine;
    }

    /// <inheritdoc/>
    protected override void ResetState()
    {
        Fast.Reset();
        Slow.Reset();
        Signal.Reset();
        MacdLine = double.NaN;
    }

    private static int WarmUp(int fastPeriod, int slowPeriod, int signalPeriod)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fastPeriod, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(slowPeriod, fastPeriod);
        ArgumentOutOfRangeException.ThrowIfLessThan(signalPeriod, 1);
        return slowPeriod + signalPeriod - 1;
    }
}

/// <summary>The three MACD series, index for index with the closes; NaN where not ready.</summary>
/// <param name="MacdLine">Fast EMA minus slow EMA.</param>
/// <param name="SignalLine">EMA of the MACD line.</param>
/// <param name="Histogram">MACD line minus signal line.</param>
public sealed record MacdSeries(double[] MacdLine, double[] SignalLine, double[] Histogram);
