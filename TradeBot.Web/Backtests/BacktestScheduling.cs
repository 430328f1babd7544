using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;

namespace TradeBot.Web.Backtests;

/// <summary>Settings of the backtest jobs (section <c>Backtests</c>).</summary>
public sealed class BacktestOptions
{
    public const string Section = "Backtests";

    /// <summary>Backtests and sweeps running at once in this process; more wait in the queue. A sweep uses every core.</summary>
    [Range(1, 16)]
    public int MaxConcurrentRuns { get; set; } = 2;
}

/// <summary>Starts stored runs in the background.</summary>
public interface IBacktestScheduler
{
    /// <summary>Runs <paramref name="runId"/> as soon as a slot is free.</summary>
    Task ScheduleAsync(long runId, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the run's job is still in a job store that outlives this process (PostgreSQL: Quartz's clustered store),
    /// waiting or running on some instance. Always false for the in-memory store, which a restart empties.
    /// </summary>
    Task<bool> IsKeptAsync(long runId, CancellationToken cancellationToken);
}

/// <summary>One Quartz job per run on the app's scheduler (the bots' one), started at once.</summary>
public sealed class QuartzBacktestScheduler(
    [FromKeyedServices(QuartzBotScheduler.SchedulerName)] IScheduler scheduler, IOptions<DatabaseOptions> database) : IBacktestScheduler
{
    public const string Group = "backtests";

    internal const string RunIdKey = "runId";

    public static JobKey JobKeyOf(long runId) => new($"backtest-{runId}", Group);

    public async Task ScheduleAsync(long runId, CancellationToken cancellationToken)
    {
        // Recovery: on a clustered store, a run cut off by a dead instance starts over on a live one.
        var job = JobBuilder.Create<BacktestJob>().WithIdentity(JobKeyOf(runId)).UsingJobData(RunIdKey, runId).RequestRecovery().Build();
        await scheduler.ScheduleJob(job, StartAt(runId, QuartzBotScheduler.Clock.GetUtcNow()), new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    public async Task<bool> IsKeptAsync(long runId, CancellationToken cancellationToken) =>
        database.Value.Provider == DatabaseProvider.Postgres && await scheduler.Exists(JobKeyOf(runId), cancellationToken); // Postgres: the clustered store

    internal static ITrigger StartAt(long runId, DateTimeOffset at) =>
        TriggerBuilder.Create(QuartzBotScheduler.Clock).WithIdentity(JobKeyOf(runId).Name, Group).ForJob(JobKeyOf(runId)).StartAt(at).Build();
}

/// <summary>
/// Runs one backtest (<see cref="BacktestRunner"/>). At most <see cref="BacktestOptions.MaxConcurrentRuns"/> run at once:
/// a job that finds no free slot puts itself back a second later instead of holding a scheduler thread that bot checks need.
/// </summary>
[DisallowConcurrentExecution]
public sealed class BacktestJob(BacktestRunner runner, BacktestSlots slots, BotCheckShutdown shutdown, ILogger<BacktestJob> logger) : IJob
{
    private static readonly TimeSpan RetryIn = TimeSpan.FromSeconds(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runId = context.JobDetail.JobDataMap.GetLong(QuartzBacktestScheduler.RunIdKey);
        if (!slots.TryEnter())
        {
            logger.LogDebug("Backtest {RunId} waits for a free slot", runId);
            await context.Scheduler.ScheduleJob(context.JobDetail, QuartzBacktestScheduler.StartAt(runId, QuartzBotScheduler.Clock.GetUtcNow() + RetryIn),
                new ScheduleJobOptions { Replace = true }, cancellationToken);
            return;
        }

        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, cancellationToken, shutdown.Stopping);
            await runner.RunAsync(runId, linked.Token);
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Backtest {RunId} stopped by shutdown; it starts again at the next start", runId);
        }
        finally
        {
            slots.Exit();
        }
    }
}

/// <summary>The backtest slots of this process.</summary>
public sealed class BacktestSlots(IOptions<BacktestOptions> options)
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentRuns, options.Value.MaxConcurrentRuns);

    public bool TryEnter() => _slots.Wait(0);

    public void Exit() => _slots.Release();
}

/// <summary>
/// At startup, queues again every run that a stop cut off and no job store kept (the in-memory scheduler forgets its
/// jobs); it starts over. On the clustered store a run whose job is still there is left alone: another instance may be
/// running it, and one cut off by a dead instance is recovered by Quartz.
/// </summary>
public sealed class BacktestRestorer(IDbContextFactory<AppDbContext> databases, IBacktestScheduler scheduler, ILogger<BacktestRestorer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        List<long> unfinished;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            var open = await db.Set<BacktestRun>()
                .Where(r => r.Status == BacktestStatus.Queued || r.Status == BacktestStatus.Downloading || r.Status == BacktestStatus.Running)
                .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);
            unfinished = [];
            foreach (var runId in open)
            {
                if (!await scheduler.IsKeptAsync(runId, cancellationToken))
                    unfinished.Add(runId);
            }
            await db.Set<BacktestRun>().Where(r => unfinished.Contains(r.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, BacktestStatus.Queued).SetProperty(r => r.Progress, 0), cancellationToken);
        }

        foreach (var runId in unfinished)
            await scheduler.ScheduleAsync(runId, cancellationToken);
        if (unfinished.Count > 0)
            logger.LogInformation("{Count} unfinished backtest(s) queued again at startup", unfinished.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
