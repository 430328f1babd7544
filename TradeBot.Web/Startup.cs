using Microsoft.Extensions.Options;
using TradeBot.Web.Data;

namespace TradeBot.Web;

/// <summary>Work done once before the app serves requests.</summary>
public static class Startup
{
    public static async Task StartupAsync(this WebApplication app)
    {
        var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (database.MigrateOnStartup)
            await app.Services.MigrateDatabaseAsync(app.Lifetime.ApplicationStopping);
    }
}
