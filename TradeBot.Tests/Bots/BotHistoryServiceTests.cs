using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Exchange;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Bots;

/// <summary>The detail page's reads on SQLite and PostgreSQL: trades paged and as CSV, the event log, chart data, the position.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BotHistoryServiceTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Trades_PagedNewestFirst_CsvOldestFirst_OnlyForTheOwner(string provider)
    {
        await using var host = await BotsTestHost.CreateAsync(provider, postgres, Cancel);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var bob = await host.CreateUserAsync("bob", Cancel);
        var botId = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        await AddTradesAsync(host, botId, 12);
        var history = host.Services.GetRequiredService<BotHistoryService>();

        var first = await history.TradesAsync(alice, botId, page: 0, pageSize: 5, Cancel);
        var third = await history.TradesAsync(alice, botId, page: 2, pageSize: 5, Cancel);

        first!.Total.ShouldBe(12);
        first.Items.Select(t => t.ClientOrderId).ShouldBe(["c12", "c11", "c10", "c9", "c8"]);
        third!.Items.Select(t => t.ClientOrderId).ShouldBe(["c2", "c1"]);
        (await history.TradesAsync(bob, botId, 0, 5, Cancel)).ShouldBeNull("bob may not read alice's trades");
        (await history.TradesCsvAsync(bob, botId, Cancel)).ShouldBeNull();
        (await history.EventsAsync(bob, botId, 10, Cancel)).ShouldBeNull();
        (await history.TradesAsync(bob with { IsAdmin = true }, botId, 0, 5, Cancel))!.Total.ShouldBe(12, "an admin sees every bot");

        var csv = (await history.TradesCsvAsync(alice, botId, Cancel))!.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        csv.Length.ShouldBe(13);
        csv[0].ShouldStartWith("time,symbol,side,price,quantity");
        csv[1].ShouldBe("2026-01-05T01:00:00.000Z,BTCUSDT,Buy,42000.5,0.01,420.005,0.42,USDT,,,c1,1001");
        csv[2].ShouldBe("2026-01-05T02:00:00.000Z,BTCUSDT,Sell,42001.5,0.01,420.015,0.42,USDT,-1.25,\"stop, trailing\",c2,1002");
        (await history.EventsAsync(alice, botId, 10, Cancel))!.ShouldContain(e => e.Kind == BotEventKind.Created);
    }

    [Fact]
    public async Task Csv_FieldThatLooksLikeAFormula_IsDefused()
    {
        await using var host = await BotsTestHost.CreateAsync("Sqlite", postgres, Cancel);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var botId = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        await AddTradesAsync(host, botId, 2, exitReason: "=HYPERLINK(\"x\")");

        var csv = await host.Services.GetRequiredService<BotHistoryService>().TradesCsvAsync(alice, botId, Cancel);

        csv!.ShouldContain(",\"'=HYPERLINK(\"\"x\"\")\",");
    }

    [Fact]
    public async Task Chart_SimulatedMarket_CandlesIndicatorsAndFillsOnTheirCandles()
    {
        await using var host = await BotsTestHost.CreateAsync("Sqlite", postgres, Cancel);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var bot = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!;
        var history = host.Services.GetRequiredService<BotHistoryService>();
        var now = host.Time.GetUtcNow();
        await using (var db = await host.Databases.CreateDbContextAsync(Cancel))
        {
            db.Add(Trade(bot.Config.Id, 1, now.AddHours(-3).AddMinutes(17), OrderSide.Buy, null, null));
            await db.SaveChangesAsync(Cancel);
        }

        var chart = await history.ChartAsync(alice, bot.Config, Cancel);

        chart!.Problem.ShouldBeNull();
        chart.Candles.Count.ShouldBeInRange(BotHistoryService.ChartCandles - 1, BotHistoryService.ChartCandles + 1);
        chart.Lines.Select(l => l.Name).ShouldBe(["EMA 9", "EMA 21"]);
        chart.Lines[0].Points.Count.ShouldBe(chart.Candles.Count);
        double.IsNaN(chart.Lines[1].Points[19].Value).ShouldBeTrue("warm-up");
        double.IsFinite(chart.Lines[1].Points[20].Value).ShouldBeTrue();
        chart.Rsi.Count.ShouldBe(chart.Candles.Count);
        var fill = chart.Fills.ShouldHaveSingleItem();
        var hour = now.AddHours(-3);
        fill.CandleOpenTimeMs.ShouldBe(new DateTimeOffset(hour.Year, hour.Month, hour.Day, hour.Hour, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
        chart.Candles.ShouldContain(c => c.OpenTimeMs == fill.CandleOpenTimeMs);
        (await history.ChartAsync(await host.CreateUserAsync("bob", Cancel), bot.Config, Cancel)).ShouldBeNull();
    }

    [Fact]
    public async Task Chart_TestnetBot_CandlesAndPriceFromTheTestnetNotTheConfiguredMarket()
    {
        await using var binance = await FakeBinanceServer.StartAsync();
        var hour = ExchangeTestHost.Start.ToUnixTimeMilliseconds() / 3_600_000 * 3_600_000;
        (binance.KlineFirstOpenMs, binance.KlineLastOpenMs, binance.BtcPrice) = (hour - 400 * 3_600_000L, hour, 123.45m);
        await using var host = await BotsTestHost.CreateAsync("Sqlite", postgres, Cancel, binance); // market data: Simulated
        var alice = await host.CreateUserAsync("alice", Cancel);
        var paperId = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        var testnetId = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        await using (var db = await host.Databases.CreateDbContextAsync(Cancel))
            await db.Set<BotConfig>().Where(b => b.Id == testnetId).ExecuteUpdateAsync(u => u.SetProperty(b => b.ExchangeMode, ExchangeMode.Testnet), Cancel);
        await host.UpdateStateAsync(testnetId, s => { s.PositionSide = PositionSide.Long; s.EntryPrice = 120; s.Quantity = 1; }, Cancel);
        var history = host.Services.GetRequiredService<BotHistoryService>();
        var testnet = (await host.Bots.GetAsync(alice, testnetId, Cancel))!;

        var chart = await history.ChartAsync(alice, testnet.Config, Cancel);
        var paper = await history.ChartAsync(alice, (await host.Bots.GetAsync(alice, paperId, Cancel))!.Config, Cancel);

        chart!.Problem.ShouldBeNull();
        chart.Market.ShouldBe("Binance testnet");
        chart.Candles.Count.ShouldBeGreaterThan(100);
        chart.Candles.ShouldAllBe(c => c == FakeBinanceServer.KlineAt(c.OpenTimeMs), "the testnet's klines, not the simulated market's");
        binance.Requests.ShouldContain(path => path.EndsWith("/klines", StringComparison.Ordinal));
        (await history.PositionAsync(testnet, Cancel))!.Price.ShouldBe(123.45, "the testnet's last price");
        paper!.Market.ShouldBe("the simulated market");
        paper.Candles.ShouldNotContain(c => c == FakeBinanceServer.KlineAt(c.OpenTimeMs));
    }

    [Theory]
    [InlineData(PositionSide.Long, 110, 9.5, 95, 120)]
    [InlineData(PositionSide.Short, 90, 9.5, 105, 80)]
    public void Position_AtAPrice_UnrealisedPnlAfterEntryFeeAndDistances(PositionSide side, double price, double pnl, double stop, double target)
    {
        var config = new BotConfig { OwnerId = "u", Name = "b", Symbol = "BTCUSDT", Interval = "1h", Strategy = "ema-rsi" };
        var state = new BotStateRow
        {
            PositionSide = side, EntryPrice = 100, Quantity = 1, EntryFee = 0.5, StopLossPrice = side == PositionSide.Long ? 95 : 105,
            TakeProfitPrice = target, TrailingStopPrice = side == PositionSide.Long ? 93 : 107,
        };

        var view = BotHistoryService.Position(new BotDetails(config, state), price)!;

        view.UnrealisedPnl.ShouldBe(pnl, 1e-9);
        view.UnrealisedPercent.ShouldBe(pnl, 1e-9, "of a 100 notional");
        view.StopPrice.ShouldBe(stop, "the stop nearer to the price fires first");
        view.StopDistancePercent!.Value.ShouldBeGreaterThan(0);
        view.TakeProfitDistancePercent!.Value.ShouldBeGreaterThan(0);
        view.LiquidationPrice.ShouldBeNull("spot has no liquidation");
        BotHistoryService.Position(new BotDetails(config, new BotStateRow()), price).ShouldBeNull("flat");
    }

    private static async Task AddTradesAsync(BotsTestHost host, long botId, int count, string exitReason = "stop, trailing")
    {
        await using var db = await host.Databases.CreateDbContextAsync(Cancel);
        for (var i = 1; i <= count; i++)
        {
            var buy = i % 2 == 1;
            db.Add(Trade(botId, i, new DateTimeOffset(2026, 1, 5, i, 0, 0, TimeSpan.Zero), buy ? OrderSide.Buy : OrderSide.Sell,
                buy ? null : -1.25m, buy ? null : exitReason));
        }
        await db.SaveChangesAsync(Cancel);
    }

    private static Trade Trade(long botId, int i, DateTimeOffset at, OrderSide side, decimal? pnl, string? reason) => new()
    {
        BotId = botId, Symbol = "BTCUSDT", ExchangeOrderId = 1000 + i, ClientOrderId = $"c{i}", Side = side,
        Price = 42000.5m + (i - 1), Quantity = 0.01m, QuoteQuantity = (42000.5m + (i - 1)) * 0.01m, Commission = 0.42m,
        CommissionAsset = "USDT", RealizedPnl = pnl, ExitReason = reason, ExecutedAt = at,
    };
}
