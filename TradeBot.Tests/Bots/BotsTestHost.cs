using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using TradeBot.Tests.Exchange;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;
using TradeBot.Web.Backtests;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.ApiKeys;

namespace TradeBot.Tests.Bots;

/// <summary>
/// The app's data, exchange (simulated market), API key and bot registrations on a migrated SQLite temp file or
/// PostgreSQL database, with a fake clock. Binance calls go to a <see cref="FakeBinanceServer"/> when one is given.
/// </summary>
public sealed class BotsTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly TempFolder? _folder;

    private BotsTestHost(IHost host, TempFolder? folder, Dictionary<string, string?> database)
    {
        _host = host;
        _folder = folder;
        Database = database;
    }

    /// <summary>The database settings, to open a second host on the same database.</summary>
    public Dictionary<string, string?> Database { get; }

    public IServiceProvider Services => _host.Services;

    public FakeTimeProvider Time => (FakeTimeProvider)Services.GetRequiredService<TimeProvider>();

    public BotService Bots => Services.GetRequiredService<BotService>();

    /// <summary>The app's Quartz scheduler.</summary>
    public Task<IScheduler> SchedulerAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Services.GetRequiredKeyedService<IScheduler>(QuartzBotScheduler.SchedulerName));

    public BotValidator Validator => Services.GetRequiredService<BotValidator>();

    public ApiKeyService ApiKeys => Services.GetRequiredService<ApiKeyService>();

    public IDbContextFactory<AppDbContext> Databases => Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    /// <summary>
    /// A host with the app's bot services on a fresh database. Bots are not checked on a schedule unless
    /// <paramref name="scheduleChecks"/>: tests drive checks by hand, and the real runner firing from Quartz behind
    /// their backs would race them (the scheduler's own tests opt in).
    /// </summary>
    public static async Task<BotsTestHost> CreateAsync(
        string provider, PostgresServer? postgres, CancellationToken cancellationToken,
        FakeBinanceServer? binance = null, bool liveEnabled = false, Action<IServiceCollection>? configure = null, bool scheduleChecks = false)
    {
        if (provider == "Postgres")
        {
            ArgumentNullException.ThrowIfNull(postgres);
            var database = new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(cancellationToken),
            };
            return await OpenAsync(database, null, cancellationToken, binance, liveEnabled, configure, scheduleChecks);
        }
        var folder = TestEnvironment.CreateTempFolder("bots");
        return await OpenAsync(new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite", ["Database:DataFolder"] = folder.Path },
            folder, cancellationToken, binance, liveEnabled, configure, scheduleChecks);
    }

    /// <summary>Another host (another "instance") on the database of <paramref name="other"/>.</summary>
    public static Task<BotsTestHost> OnSameDatabaseAsync(
        BotsTestHost other, CancellationToken cancellationToken, FakeBinanceServer? binance = null, Action<IServiceCollection>? configure = null,
        bool scheduleChecks = false) =>
        OpenAsync(other.Database, null, cancellationToken, binance, liveEnabled: false, configure, scheduleChecks);

    /// <summary>A host on the database these settings name (plus any other settings in them), e.g. one an app process uses.</summary>
    public static Task<BotsTestHost> OnDatabaseAsync(Dictionary<string, string?> settings, CancellationToken cancellationToken) =>
        OpenAsync(settings, null, cancellationToken, binance: null, liveEnabled: false, configure: null, scheduleChecks: false);

    private static async Task<BotsTestHost> OpenAsync(
        Dictionary<string, string?> database, TempFolder? folder, CancellationToken cancellationToken,
        FakeBinanceServer? binance, bool liveEnabled, Action<IServiceCollection>? configure, bool scheduleChecks)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(database);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Exchange:MarketData"] = "Simulated",
            ["Trading:LiveEnabled"] = liveEnabled ? "true" : "false",
        });
        if (binance is not null)
        {
            var url = binance.BaseUrl.ToString();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Exchange:Binance:SpotBaseUrl"] = url, ["Exchange:Binance:FuturesBaseUrl"] = url,
                ["Exchange:Binance:SpotTestnetBaseUrl"] = url, ["Exchange:Binance:FuturesTestnetBaseUrl"] = url,
                ["Exchange:Binance:RequestTimeoutSeconds"] = "2", ["Exchange:Binance:TotalTimeoutSeconds"] = "10",
            });
        }
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(ExchangeTestHost.Start));
        builder.Services.AddLogging();
        builder.AddData().AddExchange().AddApiKeys().AddBots().AddBacktests().AddEventFanOut();
        if (!scheduleChecks)
            builder.Services.Replace(ServiceDescriptor.Singleton<IBotScheduler>(new RecordingScheduler()));
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.Services.MigrateDatabaseAsync(cancellationToken);
        await host.StartAsync(cancellationToken);
        return new BotsTestHost(host, folder, database);
    }

    /// <summary>A user row to own bots and keys.</summary>
    public async Task<Caller> CreateUserAsync(string name, CancellationToken cancellationToken, bool isAdmin = false)
    {
        await using var db = await Databases.CreateDbContextAsync(cancellationToken);
        var user = new ApplicationUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = $"{name}@example.com" };
        db.Users.Add(user);
        if (isAdmin) // in the database too: the admin services that change things ask it
        {
            var role = await db.Roles.FirstOrDefaultAsync(r => r.Name == Roles.Admin, cancellationToken)
                ?? db.Roles.Add(new IdentityRole(Roles.Admin) { NormalizedName = Roles.Admin.ToUpperInvariant() }).Entity;
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
        }
        await db.SaveChangesAsync(cancellationToken);
        return new Caller(user.Id, isAdmin);
    }

    /// <summary>A key row with the given permissions, stored without asking an exchange.</summary>
    public async Task<long> AddKeyRowAsync(Caller owner, bool isTestnet, bool spot, bool futures, bool withdraw, CancellationToken cancellationToken)
    {
        await using var db = await Databases.CreateDbContextAsync(cancellationToken);
        var key = new ApiKey
        {
            OwnerId = owner.UserId, Label = "test", IsTestnet = isTestnet, KeyLast4 = "abcd", EncryptedKey = "x", EncryptedSecret = "y",
            CanTradeSpot = spot, CanTradeFutures = futures, CanWithdraw = withdraw,
        };
        db.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return key.Id;
    }

    /// <summary>Changes a bot's state row directly, as the runner would.</summary>
    public async Task UpdateStateAsync(long botId, Action<BotStateRow> change, CancellationToken cancellationToken)
    {
        await using var db = await Databases.CreateDbContextAsync(cancellationToken);
        var state = await db.Set<BotStateRow>().SingleAsync(s => s.BotId == botId, cancellationToken);
        change(state);
        state.Version++;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<List<BotEvent>> EventsAsync(long botId, CancellationToken cancellationToken)
    {
        await using var db = await Databases.CreateDbContextAsync(cancellationToken);
        return await db.Set<BotEvent>().Where(e => e.BotId == botId).OrderBy(e => e.Id).ToListAsync(cancellationToken);
    }

    public async Task<int> CountAsync<T>(CancellationToken cancellationToken)
        where T : class
    {
        await using var db = await Databases.CreateDbContextAsync(cancellationToken);
        return await db.Set<T>().CountAsync(cancellationToken);
    }

    /// <summary>A valid paper spot bot on the simulated market.</summary>
    public static BotInput ValidInput() => new()
    {
        Name = "BTC trend", Symbol = "BTCUSDT", Interval = "1h", Strategy = "ema-rsi",
        StrategyParameters = new() { ["emaFast"] = 9, ["emaSlow"] = 21 },
        InitialCapital = 1000, PositionSizePerc = 50, StopLossEnabled = true, StopLossPerc = 2,
        TakeProfitEnabled = true, TakeProfitPerc = 4, TrailingStopEnabled = true, TrailingStopPerc = 1,
        DailyTargetPerc = 5, MaxDailyLossPerc = 3, MaxDailyTrades = 10, CheckIntervalSeconds = 10,
    };

    /// <summary>Stops the host as the app does on shutdown; <paramref name="cancellationToken"/> is its shutdown timeout.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => _host.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
        _folder?.Dispose();
    }
}
