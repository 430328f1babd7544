using TradeBot.Domain.Market;

namespace TradeBot.Tests.Domain;

/// <summary>Hand-made candle series for Domain tests.</summary>
internal static class TestCandles
{
    public const long HourMs = 3_600_000;

    /// <summary>Hourly candles whose open, high, low and close are all the given close.</summary>
    public static Candle[] FromCloses(params double[] closes) =>
        closes.Select((close, i) => new Candle(i * HourMs, close, close, close, close, 1)).ToArray();

    /// <summary>
    /// A deterministic wavy series with a trend and jitter, so that averages cross and true ranges vary;
    /// the open is the previous close and the range is uneven around the close.
    /// </summary>
    public static Candle[] Wavy(int count)
    {
        var candles = new Candle[count];
        var previousClose = 100.0;
        for (var i = 0; i < count; i++)
        {
            var close = 100 + 10 * Math.Sin(i * 0.3) + i * 0.2 + ((i * 7919 % 13) - 6) * 0.3;
            var open = previousClose;
            var high = Math.Max(open, close) + 0.5 + i % 3;
            var low = Math.Min(open, close) - 0.5 - i % 4 * 0.5;
            candles[i] = new Candle(i * HourMs, open, high, low, close, 10 + i);
            previousClose = close;
        }

        return candles;
    }

    public static double[] Closes(this Candle[] candles) => candles.Select(c => c.Close).ToArray();
}
