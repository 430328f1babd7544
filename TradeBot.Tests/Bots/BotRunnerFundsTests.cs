using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Market;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Bots;
using TradeBot.Web.Bots.Runner;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Paper;

namespace TradeBot.Tests.Bots;

/// <summary>Futures bots (auto-transfer once before the first entry, leverage set), spot auto-transfer at start, and the live switch.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BotRunnerFundsTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task FuturesBot_AutoTransferOnceBeforeFirstEntry_LeverageSet(string provider)
    {
        await using var harness = await RunnerHarness.CreateAsync(provider, postgres, 800, Cancel);
        var input = RunnerHarness.Input(stops: false);
        input.MarketType = MarketType.Futures;
        input.Leverage = 2;
        input.AutoTransferEnabled = true;
        input.AutoTransferAmount = 500;
        await harness.StartBotAsync(input, Cancel);

        var entryIndex = await harness.TickUntilInPositionAsync(1, Cancel);
        (await TransfersAsync(harness)).ShouldHaveSingleItem().Direction.ShouldBe(TransferDirection.SpotToFutures);
        (await harness.StateAsync(Cancel)).AutoTransferredAt.ShouldNotBeNull();
        var wallet = BotVenues.PaperWalletId(harness.BotId);
        await using (var db = await harness.Host.Databases.CreateDbContextAsync(Cancel))
            (await db.Set<PaperPosition>().SingleAsync(p => p.WalletId == wallet && p.Symbol == "BTCUSDT", Cancel)).Leverage.ShouldBe(2);

        for (var i = entryIndex + 1; i < harness.Market.Candles.Count; i++)
            (await harness.TickAtOpenAsync(i, Cancel)).ShouldNotBe(TickOutcome.Failed);

        var trades = await harness.TradesAsync(Cancel);
        trades.Count.ShouldBeGreaterThan(4);
        trades.ShouldContain(t => t.Side == OrderSide.Sell && t.ExitReason == null, "a futures bot also enters short");
        (await TransfersAsync(harness)).Count.ShouldBe(1, "the transfer is made once");
        (await harness.Host.EventsAsync(harness.BotId, Cancel)).Count(e => e.Message.StartsWith("Auto-transferred", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Theory]
    [InlineData("Sqlite")]
    public async Task SpotBot_AutoTransferAtStart_Once(string provider)
    {
        await using var harness = await RunnerHarness.CreateAsync(provider, postgres, 20, Cancel);
        var input = RunnerHarness.Input(stops: false);
        input.AutoTransferEnabled = true;
        input.AutoTransferAmount = 250;
        await harness.StartBotAsync(input, Cancel);

        await harness.TickAtOpenAsync(1, Cancel);
        await harness.TickAtOpenAsync(2, Cancel);

        var transfer = (await TransfersAsync(harness)).ShouldHaveSingleItem();
        transfer.Direction.ShouldBe(TransferDirection.FuturesToSpot);
        transfer.Amount.ShouldBe(250m);
    }

    [Theory]
    [InlineData("Sqlite")]
    public async Task LiveBot_LiveTradingSwitchedOff_ErrorAndNoOrder(string provider)
    {
        await using var harness = await RunnerHarness.CreateAsync(provider, postgres, 20, Cancel);
        await harness.StartBotAsync(RunnerHarness.Input(stops: false), Cancel);
        await using (var db = await harness.Host.Databases.CreateDbContextAsync(Cancel))
            await db.Set<BotConfig>().Where(b => b.Id == harness.BotId).ExecuteUpdateAsync(u => u.SetProperty(b => b.ExchangeMode, ExchangeMode.Live), Cancel);

        (await harness.TickAtOpenAsync(1, Cancel)).ShouldBe(TickOutcome.Failed);

        var state = await harness.StateAsync(Cancel);
        state.Status.ShouldBe(BotStatus.Error);
        state.LastError!.ShouldContain("Trading:LiveEnabled");
        (await harness.PaperOrderCountAsync(Cancel)).ShouldBe(0);
    }

    private static async Task<List<PaperTransfer>> TransfersAsync(RunnerHarness harness)
    {
        await using var db = await harness.Host.Databases.CreateDbContextAsync(Cancel);
        return await db.Set<PaperTransfer>().AsNoTracking().ToListAsync(Cancel);
    }
}
