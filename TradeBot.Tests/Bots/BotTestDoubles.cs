using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TradeBot.Web.Bots;

namespace TradeBot.Tests.Bots;

/// <summary>Remembers what the service asked the scheduler, in order.</summary>
public sealed class RecordingScheduler : IBotScheduler
{
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyList<string> Calls => [.. _calls];

    public Task ScheduleAsync(long botId, TimeSpan checkInterval, CancellationToken cancellationToken)
    {
        _calls.Enqueue($"schedule {botId} every {checkInterval.TotalSeconds}s");
        return Task.CompletedTask;
    }

    public Task UnscheduleAsync(long botId, CancellationToken cancellationToken)
    {
        _calls.Enqueue($"unschedule {botId}");
        return Task.CompletedTask;
    }
}

/// <summary>Fails every INSERT into <c>bot_events</c> while <see cref="FailEventInserts"/> is set: a crash mid-write.</summary>
public sealed class FailingEventInsert : DbCommandInterceptor
{
    public bool FailEventInserts { get; set; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Check(DbCommand command)
    {
        if (FailEventInserts && command.CommandText.Contains("INSERT INTO", StringComparison.OrdinalIgnoreCase)
            && command.CommandText.Contains("bot_events", StringComparison.Ordinal))
            throw new InvalidOperationException("injected failure writing the bot event");
    }
}

/// <summary>Fails every INSERT into <paramref name="table"/> while <see cref="IsFailing"/> is set: a crash at that write.</summary>
public sealed class FailingInsert(string table) : DbCommandInterceptor
{
    public bool IsFailing { get; set; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Check(DbCommand command)
    {
        if (IsFailing && command.CommandText.Contains("INSERT INTO", StringComparison.OrdinalIgnoreCase)
            && command.CommandText.Contains(table, StringComparison.Ordinal))
            throw new InvalidOperationException($"injected failure writing {table}");
    }
}
