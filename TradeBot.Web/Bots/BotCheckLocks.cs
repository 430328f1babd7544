using Npgsql;
using TradeBot.Web.Data;

namespace TradeBot.Web.Bots;

/// <summary>
/// Per-bot PostgreSQL advisory locks that keep a bot's checks one at a time across every instance on the database (see
/// <see cref="ClusteredBotTickJob"/>). A lock is a session lock on a connection held for the check, from a pool of its
/// own: its connections ask the server to probe an idle client every few seconds (TCP keepalives), so the locks of an
/// instance whose machine vanished, without closing its sockets, go within about
/// <see cref="DeadClientDetectedWithinSeconds"/> rather than the operating system's two hours. A process that dies on a
/// live machine closes its sockets, and its locks go at once.
/// </summary>
public sealed class BotCheckLocks : IAsyncDisposable
{
    /// <summary>The first key of the bots' advisory locks (the second is the bot id): "TBot".</summary>
    public const int LockClass = 0x54426F74;

    private const int KeepaliveIdleSeconds = 5;
    private const int KeepaliveIntervalSeconds = 2;
    private const int KeepaliveCount = 3;

    /// <summary>How long the server takes at most to drop a connection whose client machine is gone.</summary>
    public const int DeadClientDetectedWithinSeconds = KeepaliveIdleSeconds + KeepaliveIntervalSeconds * KeepaliveCount;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<BotCheckLocks> _logger;

    public BotCheckLocks(IConfiguration configuration, ILogger<BotCheckLocks> logger)
    {
        _logger = logger;
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString.WithDefaults(configuration.GetConnectionString("Postgres") ?? ""));
        var keepalives = $"-c tcp_keepalives_idle={KeepaliveIdleSeconds} -c tcp_keepalives_interval={KeepaliveIntervalSeconds} -c tcp_keepalives_count={KeepaliveCount}";
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? keepalives : $"{builder.Options} {keepalives}";
        builder.ApplicationName ??= "tradebot-check-locks";
        // Npgsql's reset releases every advisory lock of a connection back in the pool: a safety net should a lock be taken
        // by a command whose answer never arrived (cancelled, timed out).
        builder.NoResetOnClose = false;
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>
    /// Takes <paramref name="botId"/>'s lock if no check of it holds it anywhere: the lease releases it; null when held.
    /// </summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync(long botId, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            if (await RunAsync(connection, "pg_try_advisory_lock", botId, cancellationToken))
                return new Lease(this, connection, botId);
        }
        catch
        {
            // The server may have granted the lock before the answer was lost (cancelled, timed out): the connection is
            // closed rather than pooled, so the lock goes with it.
            NpgsqlConnection.ClearPool(connection);
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static async Task<bool> RunAsync(NpgsqlConnection connection, string function, long botId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {function}({LockClass}, $1)", connection) { Parameters = { new() { Value = Key(botId) } } };
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // The second key is an int: bot ids beyond it share locks (harmless: such bots would only skip each other's late fires).
    private static int Key(long botId) => (int)(botId % int.MaxValue);

    private sealed class Lease(BotCheckLocks locks, NpgsqlConnection connection, long botId) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await RunAsync(connection, "pg_advisory_unlock", botId, CancellationToken.None);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // The connection must not go back to the pool holding the lock: dropped, the server releases it.
                locks._logger.LogWarning("Bot {BotId}: its check lock could not be released ({Reason}); dropping the connection", botId, e.Message);
                NpgsqlConnection.ClearPool(connection);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
