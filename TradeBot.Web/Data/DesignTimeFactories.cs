using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TradeBot.Web.Data;

// Used only by `dotnet ef migrations add`; the connection strings are never opened.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>();
        DataModule.ConfigureSqlite(options, "Data Source=design-time.db");
        return new SqliteAppDbContext(options.UseApplicationServiceProvider(DesignTimeServices.Identity).Options);
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresAppDbContext>();
        DataModule.ConfigurePostgres(options, "Host=localhost;Database=design_time");
        return new PostgresAppDbContext(options.UseApplicationServiceProvider(DesignTimeServices.Identity).Options);
    }
}

internal static class DesignTimeServices
{
    // Identity reads its schema version from IdentityOptions in the app's services; migrations must see
    // the same version the app configures in DataModule.
    public static readonly IServiceProvider Identity = new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = DataModule.IdentitySchemaVersion)
        .BuildServiceProvider();
}
