using System.Globalization;
using TradeBot.Domain.Trading;
using TradeBot.Web.Exchange;

namespace TradeBot.Web.Bots.Runner;

/// <summary>
/// Books an exchange fill into the bot: the engine's entry or exit (with the exchange's executed quantity, average price
/// and fee in quote), a <see cref="Trade"/> row, the pending order cleared and a fill event. The caller commits all of it
/// in one transaction.
/// </summary>
internal static class BotFills
{
    public static void Book(BotTick tick, DecisionKind kind, PositionSide side, DecisionReason reason, OrderResult order)
    {
        var engine = tick.Engine.Engine;
        var price = (double)order.AveragePrice;
        var quantity = (double)order.ExecutedQuantity;
        var fee = (double)order.FeeInQuote;
        decimal? pnl = null;
        string? exitReason = null;
        if (kind == DecisionKind.Enter)
        {
            engine.ApplyEntryFill(ref tick.State, side, price, quantity, fee, tick.NowMs);
        }
        else if (tick.State.Side != PositionSide.None)
        {
            var closed = engine.ApplyExitFill(ref tick.State, reason, price, fee, tick.NowMs);
            pnl = (decimal)closed.Pnl;
            exitReason = reason.ToCode();
        }

        var (commission, commissionAsset) = Commission(order, tick.Engine.Symbol.QuoteAsset);
        tick.Db.Add(new Trade
        {
            BotId = tick.Config.Id, Symbol = order.Symbol, ExchangeOrderId = order.OrderId, ClientOrderId = order.ClientOrderId, Side = order.Side,
            Price = order.AveragePrice, Quantity = order.ExecutedQuantity, QuoteQuantity = order.QuoteQuantity,
            Commission = commission, CommissionAsset = commissionAsset, RealizedPnl = pnl, ExitReason = exitReason,
            ExecutedAt = order.TransactTimeMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(order.TransactTimeMs) : tick.Now,
        });
        tick.ClearPending();
        tick.Traded = true;
        var what = kind == DecisionKind.Enter ? $"opened {side.ToCode()}" : $"closed {side.ToCode()} ({reason.ToCode()}), PnL {pnl:0.########}";
        tick.AddEvent(BotEventKind.Fill, string.Create(CultureInfo.InvariantCulture,
            $"{order.Side} {order.ExecutedQuantity} {order.Symbol} at {order.AveragePrice}, fee {order.FeeInQuote:0.########} {tick.Engine.Symbol.QuoteAsset}: {what}. Order {order.ClientOrderId}."));
    }

    // Commissions in one asset are kept as charged; mixed assets are stored as the fee converted to the quote asset.
    private static (decimal Amount, string Asset) Commission(OrderResult order, string quoteAsset)
    {
        if (order.Fills.Count > 0 && order.Fills.All(f => f.CommissionAsset == order.Fills[0].CommissionAsset))
            return (order.Fills.Sum(f => f.Commission), order.Fills[0].CommissionAsset);
        return (order.FeeInQuote, quoteAsset);
    }
}
