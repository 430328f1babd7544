using Microsoft.Extensions.Options;

namespace TradeBot.Web.Exchange;

/// <summary>The market data venue chosen by <c>Exchange:MarketData</c>.</summary>
public interface IMarketDataSource
{
    /// <summary>The configured venue's market data.</summary>
    IMarketData Current { get; }
}

/// <summary>
/// Resolves <see cref="IMarketData"/> registered as a keyed service under its <see cref="MarketDataKind"/>, so adding a
/// venue is one keyed registration. Fails with a clear message when the chosen venue is not part of this build.
/// </summary>
internal sealed class MarketDataSource(IServiceProvider services, IOptions<ExchangeOptions> options) : IMarketDataSource
{
    private readonly Lazy<IMarketData> _current = new(() =>
        services.GetKeyedService<IMarketData>(options.Value.MarketData)
        ?? throw new InvalidOperationException(
            $"Exchange:MarketData={options.Value.MarketData} is not a registered market data venue; use Binance or Simulated."));

    public IMarketData Current => _current.Value;
}
