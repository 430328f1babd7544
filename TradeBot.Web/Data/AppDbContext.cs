using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using TradeBot.Web.Accounts;

namespace TradeBot.Web.Data;

/// <summary>
/// The one EF Core model of the app. Each provider has a subclass
/// (<see cref="SqliteAppDbContext"/>, <see cref="PostgresAppDbContext"/>) only so that its
/// migrations live in their own folder; services always ask for <see cref="AppDbContext"/>.
/// It also holds the Data Protection key ring, so every instance can decrypt what another encrypted.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    /// <summary>The Data Protection key ring (table <c>data_protection_keys</c>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly, type => !type.IsAbstract);

        // Identity names its tables explicitly ("AspNetUsers"), which the naming convention leaves alone;
        // every table is snake_case so both providers share one schema.
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table && table.StartsWith("AspNet", StringComparison.Ordinal))
                entity.SetTableName(SnakeCase(table));
        }
    }

    private static string SnakeCase(string name)
    {
        var result = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
                result.Append('_');
            result.Append(char.ToLowerInvariant(name[i]));
        }
        return result.ToString();
    }
}

/// <summary>The model on SQLite, the embedded default. Migrations: Data/Migrations/Sqlite.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

/// <summary>The model on PostgreSQL, for production. Migrations: Data/Migrations/Postgres.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
