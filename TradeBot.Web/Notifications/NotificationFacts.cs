using System.Text.Json;
using System.Text.Json.Serialization;

namespace TradeBot.Web.Notifications;

/// <summary>
/// What an outbox message reports, stored as JSON when the change commits and rendered (email, webhook) at delivery.
/// Only the fields of its event are set.
/// </summary>
public sealed record NotificationFacts
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public DateTimeOffset At { get; init; }

    public long? BotId { get; init; }

    public string? Symbol { get; init; }

    /// <summary><c>Buy</c> or <c>Sell</c>.</summary>
    public string? Side { get; init; }

    public decimal? Quantity { get; init; }

    public decimal? Price { get; init; }

    /// <summary>Net PnL of the closed position (position closed).</summary>
    public decimal? RealizedPnl { get; init; }

    /// <summary><c>signal</c>, <c>stop</c>, <c>take-profit</c>, <c>manual</c> (position closed).</summary>
    public string? ExitReason { get; init; }

    public string? ClientOrderId { get; init; }

    /// <summary>The bot's status after the event.</summary>
    public string? Status { get; init; }

    /// <summary>The pause reason, the error message, or the account email's sentence.</summary>
    public string? Message { get; init; }

    /// <summary>An absolute link for account emails (confirm, reset).</summary>
    public string? Link { get; init; }

    /// <summary>Account emails: the subject.</summary>
    public string? Subject { get; init; }

    /// <summary>Daily summary: realised PnL and fills over the 24 h before it.</summary>
    public decimal? DayPnl { get; init; }

    public int? DayFills { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static NotificationFacts FromJson(string json) => JsonSerializer.Deserialize<NotificationFacts>(json, Json) ?? new NotificationFacts();
}
