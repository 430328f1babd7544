using Microsoft.Extensions.DependencyInjection;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Binance;
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
    public async Task AddExchange_MarketDataBinance_ResolvesTheBinanceClientWithoutCallingIt()
    {
        await using var host = await ExchangeTestHost.SqliteAsync(Cancel, new Dictionary<string, string?> { ["Exchange:MarketData"] = "Binance" });

        var marketData = host.Services.GetRequiredService<IMarketData>();

        marketData.ShouldNotBeOfType<SimulatedMarket>();
        marketData.GetType().Namespace.ShouldBe("TradeBot.Web.Exchange.Binance");
        marketData.ShouldBeSameAs(host.Services.GetRequiredKeyedService<IMarketData>(BinanceModule.MarketDataKey));
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
