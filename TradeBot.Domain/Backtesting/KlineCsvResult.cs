using TradeBot.Domain.Market;

namespace TradeBot.Domain.Backtesting;

/// <summary>Candles read from a Binance kline CSV, sorted and de-duplicated, with what was odd about the file.</summary>
/// <param name="Candles">Candles in open-time order, one per open time.</param>
/// <param name="Gaps">Holes in the series for the interval read (e.g. exchange maintenance), in time order.</param>
/// <param name="ExactDuplicates">Rows identical to an earlier row with the same open time, silently merged.</param>
/// <param name="ConflictingDuplicates">Rows with an already-seen open time but different values; the first row was kept.</param>
public sealed record KlineCsvResult(
    IReadOnlyList<Candle> Candles,
    IReadOnlyList<CandleGap> Gaps,
    int ExactDuplicates,
    int ConflictingDuplicates)
{
    /// <summary>Total candles missing across all gaps.</summary>
    public long MissingCandles => Gaps.Sum(g => g.MissingCandles);
}

/// <summary>A hole in a candle series.</summary>
/// <param name="AfterOpenTimeMs">Open time (Unix ms, UTC) of the last candle before the hole.</param>
/// <param name="MissingCandles">How many candles of the interval are missing.</param>
public readonly record struct CandleGap(long AfterOpenTimeMs, long MissingCandles);
