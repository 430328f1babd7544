using Microsoft.EntityFrameworkCore;
using Quartz;
using TradeBot.Web.Data;

namespace TradeBot.Web.Bots;

/// <summary>
/// A bot's check on Quartz's clustered store (PostgreSQL): the body of <see cref="BotTickJob"/>, kept to one at a time
/// per bot by a PostgreSQL advisory lock on the bot instead of Quartz's <see cref="DisallowConcurrentExecutionAttribute"/>.
/// That attribute makes every firing round of the whole cluster take Quartz's one <c>TRIGGER_ACCESS</c> row lock, which
/// capped two instances at about half of 2,000 bots' checks; without it Quartz claims triggers lock-free. A check that
/// finds its bot's lock held (a late fire meeting a slow check, on any instance) is skipped: the next comes at the
/// interval. The lock is a session lock on the connection held for the check, so a dead instance's locks go with its
/// connections.
/// </summary>
public sealed class ClusteredBotTickJob(
    IServiceProvider services, IDbContextFactory<AppDbContext> databases, BotCheckShutdown shutdown, ILogger<BotTickJob> logger) : IJob
{
    /// <summary>The first key of the bots' advisory locks (the second is the bot id): "TBot".</summary>
    internal const int LockClass = 0x54426F74;

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var botId = context.JobDetail.JobDataMap.GetLong(QuartzBotScheduler.BotIdKey);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        if (!await AdvisoryAsync(connection, "pg_try_advisory_lock", botId, cancellationToken))
        {
            logger.LogDebug("Bot {BotId} check skipped: its previous check is still running", botId);
            return;
        }
        try
        {
            await new BotTickJob(services, databases, shutdown, logger).Execute(context, cancellationToken);
        }
        finally
        {
            // Released on this connection before it returns to the pool; if that fails the connection is dropped, lock and all.
            try
            {
                await AdvisoryAsync(connection, "pg_advisory_unlock", botId, CancellationToken.None);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                logger.LogWarning("Bot {BotId}: its check lock could not be released ({Reason}); dropping the connection", botId, e.Message);
                Npgsql.NpgsqlConnection.ClearPool((Npgsql.NpgsqlConnection)connection);
            }
        }
    }

    private static async Task<bool> AdvisoryAsync(System.Data.Common.DbConnection connection, string function, long botId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {function}({LockClass}, {(int)(botId % int.MaxValue)})";
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
