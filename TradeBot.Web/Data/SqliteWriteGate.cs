using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TradeBot.Web.Data;

/// <summary>
/// Lets one transaction at a time write to a SQLite file from this process, queued without blocking a thread.
/// SQLite has one writer; a second <c>BEGIN IMMEDIATE</c> gets SQLITE_BUSY, and Microsoft.Data.Sqlite answers that by
/// sleeping 150 ms and trying again. With a thousand bots saving a few hundred checks a second, those sleeps made the
/// p99 check take 450 ms; waiting here in line costs the length of the writes ahead (about a millisecond each).
/// The gate is taken when EF begins a transaction (SaveChanges does, and every explicit transaction) and given back at
/// commit, rollback, failure, or when the connection closes with the transaction abandoned.
/// </summary>
internal sealed class SqliteWriteGate : DbTransactionInterceptor, IDbConnectionInterceptor
{
    /// <summary>
    /// How long a writer waits in line before it fails, as SQLite's own busy timeout would (Microsoft.Data.Sqlite's
    /// default command timeout): a transaction that opens a second one on another context while it holds the gate fails
    /// with a message instead of hanging.
    /// </summary>
    public static readonly TimeSpan DefaultWaitLimit = TimeSpan.FromSeconds(30);

    public static readonly SqliteWriteGate Instance = new(DefaultWaitLimit);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<DbConnection, Held> _held = [];
    private readonly ConditionalWeakTable<DbTransaction, DbConnection> _connections = [];

    /// <summary>A gate of its own (tests use a short <paramref name="waitLimit"/>); the app uses <see cref="Instance"/>.</summary>
    internal SqliteWriteGate(TimeSpan waitLimit)
    {
        WaitLimit = waitLimit;
    }

    /// <summary>How long a writer waits in line before it fails (<see cref="DefaultWaitLimit"/> for the app).</summary>
    public TimeSpan WaitLimit { get; }

    public override InterceptionResult<DbTransaction> TransactionStarting(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        var gate = GateOf(connection);
        if (!gate.Wait(WaitLimit))
            throw TimedOut();
        Hold(connection, gate);
        return result;
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result,
        CancellationToken cancellationToken = default)
    {
        var gate = GateOf(connection);
        if (!await gate.WaitAsync(WaitLimit, cancellationToken))
            throw TimedOut();
        Hold(connection, gate);
        return result;
    }

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        _connections.AddOrUpdate(result, connection);
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TransactionStarted(connection, eventData, result));

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        Release(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        Release(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData)
    {
        // A failed commit or rollback still ends the transaction; a failed statement inside it does not.
        if (eventData.Action is not "Commit" and not "Rollback")
            return;
        Release(transaction);
    }

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionFailed(transaction, eventData);
        return Task.CompletedTask;
    }

    // A transaction disposed without commit or rollback (an exception on the way) ends when its connection closes.
    void IDbConnectionInterceptor.ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    Task IDbConnectionInterceptor.ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(connection);
        return Task.CompletedTask;
    }

    void IDbConnectionInterceptor.ConnectionDisposed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    Task IDbConnectionInterceptor.ConnectionDisposedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(connection);
        return Task.CompletedTask;
    }

    /// <summary>Whether a transaction of this process holds the file's gate now (for tests).</summary>
    internal bool IsHeld(string connectionString) => _gates.TryGetValue(connectionString, out var gate) && gate.CurrentCount == 0;

    private TimeoutException TimedOut() =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"Another write transaction on this SQLite database held it for over {WaitLimit.TotalSeconds:0.###} s; try again."));

    private SemaphoreSlim GateOf(DbConnection connection) =>
        _gates.GetOrAdd(connection.ConnectionString, static _ => new SemaphoreSlim(1, 1));

    private void Hold(DbConnection connection, SemaphoreSlim gate) => _held.AddOrUpdate(connection, new Held(gate));

    private void Release(DbConnection connection)
    {
        if (_held.TryGetValue(connection, out var held) && _held.Remove(connection))
            held.Gate.Release();
    }

    // A committed SQLite transaction forgets its connection, so the connection is remembered at the start.
    private void Release(DbTransaction transaction)
    {
        if (_connections.TryGetValue(transaction, out var connection))
        {
            _connections.Remove(transaction);
            Release(connection);
        }
    }

    private sealed record Held(SemaphoreSlim Gate);
}
