using TradeBot.Domain.Market;

namespace TradeBot.Web.Exchange;

/// <summary>
/// Public market data of one venue (Binance, its testnet, or the offline simulated market). No key needed.
/// Every call is cancellable; expected failures come back as <see cref="ExchangeError"/>, not exceptions.
/// </summary>
public interface IMarketData
{
    /// <summary>Every symbol of the market with its rules (tick, step, min/max quantity, min notional).</summary>
    Task<ExchangeResult<IReadOnlyList<ExchangeSymbol>>> GetSymbolsAsync(MarketType market, CancellationToken cancellationToken);

    /// <summary>
    /// Closed and forming candles with open time in [<paramref name="startMs"/>, <paramref name="endMs"/>], oldest first,
    /// paged as the venue requires (Binance: 1000 spot / 1500 futures per call) and stitched without duplicates.
    /// </summary>
    Task<ExchangeResult<IReadOnlyList<Candle>>> GetCandlesAsync(
        MarketType market, string symbol, Interval interval, long startMs, long endMs, CancellationToken cancellationToken);

    /// <summary>The last traded price.</summary>
    Task<ExchangeResult<decimal>> GetLastPriceAsync(MarketType market, string symbol, CancellationToken cancellationToken);

    /// <summary>
    /// A live stream of kline updates (forming and closed candles) that reconnects by itself until cancelled
    /// (WebSocket with polling as the fallback for Binance).
    /// </summary>
    IAsyncEnumerable<KlineUpdate> StreamCandlesAsync(MarketType market, string symbol, Interval interval, CancellationToken cancellationToken);
}
