using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Market;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Trading;
using TradeBot.Web.Accounts;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;

namespace TradeBot.Web.Bots;

/// <summary>One row of the bots list: what a bot trades, how it is doing and its realised equity curve.</summary>
/// <param name="Id">The bot.</param>
/// <param name="Name">Its name.</param>
/// <param name="Mode">Paper, Testnet or Live.</param>
/// <param name="Market">Spot or Futures.</param>
/// <param name="Symbol">The symbol it trades, e.g. <c>BTCUSDT</c>.</param>
/// <param name="Interval">Its kline interval, e.g. <c>1h</c>.</param>
/// <param name="Status">Its status.</param>
/// <param name="PauseReason">Why it is paused (with <see cref="BotStatus.Paused"/>).</param>
/// <param name="LastError">The last check's error (with <see cref="BotStatus.Error"/>).</param>
/// <param name="PositionSide">The open position's side; <see cref="PositionSide.None"/> when flat.</param>
/// <param name="Quantity">The open position's size in base units (0 when flat).</param>
/// <param name="TodayPnl">Realised PnL of the current UTC day (0 when its daily counters are from an earlier day).</param>
/// <param name="TotalPnl">Sum of the realised PnL of all its closing fills.</param>
/// <param name="EquityCurve">Cumulative realised PnL after each closing fill, oldest first, thinned to a sparkline's worth.</param>
public sealed record BotOverview(
    long Id, string Name, ExchangeMode Mode, MarketType Market, string Symbol, string Interval,
    BotStatus Status, PauseReason PauseReason, string? LastError, PositionSide PositionSide, double Quantity,
    double TodayPnl, decimal TotalPnl, IReadOnlyList<double> EquityCurve)
{
    /// <summary>Whether the bot is scheduled (anything but stopped): it offers Stop rather than Start.</summary>
    public bool IsRunning => Status != BotStatus.Stopped;
}

/// <summary>One fill on the dashboard.</summary>
/// <param name="TradeId">The trade row.</param>
/// <param name="BotId">The bot that traded.</param>
/// <param name="BotName">Its name.</param>
/// <param name="Symbol">The symbol traded.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Price">Fill price.</param>
/// <param name="Quantity">Filled quantity (base units).</param>
/// <param name="RealizedPnl">Net PnL of the position it closed; null for an entry.</param>
/// <param name="ExecutedAt">When it filled.</param>
public sealed record FillOverview(
    long TradeId, long BotId, string BotName, string Symbol, OrderSide Side, decimal Price, decimal Quantity, decimal? RealizedPnl,
    DateTimeOffset ExecutedAt);

/// <summary>A point of the all-bots equity curve: cumulative realised PnL after a closing fill.</summary>
/// <param name="At">When the fill closed the position.</param>
/// <param name="CumulativePnl">Sum of the realised PnL of all the user's closing fills up to and including this one.</param>
public sealed record EquityPoint(DateTimeOffset At, decimal CumulativePnl);

/// <summary>The dashboard's figures for one user.</summary>
/// <param name="BotCount">How many bots the user has.</param>
/// <param name="Equity">Total equity; see <see cref="BotOverviewService.EquityAtEntry"/> for the rule.</param>
/// <param name="TodayPnl">Today's realised PnL over all bots.</param>
/// <param name="StatusCounts">Bots per status; statuses without bots are left out.</param>
/// <param name="LastFills">The newest fills across all bots, newest first.</param>
/// <param name="EquityCurve">Cumulative realised PnL over time across all bots, oldest first, thinned for drawing.</param>
public sealed record DashboardOverview(
    int BotCount, double Equity, double TodayPnl, IReadOnlyDictionary<BotStatus, int> StatusCounts,
    IReadOnlyList<FillOverview> LastFills, IReadOnlyList<EquityPoint> EquityCurve);

/// <summary>
/// Read model of the bots list and the dashboard: small records, every query scoped to the caller's own bots (an admin
/// sees their own here too). Read-only; start/stop go through <see cref="BotService"/>.
/// </summary>
public sealed class BotOverviewService(IDbContextFactory<AppDbContext> databases, TimeProvider time)
{
    /// <summary>Points kept of a bot's sparkline in the list.</summary>
    public const int SparklinePoints = 40;

    /// <summary>Points kept of the dashboard's equity curve.</summary>
    public const int CurvePoints = 200;

    /// <summary>Fills shown on the dashboard.</summary>
    public const int LastFillCount = 10;

    // Fills are booked in time order, except one reconciled after a crash, booked at its next check: the newest
    // fills by booking order (Id) within this window, sorted by time, are the newest by time.
    private const int LastFillWindow = 50;

