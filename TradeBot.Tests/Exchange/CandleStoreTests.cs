using Microsoft.Extensions.DependencyInjection;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Tests.Domain;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Candles;
using TradeBot.Web.Exchange.Simulated;

namespace TradeBot.Tests.Exchange;

/// <summary>The candle store: incremental download, gap re-fetch, no forming candle, CSV import (SQLite temp files).</summary>
public sealed class CandleStoreTests : IAsyncLifetime
{
    private const long HourMs = 3_600_000;
    private ExchangeTestHost? _host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ExchangeTestHost Host => _host!;

    private long Now => Host.Time.GetUtcNow().ToUnixTimeMilliseconds();

    public async ValueTask InitializeAsync() => _host = await ExchangeTestHost.SqliteAsync(Cancel);

    public async ValueTask DisposeAsync() => await _host!.DisposeAsync();

    [Fact]
    public async Task GetCandles_RangeAlreadyStored_DownloadsNothingAndExtendingItDownloadsOnlyTheNewPart()
    {
        var market = new CountingMarket(Host.Services.GetRequiredService<SimulatedMarket>());
        var store = Host.CandleStore(market);
        var from = Now - 30 * 24 * HourMs;
        var middle = from + 10 * 24 * HourMs;

        var first = (await store.GetCandlesAsync(MarketType.Spot, "BTCUSDT", Interval.OneHour, from, middle, null, Cancel)).Value;
        market.Requests.Count.ShouldBe(1);
        var again = (await store.GetCandlesAsync(MarketType.Spot, "BTCUSDT", Interval.OneHour, from, middle, null, Cancel)).Value;
        market.Requests.Count.ShouldBe(1);
        var extended = (await store.GetCandlesAsync(MarketType.Spot, "BTCUSDT", Interval.OneHour, from, Now, null, Cancel)).Value;

        again.ShouldBe(first);
        market.Requests.Count.ShouldBe(2);
        market.Requests[1].From.ShouldBe(first[^1].OpenTimeMs + HourMs);
        extended.Take(first.Count).ShouldBe(first);
        var direct = (await market.GetCandlesAsync(MarketType.Spot, "BTCUSDT", Interval.OneHour, from, Now, Cancel)).Value;
        extended.ShouldBe(direct.Take(direct.Count - 1)); // all but the forming candle
    }

