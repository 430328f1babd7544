using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using TradeBot.Domain.Market;

namespace TradeBot.Web.Exchange.Simulated;

/// <summary>
/// The offline market (<c>Exchange:MarketData=Simulated</c>): BTCUSDT, ETHUSDT, SOLUSDT and BNBUSDT on spot and futures
/// with Binance-like rules, prices from <see cref="SimulatedPricePath"/>. The candle at an open time depends only on the
/// seed, the symbol, the interval and that time; "now" comes from the <see cref="TimeProvider"/>, and nothing after it
/// exists. Futures candles are the spot path rounded to the futures tick.
/// </summary>
public sealed class SimulatedMarket : IMarketData
{
    private readonly Dictionary<string, SimulatedPricePath> _paths;
    private readonly TimeProvider _time;
    private readonly TimeSpan _formingUpdateEvery;

    public SimulatedMarket(IOptions<SimulatedMarketOptions> options, TimeProvider time)
    {
        _time = time;
        _formingUpdateEvery = options.Value.FormingUpdateEvery;
        _paths = SimulatedSymbol.All.ToDictionary(s => s.Symbol, s => new SimulatedPricePath(options.Value.Seed, s), StringComparer.Ordinal);
    }

    public Task<ExchangeResult<IReadOnlyList<ExchangeSymbol>>> GetSymbolsAsync(MarketType market, CancellationToken cancellationToken)
    {
        IReadOnlyList<ExchangeSymbol> symbols = [.. _paths.Values.Select(p => p.Symbol.ToExchangeSymbol(market))];
        return Task.FromResult(ExchangeResult<IReadOnlyList<ExchangeSymbol>>.Success(symbols));
    }

    public Task<ExchangeResult<IReadOnlyList<Candle>>> GetCandlesAsync(
        MarketType market, string symbol, Interval interval, long startMs, long endMs, CancellationToken cancellationToken)
    {
        if (!_paths.TryGetValue(symbol, out var path))
            return Task.FromResult<ExchangeResult<IReadOnlyList<Candle>>>(InvalidSymbol(symbol));
        return Task.FromResult(ExchangeResult<IReadOnlyList<Candle>>.Success(History(path, market, interval, startMs, endMs, Now, cancellationToken)));
    }

    public Task<ExchangeResult<decimal>> GetLastPriceAsync(MarketType market, string symbol, CancellationToken cancellationToken)
    {
        if (!_paths.TryGetValue(symbol, out var path))
            return Task.FromResult<ExchangeResult<decimal>>(InvalidSymbol(symbol));
        var tick = path.Symbol.Rules(market).TickSize;
        var price = Math.Round((decimal)path.PriceAt(Now) / tick) * tick;
        return Task.FromResult<ExchangeResult<decimal>>(price);
    }

    public async IAsyncEnumerable<KlineUpdate> StreamCandlesAsync(
        MarketType market, string symbol, Interval interval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!_paths.TryGetValue(symbol, out var path))
            throw new ArgumentException(InvalidSymbol(symbol).Message, nameof(symbol));
        var tick = (double)path.Symbol.Rules(market).TickSize;
        var duration = interval.DurationMs;
        var currentOpen = Now / duration * duration;
        var cells = new SimulatedPricePath.NoiseCells();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = Now;
            while (now >= currentOpen + duration)
            {
                yield return new KlineUpdate(symbol, interval, path.Candle(currentOpen, duration, long.MaxValue, tick, cells), IsClosed: true);
                currentOpen += duration;
            }

            if (now > currentOpen)
                yield return new KlineUpdate(symbol, interval, path.Candle(currentOpen, duration, now, tick, cells), IsClosed: false);

            // Wake exactly at the boundary so the closed candle is sent the moment it closes.
            var untilClose = TimeSpan.FromMilliseconds(currentOpen + duration - now);
            await Task.Delay(untilClose < _formingUpdateEvery ? untilClose : _formingUpdateEvery, _time, cancellationToken);
        }
    }

    /// <summary>Closed candles, then the forming one when the range reaches now; open times aligned to the interval.</summary>
    internal static IReadOnlyList<Candle> History(
        SimulatedPricePath path, MarketType market, Interval interval, long startMs, long endMs, long nowMs, CancellationToken cancellationToken)
    {
        var duration = interval.DurationMs;
        var first = CeilingTo(Math.Max(startMs, 0), duration);
        var last = Math.Min(endMs, nowMs) / duration * duration;
        if (last < first)
            return [];
        var tick = (double)path.Symbol.Rules(market).TickSize;
        var candles = new List<Candle>((int)Math.Min((last - first) / duration + 1, 100_000));
        var cells = new SimulatedPricePath.NoiseCells();
        for (var open = first; open <= last; open += duration)
        {
            if (candles.Count % 256 == 0)
                cancellationToken.ThrowIfCancellationRequested();
            candles.Add(path.Candle(open, duration, nowMs, tick, cells));
        }

        return candles;
    }

    internal SimulatedPricePath Path(string symbol) => _paths[symbol];

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static long CeilingTo(long value, long step) => (value + step - 1) / step * step;

    private static ExchangeError InvalidSymbol(string symbol) =>
        new(ExchangeErrorKind.Rejected, $"Invalid symbol {symbol}: the simulated market has {string.Join(", ", SimulatedSymbol.All.Select(s => s.Symbol))}.", -1121);
}
