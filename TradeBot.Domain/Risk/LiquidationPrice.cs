using TradeBot.Domain.Trading;

namespace TradeBot.Domain.Risk;

/// <summary>
/// Futures liquidation price for an ISOLATED-margin position, with one maintenance margin rate (mmr) instead of
/// Binance's tiered brackets (a simplification: for the first bracket, e.g. 0.4% on BTCUSDT, it is the same).
/// The position is liquidated when margin + unrealised PnL falls to the maintenance margin mmr * quantity * price,
/// with margin = entry * quantity / leverage. Solving for the price:
/// long: <c>entry * (1 - 1/leverage) / (1 - mmr)</c>; short: <c>entry * (1 + 1/leverage) / (1 + mmr)</c>.
/// </summary>
public static class LiquidationPrice
{
    /// <summary>The refusal a bot reports when its stop would only be reached after liquidation.</summary>
    public const string StopBeyondLiquidation =
        "position refused: its stop-loss is beyond the liquidation price, so it would be liquidated first";

    /// <summary>The isolated-margin liquidation price of a position entered at <paramref name="entryPrice"/>.</summary>
    public static double Isolated(PositionSide side, double entryPrice, int leverage, double maintenanceMarginRate) =>
        side switch
        {
            PositionSide.Long => entryPrice * (1 - 1.0 / leverage) / (1 - maintenanceMarginRate),
            PositionSide.Short => entryPrice * (1 + 1.0 / leverage) / (1 + maintenanceMarginRate),
            _ => double.NaN,
        };

    /// <summary>
    /// True when a stop at <paramref name="stopPrice"/> would only trigger at or past the liquidation price
    /// (a long's stop at or below it, a short's at or above it). No stop (NaN) is never beyond.
    /// </summary>
    public static bool IsStopBeyond(PositionSide side, double stopPrice, double liquidationPrice) => side switch
    {
        PositionSide.Long => stopPrice <= liquidationPrice,
        PositionSide.Short => stopPrice >= liquidationPrice,
        _ => false,
    };
}
