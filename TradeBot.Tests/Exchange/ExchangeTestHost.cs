using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Candles;
using TradeBot.Web.Exchange.Paper;

namespace TradeBot.Tests.Exchange;

/// <summary>The app's data and exchange registrations on a migrated SQLite temp file or PostgreSQL database, with a fake clock.</summary>
public sealed class ExchangeTestHost : IAsyncDisposable
{
    /// <summary>2026-01-05 00:00:30 UTC: half a minute into a Monday.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 30, TimeSpan.Zero);

    private readonly IHost _host;
    private readonly TempFolder? _folder;

    private ExchangeTestHost(IHost host, TempFolder? folder, FakeTimeProvider time)
    {
        _host = host;
        _folder = folder;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _host.Services;

    public IDbContextFactory<AppDbContext> Databases => Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    public static async Task<ExchangeTestHost> SqliteAsync(CancellationToken cancellationToken, IDictionary<string, string?>? settings = null)
    {
        var folder = TestEnvironment.CreateTempFolder("exchange");
        return await StartAsync(new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite", ["Database:DataFolder"] = folder.Path }, settings, folder, cancellationToken);
    }

    public static async Task<ExchangeTestHost> PostgresAsync(PostgresServer postgres, CancellationToken cancellationToken, IDictionary<string, string?>? settings = null) =>
        await StartAsync(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(cancellationToken),
        }, settings, null, cancellationToken);

    /// <summary>Starts the host (runs the ValidateOnStart checks).</summary>
    public Task StartAsync(CancellationToken cancellationToken) => _host.StartAsync(cancellationToken);

    /// <summary>A paper exchange factory on this database priced by <paramref name="market"/>.</summary>
    public PaperExchangeFactory PaperFactory(IMarketData market, PaperTradingOptions? options = null) =>
        new(Databases, new FixedSource(market), Options.Create(options ?? new PaperTradingOptions()), Time, NullLogger<PaperExchange>.Instance);

    /// <summary>A candle store on this database downloading from <paramref name="market"/>.</summary>
    public CandleStore CandleStore(IMarketData market) => new(Databases, new FixedSource(market), Time, NullLogger<CandleStore>.Instance);

    private static async Task<ExchangeTestHost> StartAsync(
        Dictionary<string, string?> database, IDictionary<string, string?>? settings, TempFolder? folder, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(database);
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?> { ["Exchange:MarketData"] = "Simulated" });
        var time = new FakeTimeProvider(Start);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddLogging();
        builder.AddData().AddExchange();
        var host = builder.Build();
        await host.Services.MigrateDatabaseAsync(cancellationToken);
        return new ExchangeTestHost(host, folder, time);
    }

    public ValueTask DisposeAsync()
    {
        _host.Dispose();
        _folder?.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class FixedSource(IMarketData market) : IMarketDataSource
    {
        public IMarketData Current => market;
    }
}
