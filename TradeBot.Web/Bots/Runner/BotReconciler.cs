using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Trading;
using TradeBot.Web.Exchange;

namespace TradeBot.Web.Bots.Runner;

/// <summary>
/// Before a check decides anything: an order recorded as pending (sent, or about to be sent, when the last check ended
/// without booking it) is looked up by its client order id. Filled → booked as if the check had finished; not found
/// (after <see cref="PendingOrders.NotFoundGrace"/>: it may still land until then) or ended without a fill → cleared;
/// still open or the exchange cannot say → the check stops and tries again later; an older order with the same id (the
/// id was used before) → cleared, not booked, and the bot says so.
/// </summary>
internal sealed class BotReconciler(BotTickStore store, ILogger<BotReconciler> logger)
{
    public async Task ReconcileAsync(BotTick tick, CancellationToken cancellationToken)
    {
        var row = tick.Row;
        if (row.PendingClientOrderId is not { } clientOrderId)
            return;

        if (await tick.Db.Set<Trade>().AnyAsync(t => t.ClientOrderId == clientOrderId, cancellationToken))
        {
            Clear(tick, clientOrderId, "was already booked");
            await store.CommitAsync(tick, cancellationToken);
            return;
        }

        var found = await tick.Venue.Account.GetOrderAsync(tick.Market, row.PendingSymbol ?? tick.Config.Symbol, clientOrderId, cancellationToken);
        if (!found.IsSuccess)
        {
            if (found.Error!.Kind != ExchangeErrorKind.NotFound)
                throw new BotTickFailure($"Order {clientOrderId} could not be looked up: {found.Error.Message}");
            if (PendingOrders.MayStillLand(row.PendingAt, tick.Now))
                throw new BotTickFailure($"Order {clientOrderId} is not on the exchange yet; it may still land, so it is looked up again (for up to {PendingOrders.NotFoundGrace.TotalMinutes:0} minutes after it was sent) and not replaced.");
            Clear(tick, clientOrderId, "never reached the exchange");
            await store.CommitAsync(tick, cancellationToken);
            return;
        }

        var order = found.Value;
        if (PendingOrders.Predates(order, row.PendingAt))
        {
            Clear(tick, clientOrderId, "found on the exchange is an older order with the same id; not booked");
            await store.CommitAsync(tick, cancellationToken);
            throw new BotTickFailure(PendingOrders.PredatesMessage(clientOrderId, order));
        }
        if (order.ExecutedQuantity > 0)
        {
            logger.LogWarning("Bot {BotId}: order {ClientOrderId} was filled but not booked; booking it now", tick.Config.Id, clientOrderId);
            BotFills.Book(tick, row.PendingKind ?? DecisionKind.Enter, row.PendingPositionSide ?? PositionSide.Long, row.PendingReason ?? DecisionReason.Signal, order);
            await store.CommitAsync(tick, cancellationToken);
            return;
        }

        if (order.Status is OrderStatus.New or OrderStatus.PartiallyFilled)
            throw new BotTickFailure($"Order {clientOrderId} is still open ({order.Status}); waiting for it to fill.");
        Clear(tick, clientOrderId, $"ended {order.Status} without a fill");
        await store.CommitAsync(tick, cancellationToken);
    }

    private void Clear(BotTick tick, string clientOrderId, string why)
    {
        logger.LogWarning("Bot {BotId}: pending order {ClientOrderId} {Why}; cleared", tick.Config.Id, clientOrderId, why);
        tick.ClearPending();
        tick.AddEvent(BotEventKind.Tick, $"Order {clientOrderId} {why}; cleared.");
    }
}
