using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TradeBot.Domain.Backtesting;
using TradeBot.Web.Backtests;
using TradeBot.Web.Backtests.Pages;

namespace TradeBot.Tests.Components.Backtests;

/// <summary>The sweep report: periods, ranked sets, heatmap whose cells open full backtests, walk-forward table and overfitting warning.</summary>
public sealed class SweepReportTests : BacktestPagesTestContext
{
    private const long Day = 86_400_000;
    private static readonly long Start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static SweepMetricsJson Metrics(double returnPerc, int trades = 10) => new(returnPerc, 6.5, trades, 55, 1.2, 1.4);

    /// <summary>emaFast 5..25 by 5 × emaSlow 30, 40 (one set missing, as if invalid), ranked by return; the best set's held-out return given.</summary>
    private static SweepResultJson Result(double bestHeldOut)
    {
        var rows = new List<SweepRowJson>();
        foreach (var fast in new[] { 5.0, 10, 15, 20, 25 })
        {
            foreach (var slow in new[] { 30.0, 40 })
            {
                if (fast == 25 && slow == 40)
                    continue;
                rows.Add(new SweepRowJson(new Dictionary<string, double> { ["emaFast"] = fast, ["emaSlow"] = slow }, Metrics(fast - slow / 4)));
            }
        }

        rows = [.. rows.OrderByDescending(r => r.Metrics.TotalReturnPerc)];
        var walkForward = rows.Take(3).Select((r, i) => new WalkForwardRowJson(i + 1, r.Parameters, r.Metrics, Metrics(i == 0 ? bestHeldOut : 1, 3))).ToList();
        return new SweepResultJson(SweepRank.Return, ["emaFast", "emaSlow"], Start, Start + 70 * Day - 1, Start + 70 * Day, Start + 100 * Day - 1,
            10, 1, rows, walkForward);
    }

    private async Task<(IRenderedComponent<SweepReport> Report, long SweepId)> RenderReportAsync(SweepResultJson result, TradeBot.Web.Accounts.Caller? owner = null)
    {
        owner ??= Alice;
        var id = await AddRunAsync(owner, BacktestStatus.Completed, BacktestKind.Sweep);
        var details = (await Backtests.GetAsync(owner, id, Cancel)).ShouldNotBeNull();
        return (Render<SweepReport>(p => p.Add(c => c.Run, details).Add(c => c.Result, result)), id);
    }

    private static IReadOnlyList<string> Texts(IRenderedComponent<SweepReport> report, string selector) =>
        [.. report.FindAll(selector).Select(e => e.TextContent.Trim())];

