using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Data;

namespace TradeBot.Tests.Data;

/// <summary>
/// The app's PostgreSQL connection-string defaults: statements prepared once used often, unless the operator's
/// connection string says otherwise; and the app's contexts really connect with them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConnectionStringTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void WithDefaults_AddsAutoPrepare_KeepingEveryKeyTheOperatorWrote()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresConnectionString.WithDefaults("Host=db;Database=tradebot;Username=app;Password=p;Timeout=7"));

        tuned.MaxAutoPrepare.ShouldBe(PostgresConnectionString.DefaultMaxAutoPrepare);
        tuned.NoResetOnClose.ShouldBeTrue();
        (tuned.Host, tuned.Database, tuned.Username, tuned.Password, tuned.Timeout).ShouldBe(("db", "tradebot", "app", "p", 7));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;max auto prepare=12", 12)]
    [InlineData("Host=db;MaxAutoPrepare=8", 8)]
    public void WithDefaults_TheOperatorsOwnValueWins(string connectionString, int expected) =>
        new NpgsqlConnectionStringBuilder(PostgresConnectionString.WithDefaults(connectionString)).MaxAutoPrepare.ShouldBe(expected);

    [Theory]
    [InlineData("Host=db;No Reset On Close=false")]
    [InlineData("Host=db;noresetonclose=False")]
    public void WithDefaults_TheOperatorMayKeepTheReset(string connectionString) =>
        new NpgsqlConnectionStringBuilder(PostgresConnectionString.WithDefaults(connectionString)).NoResetOnClose.ShouldBeFalse();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Host=db;Nonsense Key=1")]
    [InlineData("Host=db;Max Auto Prepare=lots")]
    [InlineData("=;;=")]
    public void WithDefaults_EmptyOrMalformed_ComesBackAsItWas(string connectionString) =>
        PostgresConnectionString.WithDefaults(connectionString).ShouldBe(connectionString);

    [Fact]
    public async Task AppContext_OnPostgres_PreparesAStatementItRunsOften()
    {
        await using var host = await BotsTestHost.CreateAsync("Postgres", postgres, Cancel);
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancel);
        new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).MaxAutoPrepare.ShouldBe(PostgresConnectionString.DefaultMaxAutoPrepare);
        await db.Database.OpenConnectionAsync(Cancel);
        for (var i = 0; i < 6; i++) // Npgsql prepares a statement on its 5th use
            await db.Users.Where(u => u.Email == "nobody@example.com").CountAsync(Cancel);

        var prepared = await db.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync(Cancel);

        prepared.ShouldContain(s => s.Contains("email", StringComparison.OrdinalIgnoreCase), string.Join(" | ", prepared));
    }
}
