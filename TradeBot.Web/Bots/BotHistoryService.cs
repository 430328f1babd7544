using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TradeBot.Domain.Indicators;
using TradeBot.Domain.Market;
using TradeBot.Domain.Trading;
using TradeBot.Web.Accounts;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Binance;

namespace TradeBot.Web.Bots;

/// <summary>One page of a bot's trades, newest first.</summary>
public sealed record BotTradesPage(IReadOnlyList<Trade> Items, int Total);

/// <summary>
/// What the bot detail page's chart shows: candles, the strategy's EMAs and RSI, fills, and the position's levels;
/// <paramref name="Market"/> names where the candles come from (see <see cref="BotHistoryService.MarketOf"/>).
/// </summary>
public sealed record BotChartData(
    IReadOnlyList<Candle> Candles, IReadOnlyList<BotChartLine> Lines, IReadOnlyList<(long TimeMs, double Value)> Rsi,
    IReadOnlyList<BotChartFill> Fills, string? Problem, string Market);

/// <summary>A bot's market data venue and its name as the trader reads it ("Binance testnet").</summary>
public sealed record BotMarket(IMarketData Data, string Name);

/// <summary>An indicator line of <see cref="BotChartData"/> (values per candle open time; NaN during warm-up).</summary>
public sealed record BotChartLine(string Name, IReadOnlyList<(long TimeMs, double Value)> Points);

/// <summary>A fill placed on the candle it happened in.</summary>
public sealed record BotChartFill(long CandleOpenTimeMs, OrderSide Side, decimal Price, decimal Quantity);

/// <summary>
/// An open position as the trader reads it at <paramref name="Price"/>: unrealised PnL (after the entry fee), how far the
/// protective levels are (in % of the price, positive = room left), and for futures the liquidation price.
/// </summary>
public sealed record BotPositionView(
    PositionSide Side, double EntryPrice, double Quantity, double Price, double UnrealisedPnl, double UnrealisedPercent,
    double? StopPrice, double? StopDistancePercent, double? TakeProfitPrice, double? TakeProfitDistancePercent,
    double? TrailingStopPrice, double? LiquidationPrice);

