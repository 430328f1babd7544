using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Domain.Market;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;
using TradeBot.Web.Bots.Runner;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Paper;

namespace TradeBot.Tests.Bots;

/// <summary>Editing and deleting bots on SQLite and PostgreSQL, the live switch at start, and events committed with their change.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BotServiceEditTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly RecordingScheduler _scheduler = new();
    private readonly FailingEventInsert _failing = new();

    private Task<BotsTestHost> HostAsync(string provider) =>
        BotsTestHost.CreateAsync(provider, postgres, Cancel, configure: services =>
        {
            services.AddSingleton<IBotScheduler>(_scheduler);
            services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(_failing));
            services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(_failing));
        });

    private static async Task<(Caller Alice, long Id)> RunningBotAsync(BotsTestHost host)
    {
        var alice = await host.CreateUserAsync("alice", Cancel);
        var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        (await host.Bots.StartAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue();
        return (alice, id);
    }

    private static Action<BotStateRow> Long(double entry) => s =>
    {
        s.PositionSide = PositionSide.Long;
        s.Quantity = 0.01;
        s.EntryPrice = entry;
        s.ExtremePrice = entry;
        s.Status = BotStatus.InPosition;
    };

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Update_RunningBot_SavesAndReschedulesAtTheNewInterval(string provider)
    {
        await using var host = await HostAsync(provider);
        var (alice, id) = await RunningBotAsync(host);
        var edit = BotsTestHost.ValidInput();
        edit.CheckIntervalSeconds = 60;
        edit.TakeProfitPerc = 6;
        edit.Version = 1;

        var result = await host.Bots.UpdateAsync(alice, id, edit, Cancel);

        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
        var bot = (await host.Bots.GetAsync(alice, id, Cancel))!;
        bot.Config.TakeProfitPerc.ShouldBe(6);
        bot.Config.Version.ShouldBe(2);
        bot.State.Status.ShouldBe(BotStatus.Running);
        _scheduler.Calls[^1].ShouldBe($"schedule {id} every 60s");
        (await host.EventsAsync(id, Cancel))[^1].Message.ShouldContain("next check");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Update_StaleVersion_RefusedAndNothingChanges(string provider)
    {
        await using var host = await HostAsync(provider);
        var (alice, id) = await RunningBotAsync(host);
        var first = BotsTestHost.ValidInput();
        first.Version = 1;
        (await host.Bots.UpdateAsync(alice, id, first, Cancel)).Succeeded.ShouldBeTrue();
        var second = BotsTestHost.ValidInput();
        second.Name = "stale";
        second.Version = 1;

        var result = await host.Bots.UpdateAsync(alice, id, second, Cancel);

        result.Errors.ShouldHaveSingleItem().Field.ShouldBe("version");
        (await host.Bots.GetAsync(alice, id, Cancel))!.Config.Name.ShouldBe("BTC trend");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Update_VenueWhileInPositionOrOrderPending_RefusedButOtherEditsAllowed(string provider)
    {
        await using var host = await HostAsync(provider);
        var (alice, id) = await RunningBotAsync(host);
        await host.UpdateStateAsync(id, Long(60_000), Cancel);
        var symbol = BotsTestHost.ValidInput();
        symbol.Symbol = "ETHUSDT";
        var market = BotsTestHost.ValidInput();
        market.MarketType = MarketType.Futures;
        var stop = BotsTestHost.ValidInput();
        stop.StopLossPerc = 1.5;

        (await host.Bots.UpdateAsync(alice, id, symbol, Cancel)).Errors.ShouldContain(e => e.Field == "symbol" && e.Message.Contains("holds a position"));
        (await host.Bots.UpdateAsync(alice, id, market, Cancel)).Errors.ShouldContain(e => e.Field == "marketType" && e.Message.Contains("holds a position"));
        var mode = BotsTestHost.ValidInput();
        mode.ExchangeMode = ExchangeMode.Testnet; // the position would be sold on another account
        (await host.Bots.UpdateAsync(alice, id, mode, Cancel)).Errors.ShouldContain(e => e.Field == "exchangeMode" && e.Message.Contains("holds a position"));
        var versionBefore = (await host.Bots.GetAsync(alice, id, Cancel))!.State.Version;
        (await host.Bots.UpdateAsync(alice, id, stop, Cancel)).Succeeded.ShouldBeTrue();
        (await host.Bots.GetAsync(alice, id, Cancel))!.State.Version.ShouldBe(versionBefore, "a change that keeps the venue leaves a running check alone");

        // Flat, but an entry's outcome is not known yet: it may have filled on BTCUSDT.
        await host.UpdateStateAsync(id, s => { s.PositionSide = PositionSide.None; s.Quantity = 0; s.PendingClientOrderId = "tb-1-7"; s.PendingSymbol = "BTCUSDT"; }, Cancel);
        (await host.Bots.UpdateAsync(alice, id, symbol, Cancel)).Errors.ShouldContain(e => e.Field == "symbol" && e.Message.Contains("awaits its outcome"));

        await host.UpdateStateAsync(id, s => { s.PendingClientOrderId = null; s.PendingSymbol = null; s.Status = BotStatus.Running; }, Cancel);
        versionBefore = (await host.Bots.GetAsync(alice, id, Cancel))!.State.Version;
        (await host.Bots.UpdateAsync(alice, id, symbol, Cancel)).Succeeded.ShouldBeTrue();
        var changed = (await host.Bots.GetAsync(alice, id, Cancel))!;
        changed.Config.Symbol.ShouldBe("ETHUSDT");
        changed.State.Version.ShouldBeGreaterThan(versionBefore, "a check that read the old venue must fail its save before it sends");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Stop_WhileAnOrderAwaitsItsOutcome_RefusedPauseAllowed_StopAfterItIsBooked(string provider)
    {
        await using var host = await HostAsync(provider);
        var (alice, id) = await RunningBotAsync(host);
        await host.UpdateStateAsync(id, s => { s.PendingClientOrderId = "tb-1-3"; s.PendingSymbol = "BTCUSDT"; }, Cancel);
        var versionBefore = (await host.Bots.GetAsync(alice, id, Cancel))!.State.Version;

        var refused = await host.Bots.StopAsync(alice, id, Cancel);

        refused.Errors.ShouldHaveSingleItem().Message.ShouldBe(BotService.PendingOrderStopRefusal);
        var state = (await host.Bots.GetAsync(alice, id, Cancel))!.State;
        (state.Status, state.Version).ShouldBe((BotStatus.Running, versionBefore));
        _scheduler.Calls.ShouldNotContain($"unschedule {id}");
        (await host.Bots.PauseAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue("a paused bot is still checked, so its order is booked");
        _scheduler.Calls.ShouldNotContain($"unschedule {id}");

        await host.UpdateStateAsync(id, s => { s.PendingClientOrderId = null; s.PendingSymbol = null; }, Cancel);
        (await host.Bots.StopAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue();
        _scheduler.Calls[^1].ShouldBe($"unschedule {id}");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Start_LiveBotWhileLiveTradingIsOff_RefusedWithThePlainMessage(string provider)
    {
        await using var host = await HostAsync(provider);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        var key = await host.AddKeyRowAsync(alice, isTestnet: false, spot: true, futures: true, withdraw: false, Cancel);
        await using (var db = await host.Databases.CreateDbContextAsync(Cancel))
        {
            // As if saved while the server had live trading on.
            await db.Set<BotConfig>().Where(b => b.Id == id)
                .ExecuteUpdateAsync(b => b.SetProperty(c => c.ExchangeMode, ExchangeMode.Live).SetProperty(c => c.ApiKeyId, key), Cancel);
        }

        var result = await host.Bots.StartAsync(alice, id, Cancel);

        result.Errors.ShouldContain(e => e.Field == "exchangeMode" && e.Message == BotValidator.LiveDisabledMessage);
        (await host.Bots.GetAsync(alice, id, Cancel))!.State.Status.ShouldBe(BotStatus.Stopped);
        _scheduler.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Resume_LiveBotAfterLiveTradingWasSwitchedOff_Refused()
    {
        await using var host = await HostAsync("Sqlite");
        var (alice, id) = await RunningBotAsync(host);
        (await host.Bots.PauseAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue();
        var key = await host.AddKeyRowAsync(alice, isTestnet: false, spot: true, futures: true, withdraw: false, Cancel);
        await using (var db = await host.Databases.CreateDbContextAsync(Cancel))
        {
            await db.Set<BotConfig>().Where(b => b.Id == id)
                .ExecuteUpdateAsync(b => b.SetProperty(c => c.ExchangeMode, ExchangeMode.Live).SetProperty(c => c.ApiKeyId, key), Cancel);
        }

        var result = await host.Bots.ResumeAsync(alice, id, Cancel);

        result.Errors.ShouldContain(e => e.Message == BotValidator.LiveDisabledMessage);
        (await host.Bots.GetAsync(alice, id, Cancel))!.State.Status.ShouldBe(BotStatus.Paused);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Start_EventWriteFails_StatusChangeIsRolledBackToo(string provider)
    {
        await using var host = await HostAsync(provider);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        _failing.FailEventInserts = true;

        await Should.ThrowAsync<Exception>(() => host.Bots.StartAsync(alice, id, Cancel));

        _failing.FailEventInserts = false;
        var bot = (await host.Bots.GetAsync(alice, id, Cancel))!;
        bot.State.Status.ShouldBe(BotStatus.Stopped);
        bot.State.Version.ShouldBe(0);
        (await host.EventsAsync(id, Cancel)).ShouldHaveSingleItem().Kind.ShouldBe(BotEventKind.Created);
        _scheduler.Calls.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Create_EventWriteFails_NoBotIsLeftBehind(string provider)
    {
        await using var host = await HostAsync(provider);
        var alice = await host.CreateUserAsync("alice", Cancel);
        _failing.FailEventInserts = true;

        await Should.ThrowAsync<Exception>(() => host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel));

        (await host.CountAsync<BotConfig>(Cancel)).ShouldBe(0);
        (await host.CountAsync<BotStateRow>(Cancel)).ShouldBe(0);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Events_MoreThanTheLimit_KeepsTheNewest500(string provider)
    {
        await using var host = await HostAsync(provider);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        await using (var db = await host.Databases.CreateDbContextAsync(Cancel))
        {
            for (var i = 0; i < 600; i++)
                BotEvents.Add(db, id, host.Time.GetUtcNow(), BotEventKind.Tick, $"tick {i}");
            await db.SaveChangesAsync(Cancel);
        }

        await host.Bots.StartAsync(alice, id, Cancel);

        var events = await host.EventsAsync(id, Cancel);
        events.Count.ShouldBe(BotEvents.KeepPerBot);
        events[^1].Kind.ShouldBe(BotEventKind.Started);
        events[0].Message.ShouldBe("tick 101");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Delete_RunningOrInPositionRefused_StoppedFlatRemovesBotStateEventsAndPaperWallet(string provider)
    {
        await using var host = await HostAsync(provider);
        var (alice, id) = await RunningBotAsync(host);
        var otherId = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        var paper = host.Services.GetRequiredService<PaperExchangeFactory>();
        foreach (var botId in new[] { id, otherId }) // opens each wallet and books a transfer in it
            (await paper.ForWallet(BotVenues.PaperWalletId(botId)).TransferAsync("USDT", 100m, TransferDirection.SpotToFutures, Cancel)).IsSuccess.ShouldBeTrue();
        await host.UpdateStateAsync(id, Long(60_000), Cancel);

        (await host.Bots.DeleteAsync(alice, id, Cancel)).ShouldBe(BotDeleteOutcome.Running);
        (await host.Bots.StopAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue();
        (await host.Bots.DeleteAsync(alice, id, Cancel)).ShouldBe(BotDeleteOutcome.InPosition);
        await host.UpdateStateAsync(id, s => { s.PositionSide = PositionSide.None; s.Quantity = 0; }, Cancel);
        (await host.Bots.DeleteAsync(alice, id, Cancel)).ShouldBe(BotDeleteOutcome.Deleted);

        (await host.Bots.GetAsync(alice, id, Cancel)).ShouldBeNull();
        (await host.CountAsync<BotStateRow>(Cancel)).ShouldBe(1);
        (await host.EventsAsync(id, Cancel)).ShouldBeEmpty();
        await using (var db = await host.Databases.CreateDbContextAsync(Cancel))
        {
            string[] others = [BotVenues.PaperWalletId(otherId)];
            (await db.Set<PaperWallet>().Select(w => w.Id).ToListAsync(Cancel)).ShouldBe(others, ignoreOrder: false, customMessage: "the deleted bot's wallet went with it, the other bot's stays");
            (await db.Set<PaperBalance>().Select(b => b.WalletId).Distinct().ToListAsync(Cancel)).ShouldBe(others);
            (await db.Set<PaperTransfer>().Select(t => t.WalletId).ToListAsync(Cancel)).ShouldBe(others);
        }
        _scheduler.Calls[^1].ShouldBe($"unschedule {id}");
    }
}
