using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.ApiKeys;
using static TradeBot.Tests.Browser.BotPageChecks;

namespace TradeBot.Tests.Browser;

/// <summary>
/// The admin area in the real app and headless Chromium: a trader gets the 403 page at /admin; an admin locks a trader
/// who then cannot sign in, and the lock is in the audit log; "Stop all bots" stops a trader's two running paper bots,
/// as the admin's list and the trader's own list show. The admin pages are scanned with axe in light and dark
/// (screenshots <c>admin-*.png</c>) and must not scroll sideways at 1280 or 390 px.
/// </summary>
public sealed class AdminBrowserTests
{
    private const string AdminEmail = "root@example.com";
    private const string AdminPassword = "Admin-Passw0rd!";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Settings => new()
    {
        ["Admin:Email"] = AdminEmail, ["Admin:Password"] = AdminPassword, ["Exchange:MarketData"] = "Simulated",
    };

    [Fact]
    public async Task TraderGets403_AdminLocksTrader_TraderCannotSignIn_LockIsAudited()
    {
        await using var browser = await ChromiumBrowser.LaunchAsync();
        await using var app = await AppHost.StartAsync(Cancel, Settings);
        var trader = await browser.NewPageAsync(app.BaseAddress);
        const string email = "locked-trader@example.com";
        await SignUpAsync(trader, email);

        var denied = await trader.GotoAsync("admin");
        denied.ShouldNotBeNull().Status.ShouldBe(403);
        new Uri(trader.Url).AbsolutePath.ShouldBe("/Account/AccessDenied");
        await Assertions.Expect(trader.Locator("#access-denied-message")).ToHaveTextAsync("You do not have access to this page.");
        (await trader.GotoAsync("admin/users")).ShouldNotBeNull().Status.ShouldBe(403);

        var admin = await SignInAdminAsync(browser, app);
        await admin.GotoAsync("admin/users");
        await WaitForInteractiveAsync(admin, "#users-search");
        await admin.Locator("#users-search").FillAsync("locked-trader");
        await Assertions.Expect(admin.Locator("#users-table tbody tr")).ToHaveCountAsync(1); // the search has answered
        var row = admin.Locator("#users-table tbody tr", new() { HasText = email });
        await row.Locator(".user-lock").ClickAsync();
        await Assertions.Expect(admin.Locator(".mud-dialog")).ToContainTextAsync($"Lock {email}?");
        await admin.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Yes" }).ClickAsync();
        await Assertions.Expect(row.Locator(".user-locked")).ToBeVisibleAsync();

        var again = await browser.NewPageAsync(app.BaseAddress);
        await again.GotoAsync("Account/Login");
        await AccountFlows.SubmitLoginAsync(again, email, AccountFlows.Password);
        await again.WaitForURLAsync("**/Account/Lockout");
        (await again.Context.CookiesAsync()).ShouldNotContain(c => c.Name == ".AspNetCore.Identity.Application", "no session for a locked account");

        await admin.GotoAsync("admin/audit");
        var line = admin.Locator("#audit-table tbody tr", new() { HasText = "admin.user-locked" });
        await Assertions.Expect(line).ToHaveCountAsync(1);
        await Assertions.Expect(line).ToContainTextAsync(AdminEmail);
        await Assertions.Expect(line).ToContainTextAsync(email);
        await Assertions.Expect(admin.Locator("#audit-table tbody tr", new() { HasText = "account.sign-in-locked-out" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task StopAllBots_TradersTwoRunningBots_StoppedForAdminAndTrader_PagesPassAxeAndFit()
    {
        await using var browser = await ChromiumBrowser.LaunchAsync();
        await using var app = await AppHost.StartAsync(Cancel, Settings);
        var trader = await browser.NewPageAsync(app.BaseAddress);
        const string email = "busy-trader@example.com";
        await SignUpAsync(trader, email);
        var ids = await SeedTwoBotsAsync(app, email);
        await trader.GotoAsync("bots");
        foreach (var id in ids)
        {
            await WaitForInteractiveAsync(trader, $"#bot-start-{id}");
            await trader.Locator($"#bot-start-{id}").ClickAsync();
            await Assertions.Expect(trader.Locator($"#bot-stop-{id}")).ToBeVisibleAsync();
        }

        var admin = await SignInAdminAsync(browser, app);
        await admin.GotoAsync("admin/bots");
        await Assertions.Expect(admin.Locator("#bots-summary")).ToHaveTextAsync("2 bots, 2 active");
        await WaitForInteractiveAsync(admin, "#stop-all-bots");
        await admin.Locator("#stop-all-bots").ClickAsync();
        var dialog = admin.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync("Stop 2 active bots (every user's)?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Stop them" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#bots-summary")).ToHaveTextAsync("2 bots, 0 active");
        await Assertions.Expect(admin.Locator("#admin-bots-table .status-chip[data-status='Stopped']")).ToHaveCountAsync(2);

        await trader.GotoAsync("bots");
        foreach (var id in ids)
            await Assertions.Expect(trader.Locator($"#bot-start-{id}")).ToBeVisibleAsync();
        await trader.GotoAsync($"bots/{ids[0]}");
        await Assertions.Expect(trader.GetByText("Stopped by an admin.").First).ToBeVisibleAsync();

        foreach (var (path, name) in new[] { ("admin", "admin-home"), ("admin/users", "admin-users"), ("admin/bots", "admin-bots"), ("admin/system", "admin-system"), ("admin/audit", "admin-audit") })
        {
            await admin.SetViewportSizeAsync(1280, 860);
            await admin.GotoAsync(path);
            await Assertions.Expect(admin.Locator("#page-title")).ToBeVisibleAsync();
            await ShouldFitTheWidthAsync(admin, $"{path} at 1280 px");
            await ScanAndShootAsync(admin, name);
            await admin.SetViewportSizeAsync(390, 844);
            await ShouldFitTheWidthAsync(admin, $"{path} on a phone");
            await ShootAsync(admin, name + "-phone");
        }
    }

    private static async Task<IPage> SignInAdminAsync(ChromiumBrowser browser, AppHost app)
    {
        var admin = await browser.NewPageAsync(app.BaseAddress);
        await admin.GotoAsync("Account/Login");
        await AccountFlows.SubmitLoginAsync(admin, AdminEmail, AdminPassword);
        await admin.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        return admin;
    }

    // Two stopped paper bots of the trader, written into the app's database by its own services; the trader starts them.
    private static async Task<List<long>> SeedTwoBotsAsync(AppHost app, string email)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite", ["Database:DataFolder"] = app.DataFolder, ["Exchange:MarketData"] = "Simulated",
        });
        builder.Services.AddLogging();
        builder.AddData().AddExchange().AddApiKeys().AddBots();
        using var host = builder.Build();
        string userId;
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancel))
            userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Cancel);
        var ids = new List<long>();
        foreach (var (name, symbol) in new[] { ("BTC runner", "BTCUSDT"), ("ETH runner", "ETHUSDT") })
        {
            var input = BotsTestHost.ValidInput();
            input.Name = name;
            input.Symbol = symbol;
            var result = await host.Services.GetRequiredService<BotService>().CreateAsync(new Caller(userId), input, Cancel);
            result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors.Select(e => e.Message)));
            ids.Add(result.Bot!.Config.Id);
        }
        return ids;
    }
}
