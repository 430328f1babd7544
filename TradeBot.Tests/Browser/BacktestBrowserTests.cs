using System.Globalization;
using Microsoft.Playwright;
using TradeBot.Tests.Infrastructure;
using static TradeBot.Tests.Browser.BotPageChecks;

namespace TradeBot.Tests.Browser;

/// <summary>
/// Backtests in headless Chromium against the real app on the simulated market: fill in the form, run, watch the
/// progress reach 100%, read the report (metric cards, equity and price charts with trade markers, monthly heatmap,
/// tables), export both CSV files, create a bot from it. Another user gets 404. Pages are screenshotted in light and dark
/// mode and scanned with axe.
/// </summary>
public sealed class BacktestBrowserTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Trader_RunsABacktestWatchesProgressReadsTheReportAndExports()
    {
        await using var browser = await ChromiumBrowser.LaunchAsync();
        await using var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string> { ["Exchange:MarketData"] = "Simulated" });
        var page = await browser.NewPageAsync(app.BaseAddress);
        await SignUpAsync(page, "alice@example.com");

        await page.GotoAsync("backtests/new");
        await WaitForInteractiveAsync(page, "#backtest-run");
        await ScanAndShootAsync(page, "backtest-form");
        // A year of 1h BTCUSDT with a fast EMA pair, so there are trades to read; the fee field says the spot default.
        await page.Locator("#backtest-preset-365").ClickAsync();
        await page.Locator("#bot-param-emaFast").FillAsync("5");
        await page.Locator("#bot-param-emaSlow").FillAsync("20");
        (await page.Locator("#backtest-fee").InputValueAsync()).ShouldBe("0.1");
        await page.Locator("#backtest-run").ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/backtests/\d+$"));
        var runPath = new Uri(page.Url).AbsolutePath;
        await Assertions.Expect(page.Locator("#backtest-status")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#backtest-metrics")).ToContainTextAsync("Total return");
        await Assertions.Expect(page.Locator("#backtest-metrics")).ToContainTextAsync("buy and hold");

        var equity = page.Locator("#backtest-equity-chart");
        await WaitForAsync(() => equity.EvaluateAsync<bool>("e => !!e.tradebotChart && e.tradebotChart.pointCount('Equity') > 8000"), TimeSpan.FromSeconds(20));
        (await equity.EvaluateAsync<int>("e => e.tradebotChart.drawdownCount()")).ShouldBeGreaterThan(8000);
        (await equity.EvaluateAsync<int>("e => e.tradebotChart.paneCount()")).ShouldBe(2);
        var price = page.Locator("#backtest-price-chart");
        // Candles and markers arrive in two calls to the chart: wait for both, not the first only (a CI run read 0 markers).
        await WaitForAsync(() => price.EvaluateAsync<bool>("e => !!e.tradebotChart && e.tradebotChart.candleCount() > 4000 && e.tradebotChart.markerCount() > 2"),
            TimeSpan.FromSeconds(20), "the price chart's candles and more than 2 entry/exit markers",
            () => price.EvaluateAsync<string>("e => `${e.tradebotChart?.candleCount()} candles, ${e.tradebotChart?.markerCount()} markers`"));
        await Assertions.Expect(page.Locator("#backtest-monthly-heatmap th[scope=row]").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^20\d\d$"));
        (await page.Locator("#backtest-monthly-heatmap td.heatmap-cell:not(.empty)").CountAsync()).ShouldBeGreaterThanOrEqualTo(12);
        await Assertions.Expect(page.Locator("#backtest-trades-table tbody tr").First).ToContainTextAsync("long");
        (await page.Locator("#backtest-daily-table tbody tr").CountAsync()).ShouldBe(20);
        await ScanAndShootAsync(page, "backtest-report");

        var trades = await DownloadLinesAsync(page, "#backtest-export-trades");
        trades[0].ShouldBe("side,entry_time,entry_price,exit_time,exit_price,quantity,fees,pnl,exit_reason");
        trades.Length.ShouldBeGreaterThan(2);
        var tradeCount = int.Parse((await page.Locator("[data-metric=Trades] h6").TextContentAsync())!, CultureInfo.InvariantCulture);
        (trades.Length - 1).ShouldBe(tradeCount);
        var daily = await DownloadLinesAsync(page, "#backtest-export-daily");
        daily[0].ShouldBe("date,pnl,trades,end_equity");
        daily.Length.ShouldBeInRange(366, 367); // a header and 365 days, and today when an hour of it has closed

        // Another user: the report and its CSV are 404.
        var bobContext = await browser.Chromium.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString() });
        var bob = await bobContext.NewPageAsync();
        await SignUpAsync(bob, "bob@example.com");
        (await bob.GotoAsync(runPath.TrimStart('/')))!.Status.ShouldBe(404);
        (await bob.APIRequest.GetAsync(runPath.TrimStart('/') + "/trades.csv")).Status.ShouldBe(404);
        await bobContext.CloseAsync();

        // "Create a bot with these settings" opens the bot form filled with them.
        await page.GotoAsync(runPath.TrimStart('/'));
        await WaitForInteractiveAsync(page, "#backtest-create-bot");
        var createBot = await page.Locator("#backtest-create-bot").GetAttributeAsync("href");
        createBot.ShouldNotBeNull().ShouldBe($"/bots/new?fromBacktest={runPath.Split('/')[^1]}");
        await page.GotoAsync(createBot.TrimStart('/'));
        await WaitForInteractiveAsync(page, "#bot-form-next");
        (await page.Locator("#bot-name").InputValueAsync()).ShouldStartWith("BTCUSDT from backtest #");
        await page.Locator("#bot-form-next").ClickAsync();
        (await page.Locator("#bot-param-emaFast").InputValueAsync()).ShouldBe("5");

        // A year of 1m candles takes a while to download: the page shows the progress live and the run can be cancelled.
        await page.GotoAsync("backtests/new");
        await WaitForInteractiveAsync(page, "#backtest-run");
        await ChooseAsync(page, "#backtest-interval", "1m");
        await page.Locator("#backtest-preset-365").ClickAsync();
        await page.Locator("#backtest-run").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/backtests/\d+$"));
        await WaitForInteractiveAsync(page, "#backtest-cancel");
        await Assertions.Expect(page.Locator("#backtest-progress-text")).ToContainTextAsync("Loading candles");
        await WaitForAsync(async () => int.Parse((await page.Locator("#backtest-progress").GetAttributeAsync("data-progress"))!, CultureInfo.InvariantCulture) > 0,
            TimeSpan.FromSeconds(30), "the download's progress moves");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumBrowser.ScreenshotFolder, "backtest-progress-light.png"), FullPage = true });
        await page.Locator("#backtest-cancel").ClickAsync();
        await Assertions.Expect(page.Locator("#backtest-status")).ToHaveAttributeAsync("data-status", "Cancelled", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#backtest-cancelled")).ToBeVisibleAsync();

        await page.GotoAsync("backtests");
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Backtests");
    }

    [Fact]
    public async Task Trader_RunsASmallSweepAndOpensAHeatmapCell()
    {
        await using var browser = await ChromiumBrowser.LaunchAsync();
        await using var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string> { ["Exchange:MarketData"] = "Simulated" });
        var page = await browser.NewPageAsync(app.BaseAddress);
        await SignUpAsync(page, "carol@example.com");

        await page.GotoAsync("backtests/new");
        await WaitForInteractiveAsync(page, "#backtest-run");
        await page.Locator("#backtest-kind-sweep").ClickAsync();
        await WaitForInteractiveAsync(page, "#sweep-axis-0-from");
        await page.Locator("#sweep-axis-0-from").FillAsync("4");
        await page.Locator("#sweep-axis-0-to").FillAsync("8");
        await page.Locator("#sweep-axis-0-step").FillAsync("2");
        await page.Locator("#sweep-add-axis").ClickAsync();
        await WaitForInteractiveAsync(page, "#sweep-axis-1-from");
        await page.Locator("#sweep-axis-1-from").FillAsync("20");
        await page.Locator("#sweep-axis-1-to").FillAsync("30");
        await page.Locator("#sweep-axis-1-step").FillAsync("5");
        await Assertions.Expect(page.Locator("#sweep-run-count")).ToContainTextAsync("9");
        await ScanAndShootAsync(page, "sweep-form");
        await page.Locator("#backtest-run").ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/backtests/\d+$"));
        var sweepPath = new Uri(page.Url).AbsolutePath;
        await Assertions.Expect(page.Locator("#backtest-status")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#sweep-ranked tbody tr")).ToHaveCountAsync(9);
        await Assertions.Expect(page.Locator("#sweep-walk-forward tbody tr")).ToHaveCountAsync(9);
        var cells = page.Locator("#sweep-heatmap td.heatmap-cell.clickable");
        await Assertions.Expect(cells).ToHaveCountAsync(9);
        await ScanAndShootAsync(page, "sweep-report");

        await cells.First.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath != sweepPath && System.Text.RegularExpressions.Regex.IsMatch(url, @"/backtests/\d+$"));
        await Assertions.Expect(page.Locator("#backtest-status")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#backtest-metrics")).ToContainTextAsync("Total return");
    }

    private static async Task<string[]> DownloadLinesAsync(IPage page, string button)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(button).ClickAsync());
        return (await File.ReadAllLinesAsync(await download.PathAsync(), Cancel)).Where(l => l.Length > 0).ToArray();
    }
}
