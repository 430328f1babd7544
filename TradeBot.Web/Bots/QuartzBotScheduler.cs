using Microsoft.Extensions.Options;
using Quartz;
using TradeBot.Web.Data;

namespace TradeBot.Web.Bots;

/// <summary>
/// One Quartz job per active bot (key <c>bot-{id}</c> in group <c>bots</c>) with one simple trigger of the same key
/// that repeats at the bot's check interval; scheduling again replaces both. A check that would have run while the
/// process was busy or down is skipped, not caught up (misfire: next with remaining count): a bot checks the current
/// price, so a burst of late checks would only repeat the same one. The job data holds only the bot id and its
/// interval (numbers), so the same jobs can later live in Quartz's clustered database store (issue 11).
/// </summary>
public sealed class QuartzBotScheduler(
    [FromKeyedServices(QuartzBotScheduler.SchedulerName)] IScheduler scheduler, IOptions<DatabaseOptions> database, ILogger<QuartzBotScheduler> logger)
    : IBotScheduler
{
    /// <summary>The name of the app's Quartz scheduler (its services are keyed by it).</summary>
    public const string SchedulerName = "TradeBot";

    /// <summary>The job and trigger group of bot checks.</summary>
    public const string Group = "bots";

    internal const string BotIdKey = "botId";
    internal const string IntervalMsKey = "intervalMs";
    internal const string BackingOffKey = "backingOff";

    /// <summary>Quartz's clock: triggers fire on real time, whatever the app's <see cref="TimeProvider"/> says.</summary>
    internal static TimeProvider Clock => TimeProvider.System;

    /// <summary>The job of a bot's checks.</summary>
    public static JobKey JobKeyOf(long botId) => new($"bot-{botId}", Group);

    /// <summary>The trigger of a bot's checks.</summary>
    public static TriggerKey TriggerKeyOf(long botId) => new($"bot-{botId}", Group);

    /// <inheritdoc />
    public Task ScheduleAsync(long botId, TimeSpan checkInterval, CancellationToken cancellationToken) =>
        ScheduleAsync(botId, checkInterval, TimeSpan.Zero, cancellationToken);

    /// <summary>
    /// Like <see cref="ScheduleAsync(long, TimeSpan, CancellationToken)"/>, with the first check after
    /// <paramref name="firstCheckIn"/> (the startup rebuild spreads bots over one interval instead of firing all at once).
    /// </summary>
    public async Task ScheduleAsync(long botId, TimeSpan checkInterval, TimeSpan firstCheckIn, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(checkInterval, TimeSpan.Zero);
        // On the clustered store (PostgreSQL) a per-bot advisory lock keeps checks one at a time; see ClusteredBotTickJob.
        var job = Job(botId, checkInterval);
        var trigger = Trigger(botId, checkInterval, Clock.GetUtcNow() + firstCheckIn, backingOff: false);
        await scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions { Replace = true }, cancellationToken);
        logger.LogDebug("Bot {BotId} scheduled every {CheckInterval}", botId, checkInterval);
    }

    private IJobDetail Job(long botId, TimeSpan checkInterval) =>
        database.Value.Provider == DatabaseProvider.Postgres ? Job<ClusteredBotTickJob>(botId, checkInterval) : Job<BotTickJob>(botId, checkInterval);

    private static IJobDetail Job<TJob>(long botId, TimeSpan checkInterval)
        where TJob : IJob =>
        JobBuilder.Create<TJob>()
            .WithIdentity(JobKeyOf(botId))
            .WithDescription($"checks of bot {botId}")
            .UsingJobData(BotIdKey, botId)
            .UsingJobData(IntervalMsKey, (long)checkInterval.TotalMilliseconds)
            .RequestRecovery() // on the clustered store a check cut off by a dead node runs again elsewhere; checks are safe to repeat
            .Build();

    /// <summary>
    /// Makes the scheduled jobs match the active bots (the ones not stopped, read by <paramref name="loadActive"/>):
    /// schedules the missing ones, first checks spread over one interval, leaves existing ones as they are (a persistent
    /// store keeps their back-off) but for a job of an older kind (a <see cref="BotTickJob"/> kept by the clustered store
    /// from before <see cref="ClusteredBotTickJob"/>), replaced with its trigger kept, and removes jobs of bots no longer
    /// active. Returns how many were added. The jobs are
    /// listed before the bots are read: on a shared store another instance may start a bot meanwhile, and a job listed
    /// first belongs to a bot the later read sees as active, so no live bot loses its job.
    /// </summary>
    public async Task<int> RestoreAsync(
        Func<CancellationToken, Task<IReadOnlyList<(long BotId, TimeSpan CheckInterval)>>> loadActive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loadActive);
        var existing = (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(Group), cancellationToken)).ToHashSet();
        var active = await loadActive(cancellationToken);
        var wanted = active.Select(bot => JobKeyOf(bot.BotId)).ToHashSet();
        var stale = existing.Where(key => !wanted.Contains(key)).ToList();
        if (stale.Count > 0)
            await scheduler.DeleteJobs(stale, cancellationToken);
        var added = 0;
        for (var i = 0; i < active.Count; i++)
        {
            var (botId, interval) = active[i];
            if (existing.Contains(JobKeyOf(botId)))
            {
                await UpgradeAsync(botId, interval, cancellationToken);
                continue;
            }
            await ScheduleAsync(botId, interval, interval * i / active.Count, cancellationToken);
            added++;
        }
        return added;
    }

    private async Task UpgradeAsync(long botId, TimeSpan checkInterval, CancellationToken cancellationToken)
    {
        if (database.Value.Provider != DatabaseProvider.Postgres
            || await scheduler.GetJobDetail(JobKeyOf(botId), cancellationToken) is not { } stored || stored.JobType.Type == typeof(ClusteredBotTickJob))
            return;
        await scheduler.AddJob(Job(botId, checkInterval), AddJobOptions.ReplacingAndStoringNonDurable, cancellationToken); // its trigger stays
        logger.LogInformation("Bot {BotId}: its scheduled check job was of an older kind ({JobType}) and is replaced", botId, stored.JobType.Type.Name);
    }

    /// <inheritdoc />
    public async Task UnscheduleAsync(long botId, CancellationToken cancellationToken)
    {
        if (await scheduler.DeleteJob(JobKeyOf(botId), cancellationToken))
            logger.LogDebug("Bot {BotId} unscheduled", botId);
    }

    /// <summary>Moves the bot's next check to <paramref name="delay"/> from now, then every interval (a failed check's back-off).</summary>
    internal static async Task RetryAfterAsync(IScheduler scheduler, long botId, TimeSpan checkInterval, TimeSpan delay, CancellationToken cancellationToken) =>
        await scheduler.RescheduleJob(TriggerKeyOf(botId), Trigger(botId, checkInterval, Clock.GetUtcNow() + delay, backingOff: true), cancellationToken);

    /// <summary>Returns a bot that was backing off to its check interval, the next check one interval from now.</summary>
    internal static async Task ResumeIntervalAsync(IScheduler scheduler, long botId, TimeSpan checkInterval, CancellationToken cancellationToken) =>
        await scheduler.RescheduleJob(TriggerKeyOf(botId), Trigger(botId, checkInterval, Clock.GetUtcNow() + checkInterval, backingOff: false), cancellationToken);

    private static ITrigger Trigger(long botId, TimeSpan checkInterval, DateTimeOffset startAt, bool backingOff) =>
        TriggerBuilder.Create(Clock)
            .WithIdentity(TriggerKeyOf(botId))
            .ForJob(JobKeyOf(botId))
            .UsingJobData(BackingOffKey, backingOff)
            .StartAt(startAt)
            .WithSchedule(SimpleScheduleBuilder.Create()
                .WithInterval(checkInterval)
                .RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
}
