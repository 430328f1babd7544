using System.Globalization;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Trading;
using TradeBot.Web.Exchange;

namespace TradeBot.Web.Bots.Runner;

/// <summary>
/// Executes the engine's decisions as market orders with the decision's client order id. The order is saved as pending
/// BEFORE it is sent; the fill is booked with its trade row, the new state and its event in one commit. An unknown outcome
/// leaves the order pending for the next check to reconcile; a refusal clears it and puts the bot in error.
/// </summary>
internal sealed class BotOrders(BotTickStore store, ILogger<BotOrders> logger)
{
    /// <summary>Sends and books <paramref name="decision"/> at the current <paramref name="price"/>.</summary>
    public async Task ExecuteAsync(BotTick tick, Decision decision, decimal price, CancellationToken cancellationToken)
    {
        var rules = tick.Engine.Symbol.Rules;
        decimal quantity;
        if (decision.Kind == DecisionKind.Enter)
        {
            // Sized at the price the fill is expected at (the market price with slippage against us), as the backtester sizes.
            var expected = FillModel.FillPrice(decision, (double)price, tick.Engine.Engine.SlippageFraction);
            var size = tick.Engine.Engine.PlanEntry(ref tick.State, decision.Side, expected, tick.NowMs);
            if (!size.IsAllowed)
            {
                tick.AddEvent(BotEventKind.Tick, $"No {decision.Side.ToCode()} entry: {size.RefusalReason}.");
                return;
            }

            quantity = rules.RoundQuantityDown((decimal)size.Quantity);
            await PrepareEntryAsync(tick, cancellationToken);
        }
        else
        {
            if (tick.State.Side != decision.Side)
                return;
            quantity = await ExitQuantityAsync(tick, cancellationToken);
        }

        var clientOrderId = decision.ClientOrderId(tick.CoreBotId);
        tick.SetPending(clientOrderId, decision);
        await store.CommitAsync(tick, cancellationToken);

        var request = new MarketOrderRequest(tick.Market, tick.Config.Symbol, FillModel.IsBuy(decision) ? OrderSide.Buy : OrderSide.Sell, quantity,
            clientOrderId, ReduceOnly: tick.IsFutures && decision.Kind == DecisionKind.Exit);
        var placed = await tick.Venue.Account.PlaceMarketOrderAsync(request, cancellationToken);
        if (!placed.IsSuccess)
        {
            await RefusedAsync(tick, clientOrderId, placed.Error!, cancellationToken);
            return;
        }

        var order = placed.Value;
        if (PendingOrders.Predates(order, tick.Row.PendingAt))
        {
            // The lookup before sending found an order of the same id from before this decision: nothing was sent.
            tick.ClearPending();
            await store.CommitAsync(tick, cancellationToken);
            throw new BotTickFailure(PendingOrders.PredatesMessage(clientOrderId, order));
        }
        if (order.ExecutedQuantity <= 0)
        {
            if (order.Status is OrderStatus.New or OrderStatus.PartiallyFilled)
                throw new BotTickFailure($"Order {clientOrderId} is open ({order.Status}) without a fill yet; it is looked up at the next check.");
            await RefusedAsync(tick, clientOrderId, new ExchangeError(ExchangeErrorKind.Rejected, $"the order ended {order.Status} without a fill"), cancellationToken);
            return;
        }

        BotFills.Book(tick, decision.Kind, decision.Side, decision.Reason, order);
        await store.CommitAsync(tick, cancellationToken);
    }

