using System.Data.Common;
using Microsoft.Extensions.Options;
using TradeBot.Web.Accounts;
using TradeBot.Web.Data;
using TradeBot.Web.Notifications;

namespace TradeBot.Web;

/// <summary>Work done once before the app serves requests.</summary>
public static class Startup
{
    public static async Task StartupAsync(this WebApplication app)
    {
        var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (database.MigrateOnStartup)
            await app.Services.MigrateDatabaseAsync(app.Lifetime.ApplicationStopping);
        await app.Services.EncryptPlainWebhookUrlsAsync(app.Lifetime.ApplicationStopping);
        // Fails fast (AccountSeedingException) when Admin:Password breaks the password policy: see AdminOptions.
        await app.Services.SeedAccountsAsync();
    }

    /// <summary>The database driver's own error inside <paramref name="error"/> (EF wraps it), or null.</summary>
    public static DbException? FindDatabaseError(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is DbException database)
                return database;
        }
        return null;
    }
}
