using Microsoft.Data.Sqlite;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Cli;

namespace TradeBot.Tests.Cli;

public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Migrate_EmptyDataFolder_CreatesTheDatabaseAndExitsZero()
    {
        using var folder = TestEnvironment.CreateTempFolder("migrate");

        var exitCode = await CommandLine.TryRunAsync(["migrate", "--Database:DataFolder", folder.Path]);

        exitCode.ShouldBe(0);
        var file = Path.Combine(folder.Path, "tradebot.db");
        File.Exists(file).ShouldBeTrue();
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=false");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new SqliteCommand("SELECT count(*) FROM __EFMigrationsHistory", connection);
        Convert.ToInt32(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken)).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task UnknownCommand_ExitsTwoWithoutStartingTheApp()
    {
        var exitCode = await CommandLine.TryRunAsync(["frobnicate"]);

        exitCode.ShouldBe(2);
    }

    [Fact]
    public async Task NoCommand_ReturnsNullSoTheWebAppStarts()
    {
        (await CommandLine.TryRunAsync([])).ShouldBeNull();
        (await CommandLine.TryRunAsync(["--urls", "http://127.0.0.1:5000"])).ShouldBeNull();
    }
}
