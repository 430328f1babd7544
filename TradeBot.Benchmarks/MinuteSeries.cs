using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Domain.Trading;

namespace TradeBot.Benchmarks;

/// <summary>The benchmark inputs: a seeded year of 1-minute candles, ema-rsi with every exit on, a 1,000-set grid.</summary>
public static class MinuteSeries
{
    public const int YearOfMinutes = 525_600;

    /// <summary>A seeded random walk around 30,000 (BTC-like), one candle a minute from 2021-01-01 UTC.</summary>
    public static Candle[] Year(int seed = 42)
    {
        var random = new Random(seed);
        var candles = new Candle[YearOfMinutes];
        var close = 30_000.0;
        const long start = 1_609_459_200_000;
        for (var i = 0; i < candles.Length; i++)
        {
            var open = close;
            close = open * (1 + (random.NextDouble() - 0.5) * 0.004);
            var high = Math.Max(open, close) * (1 + random.NextDouble() * 0.001);
            var low = Math.Min(open, close) * (1 - random.NextDouble() * 0.001);
            candles[i] = new Candle(start + i * 60_000L, open, high, low, close, 1 + random.NextDouble());
        }

        return candles;
    }

    /// <summary>ema-rsi with stop-loss, take-profit and trailing stop on, fees and slippage at their defaults.</summary>
    public static BotSettings AllExitsOn { get; } = new()
    {
        StopLossPerc = 2, TakeProfitPerc = 4, TrailingStopActive = true, TrailingStopPerc = 1.5,
        StrategyParameters = new Dictionary<string, double> { ["emaFast"] = 12, ["emaSlow"] = 26, ["rsiPeriod"] = 14 },
        SymbolRules = new SymbolRules(0.01m, 0.00001m, 0.00001m, 0m, 5m),
    };

    /// <summary>10 x 10 x 10 = 1,000 valid ema-rsi parameter sets.</summary>
    public static Dictionary<string, IReadOnlyList<double>> Grid { get; } = new()
    {
        ["emaFast"] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        ["emaSlow"] = [20, 22, 24, 26, 28, 30, 32, 34, 36, 38],
        ["rsiPeriod"] = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
    };
}
