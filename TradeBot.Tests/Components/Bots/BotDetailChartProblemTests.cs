using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Exchange;
using TradeBot.Web.Bots.Pages;
using TradeBot.Web.Components.Shared;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Components.Bots;

/// <summary>The bot detail page when its market gives no candles: the chart's place says why, the rest of the page works.</summary>
public sealed class BotDetailChartProblemTests : BotPagesTestContext
{
    protected override Task<BotsTestHost> CreateHostAsync() => BotsTestHost.CreateAsync("Sqlite", null, Cancel,
        configure: services => services.AddKeyedSingleton<IMarketData>(nameof(MarketDataKind.Simulated), new FixedPriceMarket
        {
            CandlesError = new ExchangeError(ExchangeErrorKind.Unreachable, "the venue is down"),
        }));

    [Fact]
    public async Task Render_MarketWithoutCandles_SaysPricesCouldNotBeRead_NoChart_ControlsStillThere()
    {
        var botId = (await Host.Bots.CreateAsync(Alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        JSInterop.SetupModule(PriceChart.ModulePath).SetupModule("create", _ => true);
        SignInAlice();
        Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();

        var page = Render<BotDetail>(p => p.Add(c => c.Id, botId));

        page.WaitForAssertion(() => page.Find("#bot-chart").TextContent.ShouldContain(
            "Prices could not be read from the simulated market: the venue is down"), TimeSpan.FromSeconds(10));
        page.FindAll("#bot-chart .price-chart").ShouldBeEmpty();
        page.FindAll("#bot-chart-market").ShouldBeEmpty();
        page.Find("#bot-start").ShouldNotBeNull();
        page.Find("#bot-position").TextContent.ShouldContain("Flat");
    }
}
