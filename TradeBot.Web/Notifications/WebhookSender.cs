using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TradeBot.Web.Notifications;

/// <summary>
/// Posts one notification to a webhook: JSON with a schema name and version (see README "Notifications"), signed with
/// HMAC-SHA256 over the body bytes using the webhook's secret. The delivery id header is the outbox id, the same on
/// every retry, so a receiver can drop repeats.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients)
{
    public const string HttpClientName = "webhooks";

    public const string SignatureHeader = "X-TradeBot-Signature";

    public const string DeliveryHeader = "X-TradeBot-Delivery";

    public const string EventHeader = "X-TradeBot-Event";

    /// <summary>The payload's schema name; <see cref="SchemaVersion"/> changes when a field changes meaning or goes away.</summary>
    public const string Schema = "tradebot.notification";

    public const int SchemaVersion = 1;

    private static readonly JsonSerializerOptions Json = new(NotificationFacts.Json) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>Sends; the outcome says whether it arrived, and if not whether trying again can help.</summary>
    public async Task<DeliveryOutcome> SendAsync(
        string url, string secret, OutboxMessage message, NotificationFacts facts, NotificationText text, string? botName, CancellationToken cancellationToken)
    {
        var body = Payload(message, facts, text, botName);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, Sign(secret, body));
        request.Headers.Add(DeliveryHeader, message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(EventHeader, EventName(message.Event));
        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
            return DeliveryOutcome.Delivered;
        var error = $"The webhook answered {(int)response.StatusCode} {response.ReasonPhrase}.";
        var retry = (int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
        return retry ? DeliveryOutcome.Retry(error) : DeliveryOutcome.GiveUp(error);
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of <paramref name="body"/> keyed with the UTF-8 bytes of <paramref name="secret"/>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>The event's name in payloads and headers, e.g. <c>order.filled</c>.</summary>
    public static string EventName(NotificationEvent kind) => kind switch
    {
        NotificationEvent.OrderFilled => "order.filled",
        NotificationEvent.PositionClosed => "position.closed",
        NotificationEvent.BotPaused => "bot.paused",
        NotificationEvent.BotError => "bot.error",
        NotificationEvent.BotRecovered => "bot.recovered",
        NotificationEvent.DailySummary => "summary.daily",
        NotificationEvent.Account => "account",
        _ => "test",
    };

    internal static byte[] Payload(OutboxMessage message, NotificationFacts facts, NotificationText text, string? botName) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            schema = Schema,
            version = SchemaVersion,
            id = message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            @event = EventName(message.Event),
            occurredAt = facts.At,
            subject = text.Subject,
            text = text.ChatText,
            content = text.ChatText,
            link = text.Link,
            bot = facts.BotId is { } id ? new { id, name = botName } : null,
            data = new
            {
                facts.Symbol, facts.Side, facts.Quantity, facts.Price, facts.RealizedPnl, facts.ExitReason, facts.ClientOrderId,
                facts.Status, facts.Message, facts.DayPnl, facts.DayFills,
            },
        }, Json);
}

/// <summary>What became of one attempt.</summary>
/// <param name="IsDelivered">It arrived.</param>
/// <param name="IsPermanent">It did not, and trying again cannot help (a 4xx answer, no email address).</param>
/// <param name="Error">Why not, for the user.</param>
public sealed record DeliveryOutcome(bool IsDelivered, bool IsPermanent, string? Error)
{
    public static readonly DeliveryOutcome Delivered = new(true, false, null);

    public static DeliveryOutcome Retry(string error) => new(false, false, error);

    public static DeliveryOutcome GiveUp(string error) => new(false, true, error);
}
