using TradeBot.Domain.Market;

namespace TradeBot.Web.Bots;

/// <summary>What the bot form starts from: the settings to edit and, for a stored bot, where it stands.</summary>
/// <param name="Input">The settings shown in the form (a new bot's defaults, or the stored bot's values).</param>
/// <param name="Status">The stored bot's status; null for a new bot.</param>
/// <param name="IsInPosition">True when the stored bot holds a position (its symbol and market type are then fixed).</param>
public sealed record BotFormStart(BotInput Input, BotStatus? Status, bool IsInPosition)
{
    /// <summary>True when the stored bot is scheduled, so a change applies at its next check.</summary>
    public bool IsRunning => Status is { } status && status != BotStatus.Stopped;
}

/// <summary>One generated input of a strategy parameter, from the strategy registry's schema.</summary>
/// <param name="Name">The registry key, e.g. <c>emaFast</c>; also the validator's field name.</param>
/// <param name="Label">The name in words, e.g. "EMA fast".</param>
/// <param name="Help">One line on what it changes.</param>
/// <param name="Default">The registry's default.</param>
/// <param name="Min">Smallest allowed value.</param>
/// <param name="Max">Largest allowed value.</param>
/// <param name="IsInteger">True when only whole numbers are allowed.</param>
public sealed record StrategyParameterField(string Name, string Label, string Help, double Default, double Min, double Max, bool IsInteger)
{
    /// <summary>The increment of the number field: 1 for whole numbers, else 0.5.</summary>
    public double Step => IsInteger ? 1 : 0.5;
}

/// <summary>
/// The first entry order the settings would send at the current price, sized as the engine sizes it (trading-semantics.md
/// sections 4-5, equity = initial capital) and checked against the symbol's filters.
/// </summary>
/// <param name="Symbol">The symbol, with its base and quote assets and rules.</param>
/// <param name="Price">The last traded price.</param>
/// <param name="CommittedAmount">Quote amount committed (spot: cost including the fee; futures: margin).</param>
/// <param name="RawQuantity">Quantity before rounding.</param>
/// <param name="Quantity">Quantity rounded down to the step size (and capped at maxQty).</param>
/// <param name="Notional">Quantity times price.</param>
/// <param name="Refusal">Null when the exchange would accept the order, else which filter refuses it, in words.</param>
public sealed record OrderSizeEstimate(
    ExchangeSymbolInfo Symbol, decimal Price, double CommittedAmount, decimal RawQuantity, decimal Quantity, decimal Notional, string? Refusal)
{
    /// <summary>True when the order passes the symbol's size filters.</summary>
    public bool IsAllowed => Refusal is null;
}

/// <summary>The parts of an exchange symbol the form shows.</summary>
public sealed record ExchangeSymbolInfo(string Symbol, string BaseAsset, string QuoteAsset, SymbolRules Rules, int MaxLeverage);

/// <summary>The figures of a quick backtest over the last <see cref="BotFormService.QuickBacktestDays"/> days, or why there are none.</summary>
/// <param name="TotalReturnPerc">Total return, %.</param>
/// <param name="MaxDrawdownPerc">Largest fall from a peak of equity, %.</param>
/// <param name="TotalTrades">Closed trades.</param>
/// <param name="CandleCount">Closed candles the backtest ran over.</param>
/// <param name="FromMs">Start of the candle range asked for (Unix ms UTC).</param>
/// <param name="ToMs">End of the candle range asked for (Unix ms UTC).</param>
/// <param name="Error">Why no backtest ran; null when it did.</param>
public sealed record QuickBacktestResult(
    double TotalReturnPerc, double MaxDrawdownPerc, int TotalTrades, int CandleCount, long FromMs, long ToMs, string? Error = null)
{
    /// <summary>True when the backtest ran.</summary>
    public bool Succeeded => Error is null;

    internal static QuickBacktestResult Failed(string error, long fromMs = 0, long toMs = 0) => new(0, 0, 0, 0, fromMs, toMs, error);
}
