using TradeBot.Domain.Market;
using TradeBot.Domain.Trading;

namespace TradeBot.Domain.Risk;

/// <summary>A protective exit that fired: why, at what price, and whether slippage applies to the fill.</summary>
/// <param name="Reason"><see cref="DecisionReason.Stop"/> or <see cref="DecisionReason.TakeProfit"/>; meaningless when not <see cref="IsTriggered"/>.</param>
/// <param name="Price">The exit price before slippage: the open on a gap, else the level itself.</param>
/// <param name="WithSlippage">True for stops (a market order chasing the price), false for take-profits.</param>
/// <param name="IsTriggered">False when no level was reached.</param>
public readonly record struct ProtectiveTrigger(DecisionReason Reason, double Price, bool WithSlippage, bool IsTriggered)
{
    /// <summary>Nothing reached.</summary>
    public static ProtectiveTrigger None => default;
}

/// <summary>
/// Stop-loss, take-profit and trailing stop, trading-semantics.md section 6. A disabled level is
/// <see cref="double.NaN"/>, which never compares true, so it never fires. For a long (a short is the mirror):
/// stop-loss = entry * (1 - stopLossPerc/100), take-profit = entry * (1 + takeProfitPerc/100),
/// trailing stop = highest price seen since entry * (1 - trailingPerc/100), effective stop = max(stop-loss, trailing).
/// </summary>
public static class ProtectiveExits
{
    /// <summary>The stop-loss price, or NaN when <paramref name="stopLossPerc"/> is 0 (not used).</summary>
    public static double StopLossPrice(PositionSide side, double entryPrice, double stopLossPerc) =>
        stopLossPerc <= 0 ? double.NaN : Away(side, entryPrice, -stopLossPerc);

    /// <summary>The take-profit price, or NaN when <paramref name="takeProfitPerc"/> is 0 (not used).</summary>
    public static double TakeProfitPrice(PositionSide side, double entryPrice, double takeProfitPerc) =>
        takeProfitPerc <= 0 ? double.NaN : Away(side, entryPrice, takeProfitPerc);

    /// <summary>The trailing stop behind <paramref name="extremePrice"/> (highest seen for a long, lowest for a short), or NaN when off.</summary>
    public static double TrailingStopPrice(PositionSide side, double extremePrice, double trailingPerc) =>
        trailingPerc <= 0 ? double.NaN : Away(side, extremePrice, -trailingPerc);

    /// <summary>The tighter of the two stops for the trader: max for a long, min for a short; NaN when both are off.</summary>
    public static double EffectiveStop(PositionSide side, double stopLossPrice, double trailingStopPrice)
    {
        if (double.IsNaN(trailingStopPrice))
        {
            return stopLossPrice;
        }

        if (double.IsNaN(stopLossPrice))
        {
            return trailingStopPrice;
        }

        return side == PositionSide.Long
            ? Math.Max(stopLossPrice, trailingStopPrice)
            : Math.Min(stopLossPrice, trailingStopPrice);
    }

    /// <summary>
    /// The backtest's pessimistic candle order, steps 1 to 4: gap through the stop (exit at open, slippage), gap over
    /// the take-profit (exit at open), stop touched (exit at the stop, slippage; wins when both are touched),
    /// take-profit touched (exit at take-profit). Step 5, moving the extreme, is <see cref="UpdateExtreme"/>, after this.
    /// </summary>
    public static ProtectiveTrigger CheckCandle(PositionSide side, in Candle candle, double effectiveStop, double takeProfit)
    {
        if (side == PositionSide.Long)
        {
            if (candle.Open <= effectiveStop) return new(DecisionReason.Stop, candle.Open, true, true);
            if (candle.Open >= takeProfit) return new(DecisionReason.TakeProfit, candle.Open, false, true);
            if (candle.Low <= effectiveStop) return new(DecisionReason.Stop, effectiveStop, true, true);
            if (candle.High >= takeProfit) return new(DecisionReason.TakeProfit, takeProfit, false, true);
        }
        else if (side == PositionSide.Short)
        {
            if (candle.Open >= effectiveStop) return new(DecisionReason.Stop, candle.Open, true, true);
            if (candle.Open <= takeProfit) return new(DecisionReason.TakeProfit, candle.Open, false, true);
            if (candle.High >= effectiveStop) return new(DecisionReason.Stop, effectiveStop, true, true);
            if (candle.Low <= takeProfit) return new(DecisionReason.TakeProfit, takeProfit, false, true);
        }

        return ProtectiveTrigger.None;
    }

    /// <summary>Live: compares the current <paramref name="price"/> with the same levels; the exit is at market.</summary>
    public static ProtectiveTrigger CheckPrice(PositionSide side, double price, double effectiveStop, double takeProfit)
    {
        var isLong = side == PositionSide.Long;
        if (side != PositionSide.None && (isLong ? price <= effectiveStop : price >= effectiveStop))
        {
            return new(DecisionReason.Stop, price, true, true);
        }

        if (side != PositionSide.None && (isLong ? price >= takeProfit : price <= takeProfit))
        {
            return new(DecisionReason.TakeProfit, price, false, true);
        }

        return ProtectiveTrigger.None;
    }

    /// <summary>Step 5: the highest price seen (long) or lowest (short) after this candle; it only moves in the trader's favour.</summary>
    public static double UpdateExtreme(PositionSide side, double extremePrice, double high, double low) =>
        side == PositionSide.Short ? Math.Min(extremePrice, low) : Math.Max(extremePrice, high);

    // price * (100 + perc) / 100 rather than price * (1 + perc / 100): exact for round inputs (100 and 10% give 110, not 110.00000000000001).
    private static double Away(PositionSide side, double price, double perc) =>
        side == PositionSide.Short ? price * (100 - perc) / 100 : price * (100 + perc) / 100;
}
