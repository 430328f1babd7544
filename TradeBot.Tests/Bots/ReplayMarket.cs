using System.Runtime.CompilerServices;
using TradeBot.Domain.Market;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Simulated;

namespace TradeBot.Tests.Bots;

/// <summary>
/// Market data for runner tests: a fixed candle list served up to the clock's now (closed and forming alike, as a venue
/// does), the simulated market's symbols and rules, and a last price the test sets. <see cref="IsDown"/> makes every call
/// fail as an unreachable exchange.
/// </summary>
public sealed class ReplayMarket(IReadOnlyList<Candle> candles, TimeProvider time) : IMarketData, IMarketDataSource
{
    private static readonly ExchangeError Outage = new(ExchangeErrorKind.Unreachable, "Connection refused (simulated outage).");

    public IReadOnlyList<Candle> Candles => candles;

    /// <summary>The last traded price.</summary>
    public decimal Price { get; set; } = 60_000m;

    /// <summary>True to fail every call as an unreachable exchange.</summary>
    public bool IsDown { get; set; }

    /// <summary>How many candles the last read served.</summary>
    public int LastServedCount { get; private set; }

    /// <summary>When set, candle reads wait for it (to hold a check in the middle).</summary>
    public Task? Hold { get; set; }

    /// <summary>This market as the app's configured venue.</summary>
    public IMarketData Current => this;

    public Task<ExchangeResult<IReadOnlyList<ExchangeSymbol>>> GetSymbolsAsync(MarketType market, CancellationToken cancellationToken) =>
        Task.FromResult(IsDown
            ? ExchangeResult<IReadOnlyList<ExchangeSymbol>>.Failure(Outage)
            : ExchangeResult<IReadOnlyList<ExchangeSymbol>>.Success([.. SimulatedSymbol.All.Select(s => s.ToExchangeSymbol(market))]));

    public async Task<ExchangeResult<IReadOnlyList<Candle>>> GetCandlesAsync(
        MarketType market, string symbol, Interval interval, long startMs, long endMs, CancellationToken cancellationToken)
    {
        if (Hold is { } hold)
            await hold.WaitAsync(cancellationToken);
        if (IsDown)
            return ExchangeResult<IReadOnlyList<Candle>>.Failure(Outage);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        IReadOnlyList<Candle> served = [.. candles.Where(c => c.OpenTimeMs >= startMs && c.OpenTimeMs <= endMs && c.OpenTimeMs <= now)];
        LastServedCount = served.Count;
        return ExchangeResult<IReadOnlyList<Candle>>.Success(served);
    }

    public Task<ExchangeResult<decimal>> GetLastPriceAsync(MarketType market, string symbol, CancellationToken cancellationToken) =>
        Task.FromResult(IsDown ? ExchangeResult<decimal>.Failure(Outage) : ExchangeResult<decimal>.Success(Price));

    public async IAsyncEnumerable<KlineUpdate> StreamCandlesAsync(
        MarketType market, string symbol, Interval interval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        yield break;
    }

    /// <summary><paramref name="count"/> hourly BTCUSDT spot candles of the simulated market from <paramref name="firstOpen"/>.</summary>
    public static IReadOnlyList<Candle> SimulatedHours(DateTimeOffset firstOpen, int count)
    {
        var end = firstOpen.AddHours(count);
        var market = new SimulatedMarket(Microsoft.Extensions.Options.Options.Create(new SimulatedMarketOptions()), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(end));
        var result = market.GetCandlesAsync(MarketType.Spot, "BTCUSDT", Interval.OneHour, firstOpen.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds() - 1, CancellationToken.None)
            .GetAwaiter().GetResult();
        return result.Value;
    }
}
