using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;
using TradeBot.Web.Admin;
using TradeBot.Web.Bots;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Admin;

/// <summary>
/// Every user's bots for the admin, and the emergency stops: the same stop a trader makes (state, event, unscheduled,
/// announced on the bus to the owner's pages), one audit line per bot naming the owner, a position left open.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AdminBotServiceTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task StopAll_OneUserThenEveryone_StopsOnlyThoseAsATraderWould(string provider)
    {
        await using var host = await AdminTestHost.CreateAsync(provider, postgres, Cancel);
        var admin = await host.AccountAsync("admin", admin: true);
        var alice = await host.AccountAsync("alice");
        var bob = await host.AccountAsync("bob");
        var alice1 = await host.RunningBotAsync(alice, "a1");
        var alice2 = await host.RunningBotAsync(alice, "a2");
        var bobRunning = await host.RunningBotAsync(bob, "b1");
        await host.Bots.Bots.PauseAsync(bob, bobRunning, Cancel);
        await host.Bots.UpdateStateAsync(alice2, s => { s.Status = BotStatus.InPosition; s.PositionSide = PositionSide.Long; s.Quantity = 0.5; }, Cancel);
        var heard = new ConcurrentQueue<BotEventMessage>();
        using var subscription = host.Bots.Services.GetRequiredService<BotEventBus>().SubscribeToUser(alice.UserId, m =>
        {
            heard.Enqueue(m);
            return Task.CompletedTask;
        });

        (await host.AdminBots.StopAllAsync(admin, alice.UserId, Cancel)).ShouldBe(2);

        (await host.StateAsync(alice1)).Status.ShouldBe(BotStatus.Stopped);
        var held = await host.StateAsync(alice2);
        (held.Status, held.PositionSide, held.Quantity, held.PauseReason).ShouldBe((BotStatus.Stopped, PositionSide.Long, 0.5, PauseReason.ManualStop));
        (await host.StateAsync(bobRunning)).Status.ShouldBe(BotStatus.Paused, "another user's bot is untouched");
        (await host.Bots.EventsAsync(alice2, Cancel))[^1].Message.ShouldBe("Stopped by an admin. The long position stays open, unwatched.");
        host.Scheduler.Calls.ShouldContain($"unschedule {alice1}");
        host.Scheduler.Calls.ShouldContain($"unschedule {alice2}");
        await Eventually.HoldsAsync(() => heard.Count >= 2, TimeSpan.FromSeconds(5), "the bus delivering both stops");
        heard.Select(m => (m.BotId, m.Status)).Order().ShouldBe([(alice1, BotStatus.Stopped), (alice2, BotStatus.Stopped)]);

        (await host.AdminBots.StopAllAsync(admin, null, Cancel)).ShouldBe(1, "only bob's paused bot was still active");
        (await host.StateAsync(bobRunning)).Status.ShouldBe(BotStatus.Stopped);
        (await host.AdminBots.StopAllAsync(admin, null, Cancel)).ShouldBe(0);

        var lines = await host.AdminLinesAsync();
        lines.Select(l => (l.Action, l.TargetId, l.OwnerId)).ShouldBe([
            (AuditActions.AdminBotStopped, alice1.ToString(), alice.UserId), (AuditActions.AdminBotStopped, alice2.ToString(), alice.UserId),
            (AuditActions.AdminBotStopped, bobRunning.ToString(), bob.UserId)]);
        lines.ShouldAllBe(l => l.ActorId == admin.UserId && l.TargetType == "bot");
    }

    [Fact]
    public async Task StopAll_AdminDemotedSinceThePageOpened_RefusedNothingStopped()
    {
        await using var host = await AdminTestHost.CreateAsync("Sqlite", postgres, Cancel);
        var admin = await host.AccountAsync("admin", admin: true); // the caller keeps saying IsAdmin, as an old cookie would
        var alice = await host.AccountAsync("alice");
        var running = await host.RunningBotAsync(alice, "a1");
        (await host.WithUsersAsync(async users => await users.RemoveFromRoleAsync((await users.FindByIdAsync(admin.UserId))!, Roles.Admin)))
            .Succeeded.ShouldBeTrue();

        var refused = await Should.ThrowAsync<UnauthorizedAccessException>(() => host.AdminBots.StopAllAsync(admin, null, Cancel));

        refused.Message.ShouldBe(AdminAccess.NoLongerAdmin);
        (await host.StateAsync(running)).Status.ShouldBe(BotStatus.Running);
        (await host.AdminLinesAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task List_EveryUsersBots_WithOwnerStatusAndPnl(string provider)
    {
        await using var host = await AdminTestHost.CreateAsync(provider, postgres, Cancel);
        var admin = await host.AccountAsync("admin", admin: true);
        var alice = await host.AccountAsync("alice");
        var bob = await host.AccountAsync("bob");
        var bobs = await host.RunningBotAsync(bob, "bob's");
        var alices = (await host.Bots.Bots.CreateAsync(alice, BotsTestHostInput("alice's"), Cancel)).Bot!.Config.Id;
        var today = DailyLimits.UtcDay(host.Bots.Time.GetUtcNow().ToUnixTimeMilliseconds());
        await host.Bots.UpdateStateAsync(bobs, s => { s.DailyDay = today; s.DailyPnl = 12.5; }, Cancel);
        await host.Bots.UpdateStateAsync(alices, s => { s.DailyDay = today - 1; s.DailyPnl = 99; }, Cancel);
        await using (var db = await host.Bots.Databases.CreateDbContextAsync(Cancel))
        {
            foreach (var (pnl, n) in new decimal?[] { 10.25m, -3m, null }.Select((p, i) => (p, i)))
                db.Add(new Trade
                {
                    BotId = bobs, Symbol = "BTCUSDT", ExchangeOrderId = n, ClientOrderId = $"c{n}", Side = OrderSide.Sell, Price = 1, Quantity = 1,
                    QuoteQuantity = 1, CommissionAsset = "USDT", RealizedPnl = pnl, ExecutedAt = host.Bots.Time.GetUtcNow(),
                });
            await db.SaveChangesAsync(Cancel);
        }

        var rows = await host.AdminBots.ListAsync(admin, null, Cancel);

        rows.Select(r => (r.OwnerEmail, r.Name, r.Status, r.TodayPnl, r.TotalPnl)).ShouldBe([
            ("alice@example.com", "alice's", BotStatus.Stopped, 0d, 0m),
            ("bob@example.com", "bob's", BotStatus.Running, 12.5, 7.25m)]);
        (await host.AdminBots.ListAsync(admin, bob.UserId, Cancel)).Select(r => r.Id).ShouldBe([bobs]);
    }

    private static BotInput BotsTestHostInput(string name)
    {
        var input = TradeBot.Tests.Bots.BotsTestHost.ValidInput();
        input.Name = name;
        return input;
    }
}
