using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TradeBot.Web.Backtests;
using TradeBot.Web.Backtests.Pages;

namespace TradeBot.Tests.Components.Backtests;

/// <summary>The backtest list over the real backtest service: empty state, rows, only the user's, comparing 2-4 completed runs, delete.</summary>
public sealed class BacktestListTests : BacktestPagesTestContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private string NavigatedTo => Services.GetRequiredService<NavigationManager>().Uri;

    private static IReadOnlyList<AngleSharp.Dom.IElement> Rows(IRenderedComponent<BacktestList> page) =>
        page.FindAll("#backtests-grid tbody tr.mud-table-row");

    private static AngleSharp.Dom.IElement CheckBox(IRenderedComponent<BacktestList> page, long id)
    {
        var element = page.Find($"#backtest-select-{id}");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    private static void Tick(IRenderedComponent<BacktestList> page, long id) => CheckBox(page, id).Change(true);

    [Fact]
    public async Task Detail_AnAdminOnAnotherUsersRun_ReadsItWithoutCancelOrDelete()
    {
        var done = await AddRunAsync(Alice, BacktestStatus.Completed);
        var running = await AddRunAsync(Alice, BacktestStatus.Running, progress: 0.5);
        SignInAs(await Host.CreateUserAsync("root", Cancel, isAdmin: true));

        var finished = Render<BacktestDetail>(p => p.Add(c => c.Id, done));
        finished.WaitForElement("#backtest-run-again");
        finished.FindAll("#backtest-delete").ShouldBeEmpty("deleting is the owner's");
        var live = Render<BacktestDetail>(p => p.Add(c => c.Id, running));
        live.WaitForElement("#backtest-progress");
        live.FindAll("#backtest-cancel").ShouldBeEmpty("cancelling is the owner's");

        SignInAs(Alice);
        Render<BacktestDetail>(p => p.Add(c => c.Id, done)).WaitForElement("#backtest-delete");
        Render<BacktestDetail>(p => p.Add(c => c.Id, running)).WaitForElement("#backtest-cancel");
    }

    [Fact]
    public void Render_NoRuns_EmptyStateInvitesToRunTheFirst()
    {
        var page = Render<BacktestList>();

        var empty = page.WaitForElement("#backtests-empty");
        empty.TextContent.ShouldContain("No backtests yet");
        empty.QuerySelector("#run-first-backtest")!.GetAttribute("href").ShouldBe("backtests/new");
        page.Find("#backtests-new").GetAttribute("href").ShouldBe("backtests/new");
        page.FindAll("#backtests-grid").ShouldBeEmpty();
        page.FindAll("#backtests-compare").ShouldBeEmpty("nothing to compare yet");
    }

    [Fact]
    public async Task Render_Runs_RowsWithLinkStatusAndFigures_OtherUsersAbsent()
    {
        var done = await AddRunAsync(Alice, BacktestStatus.Completed, returnPerc: 12.345);
        var running = await AddRunAsync(Alice, BacktestStatus.Running, symbol: "ETHUSDT", progress: 0.427);
        var sweep = await AddRunAsync(Alice, BacktestStatus.Queued, BacktestKind.Sweep, symbol: "SOLUSDT");
        var bob = await Host.CreateUserAsync("bob", Cancel);
        await AddRunAsync(bob, BacktestStatus.Completed, symbol: "BNBUSDT");

        var page = Render<BacktestList>();

        page.WaitForElement("#backtests-grid");
        var rows = Rows(page);
        rows.Count.ShouldBe(3);
        page.Markup.ShouldNotContain("BNBUSDT");
        rows[0].QuerySelector("a.backtest-link")!.GetAttribute("href").ShouldBe($"backtests/{sweep}");
        rows[0].QuerySelector(".backtest-kind")!.TextContent.Trim().ShouldBe("Sweep");
        rows[1].QuerySelector(".backtest-status")!.TextContent.Trim().ShouldBe("Running 42%");
        rows[1].QuerySelector(".backtest-return")!.TextContent.ShouldBe("—");
        rows[1].QuerySelector($"#backtest-delete-{running}").ShouldBeNull("a running backtest is cancelled, not deleted");
        rows[2].QuerySelector("a.backtest-link")!.GetAttribute("href").ShouldBe($"backtests/{done}");
        rows[2].QuerySelector(".backtest-status")!.TextContent.Trim().ShouldBe("Completed");
        rows[2].QuerySelector(".backtest-kind").ShouldBeNull("only sweeps carry a badge");
        rows[2].QuerySelector(".backtest-market")!.TextContent.ShouldBe("Spot · 1h · ema-rsi");
        rows[2].QuerySelector(".backtest-return")!.TextContent.ShouldBe("+12.35%");
        rows[2].QuerySelector(".backtest-return")!.ClassList.ShouldContain("mud-success-text");
        rows[2].QuerySelector(".backtest-hold")!.TextContent.ShouldBe("B&H +12.50%");
        rows[2].QuerySelector(".backtest-trades")!.TextContent.ShouldBe("10");
        rows[2].QuerySelector(".backtest-win-rate")!.TextContent.ShouldBe("60% won");
        rows[1].QuerySelector(".backtest-win-rate").ShouldBeNull("a running backtest has no figures yet");
        rows[2].QuerySelector(".backtest-range")!.TextContent.ShouldMatch(@"^\d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}$");
        rows[2].QuerySelector($"#backtest-delete-{done}").ShouldNotBeNull();
    }

    [Fact]
    public async Task Compare_EnabledOnlyForTwoToFourCompletedSingleRuns_GoesToTheComparison()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
            ids.Add(await AddRunAsync(Alice, BacktestStatus.Completed, returnPerc: i));
        var failed = await AddRunAsync(Alice, BacktestStatus.Failed);
        var sweep = await AddRunAsync(Alice, BacktestStatus.Completed, BacktestKind.Sweep);
        var page = Render<BacktestList>();
        page.WaitForElement("#backtests-grid");

        CheckBox(page, failed).HasAttribute("disabled").ShouldBeTrue("a failed run has no report");
        CheckBox(page, sweep).HasAttribute("disabled").ShouldBeTrue("a sweep is compared through its sets");
        page.Find("#backtests-compare").HasAttribute("disabled").ShouldBeTrue();
        Tick(page, ids[0]);
        page.WaitForAssertion(() => page.Find("#backtests-compare").HasAttribute("disabled").ShouldBeTrue("one run alone"), Wait);
        Tick(page, ids[1]);
        page.WaitForAssertion(() => page.Find("#backtests-compare").HasAttribute("disabled").ShouldBeFalse(), Wait);
        Tick(page, ids[2]);
        Tick(page, ids[3]);
        page.WaitForAssertion(() => page.Find("#backtests-compare").HasAttribute("disabled").ShouldBeFalse("four is the most"), Wait);
        Tick(page, ids[4]);
        page.WaitForAssertion(() => page.Find("#backtests-compare").HasAttribute("disabled").ShouldBeTrue("five is too many"), Wait);
        CheckBox(page, ids[4]).Change(false);
        page.WaitForAssertion(() => page.Find("#backtests-compare").HasAttribute("disabled").ShouldBeFalse(), Wait);

        await page.Find("#backtests-compare").ClickAsync(new());

        NavigatedTo.ShouldEndWith($"/backtests/compare?ids={ids[0]},{ids[1]},{ids[2]},{ids[3]}");
    }

    [Fact]
    public async Task Search_BySymbol_OnlyMatchingRows()
    {
        await AddRunAsync(Alice, BacktestStatus.Completed, symbol: "BTCUSDT");
        await AddRunAsync(Alice, BacktestStatus.Completed, symbol: "ETHUSDT");
        var page = Render<BacktestList>();
        page.WaitForElement("#backtests-grid");

        page.Find("#backtests-search").Input("eth");

        page.WaitForAssertion(() => Rows(page).Count.ShouldBe(1), Wait);
        Rows(page)[0].QuerySelector("a.backtest-link")!.TextContent.ShouldBe("ETHUSDT");
    }

    [Fact]
    public async Task Sort_ByReturn_RowsInReturnOrder()
    {
        await AddRunAsync(Alice, BacktestStatus.Completed, symbol: "BTCUSDT", returnPerc: 20);
        await AddRunAsync(Alice, BacktestStatus.Completed, symbol: "ETHUSDT", returnPerc: -8);
        var page = Render<BacktestList>();
        page.WaitForElement("#backtests-grid");
        Rows(page).Select(r => r.QuerySelector("a.backtest-link")!.TextContent).ShouldBe(["ETHUSDT", "BTCUSDT"], "newest first at the start");

        await page.FindAll("#backtests-grid th").Single(th => th.TextContent.Contains("Return")).QuerySelector(".sortable-column-header")!.ClickAsync(new());

        page.WaitForAssertion(() => Rows(page).Select(r => r.QuerySelector("a.backtest-link")!.TextContent).ShouldBe(["ETHUSDT", "BTCUSDT"]), Wait);
        await page.FindAll("#backtests-grid th").Single(th => th.TextContent.Contains("Return")).QuerySelector(".sortable-column-header")!.ClickAsync(new());
        page.WaitForAssertion(() => Rows(page).Select(r => r.QuerySelector("a.backtest-link")!.TextContent).ShouldBe(["BTCUSDT", "ETHUSDT"]), Wait);
    }

    [Fact]
    public async Task Delete_Confirmed_RunGoneFromDatabaseAndList()
    {
        var keep = await AddRunAsync(Alice, BacktestStatus.Completed, symbol: "BTCUSDT");
        var gone = await AddRunAsync(Alice, BacktestStatus.Failed, symbol: "ETHUSDT");
        var dialogs = Render<MudDialogProvider>();
        var page = Render<BacktestList>();

        var deleting = page.WaitForElement($"#backtest-delete-{gone}").ClickAsync(new()); // waits for the answer
        var confirm = dialogs.WaitForElement(".mud-dialog .mud-button-root:last-child");
        dialogs.Markup.ShouldContain("ETHUSDT");
        await confirm.ClickAsync(new());
        await deleting.WaitAsync(Wait, Cancel);

        page.WaitForAssertion(() => Rows(page).Count.ShouldBe(1), Wait);
        (await Backtests.GetAsync(Alice, gone, Cancel)).ShouldBeNull();
        (await Backtests.GetAsync(Alice, keep, Cancel)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Refresh_RunningRunCompletes_RowFollows()
    {
        var id = await AddRunAsync(Alice, BacktestStatus.Running, progress: 0.1);
        var page = Render<BacktestList>();
        page.WaitForAssertion(() => page.Find(".backtest-status").TextContent.Trim().ShouldBe("Running 10%"), Wait);

        await using (var db = await Host.Databases.CreateDbContextAsync(Cancel))
        {
            var run = await db.Set<BacktestRun>().FindAsync([id], Cancel);
            run!.Status = BacktestStatus.Completed;
            run.Progress = 1;
            run.TotalReturnPerc = 3;
            await db.SaveChangesAsync(Cancel);
        }

        page.WaitForAssertion(() => page.Find(".backtest-status").TextContent.Trim().ShouldBe("Completed"), Wait);
        page.Find(".backtest-return").TextContent.ShouldBe("+3.00%");
    }
}
