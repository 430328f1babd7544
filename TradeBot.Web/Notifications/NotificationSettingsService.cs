using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Trading;
using TradeBot.Web.Accounts;
using TradeBot.Web.Data;
using TradeBot.Web.Notifications.Email;

namespace TradeBot.Web.Notifications;

/// <summary>
/// A user's notification settings, webhooks, test sends and delivery history. Every query is scoped to the caller:
/// another user's webhook is "not found". Admins additionally see everybody's failed deliveries
/// (never secrets; webhook URLs, which are secrets too, only in display form).
/// </summary>
public sealed class NotificationSettingsService(
    IDbContextFactory<AppDbContext> databases,
    IDataProtectionProvider protection,
    NotificationPreferences preferences,
    SmtpEmailSender email,
    TimeProvider time,
    ILogger<NotificationSettingsService> logger)
{
    public const int UrlMaxLength = 500;

    public const int MaxWebhooksPerUser = 5;

    /// <summary>The events a user can choose (account emails and tests are not choices).</summary>
    public const NotificationEvent Choosable = NotificationEvent.OrderFilled | NotificationEvent.PositionClosed | NotificationEvent.BotPaused
        | NotificationEvent.BotError | NotificationEvent.BotRecovered | NotificationEvent.DailySummary;

    public async Task<NotificationSettingsView> GetAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<NotificationSettingsRow>().AsNoTracking().FirstOrDefaultAsync(s => s.UserId == caller.UserId, cancellationToken);
        var input = row is null ? new NotificationSettingsInput()
            : new NotificationSettingsInput { EmailEvents = row.EmailEvents, WebhookEvents = row.WebhookEvents, SummaryHour = row.SummaryHour, TimeZone = row.TimeZone };
        var webhooks = await db.Set<Webhook>().AsNoTracking().Where(w => w.OwnerId == caller.UserId).OrderBy(w => w.Id)
            .Select(w => new WebhookSummary(w.Id, w.DisplayUrl, w.CreatedAt)).ToListAsync(cancellationToken);
        return new NotificationSettingsView(input, webhooks, email.IsConfigured);
    }

    /// <summary>Saves the caller's choices; on an error nothing is saved and the errors name their fields.</summary>
    public async Task<IReadOnlyList<SettingsError>> SaveAsync(Caller caller, NotificationSettingsInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<SettingsError>();
        if ((input.EmailEvents & ~Choosable) != 0 || (input.WebhookEvents & ~Choosable) != 0)
            errors.Add(new SettingsError("events", "Unknown event."));
        if (input.SummaryHour is < 0 or > 23)
            errors.Add(new SettingsError("summaryHour", "The hour must be between 0 and 23."));
        var zone = input.TimeZone?.Trim();
        if (string.IsNullOrEmpty(zone) || zone.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            errors.Add(new SettingsError("timeZone", $"'{UserText.Shorten(zone)}' is not a time zone this server knows (use an IANA id such as Europe/Berlin)."));
        if (errors.Count > 0)
            return errors;

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<NotificationSettingsRow>().FirstOrDefaultAsync(s => s.UserId == caller.UserId, cancellationToken);
        if (row is null)
        {
            row = new NotificationSettingsRow { UserId = caller.UserId };
            db.Add(row);
        }
        if (row.TimeZone != zone || row.SummaryHour != input.SummaryHour)
            row.LastSummaryDate = null;
        row.EmailEvents = input.EmailEvents;
        row.WebhookEvents = input.WebhookEvents;
        row.SummaryHour = input.SummaryHour;
        row.TimeZone = zone!;
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await preferences.ReloadUserAsync(caller.UserId, cancellationToken);
        logger.LogInformation("Notification settings saved for user {UserId}: email {EmailEvents}, webhooks {WebhookEvents}",
            caller.UserId, row.EmailEvents, row.WebhookEvents);
        return [];
    }

    /// <summary>Adds a webhook with a new secret, returned this once and stored encrypted; the URL is stored encrypted and never returned.</summary>
    public async Task<WebhookAddResult> AddWebhookAsync(Caller caller, string? url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var trimmed = url?.Trim();
        var error = CheckUrl(trimmed);
        if (error is null && await db.Set<Webhook>().CountAsync(w => w.OwnerId == caller.UserId, cancellationToken) >= MaxWebhooksPerUser)
            error = $"At most {MaxWebhooksPerUser} webhooks per user.";
        if (error is not null)
            return new WebhookAddResult(null, null, [new SettingsError("url", error)]);

        var secret = WebhookSecrets.Create();
        var row = new Webhook
        {
            OwnerId = caller.UserId, EncryptedUrl = WebhookUrls.Protect(protection, trimmed!), DisplayUrl = WebhookUrls.Display(trimmed!),
            EncryptedSecret = WebhookSecrets.Protect(protection, secret), CreatedAt = time.GetUtcNow(),
        };
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await preferences.ReloadUserAsync(caller.UserId, cancellationToken);
        logger.LogInformation("Webhook {WebhookId} added for user {UserId}", row.Id, caller.UserId);
        return new WebhookAddResult(new WebhookSummary(row.Id, row.DisplayUrl, row.CreatedAt), secret, []);
    }

    /// <summary>Deletes one of the caller's webhooks (and its outbox messages); false when the caller has no such webhook.</summary>
    public async Task<bool> DeleteWebhookAsync(Caller caller, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Set<Webhook>().Where(w => w.Id == id && w.OwnerId == caller.UserId).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
            return false;
        await preferences.ReloadUserAsync(caller.UserId, cancellationToken);
        logger.LogInformation("Webhook {WebhookId} deleted by user {UserId}", id, caller.UserId);
        return true;
    }

    /// <summary>Queues a test message to one of the caller's webhooks, or to their email when <paramref name="webhookId"/> is null.</summary>
    public async Task<bool> SendTestAsync(Caller caller, long? webhookId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (webhookId is { } id && !await db.Set<Webhook>().AnyAsync(w => w.Id == id && w.OwnerId == caller.UserId, cancellationToken))
            return false;
        var now = time.GetUtcNow();
        var channel = webhookId is null ? NotificationChannel.Email : NotificationChannel.Webhook;
        db.Add(NotificationOutbox.NewMessage(caller.UserId, NotificationEvent.Test, channel, webhookId, null, new NotificationFacts { At = now }.ToJson(), now));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The caller's newest outbox messages with their outcome.</summary>
    public async Task<IReadOnlyList<DeliveryView>> DeliveriesAsync(Caller caller, CancellationToken cancellationToken, int take = 50)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.UserId == caller.UserId)
            .OrderByDescending(m => m.Id).Take(take).ToListAsync(cancellationToken);
        var urls = await db.Set<Webhook>().AsNoTracking().Where(w => w.OwnerId == caller.UserId).ToDictionaryAsync(w => w.Id, w => w.DisplayUrl, cancellationToken);
        return rows.ConvertAll(m => View(m, urls, null));
    }

    /// <summary>Everybody's newest failed messages, for admins; empty for anyone else.</summary>
    public async Task<IReadOnlyList<DeliveryView>> FailedDeliveriesAsync(Caller caller, CancellationToken cancellationToken, int take = 50)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAdmin)
            return [];
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Status == DeliveryStatus.Failed)
            .OrderByDescending(m => m.Id).Take(take).ToListAsync(cancellationToken);
        var userIds = rows.Select(m => m.UserId).Distinct().ToList();
        var emails = await db.Set<ApplicationUser>().AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email, cancellationToken);
        var webhookIds = rows.Where(m => m.WebhookId is not null).Select(m => m.WebhookId!.Value).Distinct().ToList();
        var urls = await db.Set<Webhook>().AsNoTracking().Where(w => webhookIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.DisplayUrl, cancellationToken);
        return rows.ConvertAll(m => View(m, urls, emails.GetValueOrDefault(m.UserId) ?? m.UserId));
    }

    /// <summary>Why <paramref name="url"/> cannot be a webhook, or null: absolute https, or http to this machine (loopback) only.</summary>
    public static string? CheckUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
            return "Enter the webhook's URL.";
        if (url.Length > UrlMaxLength)
            return $"At most {UrlMaxLength} characters.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "Enter an absolute http(s) URL, e.g. https://hooks.slack.com/services/...";
        if (UserText.Problem(url) is { } problem)
            return $"The URL must not contain {problem}.";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "Put no user name or password in the URL.";
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            return "Use https (plain http only to this machine: localhost or 127.0.0.1).";
        return null;
    }

    private static DeliveryView View(OutboxMessage m, Dictionary<long, string> urls, string? userEmail) =>
        new(m.Id, m.Event, m.Channel, m.WebhookId is { } w ? urls.GetValueOrDefault(w, "(deleted webhook)") : m.Recipient ?? "email",
            m.Status, m.Attempts, m.LastError, m.CreatedAt, m.DeliveredAt,
            m.Status == DeliveryStatus.Pending ? DateTimeOffset.FromUnixTimeMilliseconds(m.NextAttemptAtMs) : null, userEmail);
}
