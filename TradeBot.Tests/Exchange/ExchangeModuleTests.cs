using Microsoft.Extensions.DependencyInjection;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Candles;
using TradeBot.Web.Exchange.Paper;
using TradeBot.Web.Exchange.Simulated;

namespace TradeBot.Tests.Exchange;

/// <summary>AddExchange: the venue follows Exchange:MarketData; paper trading and the candle store resolve.</summary>
public sealed class ExchangeModuleTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddExchange_MarketDataSimulated_ResolvesTheSimulatedMarketPaperTradingAndTheCandleStore()
    {
        await using var host = await ExchangeTestHost.SqliteAsync(Cancel);

        host.Services.GetRequiredService<IMarketData>().ShouldBeOfType<SimulatedMarket>();
        host.Services.GetRequiredService<CandleStore>().ShouldNotBeNull();
        var paper = host.Services.GetRequiredService<PaperExchangeFactory>().ForWallet("bot-1");
        (await paper.GetBalancesAsync(TradeBot.Domain.Market.MarketType.Spot, Cancel)).Value.ShouldHaveSingleItem().Free.ShouldBe(10_000m);
    }

    [Fact]
    public async Task PaperTrading_OnTheSimulatedMarket_BuysAtTheSimulatedPricePlusSlippage()
    {
        await using var host = await ExchangeTestHost.SqliteAsync(Cancel);
        var market = host.Services.GetRequiredService<IMarketData>();
        var paper = host.Services.GetRequiredService<PaperExchangeFactory>().ForWallet("demo");
        var price = (await market.GetLastPriceAsync(TradeBot.Domain.Market.MarketType.Spot, "ETHUSDT", Cancel)).Value;

        var order = (await paper.PlaceMarketOrderAsync(
            new MarketOrderRequest(TradeBot.Domain.Market.MarketType.Spot, "ETHUSDT", OrderSide.Buy, 0.5m, "demo-1"), Cancel)).Value;

        order.AveragePrice.ShouldBe(price * 1.0005m);
        order.FeeInQuote.ShouldBe(order.QuoteQuantity * 0.001m);
    }

    [Fact]
    public async Task AddExchange_MarketDataBinanceNotInThisBuild_FailsWithAClearMessageOnFirstUse()
    {
        await using var host = await ExchangeTestHost.SqliteAsync(Cancel, new Dictionary<string, string?> { ["Exchange:MarketData"] = "Binance" });
        if (host.Services.GetKeyedService<IMarketData>(nameof(MarketDataKind.Binance)) is not null)
            return; // the Binance client is registered: nothing to pin here

        var error = Should.Throw<InvalidOperationException>(() => host.Services.GetRequiredService<IMarketDataSource>().Current);

        error.Message.ShouldContain("Exchange:MarketData=Simulated");
    }

    [Fact]
    public async Task AddExchange_PaperFeeOutOfRange_FailsAtStartup()
    {
        var error = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
        {
            await using var host = await ExchangeTestHost.SqliteAsync(Cancel, new Dictionary<string, string?> { ["Exchange:Paper:SpotFeeRate"] = "0.5" });
            await host.StartAsync(Cancel);
        });

        error.Message.ShouldContain("SpotFeeRate");
    }
}
