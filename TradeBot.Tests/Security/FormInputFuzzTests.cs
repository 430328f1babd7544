using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Components;
using TradeBot.Tests.Components.Bots;
using TradeBot.Tests.Exchange;
using TradeBot.Tests.Notifications;
using TradeBot.Web.Accounts;
using TradeBot.Web.Backtests;
using TradeBot.Web.Backtests.Pages;
using TradeBot.Web.Bots;
using TradeBot.Web.Bots.Pages;
using TradeBot.Web.Exchange.ApiKeys;
using TradeBot.Web.Notifications;
using TradeBot.Web.Notifications.Pages;

namespace TradeBot.Tests.Security;

/// <summary>What the form fuzz tests type: hostile text (markup, SQL, unicode tricks, a 1 MB string) and hostile numbers.</summary>
internal static class HostileTyping
{
    public static readonly string[] Text = [.. HostileInput.Text.Where(t => t is not null).Select(t => t!)];

    public static readonly string[] Numbers =
    [
        "NaN", "Infinity", "-Infinity", "-1", "-0", "1e400", "79228162514264337593543950336", "-79228162514264337593543950336",
        "<script>alert(1)</script>", "'; DROP TABLE bots;--", "１２３", "1,5", "\0", "", HostileInput.Megabyte,
    ];

    /// <summary>No hostile markup became elements: typed text stays text (in values and messages alike).</summary>
    public static void ShouldRenderNoRawMarkup<T>(IRenderedComponent<T> page, string what)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        page.FindAll("script").ShouldBeEmpty(what);
        page.FindAll("[onerror]").ShouldBeEmpty(what);
    }

    // MudBlazor puts the id on the input itself or on a wrapper of it, depending on the component.
    public static IElement InputOf<T>(IRenderedComponent<T> page, string id)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        var element = page.Find(id);
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }
}

/// <summary>The API key form: hostile label, key and secret typed in are refused with a message; nothing stored, nothing sent.</summary>
public sealed class ApiKeyFormFuzzTests : HostedTestContext
{
    private FakeBinanceServer _binance = null!;

    public ApiKeyFormFuzzTests()
        : base((services, host) =>
        {
            services.AddSingleton(_ => host().ApiKeys);
            services.AddSingleton(Options.Create(new TradingOptions()));
        })
    {
    }

    protected override async Task<BotsTestHost> CreateHostAsync()
    {
        _binance = await FakeBinanceServer.StartAsync();
        return await BotsTestHost.CreateAsync("Sqlite", null, Cancel, _binance);
    }

    protected override async ValueTask DisposeHostAsync()
    {
        await base.DisposeHostAsync();
        await _binance.DisposeAsync();
    }

    [Fact]
    public async Task Save_HostileValuesInEveryField_MessageShownNothingStored()
    {
        SignInAs(Alice);
        Render<MudDialogProvider>();
        var page = Render<ApiKeyList>();
        foreach (var value in HostileTyping.Text)
        {
            var what = HostileInput.Describe(value);
            page.Find("#api-key-label").Input(value);
            page.Find("#api-key-key").Input(value);
            page.Find("#api-key-secret").Input(value);
            await page.Find("#api-key-save").ClickAsync(new());

            page.WaitForAssertion(() => page.FindAll(".mud-input-error, .mud-alert-text-error, .mud-input-helper-text.mud-input-error").ShouldNotBeEmpty(what),
                TimeSpan.FromSeconds(10));
            HostileTyping.ShouldRenderNoRawMarkup(page, what);
            (await Host.CountAsync<ApiKey>(Cancel)).ShouldBe(0, what);
        }
    }
}

/// <summary>The notification settings form: hostile time zones and webhook URLs are refused with a message; nothing stored.</summary>
public sealed class NotificationFormFuzzTests : HostedTestContext
{
    public NotificationFormFuzzTests()
        : base((services, host) => services.AddSingleton(_ => host().Services.GetRequiredService<NotificationSettingsService>()))
    {
    }

