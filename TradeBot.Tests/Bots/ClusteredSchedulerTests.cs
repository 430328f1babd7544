using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Bots;

namespace TradeBot.Tests.Bots;

/// <summary>
/// Two app hosts on one PostgreSQL database share Quartz's clustered job store: every bot's checks run, each on one
/// instance at a time (a per-bot lock: checks slower than their interval included), and when one instance stops the
/// other carries all the bots.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusteredSchedulerTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const int Bots = 40;

    private readonly CountingTicker _shared = new() { Delay = TimeSpan.FromMilliseconds(150) };
    private readonly ConcurrentDictionary<string, int> _byInstance = new();

    private Action<IServiceCollection> Ticker(string instance) =>
        services => services.AddSingleton<IBotTicker>(new InstanceTicker(instance, _shared, _byInstance));

    [Fact]
    public async Task TwoInstances_EveryBotChecked_NeverOnBothAtOnce_OneStops_TheOtherCarriesAll()
    {
        await using var a = await BotsTestHost.CreateAsync("Postgres", postgres, Cancel, configure: Ticker("a"), scheduleChecks: true);
        await using var b = await BotsTestHost.OnSameDatabaseAsync(a, Cancel, configure: Ticker("b"), scheduleChecks: true);
        var scheduler = (QuartzBotScheduler)a.Services.GetRequiredService<IBotScheduler>();
        var ids = Enumerable.Range(1, Bots).Select(i => 7000L + i).ToList();
        foreach (var id in ids)
            await scheduler.ScheduleAsync(id, TimeSpan.FromSeconds(1), Cancel);

        foreach (var id in ids)
            await _shared.WaitForTicksAsync(id, 5, TimeSpan.FromSeconds(60), Cancel);

        _shared.MaxConcurrentPerBot.ShouldBe(1, "a bot's check never runs on both instances at once");
        (await a.SchedulerAsync(Cancel)).SchedulerInstanceId.ShouldNotBe((await b.SchedulerAsync(Cancel)).SchedulerInstanceId);
        _byInstance.GetValueOrDefault("a").ShouldBeGreaterThan(0, Split());
        _byInstance.GetValueOrDefault("b").ShouldBeGreaterThan(0, Split());

        await a.StopAsync(Cancel);
        var before = ids.ToDictionary(id => id, _shared.Ticks);
        var onB = _byInstance.GetValueOrDefault("b");
        foreach (var id in ids)
            await _shared.WaitForTicksAsync(id, before[id] + 3, TimeSpan.FromSeconds(30), Cancel);

        (_byInstance.GetValueOrDefault("b") - onB).ShouldBeGreaterThanOrEqualTo(3 * Bots, "b now checks every bot");
        _shared.MaxConcurrentPerBot.ShouldBe(1);
    }

    [Fact]
    public async Task ChecksSlowerThanTheirInterval_NeverOverlapAcrossInstances_TheFiresBetweenAreSkipped()
    {
        var slow = new CountingTicker { Delay = TimeSpan.FromMilliseconds(2500) };
        var fires = new FireCounter();
        Action<IServiceCollection> ticker = services => services.AddSingleton<IBotTicker>(slow);
        await using var a = await BotsTestHost.CreateAsync("Postgres", postgres, Cancel, configure: ticker, scheduleChecks: true);
        await using var b = await BotsTestHost.OnSameDatabaseAsync(a, Cancel, configure: ticker, scheduleChecks: true);
        foreach (var host in new[] { a, b })
            (await host.SchedulerAsync(Cancel)).ListenerManager.AddJobListener(fires, GroupMatcher<JobKey>.GroupEquals(QuartzBotScheduler.Group));
        var scheduler = (QuartzBotScheduler)a.Services.GetRequiredService<IBotScheduler>();
        var ids = Enumerable.Range(1, 6).Select(i => 7100L + i).ToList();
        foreach (var id in ids)
            await scheduler.ScheduleAsync(id, TimeSpan.FromSeconds(1), Cancel);

        foreach (var id in ids)
            await slow.WaitForTicksAsync(id, 3, TimeSpan.FromSeconds(60), Cancel);

        slow.MaxConcurrentPerBot.ShouldBe(1, "a check that outlasts its interval is never joined by the next fire, on either instance");
        var checks = ids.Sum(slow.Ticks);
        fires.Count.ShouldBeGreaterThan(checks + ids.Count, $"fires met running checks and were skipped ({fires.Count} fires, {checks} checks done)");
    }

    [Fact]
    public async Task Restore_ReplacesAJobOfTheOlderKind_KeepingItsTrigger()
    {
        await using var a = await BotsTestHost.CreateAsync("Postgres", postgres, Cancel, configure: Ticker("a"), scheduleChecks: true);
        var quartz = await a.SchedulerAsync(Cancel);
        await quartz.Standby(Cancel); // nothing fires while the test looks
        // As the clustered store kept it before ClusteredBotTickJob: a BotTickJob, one check at a time by Quartz's lock.
        var old = JobBuilder.Create<BotTickJob>().WithIdentity(QuartzBotScheduler.JobKeyOf(7201)).UsingJobData(QuartzBotScheduler.BotIdKey, 7201L)
            .UsingJobData(QuartzBotScheduler.IntervalMsKey, 60_000L).RequestRecovery().Build();
        var startAt = DateTimeOffset.UtcNow.AddMinutes(10);
        await quartz.ScheduleJob(old, TriggerBuilder.Create().WithIdentity(QuartzBotScheduler.TriggerKeyOf(7201)).ForJob(old)
            .StartAt(startAt).WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(1)).RepeatForever()).Build(), new ScheduleJobOptions(), Cancel);
        var scheduler = (QuartzBotScheduler)a.Services.GetRequiredService<IBotScheduler>();

        var added = await scheduler.RestoreAsync(_ => Task.FromResult<IReadOnlyList<(long, TimeSpan)>>([(7201L, TimeSpan.FromMinutes(1))]), Cancel);

        added.ShouldBe(0);
        var job = (await quartz.GetJobDetail(QuartzBotScheduler.JobKeyOf(7201), Cancel)).ShouldNotBeNull();
        job.JobType.Type.ShouldBe(typeof(ClusteredBotTickJob));
        job.ConcurrentExecutionDisallowed.ShouldBeFalse();
        job.RequestsRecovery.ShouldBeTrue();
        var trigger = (await quartz.GetTrigger(QuartzBotScheduler.TriggerKeyOf(7201), Cancel)).ShouldNotBeNull();
        trigger.NextFireTimeUtc.ShouldNotBeNull().ToUnixTimeSeconds().ShouldBe(startAt.ToUnixTimeSeconds());
    }

    private sealed class FireCounter : IJobListener
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public string Name => "fire-counter";

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return ValueTask.CompletedTask;
        }

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default) =>
            ValueTask.CompletedTask;
    }

    private string Split() => string.Join(", ", _byInstance.Select(p => $"{p.Key}: {p.Value} checks"));

    private sealed class InstanceTicker(string instance, CountingTicker shared, ConcurrentDictionary<string, int> byInstance) : IBotTicker
    {
        public async Task<TickOutcome> TickAsync(long botId, CancellationToken cancellationToken)
        {
            var outcome = await shared.TickAsync(botId, cancellationToken);
            byInstance.AddOrUpdate(instance, 1, (_, n) => n + 1);
            return outcome;
        }
    }
}
