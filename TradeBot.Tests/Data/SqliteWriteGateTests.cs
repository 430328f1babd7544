using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TradeBot.Web.Accounts;
using TradeBot.Web.Data;

namespace TradeBot.Tests.Data;

/// <summary>
/// One SQLite writer at a time from this process, queued: a second transaction waits for the first instead of meeting
/// SQLITE_BUSY (and Microsoft.Data.Sqlite's 150 ms sleep); the gate comes back however a transaction ends.
/// </summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly string _folder = Directory.CreateTempSubdirectory("tradebot-gate-").FullName;

    [Fact]
    public async Task SecondTransaction_WaitsForTheFirstToCommit_ThenWrites()
    {
        using var host = await StartAsync();
        var databases = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var first = await databases.CreateDbContextAsync(Cancel);
        var transaction = await first.Database.BeginTransactionAsync(Cancel);
        first.Users.Add(User("first"));
        await first.SaveChangesAsync(Cancel);
        var connectionString = first.Database.GetConnectionString()!;
        SqliteWriteGate.Instance.IsHeld(connectionString).ShouldBeTrue();

        var second = Task.Run(async () =>
        {
            await using var db = await databases.CreateDbContextAsync(Cancel);
            db.Users.Add(User("second"));
            await db.SaveChangesAsync(Cancel);
        }, Cancel);
        await Task.Delay(300, Cancel);
        second.IsCompleted.ShouldBeFalse("the second writer waits in line");

        await transaction.CommitAsync(Cancel);
        await transaction.DisposeAsync();
        await second.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        await using var check = await databases.CreateDbContextAsync(Cancel);
        (await check.Users.CountAsync(Cancel)).ShouldBe(2);
        SqliteWriteGate.Instance.IsHeld(connectionString).ShouldBeFalse();
    }

    [Theory]
    [InlineData("rollback")]
    [InlineData("dispose")]
    [InlineData("failed statement")]
    public async Task TransactionEndedWithoutCommit_GateComesBack(string ending)
    {
        using var host = await StartAsync();
        var databases = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        string connectionString;
        await using (var db = await databases.CreateDbContextAsync(Cancel))
        {
            connectionString = db.Database.GetConnectionString()!;
            var transaction = await db.Database.BeginTransactionAsync(Cancel);
            if (ending == "failed statement")
            {
                await Should.ThrowAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("INSERT INTO no_such_table VALUES (1)", Cancel));
                SqliteWriteGate.Instance.IsHeld(connectionString).ShouldBeTrue("a failed statement does not end the transaction");
            }
            if (ending == "rollback")
                await transaction.RollbackAsync(Cancel);
            await transaction.DisposeAsync();
        }

        SqliteWriteGate.Instance.IsHeld(connectionString).ShouldBeFalse();
        await using var next = await databases.CreateDbContextAsync(Cancel);
        next.Users.Add(User("after"));
        (await next.SaveChangesAsync(Cancel).WaitAsync(TimeSpan.FromSeconds(10), Cancel)).ShouldBe(1);
    }

    [Fact]
    public async Task Writer_WaitingLongerThanTheLimit_FailsWithAMessage_AndGetsInOnceTheGateIsBack()
    {
        var gate = new SqliteWriteGate(TimeSpan.FromMilliseconds(200));
        var connectionString = $"Data Source={Path.Combine(_folder, "gate.db")}";
        await using var holder = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        await using var waiter = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        await gate.TransactionStartingAsync(holder, null!, default, Cancel); // the gate reads neither event data nor result

        var waited = System.Diagnostics.Stopwatch.StartNew();
        var failure = await Should.ThrowAsync<TimeoutException>(() => gate.TransactionStartingAsync(waiter, null!, default, Cancel).AsTask());

        waited.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(150));
        failure.Message.ShouldBe("Another write transaction on this SQLite database held it for over 0.2 s; try again.");
        gate.IsHeld(connectionString).ShouldBeTrue("the holder keeps it");
        ((Microsoft.EntityFrameworkCore.Diagnostics.IDbConnectionInterceptor)gate).ConnectionClosed(holder, null!);
        gate.IsHeld(connectionString).ShouldBeFalse();
        await gate.TransactionStartingAsync(waiter, null!, default, Cancel).AsTask().WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        gate.IsHeld(connectionString).ShouldBeTrue("the waiter got in");
        SqliteWriteGate.DefaultWaitLimit.ShouldBe(TimeSpan.FromSeconds(30));
        SqliteWriteGate.Instance.WaitLimit.ShouldBe(SqliteWriteGate.DefaultWaitLimit, "the app's gate waits as long as SQLite's busy timeout");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    private async Task<IHost> StartAsync()
    {
        var host = DatabaseTestHost.Sqlite(_folder);
        await host.Services.MigrateDatabaseAsync(Cancel);
        return host;
    }

    private static ApplicationUser User(string name) =>
        new() { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = $"{name}@example.com", NormalizedEmail = $"{name.ToUpperInvariant()}@EXAMPLE.COM" };
}
