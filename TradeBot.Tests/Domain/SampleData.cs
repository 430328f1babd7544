using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;

namespace TradeBot.Tests.Domain;

/// <summary>The shared BTCUSDT 1h sample (2020-11 to 2021-05), found by walking up from the test binaries.</summary>
internal static class SampleData
{
    public const string RelativePath = "shared/data/btcusdt-1h-2020-11_2021-05.csv";

    private static readonly Lazy<Candle[]> Candles = new(() =>
    {
        using var reader = File.OpenText(Locate());
        return KlineCsv.Read(reader, Interval.OneHour).Candles.ToArray();
    });

    public static Candle[] BtcUsdtHourly => Candles.Value;

    public static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"Sample data '{RelativePath}' not found in any ancestor of {AppContext.BaseDirectory}; it lives beside the repository.");
    }
}
