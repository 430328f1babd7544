using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Bots;

namespace TradeBot.Tests.Bots;

/// <summary>
/// The per-bot check locks of the clustered store on a real PostgreSQL: one holder at a time, released by the lease,
/// and released by the server when the holder's connection dies (the lease then ends without an error).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BotCheckLocksTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ALock_HasOneHolderAtATime_OtherBotsAreFree_TheLeaseReleasesIt()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Cancel);
        await using var first = Locks(connectionString);
        await using var second = Locks(connectionString); // another instance

        var held = await first.TryAcquireAsync(5, Cancel);
        held.ShouldNotBeNull();
        (await second.TryAcquireAsync(5, Cancel)).ShouldBeNull("a second instance must skip a bot being checked");
        (await first.TryAcquireAsync(5, Cancel)).ShouldBeNull("and so must a second fire on the same instance");
        await using (var other = await second.TryAcquireAsync(6, Cancel))
            other.ShouldNotBeNull("another bot's lock is free");
        (await HoldersAsync(connectionString, 5)).ShouldBe(1);

        await held.DisposeAsync();

        (await HoldersAsync(connectionString, 5)).ShouldBe(0);
        await using var again = await second.TryAcquireAsync(5, Cancel);
        again.ShouldNotBeNull();
    }

    [Fact]
    public async Task TheHoldersConnectionDies_TheServerReleasesTheLock_TheLeaseEndsQuietly()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Cancel);
        await using var locks = Locks(connectionString);
        var held = (await locks.TryAcquireAsync(9, Cancel)).ShouldNotBeNull();

        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync(Cancel);
            await using var kill = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = 9", admin)
            { Parameters = { new() { Value = BotCheckLocks.LockClass } } };
            (await kill.ExecuteScalarAsync(Cancel)).ShouldBe(true);
        }
        await WaitAsync(async () => await HoldersAsync(connectionString, 9) == 0);

        await Should.NotThrowAsync(async () => await held.DisposeAsync());
        await using var again = await locks.TryAcquireAsync(9, Cancel);
        again.ShouldNotBeNull("the pool must not hand back the dead connection");
    }

    private static BotCheckLocks Locks(string connectionString) => new(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString }).Build(),
        NullLogger<BotCheckLocks>.Instance);

    private static async Task<long> HoldersAsync(string connectionString, int botId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) " +
            "WHERE l.locktype = 'advisory' AND l.classid = $1 AND l.objid = $2 AND l.granted AND a.application_name = 'tradebot-check-locks'", connection)
        { Parameters = { new() { Value = BotCheckLocks.LockClass }, new() { Value = botId } } };
        return (long)(await command.ExecuteScalarAsync(Cancel))!;
    }

    private static Task WaitAsync(Func<Task<bool>> condition) =>
        TradeBot.Tests.Browser.BotPageChecks.WaitForAsync(condition, TimeSpan.FromSeconds(15), "the server released the dead holder's lock");
}
