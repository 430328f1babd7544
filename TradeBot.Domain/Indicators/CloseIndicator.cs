using TradeBot.Domain.Market;

namespace TradeBot.Domain.Indicators;

/// <summary>An indicator of close prices only (SMA, EMA, RSI, MACD).</summary>
public abstract class CloseIndicator : Indicator
{
    /// <inheritdoc cref="Indicator(string, int)"/>
    protected CloseIndicator(string name, int warmUpPeriod)
        : base(name, warmUpPeriod)
    {
    }

    /// <summary>Feeds the next close, timestamped so that time still only moves forward.</summary>
    /// <returns><see cref="Indicator.IsReady"/> after the update.</returns>
    /// <exception cref="ArgumentException"><paramref name="timeMs"/> is not after the previous update.</exception>
    public bool Update(long timeMs, double close) => Update(new Candle(timeMs, close, close, close, close, 0));

    /// <inheritdoc/>
    protected sealed override double ComputeNextValue(in Candle candle) => ComputeNextValue(candle.Close);

    /// <summary>Advances the state by one close.</summary>
    /// <returns>The new value; ignored while not ready.</returns>
    protected abstract double ComputeNextValue(double close);

    /// <summary>
    /// Runs a fresh indicator over <paramref name="closes"/> (timestamps 0, 1, 2, ...) and returns its value at
    /// every index, <see cref="double.NaN"/> where not ready. Same code path as streaming, hence bit-identical.
    /// </summary>
    protected static double[] ComputeSeries(CloseIndicator indicator, ReadOnlySpan<double> closes)
    {
        var values = new double[closes.Length];
        for (var i = 0; i < closes.Length; i++)
        {
            indicator.Update(i, closes[i]);
            values[i] = indicator.Current;
        }

        return values;
    }
}
