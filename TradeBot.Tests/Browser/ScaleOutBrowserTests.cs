using System.Globalization;
using Microsoft.Playwright;
using Npgsql;
using TradeBot.Domain.Market;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Infrastructure;
using static TradeBot.Tests.Browser.BotPageChecks;

namespace TradeBot.Tests.Browser;

/// <summary>
/// Two app processes on one PostgreSQL database: A serves pages only (<c>Scheduler:RunChecks=false</c>), B runs the bots.
/// A trader on A starts a paper bot; B checks it, and its fill reaches A's page through LISTEN/NOTIFY. A's sign-in cookie
/// and antiforgery tokens are good on B.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutBrowserTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BrowserOnWebInstance_SeesTheFillOfABotTheOtherInstanceRuns()
    {
        await using var browser = await ChromiumBrowser.LaunchAsync();
        Dictionary<string, string?> database;
        await using (var setup = await BotsTestHost.CreateAsync("Postgres", postgres, Cancel))
            database = new(setup.Database);
        var seed = TradeBot.Web.Exchange.Simulated.SimulatedSeeds.WithMostSignals(
            ["BTCUSDT"], () => new TradeBot.Domain.Strategies.EmaPriceCrossStrategy(2), DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow.AddMinutes(8));
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = database["ConnectionStrings:Postgres"]!,
            ["Exchange:MarketData"] = "Simulated", ["Exchange:Simulated:FormingUpdateEvery"] = "00:00:01",
            ["Exchange:Simulated:Seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:TradeBot.Web.Bots.BotTickJob"] = "Debug",
        };
        await using var web = await AppHost.StartAsync(Cancel, new Dictionary<string, string>(settings) { ["Scheduler:RunChecks"] = "false" });
        await using var worker = await AppHost.StartAsync(Cancel, settings);
        var page = await browser.NewPageAsync(web.BaseAddress);
        await SignUpAsync(page, "alice@example.com");

        // The bot is stored by a host that runs no checks either; the trader starts it on the web instance's page.
        long botId;
        await using (var store = await BotsTestHost.OnDatabaseAsync(new(database) { ["Scheduler:RunChecks"] = "false" }, Cancel))
        {
            var alice = new TradeBot.Web.Accounts.Caller(await UserIdAsync(database["ConnectionStrings:Postgres"]!, "alice@example.com"));
            var input = BotsTestHost.ValidInput();
            input.Name = "BTC across instances";
            input.MarketType = MarketType.Futures;
            input.Leverage = 2;
            input.Interval = "1m";
            input.Strategy = "ema-price-cross";
            input.StrategyParameters = new() { ["emaPeriod"] = 2 };
            input.CheckIntervalSeconds = 5;
            input.DailyTargetPerc = 0;
            input.MaxDailyLossPerc = 0;
            var created = await store.Bots.CreateAsync(alice, input, Cancel);
            created.Succeeded.ShouldBeTrue(string.Join("; ", created.Errors));
            botId = created.Bot!.Config.Id;
        }
        await page.GotoAsync($"bots/{botId}");
        await WaitForInteractiveAsync(page, "#bot-start");
        await page.EvaluateAsync("() => { const look = () => { const chart = document.querySelector('#bot-chart .price-chart')?.tradebotChart; " +
            "if (chart && chart.markerCount() > 0) { window.firstMarkerAt = Date.now(); } else { requestAnimationFrame(look); } }; look(); }");
        await page.Locator("#bot-start").ClickAsync();
        await Assertions.Expect(page.Locator("#bot-stop")).ToBeVisibleAsync();

        var chart = page.Locator("#bot-chart .price-chart");
        await WaitForAsync(() => chart.EvaluateAsync<bool>("e => !!e.tradebotChart && e.tradebotChart.markerCount() > 0"), TimeSpan.FromMinutes(10),
            "a fill marker on the web instance's page", () => Task.FromResult(string.Join('\n', worker.Output.TakeLast(20))));
        await Assertions.Expect(page.Locator("#trades-table tbody tr").First).ToContainTextAsync("USDT");
        var markerAt = await page.EvaluateAsync<double>("() => window.firstMarkerAt ?? 0");

        Checks(web).ShouldBe(0, "the web instance runs no checks");
        Checks(worker).ShouldBeGreaterThan(0);
        var executedAt = await FirstFillAsync(database["ConnectionStrings:Postgres"]!, botId);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"fill booked on the worker -> marker drawn on the web instance: {markerAt - executedAt.ToUnixTimeMilliseconds():0} ms");
        await page.Locator("#bot-stop").ClickAsync();
        await Assertions.Expect(page.Locator(".status-chip").First).ToHaveTextAsync("Stopped");

        // The same browser sent to the other instance, as a load balancer does when an instance goes: the sign-in cookie
        // A issued opens B's pages, and B takes a form A's page signed (antiforgery). One key ring, in the database.
        await page.GotoAsync(new Uri(worker.BaseAddress, $"bots/{botId}").ToString());
        await WaitForInteractiveAsync(page, "#bot-start");
        page.Url.ShouldStartWith(worker.BaseAddress.ToString(), Case.Insensitive, "signed in on B with A's cookie, not sent to log in");
        await page.GotoAsync(new Uri(web.BaseAddress, $"bots/{botId}").ToString());
        await WaitForInteractiveAsync(page, "#bot-start");
        await page.Locator("#user-menu").ClickAsync(); // the menu holds A's logout form
        await page.Locator("#logout-button").WaitForAsync();
        var token = await page.Locator("form[action='Account/Logout'] input[name='__RequestVerificationToken']").GetAttributeAsync("value");
        // Posted with the browser's cookies from outside the page: the page's own policy (form-action 'self') would not
        // let it post to another origin, and a balancer sends the same post to whichever instance serves the name.
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token.ShouldNotBeNull());
        form.Set("ReturnUrl", "");
        var loggedOut = await page.Context.APIRequest.PostAsync(
            new Uri(worker.BaseAddress, "Account/Logout").ToString(), new() { Form = form, MaxRedirects = 0 });
        loggedOut.Status.ShouldBeInRange(300, 399, "B accepted the antiforgery token of A's page (a refused one is a 400)");
        await page.GotoAsync(new Uri(worker.BaseAddress, $"bots/{botId}").ToString());
        page.Url.ShouldContain("Account/Login", Case.Insensitive, "and signed the browser out");
    }

    private static int Checks(AppHost host) => host.Output.Count(line => line.Contains(" checked on ", StringComparison.Ordinal));

    private static async Task<string> UserIdAsync(string connectionString, string email)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand("SELECT id FROM asp_net_users WHERE normalized_email = $1", connection)
        {
            Parameters = { new() { Value = email.ToUpperInvariant() } },
        };
        return (string)(await command.ExecuteScalarAsync(Cancel))!;
    }

    private static async Task<DateTimeOffset> FirstFillAsync(string connectionString, long botId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand("SELECT min(executed_at) FROM bot_trades WHERE bot_id = $1", connection)
        {
            Parameters = { new() { Value = botId } },
        };
        return new DateTimeOffset(DateTime.SpecifyKind((DateTime)(await command.ExecuteScalarAsync(Cancel))!, DateTimeKind.Utc)); // timestamptz reads as UTC
    }
}
