using System.Globalization;

namespace TradeBot.Web.Notifications;

/// <summary>A notification in words: the subject, the lines of its body, and the link back to the app.</summary>
/// <param name="Subject">Email subject and the first line of a chat message.</param>
/// <param name="Lines">The body, one fact a line.</param>
/// <param name="Link">Absolute link to the bot (or the account page), or null.</param>
/// <param name="LinkText">What the link's button says.</param>
public sealed record NotificationText(string Subject, IReadOnlyList<string> Lines, string? Link, string LinkText)
{
    /// <summary>The plain text body (email's text part).</summary>
    public string PlainText =>
        string.Join("\n", Lines) + (Link is null ? "" : $"\n\n{LinkText}: {Link}") + "\n\n-- \nTradeBot. Change what you are told at /settings/notifications.\n";

    /// <summary>One message for Slack (<c>text</c>) and Discord (<c>content</c>): subject, facts, link.</summary>
    public string ChatText => $"*{Subject}*\n{string.Join("\n", Lines)}" + (Link is null ? "" : $"\n{Link}");

    /// <summary>Words for <paramref name="kind"/> with <paramref name="facts"/> about the bot named <paramref name="botName"/>.</summary>
    public static NotificationText For(NotificationEvent kind, NotificationFacts facts, string? botName, Uri baseUrl)
    {
        var bot = botName ?? (facts.BotId is { } id ? $"Bot #{id}" : "TradeBot");
        var link = facts.BotId is { } botId ? new Uri(baseUrl, $"bots/{botId.ToString(CultureInfo.InvariantCulture)}").ToString() : null;
        var when = $"At {facts.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC.";
        return kind switch
        {
            NotificationEvent.OrderFilled => new($"{bot}: {facts.Side} {Number(facts.Quantity)} {facts.Symbol} at {Number(facts.Price)}",
                [$"{bot} filled an order: {facts.Side} {Number(facts.Quantity)} {facts.Symbol} at {Number(facts.Price)}.",
                 $"Order {facts.ClientOrderId}.", when], link, "Open the bot"),
            NotificationEvent.PositionClosed => new($"{bot}: position closed, PnL {Signed(facts.RealizedPnl)}",
                [$"{bot} closed its {facts.Symbol} position ({facts.ExitReason}) at {Number(facts.Price)}.",
                 $"Realised PnL: {Signed(facts.RealizedPnl)}.", when], link, "Open the bot"),
            NotificationEvent.BotPaused => new($"{bot}: paused by a daily limit",
                [$"{bot} takes no new entries today: {facts.Message}.", "Protective exits keep working; it resumes at 00:00 UTC.", when], link, "Open the bot"),
            NotificationEvent.BotError => new($"{bot}: error",
                [$"{bot} is in error: {facts.Message}", "It retries by itself (5 s doubling up to 5 min).", when], link, "Open the bot"),
            NotificationEvent.BotRecovered => new($"{bot}: recovered",
                [$"{bot} checks normally again (status {facts.Status}).", when], link, "Open the bot"),
            NotificationEvent.DailySummary => new($"TradeBot daily summary: PnL {Signed(facts.DayPnl)}",
                [$"Realised PnL over the last 24 hours: {Signed(facts.DayPnl)}.", $"Fills: {facts.DayFills ?? 0}.", when],
                new Uri(baseUrl, "bots").ToString(), "Open your bots"),
            NotificationEvent.Account => new(facts.Subject ?? "TradeBot", [facts.Message ?? ""], facts.Link, facts.Subject ?? "Open"),
            _ => new("TradeBot test notification",
                ["This is a test from TradeBot: your notifications reach you.", when], new Uri(baseUrl, "settings/notifications").ToString(), "Notification settings"),
        };
    }

    private static string Number(decimal? value) => value?.ToString("0.########", CultureInfo.InvariantCulture) ?? "?";

    private static string Signed(decimal? value) => value is { } v ? v.ToString("+0.########;-0.########;0", CultureInfo.InvariantCulture) : "?";
}
