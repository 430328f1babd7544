using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Domain.Market;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Bots;

/// <summary>The list and dashboard read model on SQLite and PostgreSQL: per-bot and total sums, fill order, owner scoping.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BotOverviewServiceTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static BotOverviewService Overview(BotsTestHost host) => host.Services.GetRequiredService<BotOverviewService>();

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task List_TwoBotsWithTrades_PerBotPnlPositionAndCurve_OtherUsersAbsent(string provider)
    {
        await using var host = await BotsTestHost.CreateAsync(provider, postgres, Cancel);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var bob = await host.CreateUserAsync("bob", Cancel);
        var now = host.Time.GetUtcNow();
        var trend = await CreateBotAsync(host, alice, "BTC trend", "BTCUSDT");
        var range = await CreateBotAsync(host, alice, "ETH range", "ETHUSDT");
        var bobs = await CreateBotAsync(host, bob, "Bob's", "BTCUSDT");
        await host.UpdateStateAsync(trend, s =>
        {
            s.Status = BotStatus.InPosition;
            s.PositionSide = PositionSide.Long;
            s.Quantity = 0.5;
            s.EntryPrice = 100;
            s.DailyDay = Today(host);
            s.DailyPnl = 12.5;
        }, Cancel);
        await host.UpdateStateAsync(range, s =>
        {
            s.DailyDay = Today(host) - 1; // yesterday's counters, not yet rolled by the daily reset
            s.DailyPnl = 40;
            s.Quantity = 3; // a leftover quantity of a flat bot is no position
        }, Cancel);
        await AddTradeAsync(host, trend, now.AddHours(-3), OrderSide.Buy, pnl: null);
        await AddTradeAsync(host, trend, now.AddHours(-2), OrderSide.Sell, pnl: 10.25m);
        await AddTradeAsync(host, trend, now.AddHours(-1), OrderSide.Sell, pnl: -4m);
        await AddTradeAsync(host, range, now.AddHours(-1), OrderSide.Sell, pnl: 3m);
        await AddTradeAsync(host, bobs, now.AddHours(-1), OrderSide.Sell, pnl: 1000m);

        var list = await Overview(host).ListAsync(alice, Cancel);

        list.Select(b => b.Name).ShouldBe(["BTC trend", "ETH range"]);
        var first = list[0];
        first.TotalPnl.ShouldBe(6.25m);
        first.TodayPnl.ShouldBe(12.5);
        first.PositionSide.ShouldBe(PositionSide.Long);
        first.Quantity.ShouldBe(0.5);
        first.Status.ShouldBe(BotStatus.InPosition);
        first.IsRunning.ShouldBeTrue();
        first.EquityCurve.ShouldBe([10.25, 6.25]);
        var second = list[1];
        second.TotalPnl.ShouldBe(3m);
        second.TodayPnl.ShouldBe(0, "yesterday's PnL is not today's");
        second.PositionSide.ShouldBe(PositionSide.None);
        second.Quantity.ShouldBe(0);
        second.IsRunning.ShouldBeFalse();
        (await Overview(host).ListAsync(bob, Cancel)).ShouldHaveSingleItem().TotalPnl.ShouldBe(1000m);
        (await Overview(host).ListAsync(new Caller(bob.UserId, IsAdmin: true), Cancel)).Count.ShouldBe(1, "an admin's list is their own bots");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Dashboard_SpotAndFuturesBots_EquityTodayStatusCountsAndCurve(string provider)
    {
        await using var host = await BotsTestHost.CreateAsync(provider, postgres, Cancel);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var bob = await host.CreateUserAsync("bob", Cancel);
        var now = host.Time.GetUtcNow();
        var spot = await CreateBotAsync(host, alice, "spot", "BTCUSDT");
        var futures = await CreateBotAsync(host, alice, "futures", "ETHUSDT");
        await CreateBotAsync(host, alice, "idle", "SOLUSDT");
        var bobs = await CreateBotAsync(host, bob, "bob's", "BTCUSDT");
        await host.UpdateStateAsync(spot, s =>
        {
            s.Status = BotStatus.InPosition;
            s.PositionSide = PositionSide.Long;
            s.Cash = 950;
            s.Quantity = 0.5;
            s.EntryPrice = 100;
            s.DailyDay = Today(host);
            s.DailyPnl = 12.5;
        }, Cancel);
        await SetFuturesAsync(host, futures);
        await host.UpdateStateAsync(futures, s =>
        {
            s.Status = BotStatus.InPosition;
            s.PositionSide = PositionSide.Short;
            s.Cash = 500; // the wallet balance still holds the margin: the position adds nothing at its entry price
            s.Quantity = 2;
            s.EntryPrice = 50;
            s.DailyDay = Today(host);
            s.DailyPnl = -2.5;
        }, Cancel);
        await host.UpdateStateAsync(bobs, s =>
        {
            s.Status = BotStatus.Running;
            s.Cash = 1_000_000;
            s.DailyDay = Today(host);
            s.DailyPnl = 999;
        }, Cancel);
        await AddTradeAsync(host, futures, now.AddHours(-5), OrderSide.Sell, pnl: 7m);
        await AddTradeAsync(host, spot, now.AddHours(-4), OrderSide.Sell, pnl: -2m);
        await AddTradeAsync(host, futures, now.AddHours(-3), OrderSide.Buy, pnl: 5m);
        await AddTradeAsync(host, bobs, now.AddHours(-2), OrderSide.Sell, pnl: 100m);

        var dashboard = await Overview(host).DashboardAsync(alice, Cancel);

        dashboard.BotCount.ShouldBe(3);
        dashboard.Equity.ShouldBe(950 + 0.5 * 100 + 500 + 1000, "spot cash + position at entry; futures wallet; idle bot's initial cash");
        dashboard.TodayPnl.ShouldBe(10);
        dashboard.StatusCounts.ShouldBe(new Dictionary<BotStatus, int> { [BotStatus.Stopped] = 1, [BotStatus.InPosition] = 2 });
        dashboard.EquityCurve.Select(p => p.CumulativePnl).ShouldBe([7m, 5m, 10m]);
        dashboard.EquityCurve.Select(p => p.At).ShouldBe([now.AddHours(-5), now.AddHours(-4), now.AddHours(-3)]);
        dashboard.LastFills.Select(f => f.BotName).ShouldBe(["futures", "spot", "futures"]);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Dashboard_ManyFills_NewestTenByTimeWithBotNames_OtherUsersAbsent(string provider)
    {
        await using var host = await BotsTestHost.CreateAsync(provider, postgres, Cancel);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var bob = await host.CreateUserAsync("bob", Cancel);
        var now = host.Time.GetUtcNow();
        var one = await CreateBotAsync(host, alice, "one", "BTCUSDT");
        var two = await CreateBotAsync(host, alice, "two", "ETHUSDT");
        var bobs = await CreateBotAsync(host, bob, "bob's", "BTCUSDT");
        for (var i = 1; i <= 12; i++)
            await AddTradeAsync(host, i % 2 == 0 ? one : two, now.AddMinutes(-100 + i), i % 2 == 0 ? OrderSide.Buy : OrderSide.Sell,
                pnl: i % 2 == 0 ? null : i, price: 1000 + i);
        // Booked last but filled before all of the above (reconciled after a crash): it sorts by its fill time.
        await AddTradeAsync(host, one, now.AddMinutes(-200), OrderSide.Sell, pnl: 1m, price: 999);
        await AddTradeAsync(host, bobs, now, OrderSide.Sell, pnl: 5m, price: 5);

        var fills = (await Overview(host).DashboardAsync(alice, Cancel)).LastFills;

        fills.Count.ShouldBe(BotOverviewService.LastFillCount);
        fills.Select(f => f.Price).ShouldBe(Enumerable.Range(3, 10).Reverse().Select(i => 1000m + i));
        fills[0].BotName.ShouldBe("one");
        fills[0].Side.ShouldBe(OrderSide.Buy);
        fills[0].RealizedPnl.ShouldBeNull();
        fills[1].BotName.ShouldBe("two");
        fills[1].RealizedPnl.ShouldBe(11m);
        fills.ShouldAllBe(f => f.BotId != bobs);
        (await Overview(host).DashboardAsync(bob, Cancel)).LastFills.ShouldHaveSingleItem().Price.ShouldBe(5m);
    }

    [Fact]
    public void Thin_LongCurve_KeepsFirstAndLastAndAtMostMax()
    {
        var points = Enumerable.Range(0, 1000).ToList();

        var thin = BotOverviewService.Thin(points, 40);

        thin.Count.ShouldBe(40);
        thin[0].ShouldBe(0);
        thin[^1].ShouldBe(999);
        thin.ShouldBeInOrder();
        BotOverviewService.Thin(points.Take(5).ToList(), 40).Count.ShouldBe(5);
    }

    internal static long Today(BotsTestHost host) => DailyLimits.UtcDay(host.Time.GetUtcNow().ToUnixTimeMilliseconds());

    internal static async Task<long> CreateBotAsync(BotsTestHost host, Caller owner, string name, string symbol)
    {
        var input = BotsTestHost.ValidInput();
        input.Name = name;
        input.Symbol = symbol;
        var result = await host.Bots.CreateAsync(owner, input, Cancel);
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.Bot!.Config.Id;
    }

    private static async Task SetFuturesAsync(BotsTestHost host, long botId)
    {
        await using var db = await host.Databases.CreateDbContextAsync(Cancel);
        var config = await db.Set<BotConfig>().SingleAsync(b => b.Id == botId, Cancel);
        config.MarketType = MarketType.Futures;
        await db.SaveChangesAsync(Cancel);
    }

    internal static async Task AddTradeAsync(
        BotsTestHost host, long botId, DateTimeOffset at, OrderSide side, decimal? pnl, decimal price = 100m, decimal quantity = 0.5m)
    {
        await using var db = await host.Databases.CreateDbContextAsync(Cancel);
        db.Add(new Trade
        {
            BotId = botId, Symbol = "BTCUSDT", ExchangeOrderId = Random.Shared.NextInt64(1, long.MaxValue), ClientOrderId = $"t-{Guid.NewGuid():N}",
            Side = side, Price = price, Quantity = quantity, QuoteQuantity = price * quantity, Commission = 0, CommissionAsset = "USDT",
            RealizedPnl = pnl, ExitReason = pnl is null ? null : "signal", ExecutedAt = at,
        });
        await db.SaveChangesAsync(Cancel);
    }
}
