using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using TradeBot.Web.Data;

namespace TradeBot.Web.Notifications;

/// <summary>One user's choices as the outbox needs them at commit time.</summary>
/// <param name="EmailEvents">Events that go to email.</param>
/// <param name="WebhookEvents">Events that go to every one of <paramref name="WebhookIds"/>.</param>
public sealed record UserNotificationChoices(NotificationEvent EmailEvents, NotificationEvent WebhookEvents, IReadOnlyList<long> WebhookIds);

/// <summary>
/// Every user's notification choices in memory, so a bot check decides whether to write outbox rows without a query.
/// Reloaded whole every <see cref="NotificationOptions.PreferencesRefresh"/> by the sender (edits made on another
/// instance arrive that late) and per user at once when this instance saves a change.
/// </summary>
public sealed class NotificationPreferences(IDbContextFactory<AppDbContext> databases)
{
    private volatile FrozenDictionary<string, UserNotificationChoices> _choices = FrozenDictionary<string, UserNotificationChoices>.Empty;
    private readonly Lock _writeLock = new();

    /// <summary>The choices of <paramref name="userId"/>, or null when they want nothing.</summary>
    public UserNotificationChoices? For(string userId) => _choices.GetValueOrDefault(userId);

    /// <summary>Reloads everybody's choices.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var settings = await db.Set<NotificationSettingsRow>().AsNoTracking()
            .Where(s => s.EmailEvents != NotificationEvent.None || s.WebhookEvents != NotificationEvent.None).ToListAsync(cancellationToken);
        var webhooks = (await db.Set<Webhook>().AsNoTracking().Select(w => new { w.OwnerId, w.Id }).ToListAsync(cancellationToken))
            .ToLookup(w => w.OwnerId, w => w.Id);
        var choices = settings.ToFrozenDictionary(s => s.UserId, s => new UserNotificationChoices(s.EmailEvents, s.WebhookEvents, [.. webhooks[s.UserId]]));
        lock (_writeLock)
            _choices = choices;
    }

    /// <summary>Reloads one user's choices (after this instance saved them).</summary>
    public async Task ReloadUserAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var settings = await db.Set<NotificationSettingsRow>().AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        var webhooks = await db.Set<Webhook>().AsNoTracking().Where(w => w.OwnerId == userId).Select(w => w.Id).ToListAsync(cancellationToken);
        lock (_writeLock)
        {
            var all = new Dictionary<string, UserNotificationChoices>(_choices);
            if (settings is null || (settings.EmailEvents | settings.WebhookEvents) == NotificationEvent.None)
                all.Remove(userId);
            else
                all[userId] = new UserNotificationChoices(settings.EmailEvents, settings.WebhookEvents, webhooks);
            _choices = all.ToFrozenDictionary();
        }
    }
}
