namespace TradeBot.Domain.Trading;

/// <summary>Whether a decision opens or closes a position.</summary>
public enum DecisionKind
{
    /// <summary>Open a position on <see cref="Decision.Side"/>.</summary>
    Enter,

    /// <summary>Close the position on <see cref="Decision.Side"/>.</summary>
    Exit,
}

/// <summary>
/// What the engine decided: a market order to enter or exit. Sizing happens at the fill (equity is taken at the
/// fill price), so an entry carries no quantity.
/// </summary>
/// <param name="Kind">Enter or exit.</param>
/// <param name="Side">The position's side (for an exit: the side being closed).</param>
/// <param name="Reason">Signal, stop, take-profit or end of data.</param>
/// <param name="PriceHint">The price the decision was made at: the close for a signal, the trigger price for a protective exit.</param>
/// <param name="TimeMs">Time of the event that caused it (a candle's open time, or the tick's time), Unix ms UTC.</param>
/// <param name="Sequence">The bot's decision sequence number; the client order id is derived from it.</param>
/// <param name="WithSlippage">False only for exits the fill model takes without slippage (take-profit, end of data).</param>
public readonly record struct Decision(
    DecisionKind Kind,
    PositionSide Side,
    DecisionReason Reason,
    double PriceHint,
    long TimeMs,
    long Sequence,
    bool WithSlippage)
{
    /// <summary>The client order id of this decision for bot <paramref name="botId"/>; see <see cref="Trading.ClientOrderId"/>.</summary>
    public string ClientOrderId(string botId) => Trading.ClientOrderId.For(botId, Sequence);
}

/// <summary>A closed position, as the trade list and reports show it.</summary>
/// <param name="Side">Long or short.</param>
/// <param name="EntryTimeMs">Entry fill time, Unix ms UTC.</param>
/// <param name="EntryPrice">Entry fill price (after slippage).</param>
/// <param name="ExitTimeMs">Exit fill time, Unix ms UTC.</param>
/// <param name="ExitPrice">Exit fill price (after slippage when it applies).</param>
/// <param name="Quantity">Base quantity.</param>
/// <param name="Fees">Entry fee plus exit fee, in the quote asset.</param>
/// <param name="Pnl">Net PnL after both fees, in the quote asset.</param>
/// <param name="ExitReason">Why it was closed.</param>
public readonly record struct ClosedTrade(
    PositionSide Side,
    long EntryTimeMs,
    double EntryPrice,
    long ExitTimeMs,
    double ExitPrice,
    double Quantity,
    double Fees,
    double Pnl,
    DecisionReason ExitReason)
{
    /// <summary>True when the net PnL (after both fees) is above zero.</summary>
    public bool IsWinning => Pnl > 0;
}

/// <summary>The outcome of an entry fill: filled, or refused with the reason the bot reports.</summary>
/// <param name="Quantity">Base quantity bought or sold short; 0 when refused.</param>
/// <param name="Fee">Fee charged on the notional; 0 when refused.</param>
/// <param name="RefusalReason">Null when filled, else e.g. "size below exchange filters" or a pause reason.</param>
public readonly record struct EntryResult(double Quantity, double Fee, string? RefusalReason)
{
    /// <summary>True when the position was opened.</summary>
    public bool IsFilled => RefusalReason is null;
}
