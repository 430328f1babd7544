namespace TradeBot.Web.Exchange.Paper;

/// <summary>
/// What a filled paper order does to balances and positions (trading-semantics.md sections 4-5). The order arrives with
/// side, quantity and fill price; these methods charge the fee on the notional in the quote asset, move the funds, and
/// either apply everything or nothing (an error leaves every entity untouched).
/// </summary>
internal static class PaperFills
{
    public static ExchangeError InsufficientBalance() =>
        new(ExchangeErrorKind.InsufficientFunds, "Account has insufficient balance for requested action.", -2010);

    /// <summary>Spot: a buy pays notional + fee in quote and receives base; a sell gives base and receives notional - fee.</summary>
    public static ExchangeError? Spot(PaperOrder order, PaperBalance baseBalance, PaperBalance quoteBalance, decimal feeRate)
    {
        var notional = order.Quantity * order.Price;
        var fee = notional * feeRate;
        if (order.Side == OrderSide.Buy)
        {
            if (quoteBalance.Free < notional + fee)
                return InsufficientBalance();
            quoteBalance.Free -= notional + fee;
            baseBalance.Free += order.Quantity;
        }
        else
        {
            if (baseBalance.Free < order.Quantity)
                return InsufficientBalance();
            baseBalance.Free -= order.Quantity;
            quoteBalance.Free += notional - fee;
        }

        order.QuoteQuantity = notional;
        order.Fee = fee;
        return null;
    }

    /// <summary>
    /// USD-M futures, isolated margin: the part of the order against the position closes it (releasing its share of the
    /// margin plus the realised PnL, a loss capped at that margin as a liquidation would), the rest opens or adds with
    /// margin = notional / leverage. A reduce-only order is cut to the position's size and never opens.
    /// </summary>
    public static ExchangeError? Futures(PaperOrder order, PaperPosition position, PaperBalance wallet, decimal feeRate)
    {
        var direction = order.Side == OrderSide.Buy ? 1 : -1;
        var held = Math.Abs(position.Quantity);
        var closing = position.Quantity != 0 && Math.Sign(position.Quantity) != direction ? Math.Min(order.Quantity, held) : 0m;
        if (order.ReduceOnly)
        {
            if (closing == 0)
                return new ExchangeError(ExchangeErrorKind.Rejected, "ReduceOnly Order is rejected.", -2022);
            order.Quantity = closing;
        }

        var opening = order.Quantity - closing;
        var notional = order.Quantity * order.Price;
        var fee = notional * feeRate;
        var openingMargin = opening * order.Price / position.Leverage;
        var released = closing == held ? position.Margin : position.Margin * closing / Math.Max(held, 1e-28m);
        var pnl = closing == 0 ? 0m : (order.Price - position.EntryPrice) * closing * Math.Sign(position.Quantity);
        var available = wallet.Free + Math.Max(released + pnl, 0m);
        if (available < openingMargin + fee)
            return new ExchangeError(ExchangeErrorKind.InsufficientFunds, "Margin is insufficient.", -2019);

        wallet.Free = available - openingMargin - fee;
        wallet.Locked += openingMargin - released;
        position.Margin += openingMargin - released;
        var remaining = position.Quantity + direction * closing;
        if (opening > 0)
        {
            var total = Math.Abs(remaining) + opening;
            position.EntryPrice = remaining == 0 ? order.Price : (position.EntryPrice * Math.Abs(remaining) + order.Price * opening) / total;
            remaining += direction * opening;
        }
        else if (remaining == 0)
        {
            position.EntryPrice = 0;
        }

        position.Quantity = remaining;
        order.QuoteQuantity = notional;
        order.Fee = fee;
        order.RealizedPnl = pnl;
        return null;
    }
}
