using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Bots;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;
using TradeBot.Web.Bots.Pages;

namespace TradeBot.Tests.Components.BotForm;

/// <summary>
/// The create/edit bot form over the real bot services (SQLite, simulated market): the shared validator's messages on
/// their fields with nothing stored, the review summary, create and navigate, edit of one's own bot only.
/// </summary>
public sealed class BotEditTests : HostedTestContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    public BotEditTests()
        : base((services, host) => services
            .AddSingleton(_ => host().Services.GetRequiredService<BotFormService>())
            .AddSingleton(_ => host().Services.GetRequiredService<TradeBot.Web.Backtests.BacktestService>()))
    {
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        SignInAs(Alice);
    }

    private IRenderedComponent<BotEdit> RenderNew()
    {
        var page = Render<BotEdit>();
        page.WaitForElement("#bot-name", Wait);
        return page;
    }

    private static async Task NextAsync(IRenderedComponent<BotEdit> page, int times = 1)
    {
        for (var i = 0; i < times; i++)
            await page.Find("#bot-form-next").ClickAsync(new());
    }

    // MudBlazor puts the id on the input itself or on a wrapper of it, depending on the component.
    private static IElement InputOf(IRenderedComponent<BotEdit> page, string id)
    {
        var element = page.Find(id);
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    private static string FieldText(IRenderedComponent<BotEdit> page, string id) =>
        InputOf(page, id).Closest(".mud-input-control")?.TextContent ?? "";

    private string NavigatedTo => Services.GetRequiredService<NavigationManager>().Uri;

    [Fact]
    public async Task Save_BadParametersAndStopLoss_MessagesOnTheirFields_FirstBadStepShown_NothingStored()
    {
        var page = RenderNew();
        page.Find("#bot-name").Input("Bad bot");
        await NextAsync(page);
        InputOf(page, "#bot-param-emaFast").Change("30");
        InputOf(page, "#bot-param-emaSlow").Change("20");
        await NextAsync(page);
        InputOf(page, "#bot-stop-loss-enabled").Change(true);
        InputOf(page, "#bot-stop-loss-perc").Change("150");

        await page.Find("#bot-save").ClickAsync(new());

        page.WaitForAssertion(() => FieldText(page, "#bot-param-emaFast").ShouldContain("emaFast (30) must be less than emaSlow (20)."), Wait);
        await NextAsync(page);
        page.WaitForAssertion(() => FieldText(page, "#bot-stop-loss-perc").ShouldContain("stopLossPerc must be a percentage from 0 to 100."), Wait);
        (await Host.CountAsync<BotConfig>(Cancel)).ShouldBe(0);
        NavigatedTo.ShouldNotContain("/bots/");
    }

    [Fact]
    public async Task Review_SummaryReflectsInputs_OrderSizeAndQuickBacktestShown()
    {
        var page = RenderNew();
        page.Find("#bot-name").Input("Weekend ride");
        await NextAsync(page, 2);
        InputOf(page, "#bot-initial-capital").Change("2500");
        InputOf(page, "#bot-take-profit-enabled").Change(true);
        InputOf(page, "#bot-take-profit-perc").Change("6");
        await NextAsync(page);

        var review = page.WaitForElement("#bot-review", Wait).TextContent;
        review.ShouldContain("\"Weekend ride\" trades BTCUSDT (spot) on 1h candles.");
        review.ShouldContain("Paper trading");
        review.ShouldContain("Strategy ema-rsi with emaFast 12, emaSlow 26");
        review.ShouldContain("Starts with 2500 capital and commits 100% of equity");
        review.ShouldContain("no stop-loss, take-profit 6%, no trailing stop");
        page.WaitForElement("#bot-order-accepted", Wait);

        await page.Find("#quick-backtest").ClickAsync(new());
        page.WaitForElement("#quick-backtest-result", TimeSpan.FromSeconds(60));
        page.Find("#quick-backtest-return").TextContent.ShouldEndWith("%");
        int.Parse(page.Find("#quick-backtest-trades").TextContent, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task Save_ValidForm_BotStoredAndNavigatesToIt()
    {
        var page = RenderNew();
        page.Find("#bot-name").Input("First bot");

        await page.Find("#bot-save").ClickAsync(new());

        page.WaitForAssertion(() => NavigatedTo.ShouldMatch(@"/bots/\d+$"), Wait);
        var bot = (await Host.Bots.ListAsync(Alice, Cancel)).ShouldHaveSingleItem();
        NavigatedTo.ShouldEndWith($"/bots/{bot.Config.Id}");
        bot.Config.Name.ShouldBe("First bot");
        bot.Config.Symbol.ShouldBe("BTCUSDT");
        bot.Config.ExchangeMode.ShouldBe(ExchangeMode.Paper);
        bot.Config.StrategyParameters.ShouldBe(BotFormService.DefaultParameters("ema-rsi"));
    }

    [Fact]
    public async Task Live_WhileSwitchedOff_SaidPlainly_SaveRefusedOnModeAndKey()
    {
        var page = RenderNew();
        page.Find("#bot-name").Input("Real money");

        await InputOf(page, "#bot-mode-live").ClickAsync(new());

        page.WaitForElement("#bot-live-disabled", Wait).TextContent.ShouldContain("Live trading is switched off on this server");
        page.Find("#bot-api-key").ShouldNotBeNull();
        await page.Find("#bot-save").ClickAsync(new());
        page.WaitForAssertion(() => FieldText(page, "#bot-api-key").ShouldContain("Choose an API key"), Wait);
        page.FindAll("#bot-mode-error").ShouldBeEmpty("the refusal is the alert already shown, not said twice");
        (await Host.CountAsync<BotConfig>(Cancel)).ShouldBe(0);
    }

    [Fact]
    public async Task Testnet_OnlyTestnetKeyOffered_AndSavedWithTheBot()
    {
        var testnetKey = await Host.AddKeyRowAsync(Alice, isTestnet: true, spot: true, futures: true, withdraw: false, Cancel);
        await Host.AddKeyRowAsync(Alice, isTestnet: false, spot: true, futures: true, withdraw: false, Cancel);
        var page = RenderNew();
        page.Find("#bot-name").Input("Testnet bot");

        await InputOf(page, "#bot-mode-testnet").ClickAsync(new());
        page.WaitForElement("#bot-api-key", Wait);
        await page.Find("#bot-save").ClickAsync(new());

        page.WaitForAssertion(() => NavigatedTo.ShouldMatch(@"/bots/\d+$"), Wait);
        var bot = (await Host.Bots.ListAsync(Alice, Cancel)).ShouldHaveSingleItem().Config;
        bot.ExchangeMode.ShouldBe(ExchangeMode.Testnet);
        bot.ApiKeyId.ShouldBe(testnetKey, "the one testnet key is chosen; the mainnet key is not offered");
    }

    [Fact]
    public async Task Edit_OwnBot_LoadsValuesAndSaves()
    {
        var id = (await Host.Bots.CreateAsync(Alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        var page = Render<BotEdit>(p => p.Add(x => x.Id, id));

        page.WaitForElement("#bot-name", Wait).GetAttribute("value").ShouldBe("BTC trend");
        page.Find("#bot-name").Input("BTC trend v2");
        await NextAsync(page);
        InputOf(page, "#bot-param-emaFast").GetAttribute("value").ShouldBe("9");
        InputOf(page, "#bot-param-emaSlow").Change("30");
        await page.Find("#bot-save").ClickAsync(new());

        page.WaitForAssertion(() => NavigatedTo.ShouldEndWith($"/bots/{id}"), Wait);
        var stored = (await Host.Bots.GetAsync(Alice, id, Cancel))!.Config;
        stored.Name.ShouldBe("BTC trend v2");
        stored.StrategyParameters["emaSlow"].ShouldBe(30);
        stored.Version.ShouldBe(2);
    }

    [Fact]
    public async Task Edit_RunningBotInPosition_SaysChangesApplyAtNextCheck_MarketChangeRefusedOnItsField()
    {
        var id = (await Host.Bots.CreateAsync(Alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        await Host.UpdateStateAsync(id, s =>
        {
            s.Status = BotStatus.InPosition;
            s.PositionSide = PositionSide.Long;
            s.Quantity = 0.01;
            s.EntryPrice = 60_000;
        }, Cancel);

        var page = Render<BotEdit>(p => p.Add(x => x.Id, id));

        page.WaitForElement("#bot-running-alert", Wait).TextContent.ShouldContain("apply at its next check");
        page.Find("#bot-symbol-locked").TextContent.ShouldContain("refused until the position is closed");

        await InputOf(page, "#bot-market-futures").ClickAsync(new());
        page.WaitForElement("#bot-leverage", Wait);
        await page.Find("#bot-save").ClickAsync(new());

        page.WaitForElement("#bot-market-error", Wait).TextContent.ShouldBe("The bot holds a position: close it before changing the market type.");
        (await Host.Bots.GetAsync(Alice, id, Cancel))!.Config.MarketType.ShouldBe(TradeBot.Domain.Market.MarketType.Spot);
        NavigatedTo.ShouldNotContain($"/bots/{id}");
    }

    [Fact]
    public async Task Edit_AnotherUsersBot_NotFound()
    {
        var bob = await Host.CreateUserAsync("bob", Cancel);
        var id = (await Host.Bots.CreateAsync(bob, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;

        var page = Render<BotEdit>(p => p.Add(x => x.Id, id));

        page.WaitForElement("#bot-not-found", Wait).TextContent.ShouldContain("no such bot among yours");
        page.Markup.ShouldNotContain("BTC trend");
        page.FindAll("#bot-form").ShouldBeEmpty();
    }
}
