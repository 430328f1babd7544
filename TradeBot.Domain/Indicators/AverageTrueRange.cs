using TradeBot.Domain.Market;

namespace TradeBot.Domain.Indicators;

/// <summary>
/// ATR(n), Wilder, TA-Lib convention: true range TR[i] = max(high[i]-low[i], |high[i]-close[i-1]|,
/// |low[i]-close[i-1]|) for i &gt;= 1 (the first candle has no previous close, so no true range).
/// The first ATR, at index n, is the simple mean of TR[1..n]; after that ATR[i] = (ATR[i-1]*(n-1) + TR[i]) / n.
/// </summary>
public sealed class AverageTrueRange : Indicator
{
    private double previousClose;
    private double averageTrueRange;

    /// <summary>Creates an ATR over <paramref name="period"/> true ranges.</summary>
    public AverageTrueRange(int period)
        : base($"ATR({period})", RequirePositive(period, nameof(period)) + 1)
    {
        Period = period;
    }

    /// <summary>Number of true ranges averaged (Wilder's n, classically 14).</summary>
    public int Period { get; }

    /// <summary>ATR of <paramref name="candles"/> at every index; NaN before index period.</summary>
    /// <remarks>Candle times must increase, as for streaming.</remarks>
    public static double[] Compute(ReadOnlySpan<Candle> candles, int period)
    {
        var indicator = new AverageTrueRange(period);
        var values = new double[candles.Length];
        for (var i = 0; i < candles.Length; i++)
        {
            indicator.Update(candles[i]);
            values[i] = indicator.Current;
        }

        return values;
    }

    /// <inheritdoc/>
    protected override double ComputeNextValue(in Candle candle)
    {
        var trueRange = Math.Max(
            candle.High - candle.Low,
            Math.Max(Math.Abs(candle.High - previousClose), Math.Abs(candle.Low - previousClose)));
        previousClose = candle.Close;
        if (Samples == 1)
        {
            return double.NaN;
        }

        if (Samples <= Period + 1)
        {
            averageTrueRange += trueRange;
            if (Samples <= Period)
            {
                return double.NaN;
            }

            averageTrueRange /= Period;
        }
        else
        {
            averageTrueRange = (averageTrueRange * (Period - 1) + trueRange) / Period;
        }

        return averageTrueRange;
    }

    /// <inheritdoc/>
    protected override void ResetState()
    {
        previousClose = 0;
        averageTrueRange = 0;
    }
}
