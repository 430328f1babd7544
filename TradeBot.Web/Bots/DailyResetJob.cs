using Quartz;

namespace TradeBot.Web.Bots;

/// <summary>
/// Runs <see cref="DailyReset"/> at 00:00:00 UTC every day (a cron trigger in the UTC time zone), never before: a
/// trigger taken early in a batch waits for midnight.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DailyResetJob(DailyReset reset) : IJob
{
    /// <summary>The job's key.</summary>
    public static readonly JobKey Key = new("daily-reset", "system");

    /// <summary>Every day at 00:00:00 (seconds, minutes, hours, day of month, month, day of week).</summary>
    public const string Cron = "0 0 0 * * ?";

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, cancellationToken);
        // Triggers may fire up to Scheduler:FireAheadMilliseconds early: at 23:59:59.95 the new day has not begun yet.
        if (context.ScheduledFireTimeUtc - QuartzBotScheduler.Clock.GetUtcNow() is { } early && early > TimeSpan.Zero)
            await Task.Delay(early, QuartzBotScheduler.Clock, linked.Token);
        await reset.RunAsync(linked.Token);
    }
}
