using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace TradeBot.Web.Notifications;

/// <summary>How the outbox is delivered (section <c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>The app's public address, for the links in emails and webhook payloads (e.g. https://tradebot.example.com).</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5171";

    /// <summary>Whether this instance runs the background sender (tests drive it by hand; every instance may run one).</summary>
    public bool SenderEnabled { get; set; } = true;

    /// <summary>How often the sender looks for due messages.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The wait after the first failed attempt; it doubles with each failure up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after it was written a message is still retried; then it is marked failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "7.00:00:00")]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a sender owns a claimed message; another instance (or this one after a restart) retries it after that.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the cached notification choices of all users are reloaded (other instances' edits arrive this late).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PreferencesRefresh { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long delivered and failed messages stay visible before they are deleted.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan KeepHistory { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Timeout of one webhook request.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>The SMTP server email goes through (section <c>Smtp</c>). Email is off while <see cref="Host"/> is empty.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary><c>None</c>, <c>Auto</c>, <c>SslOnConnect</c> (port 465), <c>StartTls</c> or <c>StartTlsWhenAvailable</c>.</summary>
    public SecureSocketOptions Tls { get; set; } = SecureSocketOptions.StartTls;

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>TradeBot &lt;bots@example.com&gt;</c>.</summary>
    public string From { get; set; } = "TradeBot <tradebot@localhost>";

    /// <summary>Timeout of one SMTP conversation.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsConfigured && !MimeKit.MailboxAddress.TryParse(From, out _))
            yield return new ValidationResult($"Smtp:From '{From}' is not an email address.", [nameof(From)]);
        if (IsConfigured && !string.IsNullOrEmpty(User) && string.IsNullOrEmpty(Password))
            yield return new ValidationResult("Smtp:User is set but Smtp:Password is empty.", [nameof(Password)]);
    }
}
