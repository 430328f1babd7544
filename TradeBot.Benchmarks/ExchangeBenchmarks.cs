using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TradeBot.Domain.Market;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Candles;
using TradeBot.Web.Exchange.Simulated;

namespace TradeBot.Benchmarks;

/// <summary>
/// The candle store on a SQLite temp file holding one year of BTCUSDT 1h candles (8,760), and the simulated market
/// computing history on demand. Figures are per call.
/// </summary>
[MemoryDiagnoser]
public class ExchangeBenchmarks
{
    private const long HourMs = 3_600_000;
    private IHost? host;
    private string folder = "";
    private CandleStore store = null!;
    private SimulatedMarket market = null!;
    private long yearStart, yearEnd;
    private byte[] yearCsv = [];
    private int importCount;

    [GlobalSetup]
    public void Setup()
    {
        folder = Directory.CreateTempSubdirectory("tradebot-bench-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite", ["Database:DataFolder"] = folder, ["Exchange:MarketData"] = "Simulated",
        });
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.AddData().AddExchange();
        host = builder.Build();
        host.Services.MigrateDatabaseAsync(CancellationToken.None).GetAwaiter().GetResult();
        store = host.Services.GetRequiredService<CandleStore>();
        market = host.Services.GetRequiredService<SimulatedMarket>();
        yearEnd = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / HourMs * HourMs - HourMs;
        yearStart = yearEnd - 8_759 * HourMs;
        var filled = store.GetCandlesAsync(MarketType.Spot, "BTCUSDT", Interval.OneHour, yearStart, yearEnd, null, CancellationToken.None).GetAwaiter().GetResult();
        if (filled.Value.Count != 8_760)
            throw new InvalidOperationException($"expected 8,760 stored candles, got {filled.Value.Count}");
        yearCsv = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', filled.Value.Select(c => FormattableString.Invariant(
            $"{c.OpenTimeMs},{c.Open},{c.High},{c.Low},{c.Close},{c.Volume}"))));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        host?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Benchmark(Description = "candle store: read a year of 1h (8,760) from SQLite")]
    public async Task<int> ReadYear() =>
        (await store.ReadAsync(MarketType.Spot, "BTCUSDT", Interval.OneHour, yearStart, yearEnd, CancellationToken.None)).Count;

    [Benchmark(Description = "candle store: GetCandles of a stored year (gap check + read)")]
    public async Task<int> GetStoredYear() =>
        (await store.GetCandlesAsync(MarketType.Spot, "BTCUSDT", Interval.OneHour, yearStart, yearEnd, null, CancellationToken.None)).Value.Count;

    [Benchmark(Description = "candle store: import a year of 1h CSV into SQLite (8,760 new rows)")]
    public async Task<int> ImportYear()
    {
        // A new symbol each time, so every invocation inserts all rows.
        using var csv = new MemoryStream(yearCsv);
        var result = await store.ImportCsvAsync(csv, MarketType.Spot, $"BENCH{importCount++}", Interval.OneHour, CancellationToken.None);
        return result.Inserted;
    }

    [Benchmark(Description = "simulated market: a year of 1h (525,600 minutes of path)")]
    public async Task<int> SimulateYearOfHours() =>
        (await market.GetCandlesAsync(MarketType.Spot, "BTCUSDT", Interval.OneHour, yearStart, yearEnd, CancellationToken.None)).Value.Count;

    [Benchmark(Description = "simulated market: a day of 1m (1,440)")]
    public async Task<int> SimulateDayOfMinutes() =>
        (await market.GetCandlesAsync(MarketType.Spot, "BTCUSDT", Interval.OneMinute, yearEnd - 24 * HourMs, yearEnd - 1, CancellationToken.None)).Value.Count;
}
