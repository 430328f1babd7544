using Microsoft.AspNetCore.DataProtection;

namespace TradeBot.Web.Notifications;

/// <summary>
/// Webhook URLs are secrets (Slack and Discord put the token in the path): encrypted at rest with Data Protection, read
/// only by the sender, and shown after saving only in their display form.
/// </summary>
public static class WebhookUrls
{
    /// <summary>Data Protection purpose of the URL column; changing it makes stored URLs unreadable.</summary>
    public const string ProtectorPurpose = "TradeBot.Notifications.WebhookUrls.v1";

    /// <summary>The most characters of the URL's end that <see cref="Display"/> shows.</summary>
    public const int ShownTail = 4;

    public static string Protect(IDataProtectionProvider protection, string url) => protection.CreateProtector(ProtectorPurpose).Protect(url);

    public static string Unprotect(IDataProtectionProvider protection, string encrypted) => protection.CreateProtector(ProtectorPurpose).Unprotect(encrypted);

    /// <summary>
    /// <c>scheme://host[:port]/…</c> and the URL's last 4 characters, e.g. <c>https://hooks.slack.com/…Xy9z</c>. A short
    /// path shows at most a quarter of itself, so "/x" shows nothing of the path.
    /// </summary>
    public static string Display(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var origin = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "";
        var rest = url.Length - origin.Length;
        var tail = Math.Min(ShownTail, Math.Max(rest, 0) / 4);
        return origin + "/…" + url[^tail..];
    }
}
