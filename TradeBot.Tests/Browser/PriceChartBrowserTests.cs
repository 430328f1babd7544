using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using TradeBot.Domain.Indicators;
using TradeBot.Tests.Domain;
using TradeBot.Tests.Infrastructure;

namespace TradeBot.Tests.Browser;

/// <summary>
/// <c>wwwroot/js/charts.js</c> and the vendored Lightweight Charts in headless Chromium: TradeBot.Web's wwwroot served
/// as static files beside a bare test page, 200 sample candles with EMAs, RSI, trades and levels drawn, a live tick
/// applied. Screenshots <c>price-chart.png</c> and <c>price-chart-dark.png</c> go to TestResults/screenshots.
/// </summary>
public sealed class PriceChartBrowserTests
{
    /// <summary>The version vendored in wwwroot/lib/lightweight-charts (its README says how to update both).</summary>
    private const string VendoredVersion = "5.2.1";

    private const string TestPage = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8" /><title>Price chart</title></head>
        <body style="margin: 0; padding: 16px; background: #f4f6fa;">
            <div id="chart" class="price-chart" style="width: 100%; height: 560px;"></div>
            <div id="second" class="price-chart" style="width: 400px; height: 200px;"></div>
            <script type="module">
                import * as charts from "/js/charts.js";
                window.charts = charts;
            </script>
        </body>
        </html>
        """;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PriceChart_SampleCandlesWithOverlays_DrawsInChromiumAndTakesLiveTicks()
    {
        await using var browser = await ChromiumBrowser.LaunchAsync();
        using var folder = TestEnvironment.CreateTempFolder("price-chart");
        await File.WriteAllTextAsync(folder.File("price-chart.html"), TestPage, Cancel);
        await using var site = await StaticSite.StartAsync(folder.Path);
        var page = await browser.NewPageAsync(site.BaseAddress);
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync("price-chart.html");
        await page.WaitForFunctionAsync("() => window.charts !== undefined");
        await page.EvaluateAsync("""
            async data => {
                const handle = await charts.create(document.getElementById("chart"), { dark: false });
                window.handle = handle;
                charts.setCandles(handle, data.candles);
                charts.setLine(handle, "EMA 12", data.fast, "#1565c0");
                charts.setLine(handle, "EMA 26", data.slow, "#ff9800");
                charts.setRsi(handle, data.rsi);
                charts.setMarkers(handle, data.markers);
                charts.setPriceLines(handle, data.levels);
            }
            """, ChartData());

        (await page.EvaluateAsync<string>("() => LightweightCharts.version()")).ShouldBe(VendoredVersion);
        (await page.EvaluateAsync<int>("() => handle.candleCount()")).ShouldBe(200);
        (await page.EvaluateAsync<string[]>("() => handle.lineNames()")).ShouldBe(["EMA 12", "EMA 26"]);
        (await page.EvaluateAsync<int>("() => handle.paneCount()")).ShouldBe(2, "candles, and RSI in its own pane");
        (await page.EvaluateAsync<int>("() => handle.markerCount()")).ShouldBe(5);
        (await page.EvaluateAsync<string[]>("() => handle.priceLineIds()")).ShouldBe(["entry", "stop", "take-profit", "trailing"]);
        (await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('#chart canvas')].some(c => c.width > 0 && c.height > 0)"))
            .ShouldBeTrue("the chart draws on canvases of non-zero size");
        (await page.Locator("#chart a[href*='tradingview']").CountAsync()).ShouldBeGreaterThan(0, "the attribution logo stays on");

        await ShootAsync(page, "price-chart");

        var last = CandleSeen.From(await page.EvaluateAsync<double[]>("() => (c => [c.time, c.open, c.high, c.low, c.close])(handle.lastCandle())"));
        (await page.EvaluateAsync<bool>("c => charts.updateCandle(handle, c)", new { last.time, last.open, last.high, last.low, close = last.close + 50 }))
            .ShouldBeTrue();
        (await page.EvaluateAsync<int>("() => handle.candleCount()")).ShouldBe(200, "the same time updates the forming candle");
        (await page.EvaluateAsync<double>("() => handle.lastCandle().close")).ShouldBe(last.close + 50, 1e-9);
        var next = new { time = last.time + 3600, open = last.close, high = last.close + 5, low = last.close - 5, close = last.close + 1 };
        (await page.EvaluateAsync<bool>("c => charts.updateCandle(handle, c)", next)).ShouldBeTrue();
        (await page.EvaluateAsync<int>("() => handle.candleCount()")).ShouldBe(201, "a newer time appends a candle");
        (await page.EvaluateAsync<bool>("c => charts.updateCandle(handle, c)", new { last.time, last.open, last.high, last.low, last.close }))
            .ShouldBeFalse("an older time is refused, not thrown");

        await page.EvaluateAsync("levels => charts.setPriceLines(handle, levels)", new[] { Level("entry", 0, "Entry", "#1565c0"), Level("trailing", 0.005, "Trailing stop", "#ff9800") });
        (await page.EvaluateAsync<string[]>("() => handle.priceLineIds()")).ShouldBe(["entry", "trailing"], "a new set replaces the old one");

        await page.EvaluateAsync("() => charts.setTheme(handle, true)");
        await ShootAsync(page, "price-chart-dark");

        await page.EvaluateAsync("""
            async () => {
                const second = await charts.create(document.getElementById("second"), { dark: true });
                charts.dispose(second);
            }
            """);
        (await page.Locator("#second canvas").CountAsync()).ShouldBe(0, "dispose removes the chart");
        (await page.Locator("script[src*='lightweight-charts']").CountAsync()).ShouldBe(1, "the library is loaded once per page");
        errors.ShouldBeEmpty();

        object Level(string id, double offset, string title, string color) =>
            new { id, price = Math.Round(last.close * (1 + offset), 2), title, color };
    }

    /// <summary>200 hourly sample candles, EMA 12/26 and RSI 14 from our own indicators, two round trips, open levels.</summary>
    private static object ChartData()
    {
        var candles = SampleData.BtcUsdtHourly[..200];
        var closes = candles.Select(c => c.Close).ToArray();
        long Seconds(int index) => candles[index].OpenTimeMs / 1000;
        object[] Points(double[] values) =>
            [.. values.Select((value, i) => (value, i)).Where(p => double.IsFinite(p.value)).Select(p => new { time = Seconds(p.i), p.value })];
        object Marker(int index, bool isBuy) => new { time = Seconds(index), isBuy, text = isBuy ? "Buy" : "Sell" };
        var entry = candles[185].Close;
        object Level(string id, double price, string title, string color) => new { id, price = Math.Round(price, 2), title, color };
        return new
        {
            candles = candles.Select(c => new { time = c.OpenTimeMs / 1000, open = c.Open, high = c.High, low = c.Low, close = c.Close }),
            fast = Points(ExponentialMovingAverage.Compute(closes, 12)),
            slow = Points(ExponentialMovingAverage.Compute(closes, 26)),
            rsi = Points(RelativeStrengthIndex.Compute(closes, 14)),
            // Out of order on purpose: charts.js sorts them, as the library requires.
            markers = new[] { Marker(40, true), Marker(90, false), Marker(185, true), Marker(130, true), Marker(150, false) },
            levels = new[]
            {
                Level("entry", entry, "Entry", "#1565c0"), Level("stop", entry * 0.97, "Stop-loss", "#ef5350"),
                Level("take-profit", entry * 1.05, "Take-profit", "#26a69a"), Level("trailing", entry * 0.985, "Trailing stop", "#ff9800"),
            },
        };
    }

    private static async Task ShootAsync(IPage page, string name)
    {
        // Two frames: the library draws on the next animation frame after a change.
        await page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
        await page.Locator("#chart").ScreenshotAsync(new() { Path = Path.Combine(ChromiumBrowser.ScreenshotFolder, name + ".png") });
    }

    /// <summary>A candle as the library reports it (lower-case names: they go back to JS as they are).</summary>
    private sealed record CandleSeen(long time, double open, double high, double low, double close)
    {
        public static CandleSeen From(double[] values) => new((long)values[0], values[1], values[2], values[3], values[4]);
    }

    /// <summary>Kestrel on a free loopback port serving TradeBot.Web/wwwroot from the source tree plus the test page folder.</summary>
    private sealed class StaticSite(WebApplication app, Uri baseAddress) : IAsyncDisposable
    {
        public Uri BaseAddress { get; } = baseAddress;

        public static async Task<StaticSite> StartAsync(string testPageFolder)
        {
            var baseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = testPageFolder });
            builder.WebHost.UseUrls(baseAddress.ToString().TrimEnd('/'));
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var wwwroot = Path.Combine(TestEnvironment.RepositoryRoot, "TradeBot.Web", "wwwroot");
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new CompositeFileProvider(new PhysicalFileProvider(wwwroot), new PhysicalFileProvider(testPageFolder)),
            });
            await app.StartAsync(Cancel);
            return new StaticSite(app, baseAddress);
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
