using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Tests.Exchange;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Paper;

namespace TradeBot.Tests.Bots;

/// <summary>
/// A bot host whose market is a <see cref="ReplayMarket"/> of simulated hourly candles, with one started bot and a clock
/// the test steps candle by candle: at candle j's open the price is j's open, the first check after candle j-1 closed.
/// </summary>
public sealed class RunnerHarness : IAsyncDisposable
{
    /// <summary>Monday 2026-01-05 01:00 UTC, after the host's start time: the first candle's open.</summary>
    public static readonly DateTimeOffset FirstOpen = new(2026, 1, 5, 1, 0, 0, TimeSpan.Zero);

    private RunnerHarness(BotsTestHost host, ReplayMarket market, Caller owner)
    {
        Host = host;
        Market = market;
        Owner = owner;
    }

    public BotsTestHost Host { get; }

    public ReplayMarket Market { get; }

    public Caller Owner { get; }

    public long BotId { get; private set; }

    public BotConfig Config { get; private set; } = null!;

    public IBotTicker Ticker => Host.Services.GetRequiredService<IBotTicker>();

    public BotEventBus Bus => Host.Services.GetRequiredService<BotEventBus>();

    public static async Task<RunnerHarness> CreateAsync(
        string provider, PostgresServer postgres, int candles, CancellationToken cancellationToken,
        FakeBinanceServer? binance = null, Action<IServiceCollection>? configure = null, bool liveEnabled = false)
    {
        var host = await BotsTestHost.CreateAsync(provider, postgres, cancellationToken, binance, liveEnabled, configure: services =>
        {
            services.AddSingleton(sp => new ReplayMarket(ReplayMarket.SimulatedHours(FirstOpen, candles), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IMarketDataSource>(sp => sp.GetRequiredService<ReplayMarket>());
            configure?.Invoke(services);
        });
        var market = host.Services.GetRequiredService<ReplayMarket>();
        var owner = await host.CreateUserAsync("trader", cancellationToken);
        return new RunnerHarness(host, market, owner);
    }

    /// <summary>
    /// Another instance (or the app after a restart) on the same database: its own runner with a cold engine cache, its own
    /// clock set to this one's, and its own replay of the same candles.
    /// </summary>
    public async Task<(BotsTestHost Host, ReplayMarket Market)> SecondInstanceAsync(CancellationToken cancellationToken, Action<IServiceCollection>? configure = null)
    {
        var host = await BotsTestHost.OnSameDatabaseAsync(Host, cancellationToken, configure: services =>
        {
            services.AddSingleton(sp => new ReplayMarket(Market.Candles, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IMarketDataSource>(sp => sp.GetRequiredService<ReplayMarket>());
            configure?.Invoke(services);
        });
        host.Time.SetUtcNow(Host.Time.GetUtcNow());
        var market = host.Services.GetRequiredService<ReplayMarket>();
        market.Price = Market.Price;
        return (host, market);
    }

    /// <summary>Creates and starts a bot from <paramref name="input"/>.</summary>
    public async Task<long> StartBotAsync(BotInput input, CancellationToken cancellationToken)
    {
        var created = await Host.Bots.CreateAsync(Owner, input, cancellationToken);
        created.Succeeded.ShouldBeTrue(string.Join("; ", created.Errors.Select(e => e.Message)));
        BotId = created.Bot!.Config.Id;
        var started = await Host.Bots.StartAsync(Owner, BotId, cancellationToken);
        started.Succeeded.ShouldBeTrue(string.Join("; ", started.Errors.Select(e => e.Message)));
        Config = started.Bot!.Config;
        return BotId;
    }

    /// <summary>Moves the clock to candle <paramref name="index"/>'s open, prices the market at that open, and runs one check.</summary>
    public Task<TickOutcome> TickAtOpenAsync(int index, CancellationToken cancellationToken)
    {
        var candle = Market.Candles[index];
        Host.Time.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(candle.OpenTimeMs));
        Market.Price = (decimal)candle.Open;
        return Ticker.TickAsync(BotId, cancellationToken);
    }

    /// <summary>A check <paramref name="later"/> after now at <paramref name="price"/> (no new candle when within the hour).</summary>
    public Task<TickOutcome> TickAtAsync(TimeSpan later, decimal price, CancellationToken cancellationToken)
    {
        Host.Time.Advance(later);
        Market.Price = price;
        return Ticker.TickAsync(BotId, cancellationToken);
    }

    /// <summary>Checks candle after candle from <paramref name="from"/> until the bot holds a position; returns the index of that check.</summary>
    public async Task<int> TickUntilInPositionAsync(int from, CancellationToken cancellationToken)
    {
        for (var i = from; i < Market.Candles.Count; i++)
        {
            await TickAtOpenAsync(i, cancellationToken);
            if ((await StateAsync(cancellationToken)).PositionSide != global::TradeBot.Domain.Trading.PositionSide.None)
                return i;
        }

        throw new InvalidOperationException("the bot never entered");
    }

    public async Task<BotStateRow> StateAsync(CancellationToken cancellationToken)
    {
        await using var db = await Host.Databases.CreateDbContextAsync(cancellationToken);
        return await db.Set<BotStateRow>().AsNoTracking().SingleAsync(s => s.BotId == BotId, cancellationToken);
    }

    public async Task<List<Trade>> TradesAsync(CancellationToken cancellationToken)
    {
        await using var db = await Host.Databases.CreateDbContextAsync(cancellationToken);
        return await db.Set<Trade>().AsNoTracking().Where(t => t.BotId == BotId).OrderBy(t => t.Id).ToListAsync(cancellationToken);
    }

    public async Task<int> PaperOrderCountAsync(CancellationToken cancellationToken)
    {
        await using var db = await Host.Databases.CreateDbContextAsync(cancellationToken);
        return await db.Set<PaperOrder>().CountAsync(cancellationToken);
    }

    /// <summary>A paper spot bot on BTCUSDT 1h, ema-rsi 9/21, 50% of equity per entry, with the given exits.</summary>
    public static BotInput Input(bool stops) => new()
    {
        Name = "runner test", Symbol = "BTCUSDT", Interval = "1h", Strategy = "ema-rsi",
        StrategyParameters = new() { ["emaFast"] = 9, ["emaSlow"] = 21 },
        InitialCapital = 1000, PositionSizePerc = 50, CheckIntervalSeconds = 10,
        StopLossEnabled = stops, StopLossPerc = stops ? 2 : 0, TakeProfitEnabled = stops, TakeProfitPerc = stops ? 4 : 0,
        TrailingStopEnabled = stops, TrailingStopPerc = stops ? 1 : 0,
    };

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
