using TradeBot.Domain.Indicators;
using TradeBot.Domain.Market;

namespace TradeBot.Domain.Strategies;

/// <summary>
/// "ema-rsi" (trading-semantics.md section 3). At the close of candle i, once EMA fast, EMA slow (at i and i-1)
/// and RSI (at i) all have values:
/// crossUp = fast[i-1] &lt;= slow[i-1] and fast[i] &gt; slow[i]; crossDown = fast[i-1] &gt;= slow[i-1] and fast[i] &lt; slow[i].
/// crossUp with RSI &lt; overbought gives EnterLong and ExitShort; crossDown with RSI &gt; oversold gives ExitLong
/// and EnterShort. The engine ignores the short flags on spot.
/// </summary>
public sealed class EmaRsiStrategy : IStrategy
{
    private readonly ExponentialMovingAverage fastEma;
    private readonly ExponentialMovingAverage slowEma;
    private readonly RelativeStrengthIndex rsi;
    private double previousFast = double.NaN;
    private double previousSlow = double.NaN;

    /// <summary>Creates the strategy; see <see cref="StrategyRegistry"/> for validated construction from a form.</summary>
    public EmaRsiStrategy(int emaFast, int emaSlow, int rsiPeriod, double rsiOversold, double rsiOverbought)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(emaFast, emaSlow);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rsiOversold, rsiOverbought);
        fastEma = new ExponentialMovingAverage(emaFast);
        slowEma = new ExponentialMovingAverage(emaSlow);
        rsi = new RelativeStrengthIndex(rsiPeriod);
        RsiOversold = rsiOversold;
        RsiOverbought = rsiOverbought;
        WarmUpPeriod = Math.Max(emaSlow + 1, rsi.WarmUpPeriod);
    }

    /// <summary>The registry name.</summary>
    public const string StrategyName = "ema-rsi";

    /// <inheritdoc/>
    public string Name => StrategyName;

    /// <summary>RSI level a crossDown must be above to exit a long or enter a short.</summary>
    public double RsiOversold { get; }

    /// <summary>RSI level a crossUp must be below to enter a long or exit a short.</summary>
    public double RsiOverbought { get; }

    /// <summary>The slow EMA's period plus one candle (for the previous EMA values), or RSI's warm-up if longer.</summary>
    public int WarmUpPeriod { get; }

    /// <inheritdoc/>
    public bool IsReady => fastEma.Samples >= WarmUpPeriod;

    /// <inheritdoc/>
    public Signal OnCandle(in Candle candle)
    {
        fastEma.Update(candle);
        slowEma.Update(candle);
        rsi.Update(candle);
        var signal = IsReady ? Decide() : Signal.None;
        previousFast = fastEma.Current;
        previousSlow = slowEma.Current;
        return signal;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        fastEma.Reset();
        slowEma.Reset();
        rsi.Reset();
        previousFast = double.NaN;
        previousSlow = double.NaN;
    }

    private Signal Decide()
    {
        double fast = fastEma.Current, slow = slowEma.Current;
        var crossUp = previousFast <= previousSlow && fast > slow;
        var crossDown = previousFast >= previousSlow && fast < slow;
        if (crossUp && rsi.Current < RsiOverbought)
        {
            return Signal.EnterLong | Signal.ExitShort;
        }

        return crossDown && rsi.Current > RsiOversold ? Signal.ExitLong | Signal.EnterShort : Signal.None;
    }
}
