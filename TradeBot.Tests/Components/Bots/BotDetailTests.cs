using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Bots;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;
using TradeBot.Web.Bots.Pages;
using TradeBot.Web.Components.Shared;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Components.Bots;

/// <summary>The bot detail page over the real bot services (SQLite, simulated market): state, actions, live refresh, not found.</summary>
public sealed class BotDetailTests : BotPagesTestContext
{
    private BotsTestHost _host = null!;
    private Caller _alice = null!;
    private long _botId;
    private BunitJSModuleInterop _chart = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        (_host, _alice) = (Host, Alice);
        _botId = (await _host.Bots.CreateAsync(_alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        _chart = JSInterop.SetupModule(PriceChart.ModulePath);
        _chart.SetupModule("create", _ => true);
        SignInAs(_alice);
    }

    private IRenderedComponent<BotDetail> RenderPage()
    {
        Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
        return Render<BotDetail>(p => p.Add(c => c.Id, _botId));
    }

    [Fact]
    public void Render_StoppedBot_NameStatusSummaryChartAndEmptyTrades()
    {
        var page = RenderPage();

        page.WaitForElement("#page-title").TextContent.ShouldBe("BTC trend");
        page.Find(".status-chip").TextContent.Trim().ShouldBe("Stopped");
        page.Find("#bot-summary").TextContent.ShouldContain("BTCUSDT");
        page.Find("#bot-start").ShouldNotBeNull();
        page.WaitForElement("#bot-chart .price-chart", TimeSpan.FromSeconds(10));
        page.Find("#bot-chart-market").TextContent.Trim().ShouldBe("BTCUSDT 1h candles from the simulated market");
        page.Find("#bot-position").TextContent.ShouldContain("Flat. Cash 1,000.00");
        page.Find("#export-trades").GetAttribute("href").ShouldBe($"/bots/{_botId}/trades.csv");
        page.WaitForAssertion(() => page.Find("#trades-table").TextContent.ShouldContain("No trades yet."));
        page.Find("#bot-events").TextContent.ShouldContain("Created");
    }

    [Fact]
    public async Task Start_Clicked_BotRunsAndPageSaysSo()
    {
        var page = RenderPage();

        await page.WaitForElement("#bot-start").ClickAsync(new());

        page.WaitForAssertion(() => page.Find(".status-chip").TextContent.Trim().ShouldBe("Running"));
        page.Find("#bot-stop").ShouldNotBeNull();
        (await _host.Bots.GetAsync(_alice, _botId, Cancel))!.State.Status.ShouldBe(BotStatus.Running);
    }

    [Fact]
    public async Task BusEvent_AfterAFillIsStored_PageShowsPositionAndTradeWithoutReload()
    {
        var page = RenderPage();
        page.WaitForElement("#bot-chart .price-chart", TimeSpan.FromSeconds(10));
        await _host.UpdateStateAsync(_botId, s =>
        {
            s.Status = BotStatus.InPosition;
            s.PositionSide = PositionSide.Long;
            s.EntryPrice = 100;
            s.Quantity = 2;
            s.StopLossPrice = 98;
            s.DecisionSequence = 1;
        }, Cancel);
        await using (var db = await _host.Databases.CreateDbContextAsync(Cancel))
        {
            db.Add(new Trade
            {
                BotId = _botId, Symbol = "BTCUSDT", ClientOrderId = "c1", Side = OrderSide.Buy, Price = 100, Quantity = 2, QuoteQuantity = 200,
                CommissionAsset = "USDT", ExecutedAt = _host.Time.GetUtcNow(),
            });
            await db.SaveChangesAsync(Cancel);
        }

        _host.Services.GetRequiredService<BotEventBus>().Publish(
            new BotEventMessage(_botId, _alice.UserId, _host.Time.GetUtcNow(), BotEventKind.Fill, "Bought 2 at 100", BotStatus.InPosition));

        page.WaitForAssertion(() => page.Find(".status-chip").TextContent.Trim().ShouldBe("In position"), TimeSpan.FromSeconds(10));
        page.WaitForAssertion(() => page.Find("#trades-table tbody").TextContent.ShouldContain("Buy"), TimeSpan.FromSeconds(10));
        page.Find("#bot-position").TextContent.ShouldContain("Entry");
        var marker = _chart.Invocations["setMarkers"][^1].Arguments[1].ShouldBeOfType<PriceChart.JsMarker[]>().ShouldHaveSingleItem();
        marker.IsBuy.ShouldBeTrue();
    }

    [Fact]
    public async Task FillBookedAfterItsDecisionWasNumbered_TradeStillAppears()
    {
        var page = RenderPage();
        page.WaitForElement("#bot-chart .price-chart", TimeSpan.FromSeconds(10));
        var bus = _host.Services.GetRequiredService<BotEventBus>();

        // The order is saved as pending first (the sequence moves) and a refresh may see that before the fill is booked.
        await _host.UpdateStateAsync(_botId, s => s.DecisionSequence = 1, Cancel);
        bus.Publish(new BotEventMessage(_botId, _alice.UserId, _host.Time.GetUtcNow(), BotEventKind.Tick, "pending", BotStatus.Running));
        page.WaitForAssertion(() => page.Find("#trades-table").TextContent.ShouldContain("No trades yet."));
        await Task.Delay(300, Cancel); // that refresh is done
        await using (var db = await _host.Databases.CreateDbContextAsync(Cancel))
        {
            db.Add(new Trade
            {
                BotId = _botId, Symbol = "BTCUSDT", ClientOrderId = "c1", Side = OrderSide.Buy, Price = 100, Quantity = 2, QuoteQuantity = 200,
                CommissionAsset = "USDT", ExecutedAt = _host.Time.GetUtcNow(),
            });
            await db.SaveChangesAsync(Cancel);
        }

        bus.Publish(new BotEventMessage(_botId, _alice.UserId, _host.Time.GetUtcNow(), BotEventKind.Fill, "Bought 2 at 100", BotStatus.InPosition));

        page.WaitForAssertion(() => page.Find("#trades-table tbody").TextContent.ShouldContain("Buy"), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Delete_InPosition_RefusedWithTheOfferToCloseFirst_BotKept(bool closeIt)
    {
        await _host.UpdateStateAsync(_botId, s => { s.PositionSide = PositionSide.Long; s.EntryPrice = 100; s.Quantity = 1; }, Cancel);
        var dialogs = Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
        var page = Render<BotDetail>(p => p.Add(c => c.Id, _botId));

        var deleting = page.WaitForElement("#bot-delete").ClickAsync(new()); // waits for the dialog's answer
        dialogs.WaitForAssertion(() => dialogs.Markup.ShouldContain("This bot holds a position"));
        var answer = dialogs.FindAll(".mud-dialog .mud-button-root").Single(b => b.TextContent.Contains(closeIt ? "Close position" : "Keep it", StringComparison.Ordinal));
        await answer.ClickAsync(new());
        await deleting.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        var bot = (await _host.Bots.GetAsync(_alice, _botId, Cancel)).ShouldNotBeNull();
        (bot.State.CloseRequestedAt is not null).ShouldBe(closeIt);
        bot.State.Status.ShouldBe(closeIt ? BotStatus.Paused : BotStatus.Stopped);
        if (closeIt)
            page.WaitForElement("#bot-closing").TextContent.ShouldContain("next check");
    }

    [Fact]
    public async Task Delete_OrderSavedAfterThePageLoaded_SaysWhyTheBotCannotBeStopped_BotKept()
    {
        await _host.UpdateStateAsync(_botId, s => s.Status = BotStatus.Running, Cancel);
        var dialogs = Render<MudDialogProvider>();
        var snackbar = Render<MudSnackbarProvider>();
        var page = Render<BotDetail>(p => p.Add(c => c.Id, _botId));
        var delete = page.WaitForElement("#bot-delete");
        // A check saves an order after the page read the bot: the page offers a plain delete, the stop before it is refused.
        await _host.UpdateStateAsync(_botId, s => { s.PendingClientOrderId = "tb-1-4"; s.PendingSymbol = "BTCUSDT"; }, Cancel);

        var deleting = delete.ClickAsync(new());
        dialogs.WaitForAssertion(() => dialogs.Markup.ShouldContain("The bot is stopped first"));
        await dialogs.FindAll(".mud-dialog .mud-button-root").Single(b => b.TextContent.Contains("Delete", StringComparison.Ordinal)).ClickAsync(new());
        await deleting.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        snackbar.WaitForAssertion(() => snackbar.Markup.ShouldContain("The bot could not be stopped: An order of this bot awaits its outcome"));
        var bot = (await _host.Bots.GetAsync(_alice, _botId, Cancel)).ShouldNotBeNull();
        (bot.State.Status, bot.State.PendingClientOrderId).ShouldBe((BotStatus.Running, "tb-1-4"));
    }

    [Fact]
    public async Task AnotherUsersBot_NotFound_NothingOfItRendered()
    {
        var bob = await _host.CreateUserAsync("bob", Cancel);
        SignInAs(bob);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        var notFound = false;
        navigation.OnNotFound += (_, _) => notFound = true;

        var page = RenderPage();

        page.WaitForAssertion(() => notFound.ShouldBeTrue());
        page.Markup.ShouldNotContain("BTC trend");
    }
}