    [Fact]
    public async Task Render_Sweep_PeriodsRankedTableHeatmapAndWalkForward()
    {
        var (report, _) = await RenderReportAsync(Result(bestHeldOut: 4));

        report.Find("#sweep-in-sample").TextContent.ShouldBe("1 Jan 2026 – 11 Mar 2026 (70 days)");
        report.Find("#sweep-held-out").TextContent.ShouldBe("12 Mar 2026 – 10 Apr 2026 (30 days)");
        report.Find("#sweep-counts").TextContent.ShouldContain("9 of 10 sets ran; 1 were skipped");
        Texts(report, "#sweep-ranked thead th").ShouldBe(["#", "EMA fast", "EMA slow", "Return", "Max DD", "Trades", "Win rate", "Sharpe", "Profit factor", "Full run"]);
        var first = report.FindAll("#sweep-ranked tbody tr")[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        first.Take(4).ShouldBe(["1", "25", "30", "+17.50%"]);
        report.FindAll("#sweep-ranked tbody tr").Count.ShouldBe(9);

        Texts(report, "#sweep-heatmap thead th").ShouldBe(["EMA fast ↓ / EMA slow →", "30", "40"]);
        Texts(report, "#sweep-heatmap tbody th").ShouldBe(["5", "10", "15", "20", "25"]);
        report.Find("#sweep-heatmap td[data-row='4'][data-column='0']").TextContent.ShouldBe("+17.5");
        report.Find("#sweep-heatmap td[data-row='0'][data-column='1']").TextContent.ShouldBe("-5.0");
        var missing = report.Find("#sweep-heatmap td[data-row='4'][data-column='1']");
        missing.ClassList.ShouldContain("empty");
        missing.HasAttribute("role").ShouldBeFalse("a set that did not run cannot be opened");

        var walkForward = report.FindAll("#sweep-walk-forward tbody tr");
        walkForward.Count.ShouldBe(3);
        walkForward[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ShouldBe(
            ["1", "EMA fast 25 · EMA slow 30", "+17.50%", "+4.00%", "6.5%", "6.5%", "10", "3"]);
        report.FindAll("#sweep-overfitting").ShouldBeEmpty("17.5% over 70 days is ~7.2% over 30; 4% is more than half of it");
    }

    [Fact]
    public async Task Render_BestSetLosesOnTheHeldOutPart_OverfittingWarning()
    {
        var (report, _) = await RenderReportAsync(Result(bestHeldOut: -3.2));

        var warning = report.Find("#sweep-overfitting");
        warning.TextContent.ShouldContain("The best set made 17.5%");
        warning.TextContent.ShouldContain("but lost 3.2% on the final 30% it never saw");
    }

    [Fact]
    public async Task ClickCell_OpensThatSetAsAFullBacktest_AndGoesToIt()
    {
        var (report, sweepId) = await RenderReportAsync(Result(bestHeldOut: 4));

        await report.Find("#sweep-heatmap td[data-row='1'][data-column='1']").ClickAsync(new());

        var opened = Scheduler.Scheduled.ShouldHaveSingleItem();
        var run = (await Backtests.GetAsync(Alice, opened, Cancel)).ShouldNotBeNull();
        run.Summary.Kind.ShouldBe(BacktestKind.Single);
        run.Summary.SweepId.ShouldBe(sweepId);
        run.Input.Bot.StrategyParameters!["emaFast"].ShouldBe(10);
        run.Input.Bot.StrategyParameters["emaSlow"].ShouldBe(40);
        Services.GetRequiredService<NavigationManager>().Uri.ShouldEndWith($"/backtests/{opened}");
    }

    [Fact]
    public async Task ClickCell_AnotherUsersSweep_NothingRunsAndSaysSo()
    {
        var bob = await Host.CreateUserAsync("bob", Cancel);
        var snackbars = Render<MudSnackbarProvider>();
        var (report, _) = await RenderReportAsync(Result(bestHeldOut: 4), bob);

        await report.Find("#sweep-heatmap td[data-row='0'][data-column='0']").ClickAsync(new());

        Scheduler.Scheduled.ShouldBeEmpty("alice cannot run bob's sweep's sets");
        (await Backtests.ListAsync(Alice, Cancel)).ShouldBeEmpty();
        snackbars.WaitForAssertion(() => snackbars.Markup.ShouldContain("This sweep no longer exists."));
    }

    [Fact]
    public async Task PickColumnsParameterForRows_HeatmapTransposed()
    {
        var (report, _) = await RenderReportAsync(Result(bestHeldOut: 4));
        var rows = report.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Rows");

        await report.InvokeAsync(() => rows.Instance.ValueChanged.InvokeAsync("emaSlow"));

        Texts(report, "#sweep-heatmap thead th").ShouldBe(["EMA slow ↓ / EMA fast →", "5", "10", "15", "20", "25"]);
        Texts(report, "#sweep-heatmap tbody th").ShouldBe(["30", "40"]);
        report.Find("#sweep-heatmap td[data-row='0'][data-column='4']").TextContent.ShouldBe("+17.5");
    }

    [Fact]
    public async Task Render_OneParameter_OneRowHeatmapWithoutAxisPickers()
    {
        var rows = new[] { 1.0, 2, 3 }.Select(v => new SweepRowJson(new Dictionary<string, double> { ["stopLossPerc"] = v }, Metrics(v * 2 - 3)))
            .OrderByDescending(r => r.Metrics.TotalReturnPerc).ToList();
        var result = new SweepResultJson(SweepRank.Return, ["stopLossPerc"], Start, Start + 70 * Day - 1, Start + 70 * Day, Start + 100 * Day - 1, 3, 0, rows, []);

        var (report, _) = await RenderReportAsync(result);

        Texts(report, "#sweep-heatmap thead th").ShouldBe(["Stop-loss % →", "1", "2", "3"]);
        Texts(report, "#sweep-heatmap tbody th").ShouldBe(["Return %"]);
        Texts(report, "#sweep-heatmap td").ShouldBe(["-1.0", "+1.0", "+3.0"]);
        report.FindAll("#sweep-heatmap-rows").ShouldBeEmpty();
        report.FindAll("#sweep-walk-forward tbody tr").ShouldBeEmpty();
    }
}
