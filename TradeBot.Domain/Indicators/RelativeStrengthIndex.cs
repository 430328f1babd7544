namespace TradeBot.Domain.Indicators;

/// <summary>
/// RSI(n), Wilder (trading-semantics.md section 2, as TA-Lib and TradingView): change[i] = close[i]-close[i-1];
/// gain = max(change,0), loss = max(-change,0). At index n the average gain/loss is the simple mean of changes
/// 1..n; after that avg[i] = (avg[i-1]*(n-1) + x[i]) / n (Wilder smoothing).
/// RSI = 100 if avgLoss == 0, else 0 if avgGain == 0, else 100 - 100/(1 + avgGain/avgLoss).
/// First value at index n (after n+1 closes).
/// </summary>
public sealed class RelativeStrengthIndex : CloseIndicator
{
    private double previousClose;
    private double averageGain;
    private double averageLoss;

    /// <summary>Creates an RSI over <paramref name="period"/> price changes.</summary>
    public RelativeStrengthIndex(int period)
        : base($"RSI({period})", RequirePositive(period, nameof(period)) + 1)
    {
        Period = period;
    }

    /// <summary>Number of price changes averaged (Wilder's n, classically 14).</summary>
    public int Period { get; }

    /// <summary>RSI of <paramref name="closes"/> at every index; NaN before index period.</summary>
    public static double[] Compute(ReadOnlySpan<double> closes, int period) =>
        ComputeSeries(new RelativeStrengthIndex(period), closes);

    /// <inheritdoc/>
    protected override double ComputeNextValue(double close)
    {
        var change = close - previousClose;
        previousClose = close;
        if (Samples == 1)
        {
            return double.NaN;
        }

        var gain = Math.Max(change, 0);
        var loss = Math.Max(-change, 0);
        if (Samples <= Period + 1)
        {
            // Sum the first n changes, then turn the sums into simple means at index n.
            averageGain += gain;
            averageLoss += loss;
            if (Samples <= Period)
            {
                return double.NaN;
            }

            averageGain /= Period;
            averageLoss /= Period;
        }
        else
        {
            averageGain = (averageGain * (Period - 1) + gain) / Period;
            averageLoss = (averageLoss * (Period - 1) + loss) / Period;
        }

        return ToRsi(averageGain, averageLoss);
    }

    /// <inheritdoc/>
    protected override void ResetState()
    {
        previousClose = 0;
        averageGain = 0;
        averageLoss = 0;
    }

    private static double ToRsi(double averageGain, double averageLoss)
    {
        if (averageLoss == 0)
        {
            return 100;
        }

        return averageGain == 0 ? 0 : 100 - 100 / (1 + averageGain / averageLoss);
    }
}