    [Fact]
    public async Task GetCandles_LongDownload_GoesInPiecesWithProgressAndNoHolesBetweenThem()
    {
        var market = new CountingMarket(Host.Services.GetRequiredService<SimulatedMarket>());
        var progress = new List<double>();
        var from = Now / 60_000 * 60_000 - 25_000 * 60_000L;

        var candles = (await Host.CandleStore(market).GetCandlesAsync(
            MarketType.Spot, "ETHUSDT", Interval.OneMinute, from, Now, new SyncProgress(progress), Cancel)).Value;

        candles.Count.ShouldBe(25_000);
        candles.Zip(candles.Skip(1)).ShouldAllBe(pair => pair.Second.OpenTimeMs - pair.First.OpenTimeMs == 60_000);
        market.Requests.Count.ShouldBe(3); // 10,000 + 10,000 + 5,000
        progress.Count.ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task GetCandles_RangeReachingNow_NeverStoresTheFormingCandle()
    {
        var store = Host.CandleStore(Host.Services.GetRequiredService<SimulatedMarket>());

        var candles = (await store.GetCandlesAsync(MarketType.Futures, "ETHUSDT", Interval.FifteenMinutes, Now - 3 * HourMs, Now + HourMs, null, Cancel)).Value;

        candles[^1].OpenTimeMs.ShouldBe(Now / 900_000 * 900_000 - 900_000);
        (await store.ReadAsync(MarketType.Futures, "ETHUSDT", Interval.FifteenMinutes, 0, long.MaxValue, Cancel)).Count.ShouldBe(candles.Count);
    }

    [Fact]
    public async Task GetCandles_VenueSkipsACandle_AsksForTheHoleOnceMoreAndFillsIt()
    {
        var market = new CountingMarket(Host.Services.GetRequiredService<SimulatedMarket>());
        var store = Host.CandleStore(market);
        var from = Now / HourMs * HourMs - 48 * HourMs;
        var hole = from + 20 * HourMs;
        market.DropOnce(hole);
        var progress = new List<double>();

        var candles = (await store.GetCandlesAsync(MarketType.Spot, "SOLUSDT", Interval.OneHour, from, from + 40 * HourMs, new SyncProgress(progress), Cancel)).Value;

        candles.Count.ShouldBe(41);
        candles.ShouldContain(c => c.OpenTimeMs == hole);
        market.Requests.ShouldBe([(from, from + 40 * HourMs), (hole, hole)]);
        progress[^1].ShouldBe(1);
        progress.ShouldBe(progress.Order().ToList());
    }

    [Fact]
    public async Task GetCandles_TwoDownloadsOfTheSameRangeAtOnce_BothSucceedWithTheSameCandles()
    {
        var market = Host.Services.GetRequiredService<SimulatedMarket>();
        var from = Now - 20 * 24 * HourMs;

        var results = await Task.WhenAll(
            Host.CandleStore(market).GetCandlesAsync(MarketType.Spot, "BTCUSDT", Interval.FifteenMinutes, from, Now, null, Cancel),
            Host.CandleStore(market).GetCandlesAsync(MarketType.Spot, "BTCUSDT", Interval.FifteenMinutes, from, Now, null, Cancel));

        results[0].Value.Count.ShouldBe(20 * 96 - 1);
        results[1].Value.ShouldBe(results[0].Value);
    }

    [Fact]
    public void MissingRuns_HolesCloseTogether_AreFetchedAsOneRangeAndFarApartAsTwo()
    {
        var stored = Enumerable.Range(0, 10).Concat(Enumerable.Range(600, 601)).Select(h => h * HourMs).ToList();

        CandleStore.MissingRuns(stored, 0, 1_203 * HourMs, HourMs).ShouldBe([(10 * HourMs, 599 * HourMs), (1_201 * HourMs, 1_203 * HourMs)]);
        CandleStore.MissingRuns([0, 1 * HourMs, 3 * HourMs], 0, 5 * HourMs, HourMs).ShouldBe([(2 * HourMs, 5 * HourMs)]);
        CandleStore.MissingRuns([0, 1 * HourMs], 0, 1 * HourMs, HourMs).ShouldBeEmpty();
    }

    [Fact]
    public async Task ImportCsv_BinanceSample_ReadsBackIdenticalCandlesAndAgainChangesNothing()
    {
        var store = Host.CandleStore(new FixedPriceMarket());
        var expected = SampleData.BtcUsdtHourly;

        CandleImportResult first;
        await using (var file = File.OpenRead(SampleData.Locate()))
            first = await store.ImportCsvAsync(file, MarketType.Spot, "BTCUSDT", Interval.OneHour, Cancel);
        CandleImportResult second;
        await using (var file = File.OpenRead(SampleData.Locate()))
            second = await store.ImportCsvAsync(file, MarketType.Spot, "BTCUSDT", Interval.OneHour, Cancel);

        first.Inserted.ShouldBe(expected.Length);
        (second.Inserted, second.Updated).ShouldBe((0, 0));
        var stored = await store.ReadAsync(MarketType.Spot, "BTCUSDT", Interval.OneHour, 0, long.MaxValue, Cancel);
        stored.ShouldBe(expected);
        (await store.ReadAsync(MarketType.Futures, "BTCUSDT", Interval.OneHour, 0, long.MaxValue, Cancel)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ImportCsv_WithDuplicatesAndAHole_ReportsThemAndOverwritesChangedCandles()
    {
        var store = Host.CandleStore(new FixedPriceMarket());
        await ImportAsync(store, "0,1,2,0.5,1.5,10\n3600000,1.5,2,1,1.8,11\n");

        var result = await ImportAsync(store, "0,1,2,0.5,1.5,10\n0,1,2,0.5,1.5,10\n3600000,1.5,2,1,1.9,11\n3600000,9,9,9,9,9\n10800000,2,3,1,2,5\n");

        result.ShouldBe(result with { Candles = 3, Inserted = 1, Updated = 1, ExactDuplicates = 1, ConflictingDuplicates = 1 });
        result.Gaps.ShouldBe([new CandleGap(3_600_000, 1)]);
        (await store.ReadAsync(MarketType.Spot, "BTCUSDT", Interval.OneHour, 0, long.MaxValue, Cancel))[1].Close.ShouldBe(1.9);
    }

    private static async Task<CandleImportResult> ImportAsync(CandleStore store, string csv)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv));
        return await store.ImportCsvAsync(stream, MarketType.Spot, "BTCUSDT", Interval.OneHour, Cancel);
    }

    private sealed class SyncProgress(List<double> values) : IProgress<double>
    {
        public void Report(double value) => values.Add(value);
    }
}

/// <summary>The candle store on PostgreSQL: a CSV import reads back exactly and a download is incremental.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CandleStorePostgresTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ImportCsv_BinanceSample_ReadsBackIdenticalCandles()
    {
        await using var host = await ExchangeTestHost.PostgresAsync(postgres, Cancel);
        var store = host.CandleStore(new FixedPriceMarket());

        await using (var file = File.OpenRead(SampleData.Locate()))
            await store.ImportCsvAsync(file, MarketType.Spot, "BTCUSDT", Interval.OneHour, Cancel);

        (await store.ReadAsync(MarketType.Spot, "BTCUSDT", Interval.OneHour, 0, long.MaxValue, Cancel)).ShouldBe(SampleData.BtcUsdtHourly);
    }

    [Fact]
    public async Task GetCandles_SameRangeTwice_DownloadsOnce()
    {
        await using var host = await ExchangeTestHost.PostgresAsync(postgres, Cancel);
        var market = new CountingMarket(host.Services.GetRequiredService<SimulatedMarket>());
        var store = host.CandleStore(market);
        var now = host.Time.GetUtcNow().ToUnixTimeMilliseconds();

        var first = (await store.GetCandlesAsync(MarketType.Spot, "BNBUSDT", Interval.OneMinute, now - 3 * 3_600_000, now, null, Cancel)).Value;
        var second = (await store.GetCandlesAsync(MarketType.Spot, "BNBUSDT", Interval.OneMinute, now - 3 * 3_600_000, now, null, Cancel)).Value;

        second.ShouldBe(first);
        first.Count.ShouldBe(179); // 21:01 to 23:59; the 00:00 minute is forming
        market.Requests.Count.ShouldBe(1);
    }
}
