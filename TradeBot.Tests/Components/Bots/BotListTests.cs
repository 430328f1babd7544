using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Bots;
using TradeBot.Web.Bots;
using TradeBot.Web.Bots.Pages;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Components.Bots;

/// <summary>The bots list over the real bot services: empty state, rows, start/stop in the database, live refresh from the bus.</summary>
public sealed class BotListTests : BotPagesTestContext
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        SignInAlice();
    }

    private Task<long> CreateBotAsync(string name, string symbol) => BotOverviewServiceTests.CreateBotAsync(Host, Alice, name, symbol);

    private async Task<BotStatus> StatusAsync(long botId) => (await Host.Bots.GetAsync(Alice, botId, Cancel))!.State.Status;

    [Fact]
    public void Render_NoBots_EmptyStateInvitesToCreateTheFirst()
    {
        var page = Render<BotList>();

        var empty = page.WaitForElement("#bots-empty");
        empty.TextContent.ShouldContain("No bots yet");
        empty.QuerySelector("#create-first-bot")!.GetAttribute("href").ShouldBe("bots/new");
        page.Find("#new-bot").GetAttribute("href").ShouldBe("bots/new");
        page.FindAll("#bots-grid").ShouldBeEmpty();
    }

    [Fact]
    public async Task Render_TwoBots_RowsWithLinkModeStatusPositionAndPnl_OtherUsersAbsent()
    {
        var trend = await CreateBotAsync("BTC trend", "BTCUSDT");
        var range = await CreateBotAsync("ETH range", "ETHUSDT");
        var bob = await Host.CreateUserAsync("bob", Cancel);
        await BotOverviewServiceTests.CreateBotAsync(Host, bob, "Bob's secret", "SOLUSDT");
        await Host.UpdateStateAsync(trend, s =>
        {
            s.Status = BotStatus.InPosition;
            s.PositionSide = PositionSide.Long;
            s.Quantity = 0.25;
            s.EntryPrice = 100;
        }, Cancel);
        await BotOverviewServiceTests.AddTradeAsync(Host, trend, Host.Time.GetUtcNow().AddHours(-2), OrderSide.Sell, pnl: 8m);
        await BotOverviewServiceTests.AddTradeAsync(Host, range, Host.Time.GetUtcNow().AddHours(-1), OrderSide.Sell, pnl: -3.5m);

        var page = Render<BotList>();

        page.WaitForElement("#bots-grid");
        var rows = page.FindAll("#bots-grid tbody tr.mud-table-row");
        rows.Count.ShouldBe(2);
        page.Markup.ShouldNotContain("Bob's secret");
        var first = rows[0];
        first.QuerySelector("a.bot-name")!.GetAttribute("href").ShouldBe($"bots/{trend}");
        first.QuerySelector(".mode-badge")!.TextContent.Trim().ShouldBe("Paper");
        first.QuerySelector(".status-chip")!.TextContent.Trim().ShouldBe("In position");
        first.QuerySelector(".bot-position")!.TextContent.ShouldBe("Long 0.25");
        first.QuerySelector(".bot-position")!.Closest("td")!.ClassList.ShouldContain("mud-table-cell-hide", "a minor column, hidden on a phone");
        first.QuerySelector(".bot-total-pnl")!.TextContent.ShouldBe("+8.00");
        first.QuerySelector(".bot-total-pnl")!.ClassList.ShouldContain("mud-success-text");
        first.QuerySelector("svg.pnl-line polyline").ShouldNotBeNull();
        first.QuerySelector($"#bot-stop-{trend}").ShouldNotBeNull();
        var second = rows[1];
        second.QuerySelector(".status-chip")!.TextContent.Trim().ShouldBe("Stopped");
        second.QuerySelector(".bot-position")!.TextContent.ShouldBe("flat");
        second.QuerySelector(".bot-total-pnl")!.ClassList.ShouldContain("mud-error-text");
        second.QuerySelector($"#bot-start-{range}").ShouldNotBeNull();
    }

    [Fact]
    public async Task Search_BySymbol_OnlyMatchingRows()
    {
        await CreateBotAsync("BTC trend", "BTCUSDT");
        await CreateBotAsync("Majors", "ETHUSDT");
        var page = Render<BotList>();
        page.WaitForElement("#bots-grid");

        page.Find("#bots-search").Input("eth");

        page.WaitForAssertion(() => page.FindAll("#bots-grid tbody tr.mud-table-row").Count.ShouldBe(1));
        page.Find("#bots-grid tbody tr.mud-table-row").TextContent.ShouldContain("Majors");
    }

    [Fact]
    public async Task Sort_ByTotalPnl_RowsInPnlOrder()
    {
        var winner = await CreateBotAsync("winner", "BTCUSDT");
        var loser = await CreateBotAsync("loser", "ETHUSDT");
        await BotOverviewServiceTests.AddTradeAsync(Host, winner, Host.Time.GetUtcNow(), OrderSide.Sell, pnl: 50m);
        await BotOverviewServiceTests.AddTradeAsync(Host, loser, Host.Time.GetUtcNow(), OrderSide.Sell, pnl: -50m);
        var page = Render<BotList>();
        page.WaitForElement("#bots-grid");

        await page.FindAll("#bots-grid th").Single(th => th.TextContent.Contains("PnL total")).QuerySelector(".sortable-column-header")!.ClickAsync(new());

        page.WaitForAssertion(() => page.FindAll("#bots-grid tbody tr.mud-table-row a.bot-name").Select(a => a.TextContent).ShouldBe(["loser", "winner"]));
    }

    [Fact]
    public async Task Start_StoppedPaperBot_RunningInTheDatabaseAndStopOffered()
    {
        var id = await CreateBotAsync("BTC trend", "BTCUSDT");
        var snackbars = Render<MudSnackbarProvider>();
        var page = Render<BotList>();

        await page.WaitForElement($"#bot-start-{id}").ClickAsync(new());

        (await StatusAsync(id)).ShouldBe(BotStatus.Running);
        page.WaitForElement($"#bot-stop-{id}");
        page.Find(".status-chip").TextContent.Trim().ShouldBe("Running");
        snackbars.WaitForAssertion(() => snackbars.Markup.ShouldContain("\"BTC trend\" started."));
    }

    [Fact]
    public async Task Start_BotStartedElsewhereMeanwhile_ServiceErrorInSnackbar()
    {
        var id = await CreateBotAsync("BTC trend", "BTCUSDT");
        var snackbars = Render<MudSnackbarProvider>();
        var page = Render<BotList>();
        var start = page.WaitForElement($"#bot-start-{id}");
        (await Host.Bots.StartAsync(Alice, id, Cancel)).Succeeded.ShouldBeTrue(); // another tab, no event to this page

        await start.ClickAsync(new());

        snackbars.WaitForAssertion(() => snackbars.Markup.ShouldContain("The bot is already running."));
        page.WaitForElement($"#bot-stop-{id}");
    }

    [Fact]
    public async Task Start_LiveBot_AsksFirstThenShowsWhyTheServiceRefused()
    {
        var id = await CreateBotAsync("Real money", "BTCUSDT");
        await using (var db = await Host.Databases.CreateDbContextAsync(Cancel))
            await db.Set<BotConfig>().Where(b => b.Id == id).ExecuteUpdateAsync(u => u.SetProperty(b => b.ExchangeMode, ExchangeMode.Live), Cancel);
        var dialogs = Render<MudDialogProvider>();
        var snackbars = Render<MudSnackbarProvider>();
        var page = Render<BotList>();

        var starting = page.WaitForElement($"#bot-start-{id}").ClickAsync(new()); // waits for the answer
        var confirm = dialogs.WaitForElement(".mud-dialog .mud-button-root:last-child");
        dialogs.Markup.ShouldContain("trades real money");
        await confirm.ClickAsync(new());
        await starting.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        snackbars.WaitForAssertion(() => snackbars.Find(".mud-snackbar").ClassList.ShouldContain("mud-alert-filled-error"));
        (await StatusAsync(id)).ShouldBe(BotStatus.Stopped, "live trading is off on this server and the bot has no key");
    }

    [Fact]
    public async Task Stop_BotInPosition_AsksFirstThenStops()
    {
        var id = await CreateBotAsync("BTC trend", "BTCUSDT");
        (await Host.Bots.StartAsync(Alice, id, Cancel)).Succeeded.ShouldBeTrue();
        await Host.UpdateStateAsync(id, s =>
        {
            s.Status = BotStatus.InPosition;
            s.PositionSide = PositionSide.Long;
            s.Quantity = 1;
            s.EntryPrice = 100;
        }, Cancel);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<BotList>();

        var stopping = page.WaitForElement($"#bot-stop-{id}").ClickAsync(new()); // waits for the answer
        var confirm = dialogs.WaitForElement(".mud-dialog .mud-button-root:last-child");
        dialogs.Markup.ShouldContain("the position stays open");
        (await StatusAsync(id)).ShouldBe(BotStatus.InPosition, "nothing happens before the answer");
        await confirm.ClickAsync(new());
        await stopping.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        (await StatusAsync(id)).ShouldBe(BotStatus.Stopped);
        page.WaitForElement($"#bot-start-{id}");
    }

    [Fact]
    public async Task BusEvent_ForTheUser_RowShowsTheNewState()
    {
        var id = await CreateBotAsync("BTC trend", "BTCUSDT");
        var page = Render<BotList>();
        page.WaitForElement("#bots-grid");
        await Host.UpdateStateAsync(id, s =>
        {
            s.Status = BotStatus.InPosition;
            s.PositionSide = PositionSide.Long;
            s.Quantity = 2;
            s.EntryPrice = 10;
        }, Cancel);
        await BotOverviewServiceTests.AddTradeAsync(Host, id, Host.Time.GetUtcNow(), OrderSide.Sell, pnl: 4.5m);

        Publish(id, BotEventKind.Fill, BotStatus.InPosition);

        page.WaitForAssertion(() => page.Find(".status-chip").TextContent.Trim().ShouldBe("In position"), TimeSpan.FromSeconds(5));
        page.Find(".bot-position").TextContent.ShouldBe("Long 2");
        page.Find(".bot-total-pnl").TextContent.ShouldBe("+4.50");
    }

    [Fact]
    public async Task Dispose_Page_UnsubscribesFromTheBus()
    {
        var page = Render<BotList>();
        page.WaitForElement("#bots-empty");
        Bus.SubscriberCount.ShouldBe(1);

        await DisposeComponentsAsync();

        Bus.SubscriberCount.ShouldBe(0);
    }
}
