using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange.Paper;

namespace TradeBot.Tests.Data;

/// <summary>Both providers: the migrations build the same snake_case schema from nothing, and an Identity user round-trips.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sqlite_EmptyFolder_MigratesAndRoundTripsAUser()
    {
        using var folder = TestEnvironment.CreateTempFolder("sqlite");
        var dataFolder = Path.Combine(folder.Path, "not-yet-created");
        using var host = DatabaseTestHost.Sqlite(dataFolder);

        await host.Services.MigrateDatabaseAsync(Cancel);

        File.Exists(Path.Combine(dataFolder, "tradebot.db")).ShouldBeTrue();
        await AssertUserRoundTripsAsync(host);
    }

    [Fact]
    public async Task Postgres_EmptyDatabase_MigratesAndRoundTripsAUser()
    {
        using var host = DatabaseTestHost.Postgres(await postgres.CreateDatabaseAsync(Cancel));

        await host.Services.MigrateDatabaseAsync(Cancel);

        await AssertUserRoundTripsAsync(host);
    }

    [Fact]
    public async Task BothProviders_Migrated_HaveTheSameSnakeCaseTablesAndColumns()
    {
        using var folder = TestEnvironment.CreateTempFolder("sqlite");
        using var sqlite = DatabaseTestHost.Sqlite(folder.Path);
        using var pg = DatabaseTestHost.Postgres(await postgres.CreateDatabaseAsync(Cancel));
        await sqlite.Services.MigrateDatabaseAsync(Cancel);
        await pg.Services.MigrateDatabaseAsync(Cancel);

        // EF's own bookkeeping differs by provider (SQLite adds __EFMigrationsLock); our tables must not. Quartz's
        // clustered job store (qrtz_*) exists on PostgreSQL only: SQLite runs one instance on the in-memory scheduler.
        var sqliteSchema = (await DatabaseTestHost.ReadSchemaAsync(sqlite, Cancel)).Where(c => !c.StartsWith("__EF", StringComparison.Ordinal)).ToList();
        var postgresAll = (await DatabaseTestHost.ReadSchemaAsync(pg, Cancel)).Where(c => !c.StartsWith("__EF", StringComparison.Ordinal)).ToList();
        var postgresSchema = postgresAll.Where(c => !c.StartsWith("qrtz_", StringComparison.Ordinal)).ToList();
        postgresAll.ShouldContain("qrtz_triggers.next_fire_time");
        postgresAll.ShouldContain("qrtz_scheduler_state.last_checkin_time");
        sqliteSchema.ShouldNotContain(c => c.StartsWith("qrtz_", StringComparison.Ordinal));

        sqliteSchema.ShouldContain("asp_net_users.normalized_email");
        sqliteSchema.ShouldContain("asp_net_users.prefers_dark_mode");
        postgresSchema.ShouldBe(sqliteSchema);
        foreach (var column in sqliteSchema)
            column.ShouldBe(column.ToLowerInvariant(), $"{column} is not snake_case");
    }

    [Fact]
    public async Task Sqlite_MigrateTwice_SecondRunChangesNothing()
    {
        using var folder = TestEnvironment.CreateTempFolder("sqlite");
        using var host = DatabaseTestHost.Sqlite(folder.Path);
        await host.Services.MigrateDatabaseAsync(Cancel);
        var before = await DatabaseTestHost.ReadSchemaAsync(host, Cancel);

        await host.Services.MigrateDatabaseAsync(Cancel);

        (await DatabaseTestHost.ReadSchemaAsync(host, Cancel)).ToList().ShouldBe(before.ToList());
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancel);
        (await db.Database.GetPendingMigrationsAsync(Cancel)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task PaperWalletsOfDeletedBots_Removed_OthersKept(string provider)
    {
        using var folder = TestEnvironment.CreateTempFolder("sqlite");
        using var host = await DatabaseTestHost.ForProviderAsync(provider, postgres, folder.Path, Cancel);
        var databases = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        long botId;
        await using (var db = await databases.CreateDbContextAsync(Cancel))
        {
            await db.GetService<IMigrator>().MigrateAsync("ApiTokens", cancellationToken: Cancel); // the migration before
            db.Users.Add(new ApplicationUser { Id = "owner", UserName = "owner@example.com", Email = "owner@example.com" });
            var bot = new BotConfig { OwnerId = "owner", Name = "kept", Symbol = "BTCUSDT", Interval = "1h", Strategy = "ema-rsi", CheckIntervalSeconds = 60 };
            db.Add(bot);
            await db.SaveChangesAsync(Cancel);
            botId = bot.Id;
            foreach (var walletId in new[] { $"bot-{botId}", $"bot-{botId + 1}", $"bot-{botId}0", "demo" })
            {
                db.Add(new PaperWallet { Id = walletId });
                db.Add(new PaperBalance { WalletId = walletId, Asset = "USDT", Free = 10_000m });
                db.Add(new PaperOrder { WalletId = walletId, Symbol = "BTCUSDT", ClientOrderId = $"{walletId}-1", FeeAsset = "USDT" });
                db.Add(new PaperTransfer { WalletId = walletId, Asset = "USDT" });
            }
            await db.SaveChangesAsync(Cancel);
        }

        await host.Services.MigrateDatabaseAsync(Cancel);

        await using (var db = await databases.CreateDbContextAsync(Cancel))
        {
            string[] kept = [$"bot-{botId}", "demo"];
            (await db.Set<PaperWallet>().Select(w => w.Id).OrderBy(id => id).ToListAsync(Cancel)).ShouldBe(kept, ignoreOrder: false, customMessage: "bot-{id+1} and bot-{id}0 have no bot");
            (await db.Set<PaperBalance>().Select(b => b.WalletId).OrderBy(id => id).ToListAsync(Cancel)).ShouldBe(kept);
            (await db.Set<PaperOrder>().Select(o => o.WalletId).OrderBy(id => id).ToListAsync(Cancel)).ShouldBe(kept);
            (await db.Set<PaperTransfer>().Select(t => t.WalletId).OrderBy(id => id).ToListAsync(Cancel)).ShouldBe(kept);
            (await db.Set<BotConfig>().CountAsync(Cancel)).ShouldBe(1);
        }
    }

    private static async Task AssertUserRoundTripsAsync(IHost host)
    {
        using (var scope = host.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            (await roles.CreateAsync(new IdentityRole("Trader"))).Succeeded.ShouldBeTrue();
            var user = new ApplicationUser { UserName = "ada@example.com", Email = "ada@example.com", PrefersDarkMode = true };
            var created = await users.CreateAsync(user, "Correct-horse-9");
            created.Succeeded.ShouldBeTrue(string.Join("; ", created.Errors.Select(e => e.Description)));
            (await users.AddToRoleAsync(user, "Trader")).Succeeded.ShouldBeTrue();
        }
        using (var scope = host.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var loaded = await users.FindByEmailAsync("ADA@example.com");
            loaded.ShouldNotBeNull();
            loaded.PrefersDarkMode.ShouldBeTrue();
            (await users.CheckPasswordAsync(loaded, "Correct-horse-9")).ShouldBeTrue();
            (await users.CheckPasswordAsync(loaded, "wrong")).ShouldBeFalse();
            (await users.IsInRoleAsync(loaded, "Trader")).ShouldBeTrue();
        }
    }
}
