using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Binance;

namespace TradeBot.Tests.Exchange;

public class BinanceOptionsTests
{
    [Fact]
    public void AddBinance_Defaults_AreValidAndPointAtBinance()
    {
        using var provider = Build([]);

        var options = provider.GetRequiredService<IOptions<BinanceOptions>>().Value;

        options.SpotBaseUrl.ShouldBe("https://api.binance.com");
        options.FuturesStreamUrl.ShouldBe("wss://fstream.binance.com/market");
        options.RecvWindowMs.ShouldBe(5000);
        provider.GetRequiredKeyedService<IMarketData>(BinanceModule.MarketDataKey).ShouldBeOfType<BinanceExchange>();
    }

    [Theory]
    [InlineData("SpotBaseUrl", "not a url")]
    [InlineData("FuturesStreamUrl", "https://fstream.binance.com")]
    [InlineData("RecvWindowMs", "60001")]
    [InlineData("RequestTimeoutSeconds", "0")]
    public void AddBinance_BadSetting_FailsValidationNamingIt(string key, string value)
    {
        using var provider = Build(new Dictionary<string, string?> { [$"{BinanceOptions.Section}:{key}"] = value });

        var failure = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BinanceOptions>>().Value);

        failure.Message.ShouldContain(key);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddBinance(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}
