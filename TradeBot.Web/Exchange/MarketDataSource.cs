using Microsoft.Extensions.Options;

namespace TradeBot.Web.Exchange;

/// <summary>The market data venue chosen by <c>Exchange:MarketData</c>.</summary>
public interface IMarketDataSource
{
    /// <summary>The configured venue's market data.</summary>
    IMarketData Current { get; }
}

/// <summary>
/// Resolves <see cref="IMarketData"/> registered as a keyed service under its <see cref="MarketDataKind"/> name, so adding a
/// venue is one keyed registration. Fails with a clear message when the chosen venue is not part of this build.
/// </summary>
internal sealed class MarketDataSource(IServiceProvider services, IOptions<ExchangeOptions> options, ILogger<MarketDataSource> logger)
    : IMarketDataSource
{
    private readonly Lazy<IMarketData> _current = new(() =>
    {
        var kind = options.Value.MarketData;
        var market = services.GetKeyedService<IMarketData>(kind.ToString())
            ?? throw new InvalidOperationException(
                $"Exchange:MarketData={kind} is not a registered market data venue; use Binance or Simulated.");
        logger.LogInformation("Market data from {MarketData} ({Implementation})", kind, market.GetType().Name);
        return market;
    });

    public IMarketData Current => _current.Value;
}
