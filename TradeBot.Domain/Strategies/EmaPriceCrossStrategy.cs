using TradeBot.Domain.Indicators;
using TradeBot.Domain.Market;

namespace TradeBot.Domain.Strategies;

/// <summary>
/// "ema-price-cross": the close crossing one EMA. At the close of candle i, once EMA has values at i and i-1:
/// close[i-1] &lt;= EMA[i-1] and close[i] &gt; EMA[i] gives EnterLong and ExitShort;
/// close[i-1] &gt;= EMA[i-1] and close[i] &lt; EMA[i] gives ExitLong and EnterShort.
/// </summary>
public sealed class EmaPriceCrossStrategy : IStrategy
{
    private readonly ExponentialMovingAverage ema;
    private double previousClose = double.NaN;
    private double previousEma = double.NaN;

    /// <summary>Creates the strategy around an EMA of <paramref name="emaPeriod"/> closes.</summary>
    public EmaPriceCrossStrategy(int emaPeriod)
    {
        ema = new ExponentialMovingAverage(emaPeriod);
        WarmUpPeriod = emaPeriod + 1;
    }

    /// <summary>The registry name.</summary>
    public const string StrategyName = "ema-price-cross";

    /// <inheritdoc/>
    public string Name => StrategyName;

    /// <summary>The EMA's period plus one candle (for the previous EMA value).</summary>
    public int WarmUpPeriod { get; }

    /// <inheritdoc/>
    public bool IsReady => ema.Samples >= WarmUpPeriod;

    /// <inheritdoc/>
    public Signal OnCandle(in Candle candle)
    {
        ema.Update(candle);
        var signal = IsReady ? Decide(candle.Close, ema.Current) : Signal.None;
        previousClose = candle.Close;
        previousEma = ema.Current;
        return signal;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        ema.Reset();
        previousClose = double.NaN;
        previousEma = double.NaN;
    }

    private Signal Decide(double close, double average)
    {
        if (previousClose <= previousEma && close > average)
        {
            return Signal.EnterLong | Signal.ExitShort;
        }

        return previousClose >= previousEma && close < average ? Signal.ExitLong | Signal.EnterShort : Signal.None;
    }
}
