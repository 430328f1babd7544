using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Web.Data;

namespace TradeBot.Web.Exchange.Candles;

/// <summary>
/// Closed candles kept in the database per (market, symbol, interval), fetched from the configured market data only
/// where the store has none, so a second backtest of the same range downloads nothing. The forming candle is never
/// stored. Writes go in batches, each on its own context.
/// </summary>
public sealed class CandleStore(
    IDbContextFactory<AppDbContext> databases, IMarketDataSource marketData, TimeProvider time, ILogger<CandleStore> logger)
{
    internal const int BatchSize = 2_000;

    // Missing runs closer than this are fetched as one range: fewer calls, and the known candles in between are skipped on write.
    private const int MergeRunsWithin = 500;

    // A long download goes in pieces so memory stays bounded and progress moves (a year of 1m is 53 pieces).
    internal const int CandlesPerFetch = 10_000;

    /// <summary>
    /// The closed candles with open time in [<paramref name="fromMs"/>, <paramref name="toMs"/>], oldest first: missing
    /// ones are downloaded first, and holes left after that are asked for once more (a venue may return a short page).
    /// Holes the venue really has (maintenance) stay holes. <paramref name="progress"/> goes from 0 to 1 over the download.
    /// </summary>
    public async Task<ExchangeResult<IReadOnlyList<Candle>>> GetCandlesAsync(
        MarketType market, string symbol, Interval interval, long fromMs, long toMs, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var duration = interval.DurationMs;
        var first = (Math.Max(fromMs, 0) + duration - 1) / duration * duration;
        var lastClosed = time.GetUtcNow().ToUnixTimeMilliseconds() / duration * duration - duration;
        var last = Math.Min(toMs, lastClosed) / duration * duration;
        if (last < first)
            return ExchangeResult<IReadOnlyList<Candle>>.Success([]);

        // The usual case, everything stored, costs one range read.
        var stored = await ReadAsync(market, symbol, interval, first, last, cancellationToken);
        var missing = MissingRuns([.. stored.Select(c => c.OpenTimeMs)], first, last, duration);
        if (missing.Count == 0)
        {
            progress?.Report(1);
            return ExchangeResult<IReadOnlyList<Candle>>.Success(stored);
        }

        if (await FetchAsync(market, symbol, interval, missing, progress, 0, 0.8, cancellationToken) is { } error)
            return error;
        var holes = MissingRuns(await ReadOpenTimesAsync(market, symbol, interval, first, last, cancellationToken), first, last, duration);
        if (holes.Count > 0)
        {
            logger.LogInformation("Candle store: {Holes} gap(s) in {Market} {Symbol} {Interval} after download; fetching them once more",
                holes.Count, market, symbol, interval.Code);
            if (await FetchAsync(market, symbol, interval, holes, progress, 0.8, 0.2, cancellationToken) is { } retryError)
                return retryError;
        }

        progress?.Report(1);
        return ExchangeResult<IReadOnlyList<Candle>>.Success(await ReadAsync(market, symbol, interval, first, last, cancellationToken));
    }

    /// <summary>The stored candles with open time in [<paramref name="fromMs"/>, <paramref name="toMs"/>], oldest first; no download.</summary>
    public async Task<IReadOnlyList<Candle>> ReadAsync(
        MarketType market, string symbol, Interval interval, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await Range(db, market, symbol, interval.Code, fromMs, toMs)
            .OrderBy(c => c.OpenTimeMs)
            .Select(c => new Candle(c.OpenTimeMs, c.Open, c.High, c.Low, c.Close, c.Volume))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Imports a Binance kline CSV (the backtest command's format) into the store: new candles are inserted, stored ones
    /// with other values are overwritten. Reports the file's gaps and duplicate rows.
    /// </summary>
    /// <exception cref="FormatException">A malformed line; the message starts with its line number.</exception>
    public async Task<CandleImportResult> ImportCsvAsync(
        Stream csv, MarketType market, string symbol, Interval interval, CancellationToken cancellationToken)
    {
        // Upload streams refuse synchronous reads; KlineCsv reads synchronously, so buffer first.
        using var buffer = new MemoryStream();
        await csv.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        KlineCsvResult file;
        using (var reader = new StreamReader(buffer))
            file = KlineCsv.Read(reader, interval);

        var (inserted, updated) = await UpsertAsync(market, symbol, interval, file.Candles, cancellationToken);
        logger.LogInformation(
            "Candle store: imported {Count} {Market} {Symbol} {Interval} candles ({Inserted} new, {Updated} changed), {Gaps} gap(s), {Duplicates} duplicate row(s)",
            file.Candles.Count, market, symbol, interval.Code, inserted, updated, file.Gaps.Count, file.ExactDuplicates + file.ConflictingDuplicates);
        return new CandleImportResult(file.Candles.Count, inserted, updated, file.Gaps, file.ExactDuplicates, file.ConflictingDuplicates);
    }

    /// <summary>Inserts new candles and overwrites changed ones, in batches of <see cref="BatchSize"/>, one context each.</summary>
    internal async Task<(int Inserted, int Updated)> UpsertAsync(
        MarketType market, string symbol, Interval interval, IReadOnlyList<Candle> candles, CancellationToken cancellationToken)
    {
        int inserted = 0, updated = 0;
        for (var start = 0; start < candles.Count; start += BatchSize)
        {
            var batch = candles.Skip(start).Take(BatchSize).ToList();
            (int Inserted, int Updated) counts;
            try
            {
                counts = await UpsertBatchAsync(market, symbol, interval, batch, cancellationToken);
            }
            catch (DbUpdateException e)
            {
                // Another writer (a second download of the same range) stored some of these first; read them and go again.
                logger.LogDebug("Candle store: batch of {Market} {Symbol} {Interval} raced another writer, retrying: {Reason}",
                    market, symbol, interval.Code, e.GetBaseException().Message);
                counts = await UpsertBatchAsync(market, symbol, interval, batch, cancellationToken);
            }

            inserted += counts.Inserted;
            updated += counts.Updated;
        }

        return (inserted, updated);
    }

    private async Task<(int Inserted, int Updated)> UpsertBatchAsync(
        MarketType market, string symbol, Interval interval, List<Candle> batch, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var stored = await Range(db, market, symbol, interval.Code, batch.Min(c => c.OpenTimeMs), batch.Max(c => c.OpenTimeMs))
            .AsTracking().ToDictionaryAsync(c => c.OpenTimeMs, cancellationToken);
        var added = new List<StoredCandle>(batch.Count);
        var updated = 0;
        foreach (var candle in batch)
        {
            if (!stored.TryGetValue(candle.OpenTimeMs, out var row))
            {
                added.Add(new StoredCandle
                {
                    Market = market, Symbol = symbol, Interval = interval.Code, OpenTimeMs = candle.OpenTimeMs,
                    Open = candle.Open, High = candle.High, Low = candle.Low, Close = candle.Close, Volume = candle.Volume,
                });
            }
            else if (row.ToCandle() != candle)
            {
                (row.Open, row.High, row.Low, row.Close, row.Volume) = (candle.Open, candle.High, candle.Low, candle.Close, candle.Volume);
                db.Entry(row).State = EntityState.Modified;
                updated++;
            }
        }

        var inserted = await CandleBulkInsert.InsertAsync(db, added, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (inserted, updated);
    }

    private async Task<ExchangeError?> FetchAsync(
        MarketType market, string symbol, Interval interval, List<(long From, long To)> runs,
        IProgress<double>? progress, double progressStart, double progressShare, CancellationToken cancellationToken)
    {
        var source = marketData.Current;
        var duration = interval.DurationMs;
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var pieces = runs.SelectMany(run => Pieces(run, CandlesPerFetch * duration)).ToList();
        for (var i = 0; i < pieces.Count; i++)
        {
            var (from, to) = pieces[i];
            var result = await source.GetCandlesAsync(market, symbol, interval, from, to, cancellationToken);
            if (!result.IsSuccess)
            {
                logger.LogWarning("Candle store: download of {Market} {Symbol} {Interval} failed: {Error}", market, symbol, interval.Code, result.Error);
                return result.Error!;
            }

            var closed = result.Value
                .Where(c => c.OpenTimeMs >= from && c.OpenTimeMs <= to && c.OpenTimeMs % duration == 0 && c.OpenTimeMs + duration <= nowMs)
                .ToList();
            var (inserted, _) = await UpsertAsync(market, symbol, interval, closed, cancellationToken);
            logger.LogDebug("Candle store: {Inserted} new {Market} {Symbol} {Interval} candles from {From} to {To}",
                inserted, market, symbol, interval.Code, from, to);
            progress?.Report(progressStart + progressShare * (i + 1) / pieces.Count);
        }

        return null;
    }

    private async Task<List<long>> ReadOpenTimesAsync(
        MarketType market, string symbol, Interval interval, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await Range(db, market, symbol, interval.Code, fromMs, toMs).OrderBy(c => c.OpenTimeMs).Select(c => c.OpenTimeMs).ToListAsync(cancellationToken);
    }

    /// <summary>Ranges [From, To] of open times missing from <paramref name="stored"/> (sorted), close runs merged.</summary>
    internal static List<(long From, long To)> MissingRuns(List<long> stored, long first, long last, long duration)
    {
        var runs = new List<(long From, long To)>();
        var expected = first;
        foreach (var time in stored.Append(last + duration))
        {
            if (time > expected)
            {
                var run = (From: expected, To: Math.Min(time, last + duration) - duration);
                if (runs.Count > 0 && run.From - runs[^1].To <= MergeRunsWithin * duration)
                    runs[^1] = (runs[^1].From, run.To);
                else
                    runs.Add(run);
            }

            expected = Math.Max(expected, time + duration);
        }

        return runs;
    }

    private static IEnumerable<(long From, long To)> Pieces((long From, long To) run, long span)
    {
        for (var from = run.From; from <= run.To; from += span)
            yield return (from, Math.Min(from + span - 1, run.To));
    }

    private static IQueryable<StoredCandle> Range(AppDbContext db, MarketType market, string symbol, string interval, long fromMs, long toMs) =>
        db.Set<StoredCandle>().AsNoTracking()
            .Where(c => c.Market == market && c.Symbol == symbol && c.Interval == interval && c.OpenTimeMs >= fromMs && c.OpenTimeMs <= toMs);
}

/// <summary>What a CSV import did.</summary>
/// <param name="Candles">Distinct candles in the file.</param>
/// <param name="Inserted">Candles the store did not have.</param>
/// <param name="Updated">Stored candles whose values the file changed.</param>
/// <param name="Gaps">Holes in the file's series.</param>
/// <param name="ExactDuplicates">Rows repeating an earlier row exactly (merged).</param>
/// <param name="ConflictingDuplicates">Rows with an already-seen open time but other values (the first row was kept).</param>
public sealed record CandleImportResult(
    int Candles, int Inserted, int Updated, IReadOnlyList<CandleGap> Gaps, int ExactDuplicates, int ConflictingDuplicates);
