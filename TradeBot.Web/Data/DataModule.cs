using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace TradeBot.Web.Data;

/// <summary>Registers the database: options, the provider-specific context and its factory, health check.</summary>
public static class DataModule
{
    /// <summary>
    /// The Identity tables in our migrations (Version3: with passkeys). Identity reads it from the app's services
    /// when it builds the model, so every host that touches the database (web app, commands, tests) must set it.
    /// </summary>
    public static readonly Version IdentitySchemaVersion = IdentitySchemaVersions.Version3;

    public static IHostApplicationBuilder AddData(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersion);
        builder.Services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Provider != DatabaseProvider.Postgres
                || !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Postgres")),
                "Database:Provider is Postgres but ConnectionStrings:Postgres is empty.")
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var services = builder.Services;
        switch (options.Provider)
        {
            case DatabaseProvider.Postgres:
                var postgres = PostgresConnectionString.WithDefaults(builder.Configuration.GetConnectionString("Postgres") ?? "");
                services.AddDbContextFactory<PostgresAppDbContext>(o => ConfigurePostgres(o, postgres));
                services.AddSingleton<IDbContextFactory<AppDbContext>, ProviderContextFactory<PostgresAppDbContext>>();
                break;
            default:
                var sqlite = SqliteConnectionString(builder.Configuration, options, builder.Environment.ContentRootPath);
                services.AddDbContextFactory<SqliteAppDbContext>(o => ConfigureSqlite(o, sqlite));
                services.AddSingleton<IDbContextFactory<AppDbContext>, ProviderContextFactory<SqliteAppDbContext>>();
                break;
        }
        services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");
        return builder;
    }

    /// <summary>Applies pending migrations (startup and the <c>migrate</c> command).</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString).UseSnakeCaseNamingConvention().AddInterceptors(SqliteWriteGate.Instance);

    internal static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString).UseSnakeCaseNamingConvention();

    internal static string SqliteConnectionString(IConfiguration configuration, DatabaseOptions options, string contentRoot)
    {
        var configured = configuration.GetConnectionString("Sqlite");
        if (!string.IsNullOrWhiteSpace(configured))
            return configured;
        var folder = Path.GetFullPath(options.DataFolder, contentRoot);
        Directory.CreateDirectory(folder);
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "tradebot.db"), Pooling = true }.ToString();
    }

    private sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<AppDbContext>
        where TContext : AppDbContext
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
