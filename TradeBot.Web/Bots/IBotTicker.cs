namespace TradeBot.Web.Bots;

/// <summary>
/// One check of one bot (the body of the scheduled job): reconcile any order whose outcome is unknown by its client
/// order id, read the new closed candles and the current price, run the engine, execute its decisions through the
/// bot's exchange with the decisions' client order ids, and persist fills, trades, the new state and the bot's events
/// in one transaction, then publish the events. Safe to call again after a crash at any point.
/// </summary>
public interface IBotTicker
{
    /// <summary>Runs one check of the bot now. Never throws for exchange failures: they become the bot's error state.</summary>
    Task<TickOutcome> TickAsync(long botId, CancellationToken cancellationToken);
}

/// <summary>What one check did.</summary>
public enum TickOutcome
{
    /// <summary>The bot is not active (stopped, deleted): nothing was read or written.</summary>
    NotActive,

    /// <summary>Checked; no order was needed.</summary>
    NothingToDo,

    /// <summary>At least one order was placed or reconciled and booked.</summary>
    Traded,

    /// <summary>The exchange failed; the bot is in <c>error</c> with the message and will retry with back-off.</summary>
    Failed,
}
