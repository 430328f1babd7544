using Microsoft.Extensions.DependencyInjection.Extensions;
using TradeBot.Web.Exchange.Binance;
using TradeBot.Web.Exchange.Candles;
using TradeBot.Web.Exchange.Paper;
using TradeBot.Web.Exchange.Simulated;

namespace TradeBot.Web.Exchange;

/// <summary>Market data (Binance or the simulated market), paper trading and the candle store.</summary>
public static class ExchangeModule
{
    public static IHostApplicationBuilder AddExchange(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<ExchangeOptions>().Bind(configuration.GetSection(ExchangeOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PaperTradingOptions>().Bind(configuration.GetSection(PaperTradingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SimulatedMarketOptions>().Bind(configuration.GetSection(SimulatedMarketOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // Each venue registers its IMarketData as a keyed service under its MarketDataKind name ("Binance", "Simulated");
        // Exchange:MarketData picks one.
        services.AddSingleton<SimulatedMarket>();
        services.AddKeyedSingleton<IMarketData>(nameof(MarketDataKind.Simulated), (sp, _) => sp.GetRequiredService<SimulatedMarket>());
        services.AddBinance(configuration); // registers the key "Binance" (BinanceModule.MarketDataKey)
        services.AddSingleton<IMarketDataSource, MarketDataSource>();
        services.AddSingleton<IMarketData>(sp => sp.GetRequiredService<IMarketDataSource>().Current);

        services.AddSingleton<PaperExchangeFactory>();
        services.AddSingleton<CandleStore>();
        return builder;
    }
}