    /// <summary>
    /// Auto-transfer between the spot and futures wallets, once: recorded (and committed) before the transfer is asked
    /// for, so a crash can never move the money twice; a refused transfer is un-recorded and the bot goes to error, and
    /// one without an answer stays recorded (it may have been made) while the bot goes to error saying so.
    /// </summary>
    public async Task AutoTransferAsync(BotTick tick, TransferDirection direction, CancellationToken cancellationToken)
    {
        var config = tick.Config;
        if (!config.AutoTransferEnabled || config.AutoTransferAmount <= 0 || tick.Row.AutoTransferredAt is not null)
            return;
        var asset = tick.Engine.Symbol.QuoteAsset;
        var amount = (decimal)config.AutoTransferAmount;
        var what = string.Create(CultureInfo.InvariantCulture, $"{amount} {asset} {(direction == TransferDirection.SpotToFutures ? "spot → futures" : "futures → spot")}");
        tick.Row.AutoTransferredAt = tick.Now;
        tick.AddEvent(BotEventKind.Tick, $"Auto-transfer of {what} asked for.");
        await store.CommitAsync(tick, cancellationToken);

        var transfer = await tick.Venue.Account.TransferAsync(asset, amount, direction, cancellationToken);
        if (transfer.Error is { Kind: ExchangeErrorKind.OutcomeUnknown } unknown)
        {
            // Binance may have made it: asking again could move the money twice. It stays recorded; the trader checks.
            logger.LogWarning("Bot {BotId}: auto-transfer of {Amount} {Asset} ({Direction}) got no answer; not asked for again: {Reason}",
                config.Id, amount, asset, direction, unknown.Message);
            throw new BotTickFailure($"Auto-transfer of {what} got no answer ({unknown.Message}), so it may have been made; it is not asked for again. "
                + "Check the transfer history on Binance and move the money yourself if it is not there.");
        }
        if (!transfer.IsSuccess)
        {
            tick.Row.AutoTransferredAt = null;
            await store.CommitAsync(tick, cancellationToken);
            throw new BotTickFailure($"Auto-transfer of {what} failed: {transfer.Error!.Message}");
        }

        logger.LogInformation("Bot {BotId}: auto-transferred {Amount} {Asset} ({Direction}), transfer {TransferId}", config.Id, amount, asset, direction, transfer.Value);
        tick.AddEvent(BotEventKind.Tick, string.Create(CultureInfo.InvariantCulture, $"Auto-transferred {what} (transfer {transfer.Value})."));
    }

    // Futures: the one-time transfer before the first entry, then the symbol's leverage and margin type as configured.
    private async Task PrepareEntryAsync(BotTick tick, CancellationToken cancellationToken)
    {
        if (!tick.IsFutures)
            return;
        await AutoTransferAsync(tick, TransferDirection.SpotToFutures, cancellationToken);
        var leverage = await tick.Venue.Account.SetLeverageAsync(tick.Config.Symbol, tick.Config.Leverage, cancellationToken);
        if (!leverage.IsSuccess)
            throw new BotTickFailure($"Leverage {tick.Config.Leverage} could not be set: {leverage.Error!.Message}");
        var margin = await tick.Venue.Account.SetMarginTypeAsync(tick.Config.Symbol, tick.Config.MarginType, cancellationToken);
        if (!margin.IsSuccess)
            throw new BotTickFailure($"Margin type {tick.Config.MarginType} could not be set: {margin.Error!.Message}");
    }

    // Binance may charge a spot buy's commission in the asset bought, so less than the bought quantity is held: a spot
    // exit sells what the wallet holds when that is less (the engine's PnL then differs by (exit - entry) * that fee).
    private static async Task<decimal> ExitQuantityAsync(BotTick tick, CancellationToken cancellationToken)
    {
        var rules = tick.Engine.Symbol.Rules;
        var quantity = rules.RoundQuantityDown((decimal)tick.State.Quantity);
        if (tick.IsFutures)
            return quantity;
        var balances = await tick.Venue.Account.GetBalancesAsync(tick.Market, cancellationToken);
        if (!balances.IsSuccess)
            throw new BotTickFailure($"Balances could not be read: {balances.Error!.Message}");
        var held = balances.Value.FirstOrDefault(b => b.Asset == tick.Engine.Symbol.BaseAsset)?.Free ?? 0m;
        return held < quantity ? rules.RoundQuantityDown(held) : quantity;
    }

    private async Task RefusedAsync(BotTick tick, string clientOrderId, ExchangeError error, CancellationToken cancellationToken)
    {
        if (error.Kind is ExchangeErrorKind.OutcomeUnknown)
            throw new BotTickFailure($"Order {clientOrderId}: outcome unknown ({error.Message}); it is looked up at the next check, never sent again.");
        logger.LogWarning("Bot {BotId}: order {ClientOrderId} refused: {Error}", tick.Config.Id, clientOrderId, error);
        tick.ClearPending();
        tick.AddEvent(BotEventKind.Error, $"Order {clientOrderId} refused: {error.Message}");
        await store.CommitAsync(tick, cancellationToken);
        throw new BotTickFailure($"Order {clientOrderId} refused: {error.Message}");
    }
}
