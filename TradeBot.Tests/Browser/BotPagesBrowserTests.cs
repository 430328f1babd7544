using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Infrastructure;
using static TradeBot.Tests.Browser.BotPageChecks;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.ApiKeys;

namespace TradeBot.Tests.Browser;

/// <summary>
/// The bots list, the dashboard and the new-bot form in the real app and headless Chromium, at 1280×800 and at phone
/// width (390×844): nothing overflows sideways, minor columns give way on the phone, all four step headers of the form
/// are on screen, Start works. Screenshots <c>bots-*.png</c>, <c>dashboard-*.png</c> and <c>bot-form-phone-*.png</c>
/// go to TestResults/screenshots.
/// </summary>
public sealed class BotPagesBrowserTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BotsDashboardAndForm_DesktopAndPhone_FitTheWidthAndStartWorks()
    {
        await using var browser = await ChromiumBrowser.LaunchAsync();
        await using var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string> { ["Exchange:MarketData"] = "Simulated" });
        var page = await browser.NewPageAsync(app.BaseAddress);
        const string email = "trader@example.com";
        await SignUpAsync(page, email);
        var stopped = await SeedAsync(app, email);

        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync("bots");
        await Assertions.Expect(page.Locator("#bots-grid tbody tr.mud-table-row")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#bots-grid .bot-position").First).ToBeVisibleAsync();
        await ShootAsync(page, "bots-desktop");
        (await OverflowsSidewaysAsync(page)).ShouldBeFalse("the list fits 1280 px");
        (await page.EvaluateAsync<bool>("() => { const t = document.querySelector('#bots-grid table'); return t.scrollWidth <= t.parentElement.clientWidth + 1; }"))
            .ShouldBeTrue("every column of the list is in view at 1280 px, without scrolling the grid: "
                + await page.EvaluateAsync<string>("() => [...document.querySelectorAll('#bots-grid th')].map(th => th.textContent.trim() + ':' + th.offsetWidth).join(', ') + ' of ' + document.querySelector('#bots-grid table').parentElement.clientWidth"));

        await page.Locator($"#bot-start-{stopped}").ClickAsync();
        await Assertions.Expect(page.Locator($"#bot-stop-{stopped}")).ToBeVisibleAsync();

        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#dash-last-fills tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#dash-equity-curve polyline")).ToBeVisibleAsync();
        (await OverflowsSidewaysAsync(page)).ShouldBeFalse("the dashboard fits 1280 px");
        await ShootAsync(page, "dashboard-desktop");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("bots");
        await Assertions.Expect(page.Locator("#bots-grid tbody tr.mud-table-row")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#bots-grid .bot-position").First).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#bots-grid .bot-total-pnl").First).ToBeVisibleAsync();
        (await OverflowsSidewaysAsync(page)).ShouldBeFalse("the list fits a phone");
        await ShootAsync(page, "bots-phone");

        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#dash-equity")).ToBeVisibleAsync();
        (await OverflowsSidewaysAsync(page)).ShouldBeFalse("the dashboard fits a phone");
        await ShootAsync(page, "dashboard-phone");

        // The form's four step headers: all on the phone's screen, none scrolled away inside the stepper.
        await page.GotoAsync("bots/new");
        await WaitForInteractiveAsync(page, "#bot-name");
        await ShouldFitTheWidthAsync(page, "the form on a phone");
        await ScanAndShootAsync(page, "bot-form-phone");
        await StepHeadersShouldBeInViewAsync(page, ["Market", "Strategy", "Risk", "Review"]);
    }

    // Three bots of the signed-in user, written into the app's database as its own services would; returns a stopped one.
    private static async Task<long> SeedAsync(AppHost app, string email)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite", ["Database:DataFolder"] = app.DataFolder, ["Exchange:MarketData"] = "Simulated",
        });
        builder.Services.AddLogging();
        builder.AddData().AddExchange().AddApiKeys().AddBots();
        using var host = builder.Build();
        var databases = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var bots = host.Services.GetRequiredService<BotService>();
        string userId;
        await using (var db = await databases.CreateDbContextAsync(Cancel))
            userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Cancel);
        var caller = new Caller(userId);

        var ids = new List<long>();
        foreach (var (name, symbol) in new[] { ("BTC trend follower", "BTCUSDT"), ("ETH mean reversion", "ETHUSDT"), ("SOL breakout", "SOLUSDT") })
        {
            var input = BotsTestHost.ValidInput();
            input.Name = name;
            input.Symbol = symbol;
            var result = await bots.CreateAsync(caller, input, Cancel);
            result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors.Select(e => e.Message)));
            ids.Add(result.Bot!.Config.Id);
        }

        var now = DateTimeOffset.UtcNow;
        await using (var db = await databases.CreateDbContextAsync(Cancel))
        {
            var states = await db.Set<BotStateRow>().Where(s => ids.Contains(s.BotId)).OrderBy(s => s.BotId).ToListAsync(Cancel);
            states[0].Status = BotStatus.InPosition;
            states[0].PositionSide = PositionSide.Long;
            states[0].Quantity = 0.0125;
            states[0].EntryPrice = 64_250.5;
            states[0].Cash = 196.87;
            // The widest badge and the longest status words: the desktop list must still fit.
            await db.Set<BotConfig>().Where(b => b.Id == ids[1]).ExecuteUpdateAsync(u => u.SetProperty(b => b.ExchangeMode, ExchangeMode.Testnet), Cancel);
            states[1].Status = BotStatus.Paused;
            states[1].PauseReason = TradeBot.Domain.Risk.PauseReason.DailyTargetReached;
            foreach (var (botId, minutesAgo, side, pnl) in new (long, int, OrderSide, decimal?)[]
            {
                (ids[1], 300, OrderSide.Buy, null), (ids[1], 240, OrderSide.Sell, 31.2m), (ids[0], 120, OrderSide.Sell, -12.5m),
                (ids[0], 30, OrderSide.Buy, null),
            })
            {
                db.Add(new Trade
                {
                    BotId = botId, Symbol = "BTCUSDT", ExchangeOrderId = minutesAgo, ClientOrderId = $"seed-{botId}-{minutesAgo}", Side = side,
                    Price = 64_250.5m, Quantity = 0.0125m, QuoteQuantity = 803.13m, Commission = 0.8m, CommissionAsset = "USDT",
                    RealizedPnl = pnl, ExecutedAt = now.AddMinutes(-minutesAgo),
                });
            }
            await db.SaveChangesAsync(Cancel);
        }
        return ids[2];
    }
}
