using System.Globalization;
using System.Text;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;

namespace TradeBot.Tests.Domain;

/// <summary>
/// The BTCUSDT 1h sample (2020-11-17 to 2021-05-16, 4,309 candles, 12 hours missing in 7 maintenance gaps).
/// The real file lives beside the repository in <c>shared/data</c> and must not be copied into it, so a clone without
/// that folder (CI) gets a stand-in: a seeded random walk in the same Binance kline CSV layout with the same first
/// candle, length and gaps. Tests therefore pin what holds for both (the file's shape, consistency between code paths),
/// never prices only the real file has. <c>TRADEBOT_SAMPLE_CANDLES</c> names another file.
/// </summary>
internal static class SampleData
{
    public const string RelativePath = "shared/data/btcusdt-1h-2020-11_2021-05.csv";

    private const long HourMs = 3_600_000;
    private const long FirstOpenTimeMs = 1605571200000; // 2020-11-17 00:00 UTC
    private const int CandleCount = 4309;

    /// <summary>The real file's gaps: open time of the candle before each hole, and how many hours are missing.</summary>
    private static readonly (long AfterOpenTimeMs, int MissingHours)[] Gaps =
    [
        (1606712400000, 1), (1608559200000, 3), (1608858000000, 1), (1613012400000, 1),
        (1614992400000, 1), (1618880400000, 2), (1619323200000, 3),
    ];

    private static readonly Lazy<string> Path = new(() => FindRealFile() ?? WriteStandIn(), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<Candle[]> Candles = new(() =>
    {
        using var reader = File.OpenText(Locate());
        return KlineCsv.Read(reader, Interval.OneHour).Candles.ToArray();
    });

    public static Candle[] BtcUsdtHourly => Candles.Value;

    /// <summary>True when the tests run on the real Binance file rather than the stand-in.</summary>
    public static bool IsRealFile => FindRealFile() is not null;

    /// <summary>Path of the sample: the real file when it can be found, else the generated stand-in.</summary>
    public static string Locate() => Path.Value;

    private static string? FindRealFile()
    {
        if (Environment.GetEnvironmentVariable("TRADEBOT_SAMPLE_CANDLES") is { Length: > 0 } configured)
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"TRADEBOT_SAMPLE_CANDLES={configured} does not exist");
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, RelativePath);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    private static string WriteStandIn()
    {
        var folder = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tradebot-sample-standin"));
        var path = System.IO.Path.Combine(folder.FullName, $"btcusdt-1h-standin-{Environment.ProcessId}.csv");
        File.WriteAllText(path, StandInCsv());
        return path;
    }

    /// <summary>
    /// A geometric random walk from the real first open (16,713.08) with the real hourly volatility (about 1%) and a
    /// drift that ends near the real last close, written as Binance writes klines (6 decimals, close time, trades).
    /// </summary>
    internal static string StandInCsv()
    {
        var random = new Random(20201117);
        var missing = Gaps.ToDictionary(g => g.AfterOpenTimeMs, g => g.MissingHours);
        var csv = new StringBuilder(CandleCount * 100);
        var open = 16713.08;
        var time = FirstOpenTimeMs;
        for (var i = 0; i < CandleCount; i++)
        {
            var change = 0.00024 + 0.0098 * Gaussian(random);
            var close = open * Math.Exp(change);
            var high = Math.Max(open, close) * (1 + 0.003 * Math.Abs(Gaussian(random)));
            var low = Math.Min(open, close) * (1 - 0.003 * Math.Abs(Gaussian(random)));
            var volume = 1500 + 3000 * random.NextDouble();
            csv.Append(CultureInfo.InvariantCulture,
                $"{time},{open:F6},{high:F6},{low:F6},{close:F6},{volume:F1},{time + HourMs - 1},0,{random.Next(20_000, 150_000)},0,0,0\n");
            time += HourMs * (1 + missing.GetValueOrDefault(time));
            open = close;
        }
        return csv.ToString();
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
