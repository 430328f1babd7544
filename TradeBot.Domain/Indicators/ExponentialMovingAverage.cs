namespace TradeBot.Domain.Indicators;

/// <summary>
/// EMA(n), TA-Lib/TradingView convention (trading-semantics.md section 2): alpha = 2/(n+1); the first value,
/// at index n-1, is the SMA of the first n closes; after that EMA[i] = alpha*close[i] + (1-alpha)*EMA[i-1].
/// No value before index n-1.
/// </summary>
public sealed class ExponentialMovingAverage : CloseIndicator
{
    private readonly double alpha;
    private double seedSum;
    private double ema;

    /// <summary>Creates an EMA over <paramref name="period"/> closes.</summary>
    public ExponentialMovingAverage(int period)
        : base($"EMA({period})", RequirePositive(period, nameof(period)))
    {
        Period = period;
        alpha = 2.0 / (period + 1);
    }

    /// <summary>Number of closes in the seed SMA; sets alpha = 2/(period+1).</summary>
    public int Period { get; }

    /// <summary>EMA of <paramref name="closes"/> at every index; NaN before index period-1.</summary>
    public static double[] Compute(ReadOnlySpan<double> closes, int period) =>
        ComputeSeries(new ExponentialMovingAverage(period), closes);

    /// <inheritdoc/>
    protected override double ComputeNextValue(double close)
    {
        if (Samples < Period)
        {
            seedSum += close;
            return double.NaN;
        }

        ema = Samples == Period
            ? (seedSum + close) / Period
            : alpha * close + (1 - alpha) * ema;
        return ema;
    }

    /// <inheritdoc/>
    protected override void ResetState()
    {
        seedSum = 0;
        ema = 0;
    }
}
