using TradeBot.Domain.Risk;

namespace TradeBot.Domain.Trading;

/// <summary>
/// Everything a bot remembers between events. A mutable value: the engine advances it in place through
/// <c>ref</c>, so a step allocates nothing; copy it to keep a snapshot (a live runner persists it after each event).
/// Money is in the quote asset.
/// </summary>
public record struct BotState
{
    /// <summary>The state of a new bot with <paramref name="initialCapital"/> and no position.</summary>
    public static BotState Start(double initialCapital) => new()
    {
        Cash = initialCapital,
        EntryPrice = double.NaN,
        ExtremePrice = double.NaN,
        StopLossPrice = double.NaN,
        TakeProfitPrice = double.NaN,
        Daily = new DailyCounters(long.MinValue, 0, 0, PauseReason.None),
    };

    /// <summary>Side of the open position, or None.</summary>
    public PositionSide Side { get; set; }

    /// <summary>Base quantity held (long) or owed (short); 0 when flat.</summary>
    public double Quantity { get; set; }

    /// <summary>Entry fill price; NaN when flat.</summary>
    public double EntryPrice { get; set; }

    /// <summary>Entry fill time, Unix ms UTC.</summary>
    public long EntryTimeMs { get; set; }

    /// <summary>Fee paid at entry, added to the trade's fees at exit.</summary>
    public double EntryFee { get; set; }

    /// <summary>Highest price seen since entry (long) or lowest (short), starting at the entry price; drives the trailing stop.</summary>
    public double ExtremePrice { get; set; }

    /// <summary>Fixed stop-loss price set at entry; NaN when not used.</summary>
    public double StopLossPrice { get; set; }

    /// <summary>Take-profit price set at entry; NaN when not used.</summary>
    public double TakeProfitPrice { get; set; }

    /// <summary>Spot: free quote balance. Futures: wallet balance (margin included, unrealised PnL not).</summary>
    public double Cash { get; set; }

    /// <summary>Today's counters for the daily limits.</summary>
    public DailyCounters Daily { get; set; }

    /// <summary>True once the user stopped the bot: no new entries, whatever the day; protective exits still run.</summary>
    public bool IsStoppedManually { get; set; }

    /// <summary>Decisions taken so far; the next decision gets this number plus one.</summary>
    public long Sequence { get; set; }

    /// <summary>Why no new entries are taken right now (a manual stop first), or None.</summary>
    public readonly PauseReason PauseReason => IsStoppedManually ? PauseReason.ManualStop : Daily.Pause;
}
