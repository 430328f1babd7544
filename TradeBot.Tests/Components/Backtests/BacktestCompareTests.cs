using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Web.Backtests;
using TradeBot.Web.Backtests.Pages;
using TradeBot.Web.Components.Shared;

namespace TradeBot.Tests.Components.Backtests;

/// <summary>The comparison page: runs side by side and as % equity lines; never another user's run, and a clear word for what is left out.</summary>
public sealed class BacktestCompareTests : BacktestPagesTestContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private IRenderedComponent<BacktestCompare> Open(string ids)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"backtests/compare?ids={ids}");
        return Render<BacktestCompare>();
    }

    private static string Cell(IRenderedComponent<BacktestCompare> page, string metric, int column) =>
        page.FindAll("#compare-table tbody tr").Single(tr => tr.QuerySelector("th")!.TextContent == metric).QuerySelectorAll("td")[column].TextContent;

    [Fact]
    public async Task Render_TwoRunsOfDifferentCapital_ColumnsOfSettingsAndMetrics_EquityAsPercentReturn()
    {
        var small = await AddRunAsync(Alice, BacktestStatus.Completed, symbol: "BTCUSDT", returnPerc: 10, initialCapital: 1000);
        var large = await AddRunAsync(Alice, BacktestStatus.Completed, symbol: "ETHUSDT", returnPerc: -4, initialCapital: 50_000);

        var page = Open($"{small},{large}");

        page.WaitForElement("#compare-table");
        page.FindAll("#compare-table thead th.compare-run").Select(th => th.TextContent.Trim()).ShouldBe([$"#{small} BTCUSDT 1h", $"#{large} ETHUSDT 1h"]);
        Cell(page, "Total return", 0).ShouldBe("+10.00%");
        Cell(page, "Total return", 1).ShouldBe("-4.00%");
        Cell(page, "Final capital", 1).ShouldBe("48,000.00");
        Cell(page, "Symbol", 0).ShouldBe("BTCUSDT (spot)");
        Cell(page, "Strategy", 0).ShouldContain("EMA fast 9");
        Cell(page, "Sizing and exits", 0).ShouldBe("50% of equity per entry, stop-loss 2%, take-profit 4%, trailing stop 1%");
        page.FindAll("#compare-table tbody th").Select(th => th.TextContent).ShouldContain("Sortino");
        page.FindAll("#compare-problems").ShouldBeEmpty();
        var series = page.FindComponent<EquityChart>().Instance.Series;
        series.Select(s => s.Name).ShouldBe([$"#{small} BTCUSDT 1h", $"#{large} ETHUSDT 1h"]);
        series[0].Points[0].Value.ShouldBe(0, 1e-9);
        series[0].Points[^1].Value.ShouldBe(10, 1e-9);
        series[1].Points[^1].Value.ShouldBe(-4, 1e-9, "50,000 to 48,000 is -4% whatever the capital");
    }

    [Fact]
    public async Task Render_AnotherUsersRun_NeverShown_ReadsLikeAnUnknownOne()
    {
        var mine = await AddRunAsync(Alice, BacktestStatus.Completed, symbol: "BTCUSDT");
        var bob = await Host.CreateUserAsync("bob", Cancel);
        var theirs = await AddRunAsync(bob, BacktestStatus.Completed, symbol: "BNBUSDT", returnPerc: 77.7);

        var page = Open($"{mine},{theirs},999999");

        var problems = page.WaitForElement("#compare-problems");
        problems.TextContent.ShouldContain($"Backtest #{theirs} was not found.");
        problems.TextContent.ShouldContain("Backtest #999999 was not found.");
        problems.TextContent.ShouldContain("needs at least 2 completed backtests");
        page.FindAll("#compare-table").ShouldBeEmpty("one usable run is nothing to compare");
        page.Markup.ShouldNotContain("BNBUSDT");
        page.Markup.ShouldNotContain("77.7");
    }

    [Fact]
    public async Task Render_ThreeAskedOneRunningOneSweep_TheRestComparedWithAWordForEach()
    {
        var first = await AddRunAsync(Alice, BacktestStatus.Completed, symbol: "BTCUSDT");
        var second = await AddRunAsync(Alice, BacktestStatus.Completed, symbol: "ETHUSDT");
        var running = await AddRunAsync(Alice, BacktestStatus.Running, progress: 0.4);
        var sweep = await AddRunAsync(Alice, BacktestStatus.Completed, BacktestKind.Sweep);

        var page = Open($"{first},{running},abc,{sweep},{second}");

        page.WaitForElement("#compare-table");
        page.FindAll("#compare-table thead th.compare-run").Count.ShouldBe(2);
        var problems = page.Find("#compare-problems").TextContent;
        problems.ShouldContain($"Backtest #{running} has not completed (running 40%).");
        problems.ShouldContain($"#{sweep} is a parameter sweep");
        problems.ShouldContain("\"abc\" is not a backtest number.");
    }

    [Fact]
    public async Task Render_FiveAsked_FirstFourCompared()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
            ids.Add(await AddRunAsync(Alice, BacktestStatus.Completed, returnPerc: i));

        var page = Open(string.Join(",", ids));

        page.WaitForAssertion(() => page.FindAll("#compare-table thead th.compare-run").Count.ShouldBe(4), Wait);
        page.Find("#compare-problems").TextContent.ShouldContain("At most 4 backtests compare at once");
        page.FindComponent<EquityChart>().Instance.Series.Count.ShouldBe(4);
    }
}
