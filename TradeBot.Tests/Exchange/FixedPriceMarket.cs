using System.Runtime.CompilerServices;
using TradeBot.Domain.Market;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Simulated;

namespace TradeBot.Tests.Exchange;

/// <summary>The simulated market's symbols and rules with prices a test sets by hand.</summary>
internal sealed class FixedPriceMarket : IMarketData
{
    private readonly Dictionary<string, decimal> _prices = new(StringComparer.Ordinal) { ["BTCUSDT"] = 50_000m, ["ETHUSDT"] = 2_500m };

    public decimal this[string symbol]
    {
        get => _prices[symbol];
        set => _prices[symbol] = value;
    }

    public Task<ExchangeResult<IReadOnlyList<ExchangeSymbol>>> GetSymbolsAsync(MarketType market, CancellationToken cancellationToken) =>
        Task.FromResult(ExchangeResult<IReadOnlyList<ExchangeSymbol>>.Success([.. SimulatedSymbol.All.Select(s => s.ToExchangeSymbol(market))]));

    /// <summary>It has no candles: every request for them fails with this (the venue down, say).</summary>
    public ExchangeError CandlesError { get; set; } = new(ExchangeErrorKind.Unreachable, "No candles in this test.");

    public Task<ExchangeResult<IReadOnlyList<Candle>>> GetCandlesAsync(
        MarketType market, string symbol, Interval interval, long startMs, long endMs, CancellationToken cancellationToken) =>
        Task.FromResult(ExchangeResult<IReadOnlyList<Candle>>.Failure(CandlesError));

    public Task<ExchangeResult<decimal>> GetLastPriceAsync(MarketType market, string symbol, CancellationToken cancellationToken) =>
        Task.FromResult(_prices.TryGetValue(symbol, out var price)
            ? ExchangeResult<decimal>.Success(price)
            : ExchangeResult<decimal>.Failure(new ExchangeError(ExchangeErrorKind.Rejected, "Invalid symbol.", -1121)));

    public async IAsyncEnumerable<KlineUpdate> StreamCandlesAsync(
        MarketType market, string symbol, Interval interval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        yield break;
    }
}
