using Microsoft.EntityFrameworkCore;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Bots;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Bots;

/// <summary>The trade table stores a fill once: a replayed save of the same client order id fails on both providers.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TradeTableTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Save_SameClientOrderIdTwice_SecondIsRefusedAndOneRowRemains(string provider)
    {
        await using var host = await BotsTestHost.CreateAsync(provider, postgres, Cancel);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        Trade Fill() => new()
        {
            BotId = id, Symbol = "BTCUSDT", ExchangeOrderId = 77, ClientOrderId = $"tb-{id}-1", Side = OrderSide.Buy, Price = 60_000.12m,
            Quantity = 0.00123m, QuoteQuantity = 73.80014760m, Commission = 0.0738m, CommissionAsset = "USDT", ExecutedAt = host.Time.GetUtcNow(),
        };
        await using (var db = await host.Databases.CreateDbContextAsync(Cancel))
        {
            db.Add(Fill());
            await db.SaveChangesAsync(Cancel);
        }

        await using (var db = await host.Databases.CreateDbContextAsync(Cancel))
        {
            db.Add(Fill());
            await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync(Cancel));
        }

        await using var read = await host.Databases.CreateDbContextAsync(Cancel);
        var stored = (await read.Set<Trade>().ToListAsync(Cancel)).ShouldHaveSingleItem();
        stored.QuoteQuantity.ShouldBe(73.80014760m);
        stored.RealizedPnl.ShouldBeNull();
    }
}
