using Microsoft.EntityFrameworkCore;
using Quartz;
using TradeBot.Web.Data;

namespace TradeBot.Web.Bots;

/// <summary>
/// A bot's check on Quartz's clustered store (PostgreSQL): the body of <see cref="BotTickJob"/>, kept to one at a time
/// per bot by a PostgreSQL advisory lock on the bot (<see cref="BotCheckLocks"/>) instead of Quartz's
/// <see cref="DisallowConcurrentExecutionAttribute"/>. That attribute makes every firing round of the whole cluster take
/// Quartz's one <c>TRIGGER_ACCESS</c> row lock, which capped two instances at about a third of 2,000 bots' checks; without
/// it Quartz claims due triggers without that lock. A fire that finds its bot's lock held (a late fire meeting a slow
/// check, on any instance) is skipped: the next comes at the interval, and a check is safe to repeat anyway (client
/// order ids, the state's version).
/// </summary>
public sealed class ClusteredBotTickJob(
    IServiceProvider services, IDbContextFactory<AppDbContext> databases, BotCheckShutdown shutdown, BotCheckLocks locks, ILogger<BotTickJob> logger)
    : IJob
{
    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var botId = context.JobDetail.JobDataMap.GetLong(QuartzBotScheduler.BotIdKey);
        await using var held = await locks.TryAcquireAsync(botId, cancellationToken);
        if (held is null)
        {
            logger.LogDebug("Bot {BotId} check skipped: its previous check is still running", botId);
            return;
        }
        await new BotTickJob(services, databases, shutdown, logger).Execute(context, cancellationToken);
    }
}
