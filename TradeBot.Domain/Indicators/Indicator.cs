using TradeBot.Domain.Market;

namespace TradeBot.Domain.Indicators;

/// <summary>
/// A streaming indicator in the style of QuantConnect Lean: fed one closed candle at a time, forward only,
/// O(1) and allocation-free per update. <see cref="Current"/> is <see cref="double.NaN"/> until
/// <see cref="IsReady"/>, which turns true exactly when <see cref="Samples"/> reaches <see cref="WarmUpPeriod"/>.
/// </summary>
public abstract class Indicator
{
    private long lastTimeMs = long.MinValue;

    /// <summary>Creates an indicator that needs <paramref name="warmUpPeriod"/> samples for its first value.</summary>
    protected Indicator(string name, int warmUpPeriod)
    {
        Name = name;
        WarmUpPeriod = warmUpPeriod;
    }

    /// <summary>Short name with parameters, e.g. <c>EMA(12)</c>.</summary>
    public string Name { get; }

    /// <summary>Samples needed before the first value.</summary>
    public int WarmUpPeriod { get; }

    /// <summary>Samples received since creation or the last <see cref="Reset"/>.</summary>
    public int Samples { get; private set; }

    /// <summary>True once <see cref="Samples"/> has reached <see cref="WarmUpPeriod"/>.</summary>
    public bool IsReady => Samples >= WarmUpPeriod;

    /// <summary>The latest value; <see cref="double.NaN"/> while not ready.</summary>
    public double Current { get; private set; } = double.NaN;

    /// <summary>Feeds the next closed candle.</summary>
    /// <returns><see cref="IsReady"/> after the update.</returns>
    /// <exception cref="ArgumentException">The candle is not newer than the previous one.</exception>
    public bool Update(in Candle candle)
    {
        if (candle.OpenTimeMs <= lastTimeMs)
        {
            throw new ArgumentException(
                $"{Name}: candle at {candle.OpenTimeMs} ms is not after the previous one at {lastTimeMs} ms; " +
                "indicators only move forward in time (call Reset to start over).",
                nameof(candle));
        }

        lastTimeMs = candle.OpenTimeMs;
        Samples++;
        var value = ComputeNextValue(candle);
        Current = IsReady ? value : double.NaN;
        return IsReady;
    }

    /// <summary>Forgets every sample, as if newly created.</summary>
    public void Reset()
    {
        lastTimeMs = long.MinValue;
        Samples = 0;
        Current = double.NaN;
        ResetState();
    }

    /// <summary>Advances the indicator's state by one candle; <see cref="Samples"/> already counts it.</summary>
    /// <returns>The new value; ignored while not ready.</returns>
    protected abstract double ComputeNextValue(in Candle candle);

    /// <summary>Clears the subclass's own state.</summary>
    protected abstract void ResetState();

    /// <summary>Throws unless <paramref name="period"/> is at least 1.</summary>
    protected static int RequirePositive(int period, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1, name);
        return period;
    }
}
