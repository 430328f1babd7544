using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;
using TradeBot.Web.Notifications;

namespace TradeBot.Tests.Notifications;

/// <summary>Which bot changes write which outbox rows, in the transaction of the change.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BotNotificationTests(PostgresServer postgres)
{
    private const NotificationEvent BotEvents = NotificationEvent.OrderFilled | NotificationEvent.PositionClosed | NotificationEvent.BotPaused
        | NotificationEvent.BotError | NotificationEvent.BotRecovered;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task OutageThenRecovery_OneErrorPerNewMessage_ThenOneRecovered(string provider)
    {
        await using var harness = await NotificationsHarness.CreateAsync(provider, postgres, smtpPort: null, Cancel, candles: 100);
        await harness.ChooseAsync(harness.Owner, BotEvents, NotificationEvent.None, Cancel);
        await harness.Runner.StartBotAsync(Bots.RunnerHarness.Input(stops: true), Cancel);
        await harness.Runner.TickAtOpenAsync(1, Cancel);

        harness.Runner.Market.IsDown = true;
        await harness.Runner.TickAtOpenAsync(2, Cancel);
        await harness.Runner.TickAtOpenAsync(3, Cancel);
        harness.Runner.Market.IsDown = false;
        await harness.Runner.TickAtOpenAsync(4, Cancel);

        var rows = await harness.OutboxAsync(Cancel);
        rows.Select(r => r.Event).ShouldBe([NotificationEvent.BotError, NotificationEvent.BotRecovered]);
        NotificationFacts.FromJson(rows[0].Facts).Message.ShouldNotBeNull().ShouldContain("simulated outage");
        rows.ShouldAllBe(r => r.BotId == harness.Runner.BotId && r.UserId == harness.Owner.UserId && r.Status == DeliveryStatus.Pending);
    }

    [Fact]
    public async Task DailyLimitPause_WithTheEntryThatReachedIt_FillAndPausedRows()
    {
        await using var harness = await NotificationsHarness.CreateAsync("Sqlite", postgres, smtpPort: null, Cancel);
        await harness.ChooseAsync(harness.Owner, BotEvents, NotificationEvent.None, Cancel);
        var input = Bots.RunnerHarness.Input(stops: false);
        input.MaxDailyTrades = 1;
        await harness.Runner.StartBotAsync(input, Cancel);

        await harness.Runner.TickUntilInPositionAsync(1, Cancel);

        var rows = await harness.OutboxAsync(Cancel);
        rows.Select(r => r.Event).ShouldBe([NotificationEvent.OrderFilled, NotificationEvent.BotPaused]);
        NotificationFacts.FromJson(rows[1].Facts).Message.ShouldBe("max daily trades reached");
    }

    [Fact]
    public async Task ManualClose_FillAndPositionClosedWithPnl()
    {
        await using var harness = await NotificationsHarness.CreateAsync("Sqlite", postgres, smtpPort: null, Cancel);
        await harness.ChooseAsync(harness.Owner, NotificationEvent.PositionClosed, NotificationEvent.None, Cancel);
        await harness.Runner.StartBotAsync(Bots.RunnerHarness.Input(stops: false), Cancel);
        await harness.Runner.TickUntilInPositionAsync(1, Cancel);
        (await harness.OutboxAsync(Cancel)).ShouldBeEmpty();

        await harness.Host.UpdateStateAsync(harness.Runner.BotId, s => s.CloseRequestedAt = harness.Host.Time.GetUtcNow(), Cancel);
        await harness.Runner.TickAtAsync(TimeSpan.FromSeconds(10), harness.Runner.Market.Price, Cancel);

        var exit = (await harness.Runner.TradesAsync(Cancel))[^1];
        exit.RealizedPnl.ShouldNotBeNull();
        var row = (await harness.OutboxAsync(Cancel)).ShouldHaveSingleItem();
        row.Event.ShouldBe(NotificationEvent.PositionClosed);
        var facts = NotificationFacts.FromJson(row.Facts);
        facts.RealizedPnl.ShouldBe(exit.RealizedPnl);
        facts.ExitReason.ShouldBe("manual");
    }

    [Fact]
    public async Task OutboxWrite_OneRowPerNewTradeAndCall_TimePerCallInTheOutput()
    {
        await using var harness = await NotificationsHarness.CreateAsync("Sqlite", postgres, smtpPort: null, Cancel);
        await harness.ChooseAsync(harness.Owner, BotEvents, NotificationEvent.None, Cancel);
        var outbox = harness.Host.Services.GetRequiredService<INotificationOutbox>();
        var factory = harness.Host.Databases;
        await using var db = await factory.CreateDbContextAsync(Cancel);
        db.Add(new Trade { BotId = 1, Symbol = "BTCUSDT", ClientOrderId = "x", CommissionAsset = "USDT", Price = 1, Quantity = 1 });

        const int Rounds = 2000;
        var added = 0;
        var clock = new Stopwatch();
        for (var i = -100; i < Rounds; i++)
        {
            if (i == 0)
                clock.Reset(); // the first calls build the JSON and EF metadata caches
            clock.Start();
            outbox.AddBotChanges(db, 1, harness.Owner.UserId, harness.Host.Time.GetUtcNow());
            clock.Stop();
            foreach (var row in db.ChangeTracker.Entries<OutboxMessage>().ToList())
            {
                added++;
                row.State = Microsoft.EntityFrameworkCore.EntityState.Detached;
            }
        }

        added.ShouldBe(Rounds + 100, "one order-filled row per call for the one new trade");
        TestContext.Current.TestOutputHelper?.WriteLine($"AddBotChanges with one new trade: {clock.Elapsed.TotalMicroseconds / Rounds:0.0} µs per call");
    }
}
