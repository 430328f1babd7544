using System.Collections.Concurrent;
using TradeBot.Domain.Market;
using TradeBot.Domain.Trading;

namespace TradeBot.Web.Bots.Runner;

/// <summary>A bot's decision core kept between checks: the engine (its strategy's indicators), the symbol's rules, and the last candle fed.</summary>
internal sealed class BotEngine(TradingEngine engine, ExchangeSymbolInfo symbol, Interval interval, long configVersion)
{
    public TradingEngine Engine => engine;

    public ExchangeSymbolInfo Symbol => symbol;

    public Interval Interval => interval;

    public long ConfigVersion => configVersion;

    /// <summary>Open time of the last closed candle the strategy saw; null before any.</summary>
    public long? LastFedOpenTimeMs { get; set; }
}

/// <summary>The symbol facts the runner needs: its rules, its base and its quote asset.</summary>
internal sealed record ExchangeSymbolInfo(SymbolRules Rules, string BaseAsset, string QuoteAsset);

/// <summary>
/// Keeps each bot's engine in memory between checks and rebuilds it from history when it cannot be trusted: first check,
/// restart, edited settings, or a check whose candles were fed but not saved (another instance, a failed commit). A
/// rebuild warms the strategy up on up to <see cref="MaxWarmUpCandles"/> closed candles (ten times its warm-up period,
/// so the exponential averages have forgotten their seed) without acting on any of their signals.
/// </summary>
internal sealed class BotEngines(ILogger<BotEngines> logger)
{
    /// <summary>Most closed candles fed to rebuild a strategy.</summary>
    public const int MaxWarmUpCandles = 1000;

    private readonly ConcurrentDictionary<long, BotEngine> _engines = new();

    /// <summary>
    /// The bot's engine, warmed up to its last processed candle, and the closed candles after that one (oldest first). On the
    /// first check ever there are none: every closed candle only warms up. After more than <see cref="MaxWarmUpCandles"/>
    /// candles away, only the newest closed candle is new.
    /// </summary>
    public async Task<IReadOnlyList<Candle>> PrepareAsync(BotTick tick, CancellationToken cancellationToken)
    {
        var config = tick.Config;
        var last = tick.Row.LastCandleOpenTimeMs;
        var isLongAway = last is { } seen && Interval.TryParse(config.Interval, out var current)
            && (LastClosedOpenTime(tick.NowMs, current) - seen) / current.DurationMs > MaxWarmUpCandles;
        if (!isLongAway && _engines.TryGetValue(config.Id, out var cached) && cached.ConfigVersion == config.Version && last is not null
            && cached.LastFedOpenTimeMs == last)
        {
            tick.Engine = cached;
            return await ClosedCandlesAsync(tick, cached.Interval, last.Value + cached.Interval.DurationMs, cancellationToken);
        }

        var engine = await BuildAsync(tick, cancellationToken);
        tick.Engine = engine;
        _engines[config.Id] = engine;
        var lookback = Math.Clamp(10L * engine.Engine.Strategy.WarmUpPeriod, 100, MaxWarmUpCandles);
        // Back after more candles than a warm-up (a long pause or outage): warm up on the recent ones and let only the newest
        // closed candle speak, rather than reading the whole gap.
        var lastClosed = LastClosedOpenTime(tick.NowMs, engine.Interval);
        var anchor = isLongAway ? lastClosed - engine.Interval.DurationMs : last ?? lastClosed;
        var history = await ClosedCandlesAsync(tick, engine.Interval, anchor - lookback * engine.Interval.DurationMs, cancellationToken);
        var warmUp = 0;
        foreach (var candle in history)
        {
            if (candle.OpenTimeMs > anchor)
                break;
            engine.Engine.Strategy.OnCandle(candle);
            engine.LastFedOpenTimeMs = candle.OpenTimeMs;
            warmUp++;
        }

        logger.LogInformation("Bot {BotId}: strategy {Strategy} warmed up on {Candles} closed {Interval} candles of {Symbol}",
            config.Id, config.Strategy, warmUp, engine.Interval.Code, config.Symbol);
        engine.LastFedOpenTimeMs ??= last;
        return [.. history.Skip(warmUp)];
    }

    /// <summary>Forgets a bot's engine (deleted bot, tests).</summary>
    public void Forget(long botId) => _engines.TryRemove(botId, out _);

    /// <summary>Open time of the newest candle that has closed at <paramref name="nowMs"/>.</summary>
    public static long LastClosedOpenTime(long nowMs, Interval interval) => nowMs / interval.DurationMs * interval.DurationMs - interval.DurationMs;

    private static async Task<BotEngine> BuildAsync(BotTick tick, CancellationToken cancellationToken)
    {
        var config = tick.Config;
        if (!Interval.TryParse(config.Interval, out var interval))
            throw new BotTickFailure($"Unknown interval '{config.Interval}'.");
        var symbols = await tick.Venue.MarketData.GetSymbolsAsync(config.MarketType, cancellationToken);
        if (!symbols.IsSuccess)
            throw new BotTickFailure($"Symbols could not be read: {symbols.Error!.Message}");
        var symbol = symbols.Value.FirstOrDefault(s => s.Symbol == config.Symbol)
            ?? throw new BotTickFailure($"{config.Symbol} is not traded on {config.MarketType}.");
        try
        {
            var engine = new TradingEngine(BotStateMapper.ToSettings(config, symbol.Rules));
            return new BotEngine(engine, new ExchangeSymbolInfo(symbol.Rules, symbol.BaseAsset, symbol.QuoteAsset), interval, config.Version);
        }
        catch (ArgumentException e)
        {
            throw new BotTickFailure($"The bot's settings cannot run: {e.Message}");
        }
    }

    /// <summary>Closed candles from <paramref name="startMs"/> to now; the forming candle is never returned.</summary>
    private static async Task<IReadOnlyList<Candle>> ClosedCandlesAsync(BotTick tick, Interval interval, long startMs, CancellationToken cancellationToken)
    {
        var lastClosed = LastClosedOpenTime(tick.NowMs, interval);
        if (lastClosed < startMs)
            return [];
        var candles = await tick.Venue.MarketData.GetCandlesAsync(tick.Market, tick.Config.Symbol, interval, startMs, lastClosed, cancellationToken);
        if (!candles.IsSuccess)
            throw new BotTickFailure($"Candles could not be read: {candles.Error!.Message}");
        return [.. candles.Value.Where(c => c.OpenTimeMs >= startMs && c.OpenTimeMs + interval.DurationMs <= tick.NowMs)];
    }
}
