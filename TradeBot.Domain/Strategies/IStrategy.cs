using TradeBot.Domain.Market;

namespace TradeBot.Domain.Strategies;

/// <summary>
/// A trading strategy: turns closed candles into signals. One instance per bot or backtest (it owns its
/// indicators' state). Implementations must be O(1) and allocation-free per candle, and must never look at
/// a candle before it is closed.
/// </summary>
public interface IStrategy
{
    /// <summary>The registry name, e.g. <c>ema-rsi</c>.</summary>
    string Name { get; }

    /// <summary>Closed candles needed before the first signal can be given (freqtrade's startup_candle_count).</summary>
    int WarmUpPeriod { get; }

    /// <summary>True once the strategy has seen enough candles to give signals.</summary>
    bool IsReady { get; }

    /// <summary>Feeds the next closed candle (forward only) and returns the signals at its close.</summary>
    Signal OnCandle(in Candle candle);

    /// <summary>Forgets every candle seen, as if newly created.</summary>
    void Reset();
}
