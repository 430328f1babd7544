using Microsoft.EntityFrameworkCore;
using TradeBot.Web.Data;
using TradeBot.Web.Notifications;

namespace TradeBot.Web.Bots.Runner;

/// <summary>
/// The runner's writes. A commit saves the state row, the trades and the events added since the last commit in ONE
/// transaction (the state row's version makes a concurrent writer fail instead of both winning), then publishes the
/// events; a commit that fails publishes nothing. The notifications the change causes go into the outbox in that same
/// transaction (<see cref="INotificationOutbox"/>: no I/O, so a slow SMTP server or webhook never slows a check).
/// </summary>
internal sealed class BotTickStore(
    IDbContextFactory<AppDbContext> databases, BotEventBus bus, TimeProvider time, ILogger<BotTickStore> logger, INotificationOutbox? notifications = null)
{
    /// <summary>How stale the stored time of the last check may get while checks change nothing else.</summary>
    public static readonly TimeSpan LastRunRefresh = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Saves everything the check changed so far, then publishes its events. With <paramref name="skipIfQuiet"/> a
    /// check that changed nothing but its time is not written (the bus still hears of it) unless the stored time is a
    /// minute old: most checks of most bots change nothing, and a write each (an fsync on SQLite) for a thousand bots
    /// every five seconds made the writes queue behind each other.
    /// </summary>
    public async Task CommitAsync(BotTick tick, CancellationToken cancellationToken, bool skipIfQuiet = false)
    {
        var row = tick.Row;
        BotStateMapper.Apply(row, tick.State, tick.Engine?.Engine.Settings);
        if (tick.Engine is not null)
            row.Status = tick.CurrentStatus();
        if (skipIfQuiet && IsQuiet(tick))
        {
            foreach (var message in tick.TakeCommitted())
                bus.Publish(message);
            return;
        }

        row.UpdatedAt = tick.Now;
        row.Version++;
        notifications?.AddBotChanges(tick.Db, row.BotId, tick.Config.OwnerId, tick.Now);
        try
        {
            await using var transaction = await tick.Db.Database.BeginTransactionAsync(cancellationToken);
            await tick.Db.SaveChangesAsync(cancellationToken);
            if (tick.HasStoredEvents)
                await BotEvents.PruneAsync(tick.Db, row.BotId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            tick.DropUncommitted();
            throw;
        }

        foreach (var message in tick.TakeCommitted())
            bus.Publish(message);
    }

    private static bool IsQuiet(BotTick tick)
    {
        var changes = tick.Db.ChangeTracker;
        changes.DetectChanges();
        foreach (var entry in changes.Entries())
        {
            if (!ReferenceEquals(entry.Entity, tick.Row))
            {
                if (entry.State != EntityState.Unchanged)
                    return false;
                continue;
            }

            if (entry.State != EntityState.Unchanged && entry.State != EntityState.Modified)
                return false;
            foreach (var property in entry.Properties)
            {
                if (property.IsModified && property.Metadata.Name != nameof(BotStateRow.LastRunAt))
                    return false;
            }

            if (entry.Property(nameof(BotStateRow.LastRunAt)).OriginalValue is not DateTimeOffset stored || tick.Now - stored >= LastRunRefresh)
                return false;
        }

        return true;
    }

    /// <summary>
    /// Puts the bot in <c>error</c> with <paramref name="message"/> in a fresh context (the check's own may hold changes that
    /// failed), counting failures in a row for the back-off. The log gets a row when the message changes. A stopped bot
    /// stays stopped; a concurrent change wins (the next check fails again if the cause remains).
    /// </summary>
    public async Task RecordErrorAsync(long botId, string ownerId, string message, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var row = await db.Set<BotStateRow>().FirstOrDefaultAsync(s => s.BotId == botId, cancellationToken);
            if (row is null || row.Status == BotStatus.Stopped)
                return;
            var now = time.GetUtcNow();
            var isNew = row.LastError != message;
            row.Status = BotStatus.Error;
            row.LastError = message.Length <= 2000 ? message : message[..2000];
            row.ConsecutiveErrors++;
            row.LastRunAt = now;
            row.UpdatedAt = now;
            row.Version++;
            if (isNew)
                BotEvents.Add(db, botId, now, BotEventKind.Error, message);
            notifications?.AddBotChanges(db, botId, ownerId, now);
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
                if (isNew)
                    await BotEvents.PruneAsync(db, botId, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            bus.Publish(new BotEventMessage(botId, ownerId, now, BotEventKind.Error, message, BotStatus.Error));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Bot {BotId}: the error state could not be saved ({Reason}); the next check tries again", botId, e.GetBaseException().Message);
        }
    }
}
