using Microsoft.Extensions.DependencyInjection;
using TradeBot.Web.Bots;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Bots;

/// <summary>The trades query the REST API pages with a time filter (SQLite: the filter cannot run in SQL).</summary>
public sealed class BotHistoryTimeFilterTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Trades_FromTo_KeepsTheRangeNewestFirst_PagesIt_AndOnlyForWhoMaySee()
    {
        await using var host = await BotsTestHost.CreateAsync("Sqlite", null, Cancel);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var bob = await host.CreateUserAsync("bob", Cancel);
        var botId = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        await using (var db = await host.Databases.CreateDbContextAsync(Cancel))
        {
            for (var hour = 1; hour <= 10; hour++)
            {
                db.Add(new Trade
                {
                    BotId = botId, Symbol = "BTCUSDT", ExchangeOrderId = hour, ClientOrderId = $"c{hour}", Side = OrderSide.Buy, Price = 1, Quantity = 1,
                    QuoteQuantity = 1, CommissionAsset = "USDT", ExecutedAt = new DateTimeOffset(2026, 1, 5, hour, 0, 0, TimeSpan.Zero),
                });
            }
            await db.SaveChangesAsync(Cancel);
        }
        var history = host.Services.GetRequiredService<BotHistoryService>();
        var from = new DateTimeOffset(2026, 1, 5, 3, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

        var first = await history.TradesAsync(alice, botId, from, to, page: 0, pageSize: 3, Cancel);
        var second = await history.TradesAsync(alice, botId, from, to, page: 1, pageSize: 3, Cancel);

        first!.Total.ShouldBe(5, "03:00 up to, not including, 08:00");
        first.Items.Select(t => t.ClientOrderId).ShouldBe(["c7", "c6", "c5"]);
        second!.Items.Select(t => t.ClientOrderId).ShouldBe(["c4", "c3"]);
        (await history.TradesAsync(alice, botId, from, null, 0, 50, Cancel))!.Total.ShouldBe(8);
        (await history.TradesAsync(alice, botId, null, from, 0, 50, Cancel))!.Total.ShouldBe(2);
        (await history.TradesAsync(alice, botId, null, null, 0, 50, Cancel))!.Total.ShouldBe(10);
        (await history.TradesAsync(bob, botId, from, to, 0, 50, Cancel)).ShouldBeNull();
    }
}