    protected override Task<BotsTestHost> CreateHostAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(NotificationsHarness.ConfigurationFor(null)).Build();
        return BotsTestHost.CreateAsync("Sqlite", null, Cancel, configure: services => services.AddNotifications(configuration));
    }

    [Fact]
    public async Task SaveAndAddWebhook_HostileValues_MessageShownNothingStored()
    {
        Authorization.SetAuthorized("alice@example.com");
        Authorization.SetRoles(Roles.Trader);
        Authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, Alice.UserId));
        Render<MudDialogProvider>();
        var page = Render<NotificationSettings>();
        page.WaitForElement("#notification-events");
        foreach (var value in HostileTyping.Text)
        {
            var what = HostileInput.Describe(value);
            page.Find("#time-zone").Change(value);
            await page.Find("#notification-save").ClickAsync(new());
            page.WaitForAssertion(() => page.Markup.ShouldContain("is not a time zone this server knows", Case.Sensitive, what), TimeSpan.FromSeconds(10));

            page.Find("#webhook-url").Input(value);
            await page.Find("#webhook-add").ClickAsync(new());
            page.WaitForAssertion(() => page.FindAll(".mud-input-error").ShouldNotBeEmpty(what), TimeSpan.FromSeconds(10));

            HostileTyping.ShouldRenderNoRawMarkup(page, what);
            (await Host.CountAsync<NotificationSettingsRow>(Cancel)).ShouldBe(0, what);
            (await Host.CountAsync<Webhook>(Cancel)).ShouldBe(0, what);
        }
    }
}

/// <summary>
/// The bot form and the backtest form: hostile numbers typed into money, percentage and cost fields, and hostile names.
/// A refused value shows a message and stores nothing; whatever is stored is sane (finite, in range, the name as typed).
/// </summary>
public sealed class BotAndBacktestFormFuzzTests : BotPagesTestContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task BotForm_HostileNameAndCapital_MessageOrSaneBot()
    {
        SignInAlice();
        string[] names = [.. HostileTyping.Text.Take(12)];
        for (var i = 0; i < HostileTyping.Numbers.Length; i++)
        {
            var name = names[i % names.Length];
            var capital = HostileTyping.Numbers[i];
            var what = $"name {HostileInput.Describe(name)}, capital {HostileInput.Describe(capital)}";
            var page = Render<BotEdit>();
            page.WaitForElement("#bot-name", Wait);
            page.Find("#bot-name").Input(name);
            await page.Find("#bot-form-next").ClickAsync(new());
            await page.Find("#bot-form-next").ClickAsync(new());
            HostileTyping.InputOf(page, "#bot-initial-capital").Change(capital);
            var before = await Host.CountAsync<BotConfig>(Cancel);

            await page.Find("#bot-save").ClickAsync(new());

            var bots = await Host.Bots.ListAsync(Alice, Cancel);
            if (bots.Count == before)
            {
                page.WaitForAssertion(() => page.FindAll(".mud-input-error").ShouldNotBeEmpty(what), Wait);
            }
            else
            {
                var stored = bots.MaxBy(b => b.Config.Id)!.Config;
                stored.Name.ShouldBe(name.Trim(), what);
                double.IsFinite(stored.InitialCapital).ShouldBeTrue(what);
                stored.InitialCapital.ShouldBeGreaterThan(0, what);
            }
            HostileTyping.ShouldRenderNoRawMarkup(page, what);
        }
    }

    [Fact]
    public async Task BacktestForm_HostileSlippageAndFee_MessageAndNothingStored()
    {
        SignInAlice();
        var backtests = Host.Services.GetRequiredService<BacktestService>();
        foreach (var value in HostileTyping.Numbers)
        {
            var what = HostileInput.Describe(value);
            var page = Render<BacktestNew>();
            page.WaitForElement("#backtest-run", Wait);
            HostileTyping.InputOf(page, "#backtest-slippage").Change(value);
            HostileTyping.InputOf(page, "#backtest-fee").Change(value);

            await page.Find("#backtest-run").ClickAsync(new());

            // The page's date presets use the real clock and the services' clock stands in January 2026: every run is refused.
            page.WaitForAssertion(() => page.Markup.ShouldContain("The range cannot end after today (UTC).", Case.Sensitive, what), Wait);
            HostileTyping.ShouldRenderNoRawMarkup(page, what);
            (await backtests.ListAsync(Alice, Cancel)).ShouldBeEmpty(what);
        }
    }
}
