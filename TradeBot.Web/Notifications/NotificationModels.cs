namespace TradeBot.Web.Notifications;

/// <summary>What a user chooses on the settings page.</summary>
public sealed class NotificationSettingsInput
{
    public NotificationEvent EmailEvents { get; set; }

    public NotificationEvent WebhookEvents { get; set; }

    /// <summary>0-23, in <see cref="TimeZone"/>.</summary>
    public int SummaryHour { get; set; } = 18;

    /// <summary>An IANA id such as <c>Europe/Berlin</c>.</summary>
    public string? TimeZone { get; set; } = "UTC";
}

/// <summary>A webhook as its owner sees it: never its secret, and its URL only in display form (<see cref="WebhookUrls.Display"/>).</summary>
public sealed record WebhookSummary(long Id, string DisplayUrl, DateTimeOffset CreatedAt);

/// <summary>The settings page's data.</summary>
/// <param name="IsEmailConfigured">Whether this server sends email (Smtp:Host is set).</param>
public sealed record NotificationSettingsView(NotificationSettingsInput Settings, IReadOnlyList<WebhookSummary> Webhooks, bool IsEmailConfigured);

/// <summary>A new webhook and its secret, which is shown this once.</summary>
public sealed record WebhookAddResult(WebhookSummary? Webhook, string? Secret, IReadOnlyList<Domain.Trading.SettingsError> Errors)
{
    public bool Succeeded => Webhook is not null;
}

/// <summary>One outbox message as the user (or an admin) sees it.</summary>
/// <param name="Target">"email" or the webhook's display URL (never the URL itself).</param>
/// <param name="NextAttemptAt">When it is tried again (pending only).</param>
/// <param name="UserEmail">The user's email (admin view only).</param>
public sealed record DeliveryView(
    long Id, NotificationEvent Event, NotificationChannel Channel, string Target, DeliveryStatus Status, int Attempts, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, DateTimeOffset? NextAttemptAt, string? UserEmail = null);
