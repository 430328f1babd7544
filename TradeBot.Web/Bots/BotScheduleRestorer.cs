using Microsoft.EntityFrameworkCore;
using TradeBot.Web.Data;

namespace TradeBot.Web.Bots;

/// <summary>
/// At startup: catches up on a daily reset missed while the app was down (<see cref="DailyReset"/> is idempotent), then
/// schedules every bot that is not stopped, from the database, and drops jobs of bots that are. Paused bots are
/// scheduled too: protective exits keep working while no new entries are taken. The first checks are spread over one
/// interval so a restart does not fire every bot at the same moment.
/// </summary>
public sealed class BotScheduleRestorer(
    IDbContextFactory<AppDbContext> databases, DailyReset dailyReset, IBotScheduler scheduler, ILogger<BotScheduleRestorer> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await dailyReset.RunAsync(cancellationToken);
        if (scheduler is QuartzBotScheduler quartz)
        {
            var count = 0;
            var added = await quartz.RestoreAsync(async token =>
            {
                var bots = await ActiveAsync(token);
                count = bots.Count;
                return bots;
            }, cancellationToken);
            logger.LogInformation("{ActiveBots} active bots in the database; {AddedJobs} scheduled at startup", count, added);
            return;
        }
        var active = await ActiveAsync(cancellationToken);
        foreach (var (botId, interval) in active)
            await scheduler.ScheduleAsync(botId, interval, cancellationToken);
        logger.LogInformation("Scheduled {ActiveBots} active bots from the database", active.Count);
    }

    private async Task<IReadOnlyList<(long BotId, TimeSpan CheckInterval)>> ActiveAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var active = await db.Set<BotStateRow>().Where(s => s.Status != BotStatus.Stopped)
            .Join(db.Set<BotConfig>(), s => s.BotId, b => b.Id, (s, b) => new ActiveBot { Id = b.Id, CheckIntervalSeconds = b.CheckIntervalSeconds })
            .OrderBy(b => b.Id).ToListAsync(cancellationToken);
        return active.Select(b => (b.Id, TimeSpan.FromSeconds(Math.Max(1, b.CheckIntervalSeconds)))).ToList();
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private sealed class ActiveBot
    {
        public long Id { get; init; }

        public int CheckIntervalSeconds { get; init; }
    }
}
