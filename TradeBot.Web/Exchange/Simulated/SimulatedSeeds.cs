using TradeBot.Domain.Market;
using TradeBot.Domain.Strategies;

namespace TradeBot.Web.Exchange.Simulated;

/// <summary>
/// Picks a seed of the simulated market for demos, tests and benchmarks that need trades soon. The 1m path is smooth
/// (trends dominate), so a short EMA may go uncrossed for many minutes; the market is a pure function of seed and time,
/// so the seed whose coming candles give a strategy the most signals can be found before the app starts.
/// </summary>
internal static class SimulatedSeeds
{
    private const long MinuteMs = 60_000;

    /// <summary>
    /// The seed among 1..<paramref name="seeds"/> whose 1m candles of <paramref name="symbols"/> closing between
    /// <paramref name="from"/> and <paramref name="to"/> give the most signals of a fresh <paramref name="strategy"/>
    /// (warmed up on the half hour before <paramref name="from"/>).
    /// </summary>
    public static long WithMostSignals(IEnumerable<string> symbols, Func<IStrategy> strategy, DateTimeOffset from, DateTimeOffset to, int seeds = 300)
    {
        var paths = SimulatedSymbol.All.Where(s => symbols.Contains(s.Symbol, StringComparer.Ordinal)).ToList();
        var fromMs = from.ToUnixTimeMilliseconds() / MinuteMs * MinuteMs;
        var toMs = to.ToUnixTimeMilliseconds() / MinuteMs * MinuteMs;
        var (best, bestCount) = (42L, -1);
        for (var seed = 1L; seed <= seeds; seed++)
        {
            var count = 0;
            foreach (var symbol in paths)
                count += Signals(new SimulatedPricePath(seed, symbol), strategy(), fromMs, toMs);
            if (count > bestCount)
                (best, bestCount) = (seed, count);
        }
        return best;
    }

    private static int Signals(SimulatedPricePath path, IStrategy strategy, long fromMs, long toMs)
    {
        var cells = new SimulatedPricePath.NoiseCells();
        var tick = (double)path.Symbol.FuturesRules.TickSize;
        var count = 0;
        for (var open = fromMs - 30 * MinuteMs; open + MinuteMs <= toMs; open += MinuteMs)
        {
            Candle candle = path.Candle(open, MinuteMs, open + MinuteMs, tick, cells);
            if (strategy.OnCandle(candle) != Signal.None && open + MinuteMs >= fromMs)
                count++;
        }
        return count;
    }
}
