using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using TradeBot.Web.Bots;

namespace TradeBot.Tests.Bots;

/// <summary>
/// The Quartz scheduler of bot checks on SQLite, with a counting test ticker: intervals, no overlapping checks of one
/// bot, start/pause/stop through the bot service, rebuilding from the database, and the failure back-off.
/// </summary>
public sealed class QuartzBotSchedulerTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly CountingTicker _ticker = new();

    private Task<BotsTestHost> HostAsync() =>
        BotsTestHost.CreateAsync("Sqlite", null, Cancel, configure: services => services.AddSingleton<IBotTicker>(_ticker), scheduleChecks: true);

    private static QuartzBotScheduler Scheduler(BotsTestHost host) => (QuartzBotScheduler)host.Services.GetRequiredService<IBotScheduler>();

    [Fact]
    public async Task ScheduledBot_OneSecondInterval_TicksAtItsInterval()
    {
        await using var host = await HostAsync();
        var timer = Stopwatch.StartNew();

        await Scheduler(host).ScheduleAsync(9001, TimeSpan.FromSeconds(1), Cancel);
        await _ticker.WaitForTicksAsync(9001, 3, Patience, Cancel);

        // The first check at once, then one a second: the third comes after about two seconds.
        timer.Elapsed.ShouldBeInRange(TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task ManyTriggers_OfOneSlowBot_NeverOverlap()
    {
        await using var host = await HostAsync();
        _ticker.Delay = TimeSpan.FromMilliseconds(150);
        await Scheduler(host).ScheduleAsync(9002, TimeSpan.FromSeconds(1), Cancel);
        var scheduler = await host.SchedulerAsync(Cancel);

        for (var i = 0; i < 10; i++)
            await scheduler.TriggerJob(QuartzBotScheduler.JobKeyOf(9002), Cancel);
        await _ticker.WaitForTicksAsync(9002, 8, Patience, Cancel);

        _ticker.MaxConcurrentPerBot.ShouldBe(1);
    }

    [Fact]
    public async Task Unschedule_AfterATick_NoMoreTicks()
    {
        await using var host = await HostAsync();
        await Scheduler(host).ScheduleAsync(9003, TimeSpan.FromSeconds(1), Cancel);
        await _ticker.WaitForTicksAsync(9003, 1, Patience, Cancel);

        await Scheduler(host).UnscheduleAsync(9003, Cancel);
        var ticks = _ticker.Ticks(9003);
        await Task.Delay(TimeSpan.FromSeconds(1.5), Cancel);

        _ticker.Ticks(9003).ShouldBe(ticks);
        (await (await host.SchedulerAsync(Cancel)).Exists(QuartzBotScheduler.JobKeyOf(9003), Cancel)).ShouldBeFalse();
    }

    [Fact]
    public async Task StartPauseStop_ThroughBotService_ScheduleKeepScheduledAndUnschedule()
    {
        await using var host = await HostAsync();
        var alice = await host.CreateUserAsync("alice", Cancel);
        var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        var scheduler = await host.SchedulerAsync(Cancel);
        var key = QuartzBotScheduler.JobKeyOf(id);
        (await scheduler.Exists(key, Cancel)).ShouldBeFalse();

        (await host.Bots.StartAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue();
        await _ticker.WaitForTicksAsync(id, 1, Patience, Cancel); // the first check runs at once
        var trigger = (ISimpleTrigger)(await scheduler.GetTrigger(QuartzBotScheduler.TriggerKeyOf(id), Cancel)).ShouldNotBeNull();
        trigger.RepeatInterval.ShouldBe(TimeSpan.FromSeconds(10));

        // Paused bots keep their checks: protective exits still work while no new entries are taken.
        (await host.Bots.PauseAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue();
        (await scheduler.Exists(key, Cancel)).ShouldBeTrue();
        await _ticker.WaitForTicksAsync(id, 2, Patience, Cancel);

        (await host.Bots.StopAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue();
        (await scheduler.Exists(key, Cancel)).ShouldBeFalse();
    }

    [Fact]
    public async Task NewHost_OverTheSameDatabase_SchedulesActiveAndPausedBotsButNotStoppedOnes()
    {
        await using var first = await HostAsync();
        var alice = await first.CreateUserAsync("alice", Cancel);
        async Task<long> BotAsync(params Func<long, Task>[] steps)
        {
            var id = (await first.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
            foreach (var step in steps)
                await step(id);
            return id;
        }
        var running = await BotAsync(id => first.Bots.StartAsync(alice, id, Cancel));
        var paused = await BotAsync(id => first.Bots.StartAsync(alice, id, Cancel), id => first.Bots.PauseAsync(alice, id, Cancel));
        var stopped = await BotAsync(id => first.Bots.StartAsync(alice, id, Cancel), id => first.Bots.StopAsync(alice, id, Cancel));
        var neverStarted = await BotAsync();
        var inError = await BotAsync(id => first.Bots.StartAsync(alice, id, Cancel),
            id => first.UpdateStateAsync(id, s => s.Status = BotStatus.Error, Cancel));

        // The second host registers no ticker: its jobs run and do nothing (a warning), they do not crash.
        await using var second = await BotsTestHost.OnSameDatabaseAsync(first, Cancel, scheduleChecks: true);
        var scheduler = await second.SchedulerAsync(Cancel);

        var keys = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(QuartzBotScheduler.Group), Cancel);
        keys.ShouldBe([QuartzBotScheduler.JobKeyOf(running), QuartzBotScheduler.JobKeyOf(paused), QuartzBotScheduler.JobKeyOf(inError)], ignoreOrder: true);
        keys.ShouldNotContain(QuartzBotScheduler.JobKeyOf(stopped));
        keys.ShouldNotContain(QuartzBotScheduler.JobKeyOf(neverStarted));
        (await scheduler.GetTrigger(QuartzBotScheduler.TriggerKeyOf(running), Cancel)).ShouldBeAssignableTo<ISimpleTrigger>()!
            .RepeatInterval.ShouldBe(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RestoreAgain_JobsAlreadyThere_KeptAsTheyAreAndStaleOnesDropped()
    {
        await using var host = await HostAsync();
        var alice = await host.CreateUserAsync("alice", Cancel);
        var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        (await host.Bots.StartAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue();
        await Scheduler(host).ScheduleAsync(9005, TimeSpan.FromSeconds(60), Cancel); // no such bot in the database
        var scheduler = await host.SchedulerAsync(Cancel);
        var started = (await scheduler.GetTrigger(QuartzBotScheduler.TriggerKeyOf(id), Cancel)).ShouldNotBeNull().StartTimeUtc;

        // What a second instance on a persistent store (issue 11) would do at its startup.
        await host.Services.GetServices<IHostedService>().OfType<BotScheduleRestorer>().Single().StartAsync(Cancel);

        (await scheduler.Exists(QuartzBotScheduler.JobKeyOf(9005), Cancel)).ShouldBeFalse();
        (await scheduler.GetTrigger(QuartzBotScheduler.TriggerKeyOf(id), Cancel)).ShouldNotBeNull().StartTimeUtc.ShouldBe(started);
    }

    [Fact]
    public async Task FailedChecks_BackOffGrowsWithFailuresInARow_AndAGoodCheckReturnsToTheInterval()
    {
        await using var host = await HostAsync();
        var alice = await host.CreateUserAsync("alice", Cancel);
        var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        var scheduler = await host.SchedulerAsync(Cancel);
        _ticker.Outcome = TickOutcome.Failed;
        await host.UpdateStateAsync(id, s => s.ConsecutiveErrors = 3, Cancel); // as the runner records them

        (await host.Bots.StartAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue();
        (await NextCheckInAsync(scheduler, id, backingOff: true)).ShouldBeInRange(TimeSpan.FromSeconds(18), TimeSpan.FromSeconds(20.5));

        await host.UpdateStateAsync(id, s => s.ConsecutiveErrors = 10, Cancel);
        await scheduler.TriggerJob(QuartzBotScheduler.JobKeyOf(id), Cancel);
        await _ticker.WaitForTicksAsync(id, 2, Patience, Cancel);
        (await NextCheckInAsync(scheduler, id, backingOff: true, atLeast: TimeSpan.FromSeconds(60)))
            .ShouldBeInRange(TimeSpan.FromSeconds(298), TimeSpan.FromSeconds(300.5));

        _ticker.Outcome = TickOutcome.NothingToDo;
        await scheduler.TriggerJob(QuartzBotScheduler.JobKeyOf(id), Cancel);
        (await NextCheckInAsync(scheduler, id, backingOff: false)).ShouldBeInRange(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(10.5));
    }

    [Fact]
    public async Task Shutdown_CheckOutlastingTheShutdownTimeout_IsCancelled()
    {
        await using var host = await HostAsync();
        _ticker.Delay = TimeSpan.FromSeconds(30);
        await Scheduler(host).ScheduleAsync(9004, TimeSpan.FromSeconds(60), Cancel);
        await _ticker.WaitForRunningAsync(9004, Patience, Cancel);
        var timer = Stopwatch.StartNew();

        using var shutdownTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(0.5));
        await host.StopAsync(shutdownTimeout.Token);
        await _ticker.WaitForTicksAsync(9004, 1, Patience, Cancel);

        // Quartz waited for the running check until the timeout, then the check was cancelled rather than left running.
        _ticker.Cancelled(9004).ShouldBe(1);
        timer.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(6, 160)]
    [InlineData(7, 300)]
    [InlineData(1000, 300)]
    public void BackOff_AfterFailuresInARow_DoublesFromFiveSecondsToFiveMinutes(int consecutiveErrors, int seconds) =>
        BotBackOff.After(consecutiveErrors).ShouldBe(TimeSpan.FromSeconds(seconds));

    // Waits until the bot's trigger is (or is no longer) backing off, and returns how far its next check is.
    private static async Task<TimeSpan> NextCheckInAsync(IScheduler scheduler, long botId, bool backingOff, TimeSpan? atLeast = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var trigger = await scheduler.GetTrigger(QuartzBotScheduler.TriggerKeyOf(botId), Cancel);
            var next = trigger?.NextFireTimeUtc - DateTimeOffset.UtcNow;
            if (trigger is not null && next is { } wait && trigger.JobDataMap.TryGetBoolean(QuartzBotScheduler.BackingOffKey, out var flag)
                && flag == backingOff && wait >= (atLeast ?? TimeSpan.Zero))
                return wait;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"bot {botId}'s trigger did not reach backingOff={backingOff}");
            await Task.Delay(20, Cancel);
        }
    }
}
