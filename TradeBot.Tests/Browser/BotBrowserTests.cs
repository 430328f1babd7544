using Microsoft.Playwright;
using TradeBot.Tests.Infrastructure;
using static TradeBot.Tests.Browser.BotPageChecks;

namespace TradeBot.Tests.Browser;

/// <summary>
/// A trader's whole day with a bot in headless Chromium against the real app on the simulated market with paper
/// trading: create it through the form, start it, watch the chart draw and live updates arrive, see a fill marker and a
/// trade row, stop it, export the trades CSV, delete it. Another user gets 404 on its URL. Every page is screenshotted in
/// light and dark mode and scanned with axe (no serious or critical violations).
/// </summary>
public sealed class BotBrowserTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Exchange:MarketData"] = "Simulated",
        ["Exchange:Simulated:FormingUpdateEvery"] = "00:00:01",
    };

    private static readonly string[] StepTitles = ["Market", "Strategy", "Risk", "Review"];

    [Fact]
    public async Task Trader_CreatesStartsWatchesAFillStopsExportsAndDeletesABot()
    {
        await using var browser = await ChromiumBrowser.LaunchAsync();
        await using var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string>(Settings)
        {
            ["Exchange:Simulated:Seed"] = SeedWithSignalsSoon(DateTimeOffset.UtcNow).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var page = await browser.NewPageAsync(app.BaseAddress);
        await SignUpAsync(page, "alice@example.com");

        await page.GotoAsync("api-keys");
        await Assertions.Expect(page.Locator("#api-keys-empty")).ToBeVisibleAsync();
        await ScanAndShootAsync(page, "api-keys");
        await page.GotoAsync("bots");
        await Assertions.Expect(page.Locator("#bots-empty")).ToBeVisibleAsync();
        await ScanAndShootAsync(page, "bots-empty");

        var botUrl = await CreateBotThroughTheFormAsync(page);
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("BTC scalper");
        var botPath = new Uri(botUrl).AbsolutePath;

        // The page notes when the first fill marker appears (each animation frame), from before the bot can trade.
        await page.EvaluateAsync("() => { const look = () => { const chart = document.querySelector('#bot-chart .price-chart')?.tradebotChart; " +
            "if (chart && chart.markerCount() > 0) { window.firstMarkerAt = Date.now(); } else { requestAnimationFrame(look); } }; look(); }");
        await page.Locator("#bot-start").ClickAsync();
        await Assertions.Expect(page.Locator("#bot-stop")).ToBeVisibleAsync();
        var chart = page.Locator("#bot-chart .price-chart");
        await WaitForAsync(() => chart.EvaluateAsync<bool>("e => !!e.tradebotChart && e.tradebotChart.candleCount() > 100"), TimeSpan.FromSeconds(20));
        (await chart.Locator("canvas").CountAsync()).ShouldBeGreaterThan(0);

        // Live: the forming candle moves without a reload, and the first check changes the status chip.
        var before = await chart.EvaluateAsync<string>("e => JSON.stringify(e.tradebotChart.lastCandle())");
        await WaitForAsync(async () => await chart.EvaluateAsync<string>("e => JSON.stringify(e.tradebotChart.lastCandle())") != before, TimeSpan.FromSeconds(20));
        await Assertions.Expect(page.Locator(".status-chip").First).Not.ToHaveTextAsync("Stopped");
        await ScanAndShootAsync(page, "bot-detail");

        // A fill: the bot trades both ways on futures with a 2-candle EMA, so a 1m candle crossing it comes within minutes
        // (the seed is chosen for it; only the first check after a candle closes may enter, once a minute). The time the
        // marker appeared is compared with the fill's booked time below: a figure for the notes, never an assertion.
        await WaitForAsync(() => chart.EvaluateAsync<bool>("e => e.tradebotChart.markerCount() > 0"), TimeSpan.FromMinutes(10));
        var markerAt = await page.EvaluateAsync<double>("() => window.firstMarkerAt ?? 0");
        await Assertions.Expect(page.Locator("#trades-table tbody tr").First).ToContainTextAsync("USDT");
        await ScanAndShootAsync(page, "bot-detail-fill");

        // On a phone: the detail page and the form fit the width (no sideways scrolling).
        await page.SetViewportSizeAsync(390, 844);
        await ShouldFitTheWidthAsync(page, "the bot page at 390 px");
        await ShootAsync(page, "bot-detail-phone");
        await page.GotoAsync(botPath.TrimStart('/') + "/edit");
        await WaitForInteractiveAsync(page, "#bot-name");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ShouldFitTheWidthAsync(page, "the form at 390 px");
        await StepHeadersShouldBeInViewAsync(page, StepTitles);
        await ShootAsync(page, "bot-form-phone");
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync(botPath.TrimStart('/'));
        await WaitForInteractiveAsync(page, "#bot-stop");

        await page.Locator("#bot-stop").ClickAsync();
        await Assertions.Expect(page.Locator(".status-chip").First).ToHaveTextAsync("Stopped");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-trades").ClickAsync());
        var csv = await File.ReadAllLinesAsync(await download.PathAsync(), Cancel);
        csv[0].ShouldStartWith("time,symbol,side,price,quantity");
        csv.Length.ShouldBeGreaterThanOrEqualTo(2);
        csv[1].ShouldContain(",BTCUSDT,");
        var firstFill = DateTimeOffset.Parse(csv[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
        TestContext.Current.TestOutputHelper?.WriteLine($"fill booked -> marker drawn: {markerAt - firstFill.ToUnixTimeMilliseconds():0} ms");

        await page.GotoAsync("bots");
        await Assertions.Expect(page.Locator("#bots-grid")).ToContainTextAsync("BTC scalper");
        await ScanAndShootAsync(page, "bots-list");
        await page.GotoAsync("/");
        await ScanAndShootAsync(page, "dashboard");

        // Another user: the bot's page and its CSV are 404.
        var bobContext = await browser.Chromium.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString() });
        var bob = await bobContext.NewPageAsync();
        await SignUpAsync(bob, "bob@example.com");
        var response = await bob.GotoAsync(botPath.TrimStart('/'));
        response!.Status.ShouldBe(404);
        (await bob.ContentAsync()).ShouldNotContain("BTC scalper");
        (await bob.APIRequest.GetAsync(botPath.TrimStart('/') + "/trades.csv")).Status.ShouldBe(404);
        await bobContext.CloseAsync();

        // Delete: a bot holding a position is refused with the offer to close it first; once flat it goes.
        await page.GotoAsync(botPath.TrimStart('/'));
        await WaitForInteractiveAsync(page, "#bot-delete");
        await page.Locator("#bot-delete").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        if ((await dialog.TextContentAsync())!.Contains("holds a position", StringComparison.Ordinal))
        {
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Close position" }).ClickAsync();
            try
            {
                await Assertions.Expect(page.Locator("#trades-table tbody")).ToContainTextAsync("manual", new() { Timeout = 30_000 });
            }
            catch (PlaywrightException)
            {
                TestContext.Current.TestOutputHelper?.WriteLine("app output:\n" + string.Join("\n", app.Output.TakeLast(40)));
                throw;
            }
            await page.Locator("#bot-stop").ClickAsync();
            await Assertions.Expect(page.Locator(".status-chip").First).ToHaveTextAsync("Stopped");
            await page.Locator("#bot-delete").ClickAsync();
            await Assertions.Expect(dialog).ToBeVisibleAsync();
        }
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/bots$"));
        await Assertions.Expect(page.Locator("#bots-empty")).ToBeVisibleAsync();
    }

    // Paper futures BTCUSDT (the form's default symbol) on 1m candles, ema-price-cross over 2 candles, checked every 5 s.
    private static async Task<string> CreateBotThroughTheFormAsync(IPage page)
    {
        await page.GotoAsync("bots/new");
        await WaitForInteractiveAsync(page, "#bot-name");
        await page.Locator("#bot-name").FillAsync("BTC scalper");
        await page.Locator("#bot-market-futures").ClickAsync();
        await ChooseAsync(page, "#bot-interval", "1m");
        await ScanAndShootAsync(page, "bot-form-market");
        await page.Locator("#bot-form-next").ClickAsync();

        await ChooseAsync(page, "#bot-strategy", "ema-price-cross");
        await page.Locator("#bot-param-emaPeriod").FillAsync("2");
        await page.Locator("#bot-param-emaPeriod").PressAsync("Tab");
        await page.Locator("#bot-form-next").ClickAsync();

        await page.Locator("#bot-check-interval").FillAsync("5");
        await page.Locator("#bot-check-interval").PressAsync("Tab");
        await page.Locator("#bot-form-next").ClickAsync();

        await Assertions.Expect(page.Locator("#bot-review")).ToContainTextAsync("BTCUSDT");
        await Assertions.Expect(page.Locator("#bot-review")).ToContainTextAsync("ema-price-cross");
        await ScanAndShootAsync(page, "bot-form-review");
        await page.Locator("#bot-save").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/bots/\d+$")); // client-side navigation: no load event
        return page.Url;
    }

    // Only the first check after a candle closes may enter, once a minute: the seed whose BTCUSDT candles closing 2 to 10
    // minutes from now cross the 2-candle EMA most often brings the bot's first fill within a few minutes on every run.
    private static long SeedWithSignalsSoon(DateTimeOffset now) => TradeBot.Web.Exchange.Simulated.SimulatedSeeds.WithMostSignals(
        ["BTCUSDT"], () => new TradeBot.Domain.Strategies.EmaPriceCrossStrategy(2), now.AddMinutes(2), now.AddMinutes(10));
}
