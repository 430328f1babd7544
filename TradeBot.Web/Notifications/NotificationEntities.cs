namespace TradeBot.Web.Notifications;

/// <summary>What a trader can be told about. Flags: a user's settings hold one set per channel.</summary>
[Flags]
public enum NotificationEvent
{
    None = 0,

    /// <summary>An order of a bot filled (entries and exits).</summary>
    OrderFilled = 1,

    /// <summary>An exit fill closed a position, with its realised PnL.</summary>
    PositionClosed = 2,

    /// <summary>A daily limit (target, loss or trade count) paused new entries.</summary>
    BotPaused = 4,

    /// <summary>A check failed and the bot is in error (once per new message).</summary>
    BotError = 8,

    /// <summary>A bot in error checked successfully again.</summary>
    BotRecovered = 16,

    /// <summary>Once a day at the user's chosen hour in their time zone: PnL and fills of the last 24 h.</summary>
    DailySummary = 32,

    /// <summary>Identity's emails (confirm email, reset password): always sent, never optional.</summary>
    Account = 64,

    /// <summary>The "send test" button.</summary>
    Test = 128,
}

/// <summary>Where one outbox message goes.</summary>
public enum NotificationChannel
{
    Email,
    Webhook,
}

/// <summary>Where an outbox message is in its life.</summary>
public enum DeliveryStatus
{
    /// <summary>Waiting for its next attempt.</summary>
    Pending,

    Delivered,

    /// <summary>Given up (retry window over, or a permanent refusal); see <see cref="OutboxMessage.LastError"/>.</summary>
    Failed,
}

/// <summary>A user's notification choices: which events go to email, which to their webhooks, and the daily summary's hour.</summary>
public sealed class NotificationSettingsRow
{
    /// <summary>The user's id (AspNetUsers); one row per user.</summary>
    public required string UserId { get; set; }

    public NotificationEvent EmailEvents { get; set; }

    public NotificationEvent WebhookEvents { get; set; }

    /// <summary>Hour of day (0-23) in <see cref="TimeZone"/> at which the daily summary goes out.</summary>
    public int SummaryHour { get; set; } = 18;

    /// <summary>IANA time zone id, e.g. <c>Europe/Berlin</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The local date of the last daily summary written to the outbox (yyyy-MM-dd), so one goes out per day.</summary>
    public string? LastSummaryDate { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A user's webhook: a URL and its signing secret, both encrypted with Data Protection (the secret is shown once when
/// created, the URL never again: only its <see cref="DisplayUrl"/>).
/// </summary>
public sealed class Webhook
{
    public long Id { get; set; }

    public required string OwnerId { get; set; }

    /// <summary>The URL, encrypted (<see cref="WebhookUrls"/>); plain text only in rows written before it was, until startup converts them.</summary>
    public required string EncryptedUrl { get; set; }

    /// <summary>What may be shown of the URL (<see cref="WebhookUrls.Display"/>); empty while <see cref="EncryptedUrl"/> is still plain text.</summary>
    public required string DisplayUrl { get; set; }

    public required string EncryptedSecret { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// One notification to deliver on one channel (the transactional outbox): written in the same transaction as the change
/// it reports, delivered by <see cref="OutboxSender"/> with retries, and kept with its outcome for the user to see.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    /// <summary>The user it is for (their settings, their email address, their webhooks).</summary>
    public required string UserId { get; set; }

    public NotificationEvent Event { get; set; }

    public NotificationChannel Channel { get; set; }

    /// <summary>The webhook it goes to; null for email.</summary>
    public long? WebhookId { get; set; }

    /// <summary>An explicit address (Identity's emails go to the address being confirmed); null: the user's email.</summary>
    public string? Recipient { get; set; }

    /// <summary>The bot it is about, or null.</summary>
    public long? BotId { get; set; }

    /// <summary>The facts, as JSON (<see cref="NotificationFacts"/>); rendered into email and webhook payload at delivery.</summary>
    public required string Facts { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    /// <summary>Unix ms of the next attempt.</summary>
    public long NextAttemptAtMs { get; set; }

    /// <summary>Unix ms until which a sender owns it (claimed); a sender that died lets the lease run out.</summary>
    public long LeaseUntilMs { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
}
