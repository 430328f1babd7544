using Microsoft.EntityFrameworkCore;
using Quartz;
using TradeBot.Web.Data;

namespace TradeBot.Web.Bots;

/// <summary>
/// The scheduled body of one bot's check: asks the registered <see cref="IBotTicker"/> to tick the bot, then keeps the
/// bot's trigger at its interval, or after a failure delays the next check by <see cref="BotBackOff"/> (from the bot's
/// <see cref="BotStateRow.ConsecutiveErrors"/>) until a check succeeds again. Quartz never runs two of one bot's
/// checks at once (<see cref="DisallowConcurrentExecutionAttribute"/>: a late trigger waits for the running check). On
/// PostgreSQL's clustered store <see cref="ClusteredBotTickJob"/> runs this body under a per-bot lock instead.
/// </summary>
[DisallowConcurrentExecution]
public sealed class BotTickJob(
    IServiceProvider services, IDbContextFactory<AppDbContext> databases, BotCheckShutdown shutdown, ILogger<BotTickJob> logger) : IJob
{
    private static int s_warnedNoTicker;

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.JobDetail.JobDataMap;
        var botId = data.GetLong(QuartzBotScheduler.BotIdKey);
        var interval = TimeSpan.FromMilliseconds(data.GetLong(QuartzBotScheduler.IntervalMsKey));
        var ticker = services.GetService<IBotTicker>();
        if (ticker is null)
        {
            // Until the trading loop is registered the jobs still run: they show the scheduling works, and do nothing.
            if (Interlocked.Exchange(ref s_warnedNoTicker, 1) == 0)
                logger.LogWarning("No IBotTicker is registered: bot {BotId} and every other scheduled bot are not checked", botId);
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, cancellationToken, shutdown.Stopping);
        TickOutcome outcome;
        var startedMs = QuartzBotScheduler.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            outcome = await TickAsync(ticker, botId, linked.Token);
            // The tick log (Debug): which instance checked which bot when; with several instances it shows that no bot
            // was checked on two at once.
            // Guarded: this runs on every check, and the arguments would be boxed even with Debug off.
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug("Bot {BotId} checked on {Instance} from {StartedMs} to {EndedMs}: {Outcome}",
                    botId, context.Scheduler.SchedulerInstanceId, startedMs, QuartzBotScheduler.Clock.GetUtcNow().ToUnixTimeMilliseconds(), outcome);
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            logger.LogWarning("Bot {BotId} check cancelled (shutdown timeout or interrupt); it is safe to run again", botId);
            return;
        }
        if (IsStopping(context.Scheduler))
            return; // shutting down: the trigger is gone with the in-memory store, and rebuilt at the next start
        try
        {
            await KeepScheduleAsync(context, botId, interval, outcome, linked.Token);
        }
        catch (SchedulerException) when (IsStopping(context.Scheduler))
        {
        }
    }

    // After a failure the next check waits for the back-off; after a good check a bot that was backing off returns to its interval.
    private async Task KeepScheduleAsync(IJobExecutionContext context, long botId, TimeSpan interval, TickOutcome outcome, CancellationToken cancellationToken)
    {
        var key = QuartzBotScheduler.TriggerKeyOf(botId);
        // The bot's own trigger fired (the usual case): no need to read it back from the store.
        var trigger = context.Trigger.Key.Equals(key) ? context.Trigger : await context.Scheduler.GetTrigger(key, cancellationToken);
        if (trigger is null)
            return; // unscheduled while it ran
        if (outcome == TickOutcome.Failed)
        {
            var delay = BotBackOff.After(await ConsecutiveErrorsAsync(botId, cancellationToken));
            await QuartzBotScheduler.RetryAfterAsync(context.Scheduler, botId, interval, delay, cancellationToken);
            logger.LogInformation("Bot {BotId} check failed; next check in {RetryDelay}", botId, delay);
        }
        else if (trigger.JobDataMap.TryGetBoolean(QuartzBotScheduler.BackingOffKey, out var backingOff) && backingOff)
        {
            await QuartzBotScheduler.ResumeIntervalAsync(context.Scheduler, botId, interval, cancellationToken);
            logger.LogInformation("Bot {BotId} checked again after failures; back to every {CheckInterval}", botId, interval);
        }
    }

    private static bool IsStopping(IScheduler scheduler) => scheduler.Status is SchedulerStatus.ShuttingDown or SchedulerStatus.Shutdown;

    private async Task<TickOutcome> TickAsync(IBotTicker ticker, long botId, CancellationToken cancellationToken)
    {
        try
        {
            return await ticker.TickAsync(botId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The ticker turns exchange failures into the bot's error state; anything else (the database) is retried the same way.
            logger.LogError(e, "Bot {BotId} check threw", botId);
            return TickOutcome.Failed;
        }
    }

    private async Task<int> ConsecutiveErrorsAsync(long botId, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            return await db.Set<BotStateRow>().Where(s => s.BotId == botId).Select(s => s.ConsecutiveErrors).FirstOrDefaultAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Bot {BotId}: could not read its failures in a row; backing off as after one", botId);
            return 1;
        }
    }
}
