using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Domain.Market;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Bots;
using TradeBot.Web.Bots.Runner;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Paper;

namespace TradeBot.Tests.Bots;

/// <summary>A check killed between "order sent" and "saved" is reconciled by client order id at the next one: one order, one trade.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BotRunnerRecoveryTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly FailingInsert _tradeInsert = new("bot_trades");

    private Task<RunnerHarness> HarnessAsync(string provider) =>
        RunnerHarness.CreateAsync(provider, postgres, 600, Cancel, configure: services =>
        {
            services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(_tradeInsert));
            services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(_tradeInsert));
        });

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task CrashAfterOrderSent_NextCheckBooksIt_OneOrderOneTrade(string provider)
    {
        await using var harness = await HarnessAsync(provider);
        await harness.StartBotAsync(RunnerHarness.Input(stops: true), Cancel);
        _tradeInsert.IsFailing = true;

        var index = await TickUntilOrderAsync(harness);
        var crashed = await harness.StateAsync(Cancel);
        crashed.PendingClientOrderId.ShouldNotBeNull("the order id was saved before it was sent");
        crashed.PendingKind.ShouldBe(DecisionKind.Enter);
        crashed.PositionSide.ShouldBe(PositionSide.None, "the fill was never saved");
        crashed.Status.ShouldBe(BotStatus.Error);
        (await harness.PaperOrderCountAsync(Cancel)).ShouldBe(1);
        (await harness.TradesAsync(Cancel)).ShouldBeEmpty();

        // "Restart": a new host on the same database with a cold engine cache.
        _tradeInsert.IsFailing = false;
        harness.Host.Time.Advance(TimeSpan.FromSeconds(10));
        var (restarted, _) = await harness.SecondInstanceAsync(Cancel);
        await using var disposeRestarted = restarted;
        var ticker = restarted.Services.GetRequiredService<IBotTicker>();
        (await ticker.TickAsync(harness.BotId, Cancel)).ShouldBe(TickOutcome.Traded);
        (await ticker.TickAsync(harness.BotId, Cancel)).ShouldBe(TickOutcome.NothingToDo);

        var trade = (await harness.TradesAsync(Cancel)).ShouldHaveSingleItem();
        trade.ClientOrderId.ShouldBe(crashed.PendingClientOrderId);
        (await harness.PaperOrderCountAsync(Cancel)).ShouldBe(1, "the order was looked up, never sent again");
        var booked = await harness.StateAsync(Cancel);
        booked.PendingClientOrderId.ShouldBeNull();
        booked.PositionSide.ShouldBe(PositionSide.Long);
        booked.Quantity.ShouldBe((double)trade.Quantity);
        booked.Status.ShouldBe(BotStatus.InPosition);
        booked.LastError.ShouldBeNull();
        index.ShouldBeGreaterThan(1);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task PendingOrderNeverPlaced_NextCheckClearsIt_AndTradesOn(string provider)
    {
        await using var harness = await HarnessAsync(provider);
        await harness.StartBotAsync(RunnerHarness.Input(stops: true), Cancel);
        await harness.TickAtOpenAsync(1, Cancel);
        await harness.Host.UpdateStateAsync(harness.BotId, s =>
        {
            s.PendingClientOrderId = $"tb-{harness.BotId}-999";
            s.PendingSymbol = "BTCUSDT";
            s.PendingKind = DecisionKind.Enter;
            s.PendingPositionSide = PositionSide.Long;
            s.PendingReason = DecisionReason.Signal;
        }, Cancel);

        (await harness.TickAtOpenAsync(2, Cancel)).ShouldNotBe(TickOutcome.Failed);

        var state = await harness.StateAsync(Cancel);
        state.PendingClientOrderId.ShouldBeNull();
        state.PositionSide.ShouldBe(PositionSide.None);
        (await harness.TradesAsync(Cancel)).ShouldBeEmpty();
        (await harness.Host.EventsAsync(harness.BotId, Cancel)).ShouldContain(e => e.Message.Contains("never reached the exchange"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task PendingOrderJustSaved_NotFoundYet_LookedUpAgainNotReplaced_ClearedAfterTheGrace(string provider)
    {
        await using var harness = await HarnessAsync(provider);
        await harness.StartBotAsync(RunnerHarness.Input(stops: true), Cancel);
        await harness.TickAtOpenAsync(1, Cancel);
        var clientOrderId = $"tb-{harness.BotId}-999";
        var savedAt = harness.Host.Time.GetUtcNow();
        await harness.Host.UpdateStateAsync(harness.BotId, s =>
        {
            s.PendingClientOrderId = clientOrderId;
            s.PendingSymbol = "BTCUSDT";
            s.PendingKind = DecisionKind.Enter;
            s.PendingPositionSide = PositionSide.Long;
            s.PendingReason = DecisionReason.Signal;
            s.PendingAt = savedAt; // a check that lost its lock may still be sending it
        }, Cancel);
        var price = harness.Market.Price;

        (await harness.TickAtAsync(TimeSpan.FromSeconds(20), price, Cancel)).ShouldBe(TickOutcome.Failed);
        var waiting = await harness.StateAsync(Cancel);
        waiting.PendingClientOrderId.ShouldBe(clientOrderId, "not found 20 s after it was saved, it may still land: it is not replaced");
        waiting.LastError.ShouldNotBeNull().ShouldContain("may still land");

        (await harness.TickAtAsync(PendingOrders.NotFoundGrace, price, Cancel)).ShouldNotBe(TickOutcome.Failed);
        (await harness.StateAsync(Cancel)).PendingClientOrderId.ShouldNotBe(clientOrderId);
        (await harness.Host.EventsAsync(harness.BotId, Cancel)).ShouldContain(e => e.Message.Contains($"{clientOrderId} never reached the exchange"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task OrderIdUsedBefore_OlderOrderFound_NotBookedNothingSent_BotSaysSo(string provider)
    {
        await using var harness = await HarnessAsync(provider);
        await harness.StartBotAsync(RunnerHarness.Input(stops: true), Cancel);
        // A database restored from an old backup: the exchange already holds orders with the ids this bot will use.
        var wallet = BotVenues.PaperWalletId(harness.BotId);
        (await harness.Host.Services.GetRequiredService<PaperExchangeFactory>().ForWallet(wallet).GetBalancesAsync(MarketType.Spot, Cancel)).IsSuccess.ShouldBeTrue();
        var monthAgo = harness.Market.Candles[0].OpenTimeMs - (long)TimeSpan.FromDays(30).TotalMilliseconds;
        await using (var db = await harness.Host.Databases.CreateDbContextAsync(Cancel))
        {
            for (var sequence = 0; sequence <= 300; sequence++)
            {
                db.Add(new PaperOrder
                {
                    WalletId = wallet, Market = MarketType.Spot, Symbol = "BTCUSDT", ClientOrderId = $"tb-{harness.BotId}-{sequence}", Side = OrderSide.Buy,
                    Quantity = 0.01m, Price = 30_000m, QuoteQuantity = 300m, FeeAsset = "USDT", TransactTimeMs = monthAgo,
                });
            }
            await db.SaveChangesAsync(Cancel);
        }

        var index = 1;
        while ((await harness.TickAtOpenAsync(index, Cancel)) != TickOutcome.Failed)
            (++index).ShouldBeLessThan(harness.Market.Candles.Count, "the bot never decided to trade");

        var state = await harness.StateAsync(Cancel);
        state.LastError.ShouldNotBeNull().ShouldContain("already holds an order");
        state.PendingClientOrderId.ShouldBeNull();
        state.PositionSide.ShouldBe(PositionSide.None);
        (await harness.TradesAsync(Cancel)).ShouldBeEmpty("the old order is not this decision's fill");
        (await harness.PaperOrderCountAsync(Cancel)).ShouldBe(301, "nothing was sent");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task TwoInstancesCheckTheEntryCandle_OneOrderOneTrade(string provider)
    {
        int entryIndex;
        await using (var probe = await HarnessAsync(provider))
        {
            await probe.StartBotAsync(RunnerHarness.Input(stops: true), Cancel);
            entryIndex = await probe.TickUntilInPositionAsync(1, Cancel);
        }

        await using var fresh = await HarnessAsync(provider);
        await fresh.StartBotAsync(RunnerHarness.Input(stops: true), Cancel);
        for (var i = 1; i < entryIndex; i++)
            await fresh.TickAtOpenAsync(i, Cancel);

        // Instance A loads the bot and is held reading candles; instance B runs the whole entry check meanwhile.
        var hold = new TaskCompletionSource();
        fresh.Market.Hold = hold.Task;
        var first = fresh.TickAtOpenAsync(entryIndex, Cancel);
        await Task.Delay(100, Cancel);
        var (other, otherMarket) = await fresh.SecondInstanceAsync(Cancel);
        await using var disposeOther = other;
        otherMarket.Price = fresh.Market.Price;
        (await other.Services.GetRequiredService<IBotTicker>().TickAsync(fresh.BotId, Cancel)).ShouldBe(TickOutcome.Traded);
        hold.SetResult();

        (await first).ShouldNotBe(TickOutcome.Traded);
        (await fresh.TradesAsync(Cancel)).ShouldHaveSingleItem();
        (await fresh.PaperOrderCountAsync(Cancel)).ShouldBe(1);
        var state = await fresh.StateAsync(Cancel);
        state.PositionSide.ShouldBe(PositionSide.Long);
        state.PendingClientOrderId.ShouldBeNull();
    }

    [Theory]
    [InlineData("Sqlite")]
    public async Task StoppedWithOrderNotBooked_DeleteRefused(string provider)
    {
        await using var harness = await HarnessAsync(provider);
        await harness.StartBotAsync(RunnerHarness.Input(stops: true), Cancel);
        (await harness.Host.Bots.StopAsync(harness.Owner, harness.BotId, Cancel)).Succeeded.ShouldBeTrue();
        await harness.Host.UpdateStateAsync(harness.BotId, s => s.PendingClientOrderId = $"tb-{harness.BotId}-1", Cancel);

        (await harness.Host.Bots.DeleteAsync(harness.Owner, harness.BotId, Cancel)).ShouldBe(BotDeleteOutcome.InPosition);
    }

    private static async Task<int> TickUntilOrderAsync(RunnerHarness harness)
    {
        for (var i = 1; i < harness.Market.Candles.Count; i++)
        {
            if (await harness.TickAtOpenAsync(i, Cancel) == TickOutcome.Failed)
                return i;
        }

        throw new InvalidOperationException("no order was sent");
    }
}
