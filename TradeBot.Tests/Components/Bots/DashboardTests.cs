using Bunit;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Bots;
using TradeBot.Web.Bots;
using TradeBot.Web.Components.Pages;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Components.Bots;

/// <summary>The dashboard over the real bot services: its figures, live refresh from the bus, and what an anonymous visitor sees.</summary>
public sealed class DashboardTests : BotPagesTestContext
{
    [Fact]
    public void Render_Anonymous_WelcomeWithLoginAndRegister()
    {
        var page = Render<Dashboard>();

        page.Find("#dash-welcome").TextContent.ShouldContain("Welcome to TradeBot");
        page.Find("#dash-login").GetAttribute("href").ShouldBe("Account/Login");
        page.Find("#dash-register").GetAttribute("href").ShouldBe("Account/Register");
        page.FindAll("#dash-equity").ShouldBeEmpty();
        Bus.SubscriberCount.ShouldBe(0);
    }

    [Fact]
    public void Render_NoBots_ZerosAndAnInvitation()
    {
        SignInAlice();

        var page = Render<Dashboard>();

        page.WaitForElement("#dash-no-bots").TextContent.ShouldContain("Create your first bot");
        page.Find("#dash-equity").TextContent.ShouldBe("0.00");
        page.Find("#dash-today-pnl").TextContent.ShouldBe("0.00");
        page.Find("#dash-last-fills").TextContent.ShouldContain("No fills yet");
        page.Find("#dash-equity-curve").TextContent.ShouldContain("No closed trades yet");
    }

    [Fact]
    public async Task Render_TwoBots_EquityTodayStatusCountsFillsAndCurve()
    {
        SignInAlice();
        var now = Host.Time.GetUtcNow();
        var today = BotOverviewServiceTests.Today(Host);
        var trend = await BotOverviewServiceTests.CreateBotAsync(Host, Alice, "BTC trend", "BTCUSDT");
        var range = await BotOverviewServiceTests.CreateBotAsync(Host, Alice, "ETH range", "ETHUSDT");
        await Host.UpdateStateAsync(trend, s =>
        {
            s.Status = BotStatus.InPosition;
            s.PositionSide = PositionSide.Long;
            s.Cash = 500;
            s.Quantity = 0.5;
            s.EntryPrice = 1000;
            s.DailyDay = today;
            s.DailyPnl = 20;
        }, Cancel);
        await Host.UpdateStateAsync(range, s =>
        {
            s.Cash = 1020;
            s.DailyDay = today;
            s.DailyPnl = -32.25;
        }, Cancel);
        await BotOverviewServiceTests.AddTradeAsync(Host, range, now.AddHours(-2), OrderSide.Sell, pnl: 20m, price: 2000m);
        await BotOverviewServiceTests.AddTradeAsync(Host, trend, now.AddHours(-1), OrderSide.Buy, pnl: null, price: 1000m);

        var page = Render<Dashboard>();

        page.WaitForElement("#dash-equity").TextContent.ShouldBe("2,020.00");
        page.Find("#dash-today-pnl").TextContent.ShouldBe("-12.25");
        page.Find("#dash-today-pnl").ClassList.ShouldContain("mud-error-text");
        page.FindAll("#dash-status-counts .status-count")
            .Select(e => (e.GetAttribute("data-status"), e.QuerySelector(".status-chip")!.TextContent.Trim(), e.QuerySelector(".status-count-value")!.TextContent))
            .ShouldBe([("Stopped", "Stopped", "1"), ("InPosition", "In position", "1")]);
        var fills = page.FindAll("#dash-last-fills tbody tr");
        fills.Count.ShouldBe(2);
        fills[0].TextContent.ShouldContain("BTC trend");
        fills[0].TextContent.ShouldContain("Buy");
        fills[0].TextContent.ShouldContain("entry");
        fills[1].TextContent.ShouldContain("ETH range");
        fills[1].TextContent.ShouldContain("+20.00");
        page.Find("#dash-equity-curve svg.pnl-line polyline").ShouldNotBeNull();
        page.Find("#dash-equity-curve").TextContent.ShouldContain("+20.00");
    }

    [Fact]
    public async Task BusEvent_Fill_FiguresRefresh()
    {
        SignInAlice();
        var id = await BotOverviewServiceTests.CreateBotAsync(Host, Alice, "BTC trend", "BTCUSDT");
        var page = Render<Dashboard>();
        page.WaitForElement("#dash-equity").TextContent.ShouldBe("1,000.00");
        await Host.UpdateStateAsync(id, s =>
        {
            s.Cash = 1007.5;
            s.DailyDay = BotOverviewServiceTests.Today(Host);
            s.DailyPnl = 7.5;
        }, Cancel);
        await BotOverviewServiceTests.AddTradeAsync(Host, id, Host.Time.GetUtcNow(), OrderSide.Sell, pnl: 7.5m);

        Publish(id, BotEventKind.Fill, BotStatus.Running);

        page.WaitForAssertion(() => page.Find("#dash-today-pnl").TextContent.ShouldBe("+7.50"), TimeSpan.FromSeconds(5));
        page.Find("#dash-equity").TextContent.ShouldBe("1,007.50");
        page.FindAll("#dash-last-fills tbody tr").Count.ShouldBe(1);
    }
}