    /// <summary>The caller's bots with status, position and PnL, oldest first.</summary>
    public async Task<IReadOnlyList<BotOverview>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var bots = await BotsOf(db, caller).ToListAsync(cancellationToken);
        var closes = (await ClosingFillsOf(db, caller, cancellationToken)).ToLookup(c => c.BotId);
        var today = Today();
        return bots.Select(b =>
        {
            var curve = Cumulative(closes[b.Config.Id].Select(c => c.Pnl)).ToList();
            return new BotOverview(
                b.Config.Id, b.Config.Name, b.Config.ExchangeMode, b.Config.MarketType, b.Config.Symbol, b.Config.Interval,
                b.State.Status, b.State.PauseReason, b.State.LastError, b.State.PositionSide,
                b.State.PositionSide == PositionSide.None ? 0 : b.State.Quantity,
                TodayPnlOf(b.State, today), curve.Count == 0 ? 0 : curve[^1],
                Thin(curve, SparklinePoints).Select(p => (double)p).ToList());
        }).ToList();
    }

    /// <summary>The caller's dashboard: equity, today's PnL, bots per status, last fills and the realised equity curve.</summary>
    public async Task<DashboardOverview> DashboardAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var bots = await BotsOf(db, caller).ToListAsync(cancellationToken);
        var today = Today();
        var statusCounts = bots.GroupBy(b => b.State.Status).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());

        var names = bots.ToDictionary(b => b.Config.Id, b => b.Config.Name);
        var recent = await TradesOf(db, caller).OrderByDescending(t => t.Id).Take(LastFillWindow).ToListAsync(cancellationToken);
        var lastFills = recent.OrderByDescending(t => t.ExecutedAt).ThenByDescending(t => t.Id).Take(LastFillCount)
            .Select(t => new FillOverview(t.Id, t.BotId, names.GetValueOrDefault(t.BotId, ""), t.Symbol, t.Side, t.Price, t.Quantity, t.RealizedPnl, t.ExecutedAt))
            .ToList();

        var closes = await ClosingFillsOf(db, caller, cancellationToken);
        var curve = closes.Zip(Cumulative(closes.Select(c => c.Pnl)), (c, sum) => new EquityPoint(c.At, sum)).ToList();

        return new DashboardOverview(
            bots.Count,
            bots.Sum(b => EquityAtEntry(b.Config.MarketType, b.State)),
            bots.Sum(b => TodayPnlOf(b.State, today)),
            statusCounts, lastFills, Thin(curve, CurvePoints));
    }

    /// <summary>
    /// A bot's equity without a market price: its cash plus the open position valued at its entry price. That is the
    /// decision core's <see cref="TradingEngine.Equity"/> at the entry price: on spot, cash + quantity × entry price
    /// (the cash paid for the position is back in the sum); on futures, the wallet balance (it still holds the margin,
    /// and the unrealised PnL at the entry price is zero). Marking positions to market needs live prices, which the
    /// dashboard does not fetch; the bot detail page does.
    /// </summary>
    public static double EquityAtEntry(MarketType market, BotStateRow state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.PositionSide == PositionSide.None || market == MarketType.Futures)
            return state.Cash;
        return state.Cash + state.Quantity * (state.EntryPrice ?? 0);
    }

    // DailyPnl belongs to DailyDay: until the daily reset rolls a bot's counters, yesterday's PnL is not today's.
    private static double TodayPnlOf(BotStateRow state, long today) => state.DailyDay == today ? state.DailyPnl : 0;

    private long Today() => DailyLimits.UtcDay(time.GetUtcNow().ToUnixTimeMilliseconds());

    private static IQueryable<BotPair> BotsOf(AppDbContext db, Caller caller) =>
        db.Set<BotConfig>().AsNoTracking().Where(b => b.OwnerId == caller.UserId)
            .Join(db.Set<BotStateRow>().AsNoTracking(), b => b.Id, s => s.BotId, (b, s) => new BotPair { Config = b, State = s })
            .OrderBy(p => p.Config.Id);

    private static IQueryable<Trade> TradesOf(AppDbContext db, Caller caller) =>
        db.Set<Trade>().AsNoTracking().Where(t => db.Set<BotConfig>().Any(b => b.Id == t.BotId && b.OwnerId == caller.UserId));

    // Ordered on the client: SQLite cannot order by a DateTimeOffset column (it is stored as text).
    private static async Task<List<ClosingFill>> ClosingFillsOf(AppDbContext db, Caller caller, CancellationToken cancellationToken)
    {
        var closes = await TradesOf(db, caller).Where(t => t.RealizedPnl != null)
            .Select(t => new ClosingFill(t.Id, t.BotId, t.ExecutedAt, t.RealizedPnl!.Value)).ToListAsync(cancellationToken);
        return closes.OrderBy(c => c.At).ThenBy(c => c.Id).ToList();
    }

    private static IEnumerable<decimal> Cumulative(IEnumerable<decimal> values)
    {
        var sum = 0m;
        foreach (var value in values)
            yield return sum += value;
    }

    /// <summary>At most <paramref name="max"/> evenly spaced points of <paramref name="points"/>, always keeping the last.</summary>
    internal static IReadOnlyList<T> Thin<T>(IReadOnlyList<T> points, int max)
    {
        if (points.Count <= max)
            return points;
        var step = (points.Count - 1) / (double)(max - 1);
        return Enumerable.Range(0, max).Select(i => points[(int)Math.Round(i * step)]).ToList();
    }

    private sealed record ClosingFill(long Id, long BotId, DateTimeOffset At, decimal Pnl);

    // A member-init pair EF can order and join on (a record's constructor it cannot see through).
    private sealed class BotPair
    {
        public required BotConfig Config { get; init; }

        public required BotStateRow State { get; init; }
    }
}
