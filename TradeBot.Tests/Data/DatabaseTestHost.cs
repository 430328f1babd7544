using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;
using TradeBot.Web.Data;

namespace TradeBot.Tests.Data;

/// <summary>The app's own database and account store registration (as the commands use them) on a given configuration.</summary>
internal static class DatabaseTestHost
{
    public static IHost Build(IDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddData().AddAccountStore();
        builder.Services.AddLogging();
        return builder.Build();
    }

    public static IHost Sqlite(string dataFolder) =>
        Build(new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite", ["Database:DataFolder"] = dataFolder });

    public static IHost Postgres(string connectionString) =>
        Build(new Dictionary<string, string?> { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = connectionString });

    /// <summary>A host on a new PostgreSQL database, or on SQLite in <paramref name="sqliteFolder"/>, by <paramref name="provider"/>.</summary>
    public static async Task<IHost> ForProviderAsync(string provider, PostgresServer postgres, string sqliteFolder, CancellationToken cancellationToken) =>
        provider == "Postgres" ? Postgres(await postgres.CreateDatabaseAsync(cancellationToken)) : Sqlite(sqliteFolder);

    /// <summary>Table → column names of the migrated schema, read back from the database itself.</summary>
    public static async Task<SortedSet<string>> ReadSchemaAsync(IHost host, CancellationToken cancellationToken)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        var sql = db.Database.IsNpgsql()
            ? "SELECT table_name || '.' || column_name AS \"Value\" FROM information_schema.columns WHERE table_schema = 'public'"
            : "SELECT m.name || '.' || p.name AS \"Value\" FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'";
        var columns = await db.Database.SqlQueryRaw<string>(sql).ToListAsync(cancellationToken);
        return new SortedSet<string>(columns, StringComparer.Ordinal);
    }
}
