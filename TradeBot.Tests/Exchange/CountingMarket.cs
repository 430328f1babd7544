using TradeBot.Domain.Market;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Exchange;

/// <summary>Wraps a market and records every candle range asked for; can drop chosen candles from the first answer.</summary>
internal sealed class CountingMarket(IMarketData inner) : IMarketData
{
    private readonly HashSet<long> _dropOnce = [];

    public List<(long From, long To)> Requests { get; } = [];

    /// <summary>The next answer that contains this open time leaves it out (a short page from the venue).</summary>
    public void DropOnce(long openTimeMs) => _dropOnce.Add(openTimeMs);

    public Task<ExchangeResult<IReadOnlyList<ExchangeSymbol>>> GetSymbolsAsync(MarketType market, CancellationToken cancellationToken) =>
        inner.GetSymbolsAsync(market, cancellationToken);

    public async Task<ExchangeResult<IReadOnlyList<Candle>>> GetCandlesAsync(
        MarketType market, string symbol, Interval interval, long startMs, long endMs, CancellationToken cancellationToken)
    {
        Requests.Add((startMs, endMs));
        var result = await inner.GetCandlesAsync(market, symbol, interval, startMs, endMs, cancellationToken);
        if (!result.IsSuccess || _dropOnce.Count == 0)
            return result;
        var kept = result.Value.Where(c => !_dropOnce.Remove(c.OpenTimeMs)).ToList();
        return ExchangeResult<IReadOnlyList<Candle>>.Success(kept);
    }

    public Task<ExchangeResult<decimal>> GetLastPriceAsync(MarketType market, string symbol, CancellationToken cancellationToken) =>
        inner.GetLastPriceAsync(market, symbol, cancellationToken);

    public IAsyncEnumerable<KlineUpdate> StreamCandlesAsync(MarketType market, string symbol, Interval interval, CancellationToken cancellationToken) =>
        inner.StreamCandlesAsync(market, symbol, interval, cancellationToken);
}
