using TradeBot.Domain.Market;

namespace TradeBot.Tests.Domain;

/// <summary>Seeded random-walk candles (1-minute), for property tests and allocation checks.</summary>
internal static class RandomSeries
{
    public static Candle[] Walk(int seed, int count, long startMs, long stepMs = 60_000, double start = 100, double volatility = 0.004)
    {
        var random = new Random(seed);
        var candles = new Candle[count];
        var close = start;
        for (var i = 0; i < count; i++)
        {
            var open = close * (1 + (random.NextDouble() - 0.5) * volatility * 0.5);
            close = open * (1 + (random.NextDouble() - 0.5) * 2 * volatility);
            var high = Math.Max(open, close) * (1 + random.NextDouble() * volatility);
            var low = Math.Min(open, close) * (1 - random.NextDouble() * volatility);
            candles[i] = new Candle(startMs + i * stepMs, open, high, low, close, 1);
        }

        return candles;
    }
}
