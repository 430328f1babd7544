namespace TradeBot.Domain.Indicators;

/// <summary>
/// SMA(n): the mean of the last n closes (TA-Lib/TradingView convention). First value at index n-1.
/// Kept as a running sum over a ring buffer: one add and one subtract per close.
/// </summary>
public sealed class SimpleMovingAverage : CloseIndicator
{
    private readonly double[] window;
    private double sum;
    private int next;

    /// <summary>Creates an SMA over <paramref name="period"/> closes.</summary>
    public SimpleMovingAverage(int period)
        : base($"SMA({period})", RequirePositive(period, nameof(period)))
    {
        Period = period;
        window = new double[period];
    }

    /// <summary>Number of closes averaged.</summary>
    public int Period { get; }

    /// <summary>SMA of <paramref name="closes"/> at every index; NaN before index period-1.</summary>
    public static double[] Compute(ReadOnlySpan<double> closes, int period) =>
        ComputeSeries(new SimpleMovingAverage(period), closes);

    /// <inheritdoc/>
    protected override double ComputeNextValue(double close)
    {
        sum += close - window[next];
        window[next] = close;
        if (++next == Period)
        {
            next = 0;
        }

        return sum / Period;
    }

    /// <inheritdoc/>
    protected override void ResetState()
    {
        Array.Clear(window);
        sum = 0;
        next = 0;
    }
}
