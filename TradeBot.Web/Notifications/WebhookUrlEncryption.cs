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
        if (plain.Count == 0)
            return 0;
        if (db.Database.IsSqlite())
            await SaveScrubbingSqliteAsync(db, cancellationToken);
        else
            await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Encrypted {Count} webhook URL(s) stored in plain text", plain.Count);
        return plain.Count;
    }

    // SQLite would keep the plain URLs in the pages' free space and in the write-ahead log: secure_delete overwrites what
    // the update frees, and the checkpoint folds the log into the file and empties it. (PostgreSQL keeps old row
    // versions until a vacuum reuses their space; the README says so.)
    private static async Task SaveScrubbingSqliteAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON", cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken);
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = OFF", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }
}
