using Microsoft.Extensions.DependencyInjection;
using Quartz;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Bots;

namespace TradeBot.Tests.Bots;

/// <summary>The 00:00 UTC reset on SQLite and PostgreSQL: counters roll, daily pauses lift, manual stops stay, twice is once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DailyResetTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task NewUtcDay_BotsWithYesterdaysCounters_RollResumeDailyPausesAndKeepManualStops(string provider)
    {
        await using var host = await BotsTestHost.CreateAsync(provider, postgres, Cancel);
        var bots = await BotsAsync(host);
        host.Time.Advance(TimeSpan.FromDays(1));
        var heard = new System.Collections.Concurrent.ConcurrentDictionary<long, BotEventMessage>();
        var allHeard = new TaskCompletionSource();
        var bus = host.Services.GetRequiredService<BotEventBus>();
        var subscriptions = new[] { bots.LimitPaused, bots.LimitPausedInPosition, bots.Running }.Select(id => bus.Subscribe(id, m =>
        {
            heard[m.BotId] = m;
            if (heard.Count == 3)
                allHeard.TrySetResult();
            return Task.CompletedTask;
        })).ToList();

        var result = await host.Services.GetRequiredService<DailyReset>().RunAsync(Cancel);

        result.ShouldBe(new DailyResetResult(Rolled: 5, Resumed: 2));
        await AssertResetAsync(host, bots, Today(host));
        await allHeard.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel); // open pages hear of it
        heard[bots.LimitPaused].Kind.ShouldBe(BotEventKind.Resumed);
        heard[bots.LimitPaused].Status.ShouldBe(BotStatus.Running);
        heard[bots.LimitPausedInPosition].Status.ShouldBe(BotStatus.InPosition);
        heard[bots.Running].Kind.ShouldBe(BotEventKind.Tick);
        subscriptions.ForEach(s => s.Dispose());
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task SecondRun_SameDay_ChangesNothing(string provider)
    {
        await using var host = await BotsTestHost.CreateAsync(provider, postgres, Cancel);
        var bots = await BotsAsync(host);
        host.Time.Advance(TimeSpan.FromDays(1));
        var reset = host.Services.GetRequiredService<DailyReset>();
        await reset.RunAsync(Cancel);
        var events = await host.CountAsync<BotEvent>(Cancel);

        (await reset.RunAsync(Cancel)).ShouldBe(new DailyResetResult(0, 0));

        (await host.CountAsync<BotEvent>(Cancel)).ShouldBe(events);
        await AssertResetAsync(host, bots, Today(host));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Startup_AfterTheAppWasDownOverMidnight_CatchesUpOnTheReset(string provider)
    {
        await using var first = await BotsTestHost.CreateAsync(provider, postgres, Cancel);
        var bots = await BotsAsync(first);
        foreach (var id in new[] { bots.LimitPaused, bots.LimitPausedInPosition, bots.StoppedWithLimit, bots.PausedByUserWithLimit, bots.Running })
            await first.UpdateStateAsync(id, s => s.DailyDay--, Cancel); // their counters are from yesterday: midnight passed while down

        await using var second = await BotsTestHost.OnSameDatabaseAsync(first, Cancel);

        await AssertResetAsync(second, bots, Today(second));
    }

    [Fact]
    public async Task ResetJob_IsACronTriggerAtMidnightUtc()
    {
        await using var host = await BotsTestHost.CreateAsync("Sqlite", null, Cancel);
        var scheduler = await host.SchedulerAsync(Cancel);

        var trigger = (await scheduler.GetTriggersOfJob(DailyResetJob.Key, Cancel)).ShouldHaveSingleItem().ShouldBeAssignableTo<ICronTrigger>()!;

        trigger.TimeZone.ShouldBe(TimeZoneInfo.Utc);
        trigger.CronExpressionString.ShouldBe("0 0 0 * * ?");
        var next = trigger.NextFireTimeUtc.ShouldNotBeNull();
        next.TimeOfDay.ShouldBe(TimeSpan.Zero);
        (next - DateTimeOffset.UtcNow).ShouldBeInRange(TimeSpan.Zero, TimeSpan.FromDays(1));
    }

    private sealed record Bots(long LimitPaused, long LimitPausedInPosition, long StoppedWithLimit, long PausedByUserWithLimit, long Running);

    private static long Today(BotsTestHost host) => DailyLimits.UtcDay(host.Time.GetUtcNow().ToUnixTimeMilliseconds());

    // Five bots, each with today's counters: two paused by a daily limit (one holding a position), one the user stopped
    // and one the user paused after a limit was reached, and one running normally.
    private static async Task<Bots> BotsAsync(BotsTestHost host)
    {
        var alice = await host.CreateUserAsync("alice", Cancel);
        var today = Today(host);
        async Task<long> BotAsync(Func<long, Task>? userAction, Action<BotStateRow> runner)
        {
            var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
            (await host.Bots.StartAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue();
            await host.UpdateStateAsync(id, s =>
            {
                s.DailyDay = today;
                s.DailyTrades = 10;
                s.DailyPnl = 55;
                runner(s);
            }, Cancel);
            if (userAction is not null)
                await userAction(id);
            return id;
        }
        void LimitPause(BotStateRow s)
        {
            s.Status = BotStatus.Paused;
            s.DailyPause = s.PauseReason = PauseReason.DailyTargetReached;
        }
        return new Bots(
            LimitPaused: await BotAsync(null, LimitPause),
            LimitPausedInPosition: await BotAsync(null, s =>
            {
                LimitPause(s);
                s.PositionSide = PositionSide.Long;
                s.Quantity = 0.01;
                s.EntryPrice = s.ExtremePrice = 40_000;
            }),
            StoppedWithLimit: await BotAsync(id => host.Bots.StopAsync(alice, id, Cancel), LimitPause),
            PausedByUserWithLimit: await BotAsync(id => host.Bots.PauseAsync(alice, id, Cancel), LimitPause),
            Running: await BotAsync(null, s => s.DailyTrades = 3));
    }

    private static async Task AssertResetAsync(BotsTestHost host, Bots bots, long today)
    {
        foreach (var id in new[] { bots.LimitPaused, bots.LimitPausedInPosition, bots.StoppedWithLimit, bots.PausedByUserWithLimit, bots.Running })
        {
            var state = (await host.Bots.GetAsync(new(await OwnerAsync(host, id), false), id, Cancel)).ShouldNotBeNull().State;
            state.DailyDay.ShouldBe(today);
            state.DailyTrades.ShouldBe(0);
            state.DailyPnl.ShouldBe(0);
            state.DailyPause.ShouldBe(PauseReason.None);
        }
        await AssertBotAsync(host, bots.LimitPaused, BotStatus.Running, PauseReason.None, resumed: true);
        await AssertBotAsync(host, bots.LimitPausedInPosition, BotStatus.InPosition, PauseReason.None, resumed: true);
        await AssertBotAsync(host, bots.StoppedWithLimit, BotStatus.Stopped, PauseReason.ManualStop, resumed: false);
        await AssertBotAsync(host, bots.PausedByUserWithLimit, BotStatus.Paused, PauseReason.ManualStop, resumed: false);
        await AssertBotAsync(host, bots.Running, BotStatus.Running, PauseReason.None, resumed: false);
    }

    private static async Task AssertBotAsync(BotsTestHost host, long id, BotStatus status, PauseReason reason, bool resumed)
    {
        var state = (await host.Bots.GetAsync(new(await OwnerAsync(host, id), false), id, Cancel)).ShouldNotBeNull().State;
        state.Status.ShouldBe(status, $"bot {id}");
        state.PauseReason.ShouldBe(reason, $"bot {id}");
        state.IsStoppedManually.ShouldBe(reason == PauseReason.ManualStop);
        var byReset = (await host.EventsAsync(id, Cancel)).Where(e => e.Kind == BotEventKind.Resumed && e.Message.Contains("new UTC day")).ToList();
        byReset.Count.ShouldBe(resumed ? 1 : 0, $"bot {id}");
    }

    private static async Task<string> OwnerAsync(BotsTestHost host, long id)
    {
        await using var db = await host.Databases.CreateDbContextAsync(Cancel);
        return db.Set<BotConfig>().Single(b => b.Id == id).OwnerId;
    }
}