/// <summary>
/// Reads a bot's history for its detail page and exports: trades (paged, CSV), the event log, chart data and the open
/// position at the current price. Every read is scoped like <see cref="BotService.GetAsync"/>: the owner's bots, any bot
/// for an admin; anything else is null ("not found").
/// </summary>
public sealed class BotHistoryService(
    IDbContextFactory<AppDbContext> databases, IMarketDataSource marketData, BinanceExchangeFactory binance, IOptions<ExchangeOptions> exchange,
    TimeProvider time)
{
    /// <summary>Candles the chart shows.</summary>
    public const int ChartCandles = 300;

    /// <summary>Trades of one of the caller's bots, newest first; null when the caller may not see the bot.</summary>
    public async Task<BotTradesPage?> TradesAsync(Caller caller, long botId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await IsVisibleAsync(db, caller, botId, cancellationToken))
            return null;
        var trades = db.Set<Trade>().AsNoTracking().Where(t => t.BotId == botId);
        var total = await trades.CountAsync(cancellationToken);
        var size = Math.Clamp(pageSize, 1, 500);
        var items = await trades.OrderByDescending(t => t.Id).Skip(Math.Max(0, page) * size).Take(size).ToListAsync(cancellationToken);
        return new BotTradesPage(items, total);
    }

    /// <summary>
    /// Trades of one of the caller's bots executed in [<paramref name="from"/>, <paramref name="to"/>) (either bound may be
    /// null), newest first, paged as <see cref="TradesAsync(Caller, long, int, int, CancellationToken)"/>; null when the
    /// caller may not see the bot.
    /// </summary>
    public async Task<BotTradesPage?> TradesAsync(
        Caller caller, long botId, DateTimeOffset? from, DateTimeOffset? to, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (from is null && to is null)
            return await TradesAsync(caller, botId, page, pageSize, cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await IsVisibleAsync(db, caller, botId, cancellationToken))
            return null;
        // SQLite cannot compare DateTimeOffset in SQL: the bot's (id, time) pairs are filtered here, then one page is loaded.
        var times = await db.Set<Trade>().AsNoTracking().Where(t => t.BotId == botId).Select(t => new { t.Id, t.ExecutedAt }).ToListAsync(cancellationToken);
        var ids = times.Where(t => (from is null || t.ExecutedAt >= from) && (to is null || t.ExecutedAt < to))
            .Select(t => t.Id).OrderByDescending(id => id).ToList();
        var size = Math.Clamp(pageSize, 1, 500);
        var pageIds = ids.Skip(Math.Max(0, page) * size).Take(size).ToList();
        var items = await db.Set<Trade>().AsNoTracking().Where(t => pageIds.Contains(t.Id)).OrderByDescending(t => t.Id).ToListAsync(cancellationToken);
        return new BotTradesPage(items, ids.Count);
    }

    /// <summary>The newest <paramref name="count"/> entries of the bot's event log; null when the caller may not see the bot.</summary>
    public async Task<IReadOnlyList<BotEvent>?> EventsAsync(Caller caller, long botId, int count, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await IsVisibleAsync(db, caller, botId, cancellationToken))
            return null;
        return await db.Set<BotEvent>().AsNoTracking().Where(e => e.BotId == botId).OrderByDescending(e => e.Id)
            .Take(Math.Clamp(count, 1, 500)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Every trade of the bot as CSV (RFC 4180, invariant culture, oldest first, UTC ISO 8601 times); null when the caller
    /// may not see the bot.
    /// </summary>
    public async Task<string?> TradesCsvAsync(Caller caller, long botId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await IsVisibleAsync(db, caller, botId, cancellationToken))
            return null;
        var trades = await db.Set<Trade>().AsNoTracking().Where(t => t.BotId == botId).OrderBy(t => t.Id).ToListAsync(cancellationToken);
        var csv = new StringBuilder("time,symbol,side,price,quantity,quote_quantity,commission,commission_asset,realized_pnl,exit_reason,client_order_id,exchange_order_id\r\n");
        foreach (var t in trades)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{t.ExecutedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ},{Field(t.Symbol)},{t.Side},{t.Price},{t.Quantity},{t.QuoteQuantity},{t.Commission},");
            csv.Append(CultureInfo.InvariantCulture,
                $"{Field(t.CommissionAsset)},{t.RealizedPnl},{Field(t.ExitReason)},{Field(t.ClientOrderId)},{t.ExchangeOrderId}\r\n");
        }
        return csv.ToString();
    }

    /// <summary>
    /// Where the bot's candles and prices come from: the venue it trades on, which its checks read too (see BotVenues).
    /// Paper bots: the configured market data (<c>Exchange:MarketData</c>); Testnet bots: Binance's testnet, whose prices
    /// differ from the real market's; Live bots: Binance. Public data: no key needed.
    /// </summary>
    public BotMarket MarketOf(BotConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.ExchangeMode switch
        {
            ExchangeMode.Paper => new(marketData.Current, exchange.Value.MarketData == MarketDataKind.Simulated ? "the simulated market" : "Binance"),
            ExchangeMode.Testnet => new(binance.CreateMarketData(isTestnet: true), "Binance testnet"),
            _ => new(binance.CreateMarketData(), "Binance"),
        };
    }

    /// <summary>
    /// The last <see cref="ChartCandles"/> candles of the bot's symbol and interval from the bot's market
    /// (<see cref="MarketOf"/>), the strategy's EMAs and RSI over them, and the bot's fills in that range. Market data
    /// failures come back in <see cref="BotChartData.Problem"/> with no candles.
    /// </summary>
    public async Task<BotChartData?> ChartAsync(Caller caller, BotConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var market = MarketOf(config);
        var interval = Interval.Parse(config.Interval);
        var end = time.GetUtcNow().ToUnixTimeMilliseconds();
        var start = end - interval.DurationMs * ChartCandles;
        var candles = await market.Data.GetCandlesAsync(config.MarketType, config.Symbol, interval, start, end, cancellationToken);
        if (!candles.IsSuccess)
            return new BotChartData([], [], [], [], $"Prices could not be read from {market.Name}: {candles.Error!.Message}", market.Name);

        var list = candles.Value;
        var closes = list.Select(c => c.Close).ToArray();
        var lines = new List<BotChartLine>();
        foreach (var name in (string[])["emaFast", "emaSlow", "emaPeriod"])
        {
            if (config.StrategyParameters.TryGetValue(name, out var period) && period >= 1)
                lines.Add(new BotChartLine($"EMA {period:0}", Zip(list, ExponentialMovingAverage.Compute(closes, (int)period))));
        }
        var rsiPeriod = config.StrategyParameters.TryGetValue("rsiPeriod", out var p) && p >= 1 ? (int)p : 14;
        var rsi = Zip(list, RelativeStrengthIndex.Compute(closes, rsiPeriod));

        if (await FillsAsync(caller, config, list.Count > 0 ? list[0].OpenTimeMs : end, cancellationToken) is not { } fills)
            return null;
        return new BotChartData(list, lines, rsi, fills, null, market.Name);
    }

    /// <summary>
    /// The bot's fills (its last 500 trades) since <paramref name="sinceMs"/>, each placed on the open time of its candle,
    /// oldest first; null when the caller may not see the bot. Cheap: a page refreshes its markers with it after a fill.
    /// </summary>
    public async Task<IReadOnlyList<BotChartFill>?> FillsAsync(Caller caller, BotConfig config, long sinceMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var intervalMs = Interval.Parse(config.Interval).DurationMs;
        var trades = await TradesAsync(caller, config.Id, 0, 500, cancellationToken);
        if (trades is null)
            return null;
        var fills = new List<BotChartFill>();
        foreach (var trade in trades.Items)
        {
            var at = trade.ExecutedAt.ToUnixTimeMilliseconds();
            if (at >= sinceMs)
                fills.Add(new BotChartFill(at - (at - sinceMs) % intervalMs, trade.Side, trade.Price, trade.Quantity));
        }
        fills.Reverse();
        return fills;
    }

    /// <summary>The open position of <paramref name="bot"/> at the current price, or null when flat (or no price).</summary>
    public async Task<BotPositionView?> PositionAsync(BotDetails bot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bot);
        var row = bot.State;
        if (row.PositionSide == PositionSide.None || row.EntryPrice is not { } entry)
            return null;
        var price = await MarketOf(bot.Config).Data.GetLastPriceAsync(bot.Config.MarketType, bot.Config.Symbol, cancellationToken);
        return price.IsSuccess ? Position(bot, (double)price.Value) : null;
    }

    /// <summary>The open position of <paramref name="bot"/> at <paramref name="price"/>, or null when flat.</summary>
    public static BotPositionView? Position(BotDetails bot, double price)
    {
        ArgumentNullException.ThrowIfNull(bot);
        var row = bot.State;
        if (row.PositionSide == PositionSide.None || row.EntryPrice is not { } entry)
            return null;
        var direction = row.PositionSide == PositionSide.Long ? 1 : -1;
        var pnl = (price - entry) * row.Quantity * direction - row.EntryFee;
        var notional = entry * row.Quantity;
        double? liquidation = null;
        if (bot.Config.MarketType == MarketType.Futures)
        {
            var engine = new TradingEngine(BotStateMapper.ToSettings(bot.Config));
            var value = engine.LiquidationPriceOf(BotStateMapper.ToState(row));
            liquidation = double.IsFinite(value) && value > 0 ? value : null;
        }
        var stop = Nearer(row.StopLossPrice, row.TrailingStopPrice, direction);
        return new BotPositionView(
            row.PositionSide, entry, row.Quantity, price, pnl, notional > 0 ? pnl / notional * 100 : 0,
            stop, stop is { } s ? (price - s) / price * 100 * direction : null,
            row.TakeProfitPrice, row.TakeProfitPrice is { } tp ? (tp - price) / price * 100 * direction : null,
            row.TrailingStopPrice, liquidation);
    }

    // The stop that fires first: the higher of stop-loss and trailing for a long, the lower for a short.
    private static double? Nearer(double? stopLoss, double? trailing, int direction) => (stopLoss, trailing) switch
    {
        (null, null) => null,
        ({ } a, null) => a,
        (null, { } b) => b,
        ({ } a, { } b) => direction > 0 ? Math.Max(a, b) : Math.Min(a, b),
    };

    private static List<(long TimeMs, double Value)> Zip(IReadOnlyList<Candle> candles, double[] values)
    {
        var points = new List<(long, double)>(candles.Count);
        for (var i = 0; i < candles.Count; i++)
            points.Add((candles[i].OpenTimeMs, values[i]));
        return points;
    }

    private static Task<bool> IsVisibleAsync(AppDbContext db, Caller caller, long botId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var bots = db.Set<BotConfig>().Where(b => b.Id == botId);
        if (!caller.IsAdmin)
            bots = bots.Where(b => b.OwnerId == caller.UserId);
        return bots.AnyAsync(cancellationToken);
    }

    // RFC 4180: quote a field holding a comma, quote or line break, doubling quotes; a leading =+-@ is prefixed with a
    // quote mark so a spreadsheet does not run it as a formula.
    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        if (value[0] is '=' or '+' or '-' or '@')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
