using Microsoft.Extensions.Options;

namespace TradeBot.Web.Exchange.Binance;

/// <summary>Makes <see cref="BinanceExchange"/>s: one per API key, or public market data for mainnet or testnet.</summary>
public sealed class BinanceExchangeFactory(
    IHttpClientFactory httpClients, BinanceHosts hosts, IOptions<BinanceOptions> options, TimeProvider time, ILoggerFactory loggers, BinanceKlineStream stream)
{
    /// <summary>Public market data (no key).</summary>
    public BinanceExchange CreateMarketData(bool isTestnet = false) => Create(null, isTestnet);

    /// <summary>An exchange that trades with <paramref name="credentials"/> (decrypted only for the call).</summary>
    public BinanceExchange Create(ExchangeCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return Create(new BinanceKey(credentials.ApiKey, credentials.Secret), credentials.IsTestnet);
    }

    /// <summary>Per-host used weight and order counts, for the admin status page.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> UsageByHost() => hosts.UsageByHost();

    private BinanceExchange Create(BinanceKey? key, bool isTestnet)
    {
        var transport = new BinanceTransport(
            httpClients.CreateClient(BinanceTransport.HttpClientName), hosts, options.Value, time, loggers.CreateLogger<BinanceTransport>());
        return new BinanceExchange(transport, options.Value, key, isTestnet, time, loggers.CreateLogger<BinanceExchange>(), stream);
    }
}
