using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Risk;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;

namespace TradeBot.Web.Notifications;

/// <summary>
/// Adds outbox rows to a unit of work that is about to be saved, so a notification exists exactly when the change it
/// reports committed. No I/O: the user's choices come from <see cref="NotificationPreferences"/> (in memory).
/// </summary>
public interface INotificationOutbox
{
    /// <summary>
    /// Reads what <paramref name="db"/> is about to save for bot <paramref name="botId"/> (new trades; the state row going
    /// paused by a daily limit, into error with a new message, or out of error) and adds the outbox rows its owner asked for.
    /// Call right before the SaveChanges that saves the change.
    /// </summary>
    void AddBotChanges(AppDbContext db, long botId, string ownerId, DateTimeOffset now);
}

/// <inheritdoc cref="INotificationOutbox" />
public sealed class NotificationOutbox(NotificationPreferences preferences, ILogger<NotificationOutbox> logger) : INotificationOutbox
{
    /// <inheritdoc />
    public void AddBotChanges(AppDbContext db, long botId, string ownerId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (preferences.For(ownerId) is not { } choices)
            return;
        try
        {
            // Collected first: adding rows while the change tracker is being enumerated would break the enumeration.
            foreach (var (kind, facts) in BotChanges(db, botId, now))
                Add(db, ownerId, choices, kind, facts);
        }
        catch (Exception e)
        {
            // A notification is never worth a failed check: the trade is saved, the message is lost and logged.
            logger.LogError(e, "Bot {BotId}: notifications of this change could not be written", botId);
        }
    }

    /// <summary>Adds the rows of one event for every channel <paramref name="choices"/> wants it on.</summary>
    internal static void Add(AppDbContext db, string userId, UserNotificationChoices choices, NotificationEvent kind, NotificationFacts facts)
    {
        var json = facts.ToJson();
        if (choices.EmailEvents.HasFlag(kind))
            db.Add(NewMessage(userId, kind, NotificationChannel.Email, null, facts.BotId, json, facts.At));
        if (choices.WebhookEvents.HasFlag(kind))
        {
            foreach (var webhook in choices.WebhookIds)
                db.Add(NewMessage(userId, kind, NotificationChannel.Webhook, webhook, facts.BotId, json, facts.At));
        }
    }

    internal static OutboxMessage NewMessage(
        string userId, NotificationEvent kind, NotificationChannel channel, long? webhookId, long? botId, string facts, DateTimeOffset now, string? recipient = null) =>
        new()
        {
            UserId = userId, Event = kind, Channel = channel, WebhookId = webhookId, BotId = botId, Facts = facts, Recipient = recipient,
            Status = DeliveryStatus.Pending, NextAttemptAtMs = now.ToUnixTimeMilliseconds(), CreatedAt = now,
        };

    private static List<(NotificationEvent Kind, NotificationFacts Facts)> BotChanges(AppDbContext db, long botId, DateTimeOffset now)
    {
        var changes = db.ChangeTracker;
        // One scan of the tracked entities (each Entries() call would otherwise scan again); SaveChanges scans once more anyway.
        changes.DetectChanges();
        var autoDetect = changes.AutoDetectChangesEnabled;
        changes.AutoDetectChangesEnabled = false;
        try
        {
            return BotChanges(changes, botId, now);
        }
        finally
        {
            changes.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private static List<(NotificationEvent Kind, NotificationFacts Facts)> BotChanges(
        Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker changes, long botId, DateTimeOffset now)
    {
        var found = new List<(NotificationEvent, NotificationFacts)>();
        foreach (var entry in changes.Entries<Trade>())
        {
            if (entry.State != EntityState.Added || entry.Entity.BotId != botId)
                continue;
            var trade = entry.Entity;
            var facts = new NotificationFacts
            {
                At = now, BotId = botId, Symbol = trade.Symbol, Side = trade.Side.ToString(), Quantity = trade.Quantity, Price = trade.Price,
                RealizedPnl = trade.RealizedPnl, ExitReason = trade.ExitReason, ClientOrderId = trade.ClientOrderId,
            };
            found.Add((NotificationEvent.OrderFilled, facts));
            if (trade.RealizedPnl is not null)
                found.Add((NotificationEvent.PositionClosed, facts));
        }

        foreach (var entry in changes.Entries<BotStateRow>())
        {
            var row = entry.Entity;
            if (row.BotId != botId || entry.State != EntityState.Modified)
                continue;
            var facts = new NotificationFacts { At = now, BotId = botId, Status = row.Status.ToString() };
            var wasStatus = entry.Property(r => r.Status).OriginalValue;
            if (row.Status == BotStatus.Paused && wasStatus != BotStatus.Paused && IsDailyLimit(row.PauseReason))
                found.Add((NotificationEvent.BotPaused, facts with { Message = row.PauseReason.ToText() }));
            if (row.Status == BotStatus.Error && row.LastError is { } error && entry.Property(r => r.LastError).OriginalValue != error)
                found.Add((NotificationEvent.BotError, facts with { Message = error }));
            if (row.ConsecutiveErrors == 0 && entry.Property(r => r.ConsecutiveErrors).OriginalValue > 0)
                found.Add((NotificationEvent.BotRecovered, facts));
        }
        return found;
    }

    private static bool IsDailyLimit(PauseReason reason) =>
        reason is PauseReason.DailyTargetReached or PauseReason.MaxDailyLossHit or PauseReason.MaxDailyTradesReached;
}
