using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using TradeBot.Tests.Backtests;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Backtests;
using TradeBot.Web.Data;

namespace TradeBot.Tests.Browser;

/// <summary>
/// The backtest list and the comparison in the real app and headless Chromium, at 1280×800 and at phone width (390×844):
/// nothing overflows sideways, two ticked runs compare with their equity drawn, and axe finds nothing serious in light
/// or dark mode. Screenshots <c>backtests-*.png</c> go to TestResults/screenshots.
/// </summary>
public sealed class BacktestPagesBrowserTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListAndCompare_DesktopAndPhone_FitCompareAndPassAxe()
    {
        await using var browser = await ChromiumBrowser.LaunchAsync();
        await using var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string> { ["Exchange:MarketData"] = "Simulated" });
        var page = await browser.NewPageAsync(app.BaseAddress);
        const string email = "tester@example.com";
        await BotPageChecks.SignUpAsync(page, email);
        var (first, second) = await SeedAsync(app, email);

        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync("backtests");
        await Assertions.Expect(page.Locator("#backtests-grid tbody tr.mud-table-row")).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator("#backtests-grid .backtest-status").Filter(new() { HasText = "Running 42%" })).ToHaveCountAsync(1);
        await BotPageChecks.ShouldFitTheWidthAsync(page, "the list at 1280 px");
        (await page.EvaluateAsync<bool>("() => { const t = document.querySelector('#backtests-grid table'); return t.scrollWidth <= t.parentElement.clientWidth + 1; }"))
            .ShouldBeTrue("every column of the list is in view at 1280 px, without scrolling the grid: "
                + await page.EvaluateAsync<string>("() => [...document.querySelectorAll('#backtests-grid th')].map(th => th.textContent.trim() + ':' + th.offsetWidth).join(', ') + ' of ' + document.querySelector('#backtests-grid table').parentElement.clientWidth"));
        await BotPageChecks.ScanAndShootAsync(page, "backtests-list");

        await BotPageChecks.WaitForInteractiveAsync(page, "#backtests-compare");
        await Assertions.Expect(page.Locator("#backtests-compare")).ToBeDisabledAsync();
        await page.Locator($"#backtest-select-{first}").CheckAsync(new() { Force = true });
        await page.Locator($"#backtest-select-{second}").CheckAsync(new() { Force = true });
        await Assertions.Expect(page.Locator("#backtests-compare")).ToBeEnabledAsync();
        await page.Locator("#backtests-compare").ClickAsync();

        await page.WaitForURLAsync(url => url.Contains($"/backtests/compare?ids={first},{second}", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#compare-table thead th.compare-run")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#compare-equity-chart canvas").First).ToBeVisibleAsync();
        await BotPageChecks.ShouldFitTheWidthAsync(page, "the comparison at 1280 px");
        await BotPageChecks.ScanAndShootAsync(page, "backtests-compare");

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#compare-table")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#compare-equity-chart canvas").First).ToBeVisibleAsync();
        await BotPageChecks.ShouldFitTheWidthAsync(page, "the comparison at 390 px");
        await BotPageChecks.ShootAsync(page, "backtests-compare-phone");
        await page.GotoAsync("backtests");
        await Assertions.Expect(page.Locator("#backtests-grid tbody tr.mud-table-row")).ToHaveCountAsync(6);
        await BotPageChecks.ShouldFitTheWidthAsync(page, "the list at 390 px");
        await BotPageChecks.ShootAsync(page, "backtests-list-phone");
    }

    // Six runs of the signed-in user in every state the list shows, written into the app's database; returns two completed ones.
    private static async Task<(long First, long Second)> SeedAsync(AppHost app, string email)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite", ["Database:DataFolder"] = app.DataFolder });
        builder.Services.AddLogging();
        builder.AddData();
        using var host = builder.Build();
        var databases = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await databases.CreateDbContextAsync(Cancel);
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Cancel);
        var now = DateTimeOffset.UtcNow;
        var first = BacktestRows.New(userId, BacktestStatus.Completed, now.AddHours(-5), symbol: "BTCUSDT", returnPerc: 12.3,
            report: BacktestRows.Report(1000, 12.3, now.AddDays(-60).ToUnixTimeMilliseconds(), points: 200));
        var second = BacktestRows.New(userId, BacktestStatus.Completed, now.AddHours(-4), symbol: "ETHUSDT", returnPerc: -4.2, initialCapital: 25_000,
            report: BacktestRows.Report(25_000, -4.2, now.AddDays(-60).ToUnixTimeMilliseconds(), points: 200));
        db.AddRange(first, second,
            BacktestRows.New(userId, BacktestStatus.Completed, now.AddHours(-3), symbol: "SOLUSDT", returnPerc: 48.75),
            BacktestRows.New(userId, BacktestStatus.Failed, now.AddHours(-2), symbol: "BNBUSDT"),
            BacktestRows.New(userId, BacktestStatus.Completed, now.AddHours(-1), BacktestKind.Sweep, symbol: "BTCUSDT"),
            BacktestRows.New(userId, BacktestStatus.Running, now, symbol: "ETHUSDT", progress: 0.42));
        await db.SaveChangesAsync(Cancel);
        return (first.Id, second.Id);
    }
}
