using Microsoft.Extensions.Options;
using TradeBot.Web.Data;

namespace TradeBot.Web.Cli;

/// <summary><c>migrate</c>: applies pending migrations to the configured database and exits.</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddData();
        using var host = builder.Build();
        _ = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value; // its checks, before a driver's obscure error
        await host.Services.MigrateDatabaseAsync(cancellationToken);
        Console.WriteLine("Database is up to date.");
        return 0;
    }
}
