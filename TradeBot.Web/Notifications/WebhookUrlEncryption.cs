using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using TradeBot.Web.Data;

namespace TradeBot.Web.Notifications;

/// <summary>
/// Encrypts the webhook URLs stored in plain text before URLs were encrypted (a migration cannot: SQL has no Data
/// Protection). Runs at startup after the migrations; a row still in plain text is one with no display form yet, so a
/// second run finds nothing to do.
/// </summary>
public sealed class WebhookUrlEncryption(
    IDbContextFactory<AppDbContext> databases, IDataProtectionProvider protection, ILogger<WebhookUrlEncryption> logger)
{
    /// <summary>Encrypts every plain URL and fills its display form; returns how many rows it converted.</summary>
    public async Task<int> EncryptPlainUrlsAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var plain = await db.Set<Webhook>().Where(w => w.DisplayUrl == "").ToListAsync(cancellationToken);
        foreach (var webhook in plain)
        {
            var url = webhook.EncryptedUrl;
            webhook.EncryptedUrl = WebhookUrls.Protect(protection, url);
            webhook.DisplayUrl = WebhookUrls.Display(url);
        }
        if (plain.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Encrypted {Count} webhook URL(s) stored in plain text", plain.Count);
        }
        return plain.Count;
    }
}
