using System.Globalization;
using TradeBot.Domain.Market;

namespace TradeBot.Domain.Backtesting;

/// <summary>
/// Reads Binance kline CSV files as Binance publishes them (data.binance.vision and exports):
/// open time, open, high, low, close, volume, then fields that are ignored; no header or one header line;
/// open time in milliseconds (13 digits) or microseconds (16 digits, spot files from 2025); invariant culture.
/// Opening the file is the caller's business: the Domain does no I/O.
/// </summary>
public static class KlineCsv
{
    private const int RequiredFields = 6;
    private const long LargestMillisecondTime = 9_999_999_999_999;
    private static readonly string[] PriceFieldNames = ["open", "high", "low", "close", "volume"];

    /// <summary>
    /// Reads every candle, sorts them by open time, merges rows with the same open time (the first one wins;
    /// conflicting ones are counted) and finds the gaps for <paramref name="interval"/>.
    /// </summary>
    /// <exception cref="FormatException">A line is malformed; the message starts with its line number,
    /// e.g. "line 17: expected at least 6 fields".</exception>
    public static KlineCsvResult Read(TextReader reader, Interval interval)
    {
        var candles = ReadRows(reader);
        if (!IsSortedByTime(candles))
        {
            SortByTimeKeepingFileOrder(candles);
        }

        var (exact, conflicting) = RemoveDuplicates(candles);
        return new KlineCsvResult(candles, FindGaps(candles, interval), exact, conflicting);
    }

    /// <summary>23:59:59.999 UTC on 31 December 9999, the last time <see cref="DateTimeOffset"/> can show.</summary>
    private const long LatestOpenTimeMs = 253_402_300_799_999;

    private static Candle ParseLine(ReadOnlySpan<char> line, int lineNumber)
    {
        Span<Range> fields = stackalloc Range[RequiredFields + 1];
        var count = line.Split(fields, ',');
        if (count < RequiredFields)
        {
            throw Problem(lineNumber, $"expected at least {RequiredFields} fields, found {count}");
        }

        if (!long.TryParse(line[fields[0]].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var openTime))
        {
            throw Problem(lineNumber, "open time is not a whole number");
        }

        Span<double> prices = stackalloc double[PriceFieldNames.Length];
        for (var i = 0; i < prices.Length; i++)
        {
            if (!double.TryParse(line[fields[i + 1]].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out prices[i]))
            {
                throw Problem(lineNumber, $"{PriceFieldNames[i]} is not a number");
            }

            if (!double.IsFinite(prices[i]) || prices[i] < 0)
            {
                throw Problem(lineNumber, $"{PriceFieldNames[i]} must be a finite number of at least 0");
            }
        }

        var openTimeMs = openTime > LargestMillisecondTime ? openTime / 1000 : openTime;
        if (openTimeMs > LatestOpenTimeMs)
        {
            throw Problem(lineNumber, "open time is after the year 9999");
        }
        return new Candle(openTimeMs, prices[0], prices[1], prices[2], prices[3], prices[4]);
    }

    private static List<Candle> ReadRows(TextReader reader)
    {
        var candles = new List<Candle>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || (lineNumber == 1 && IsHeader(line)))
            {
                continue;
            }

            candles.Add(ParseLine(line, lineNumber));
        }

        return candles;
    }

    private static bool IsHeader(ReadOnlySpan<char> line)
    {
        var firstField = line[..Math.Max(line.IndexOf(','), 0)].Trim();
        return !long.TryParse(firstField, NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    private static bool IsSortedByTime(List<Candle> candles)
    {
        for (var i = 1; i < candles.Count; i++)
        {
            if (candles[i].OpenTimeMs < candles[i - 1].OpenTimeMs)
            {
                return false;
            }
        }

        return true;
    }

    private static void SortByTimeKeepingFileOrder(List<Candle> candles)
    {
        // List.Sort is unstable; ordering by (time, file position) keeps "first row wins" for duplicates.
        var order = new (long OpenTimeMs, int Position)[candles.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = (candles[i].OpenTimeMs, i);
        }

        Array.Sort(order);
        var original = candles.ToArray();
        for (var i = 0; i < order.Length; i++)
        {
            candles[i] = original[order[i].Position];
        }
    }

    private static (int Exact, int Conflicting) RemoveDuplicates(List<Candle> candles)
    {
        int exact = 0, conflicting = 0, kept = 0;
        for (var i = 0; i < candles.Count; i++)
        {
            if (kept > 0 && candles[i].OpenTimeMs == candles[kept - 1].OpenTimeMs)
            {
                if (candles[i] == candles[kept - 1])
                {
                    exact++;
                }
                else
                {
                    conflicting++;
                }

                continue;
            }

            candles[kept++] = candles[i];
        }

        candles.RemoveRange(kept, candles.Count - kept);
        return (exact, conflicting);
    }

    private static List<CandleGap> FindGaps(List<Candle> candles, Interval interval)
    {
        var gaps = new List<CandleGap>();
        for (var i = 1; i < candles.Count; i++)
        {
            var missing = (candles[i].OpenTimeMs - candles[i - 1].OpenTimeMs) / interval.DurationMs - 1;
            if (missing > 0)
            {
                gaps.Add(new CandleGap(candles[i - 1].OpenTimeMs, missing));
            }
        }

        return gaps;
    }

    private static FormatException Problem(int lineNumber, string problem) => new($"line {lineNumber}: {problem}");
}
