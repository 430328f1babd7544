using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Tests.Components.Bots;
using TradeBot.Web.Backtests;
using TradeBot.Web.Backtests.Pages;

namespace TradeBot.Tests.Components.Backtests;

/// <summary>The new-backtest form over the real services: the shared validator's messages at their fields, nothing stored on error.</summary>
public sealed class BacktestNewTests : BotPagesTestContext
{
    [Fact]
    public async Task Run_InvalidInput_ShowsFieldMessagesAndStoresNothing()
    {
        SignInAlice();
        var page = Render<BacktestNew>();
        page.WaitForElement("#backtest-run");
        page.Find("#backtest-fee").GetAttribute("value").ShouldBe("0.1");

        // The page's presets use the real clock; the services' clock stands in January 2026, so "today" is in its future.
        page.Find("#backtest-slippage").Change("-3");
        page.Find("#bot-param-emaFast").Change("50");
        page.Find("#bot-param-emaSlow").Change("20");
        await page.Find("#backtest-run").ClickAsync(new());

        page.WaitForAssertion(() => page.Markup.ShouldContain("The range cannot end after today (UTC)."));
        page.Markup.ShouldContain("Slippage must be from 0 to 1000 basis points.");
        page.Markup.ShouldContain("emaFast");
        (await Host.Services.GetRequiredService<BacktestService>().ListAsync(Alice, Cancel)).ShouldBeEmpty();
        Services.GetRequiredService<NavigationManager>().Uri.ShouldNotContain("/backtests/");
    }
}
