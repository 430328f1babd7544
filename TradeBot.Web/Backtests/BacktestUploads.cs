using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Web.Accounts;
using TradeBot.Web.Data;

namespace TradeBot.Web.Backtests;

/// <summary>
/// A Binance kline CSV a user uploaded to backtest on. Kept apart from the shared candle store, so one user's file
/// never changes the candles anyone else backtests or trades on; readable only by its owner's runs.
/// </summary>
public sealed class BacktestUpload
{
    public long Id { get; set; }

    public required string OwnerId { get; set; }

    /// <summary>The file's name as uploaded (shown, never used as a path).</summary>
    public required string FileName { get; set; }

    /// <summary>The interval the file was read with, e.g. <c>1h</c>.</summary>
    public required string Interval { get; set; }

    public int CandleCount { get; set; }

    /// <summary>Open time of the first candle, Unix ms UTC.</summary>
    public long FromMs { get; set; }

    /// <summary>Open time of the last candle, Unix ms UTC.</summary>
    public long ToMs { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The candles, 48 bytes each (open time and five doubles, little-endian), deflated.</summary>
    public required byte[] Candles { get; set; }
}

/// <summary>What an upload gave: its id and range, and what was odd about the file; or why it was refused.</summary>
public sealed record BacktestUploadResult(
    long? UploadId, string? FileName, int CandleCount, long FromMs, long ToMs, int Gaps, long MissingCandles, int Duplicates, string? Error)
{
    public bool Succeeded => UploadId is not null;

    internal static BacktestUploadResult Refused(string error) => new(null, null, 0, 0, 0, 0, 0, 0, error);
}

internal sealed class BacktestUploadConfiguration : IEntityTypeConfiguration<BacktestUpload>
{
    public void Configure(EntityTypeBuilder<BacktestUpload> builder)
    {
        builder.ToTable("backtest_uploads");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.OwnerId).HasMaxLength(450);
        builder.Property(u => u.FileName).HasMaxLength(BacktestUploads.MaxFileNameLength);
        builder.Property(u => u.Interval).HasMaxLength(8);
        builder.HasIndex(u => u.OwnerId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(u => u.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Stores and reads users' kline CSV uploads (see <see cref="BacktestUpload"/>).</summary>
public sealed class BacktestUploads(IDbContextFactory<AppDbContext> databases, TimeProvider time, ILogger<BacktestUploads> logger)
{
    /// <summary>Largest file accepted: about two years of 1m candles in Binance's format.</summary>
    public const long MaxFileBytes = 200L * 1024 * 1024;

    internal const int MaxFileNameLength = 200;

    private const int BytesPerCandle = 48;

    /// <summary>Reads <paramref name="csv"/> as <paramref name="intervalCode"/> klines and stores them for <paramref name="caller"/>.</summary>
    public async Task<BacktestUploadResult> UploadAsync(
        Caller caller, Stream csv, string? fileName, string? intervalCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(csv);
        if (!Interval.TryParse(intervalCode, out var interval))
            return BacktestUploadResult.Refused("Choose the file's candle interval first.");
        KlineCsvResult file;
        try
        {
            // Upload streams refuse the synchronous reads KlineCsv makes: buffer the bytes (not a string, half the memory).
            using var buffer = new MemoryStream();
            await csv.CopyToAsync(buffer, cancellationToken);
            buffer.Position = 0;
            using var reader = new StreamReader(buffer);
            file = KlineCsv.Read(reader, interval);
        }
        catch (FormatException e)
        {
            return BacktestUploadResult.Refused($"The file is not a Binance kline CSV: {e.Message}");
        }

        if (file.Candles.Count < 2)
            return BacktestUploadResult.Refused("The file holds fewer than two candles.");
        if (file.Candles.Count > BacktestValidator.MaxCandles)
            return BacktestUploadResult.Refused($"The file holds {file.Candles.Count} candles; at most {BacktestValidator.MaxCandles} fit one backtest.");
        var name = Path.GetFileName(fileName ?? "candles.csv");
        var upload = new BacktestUpload
        {
            OwnerId = caller.UserId, FileName = name.Length > MaxFileNameLength ? name[..MaxFileNameLength] : name, Interval = interval.Code,
            CandleCount = file.Candles.Count, FromMs = file.Candles[0].OpenTimeMs, ToMs = file.Candles[^1].OpenTimeMs,
            CreatedAt = time.GetUtcNow(), Candles = Pack(file.Candles),
        };
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            db.Add(upload);
            await db.SaveChangesAsync(cancellationToken);
        }

        logger.LogInformation("Backtest upload {UploadId}: {Count} {Interval} candles from {UserId}", upload.Id, upload.CandleCount, interval.Code, caller.UserId);
        return new BacktestUploadResult(upload.Id, upload.FileName, upload.CandleCount, upload.FromMs, upload.ToMs,
            file.Gaps.Count, file.MissingCandles, file.ExactDuplicates + file.ConflictingDuplicates, null);
    }

    /// <summary>The upload's interval and range when it is <paramref name="ownerId"/>'s; null otherwise.</summary>
    public async Task<(string Interval, long FromMs, long ToMs)?> FindAsync(string ownerId, long uploadId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var found = await db.Set<BacktestUpload>().Where(u => u.Id == uploadId && u.OwnerId == ownerId)
            .Select(u => new { u.Interval, u.FromMs, u.ToMs }).FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : (found.Interval, found.FromMs, found.ToMs);
    }

    /// <summary>The upload's candles with open time in [<paramref name="fromMs"/>, <paramref name="toMs"/>] when it is <paramref name="ownerId"/>'s; null otherwise.</summary>
    public async Task<Candle[]?> ReadAsync(string ownerId, long uploadId, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var packed = await db.Set<BacktestUpload>().Where(u => u.Id == uploadId && u.OwnerId == ownerId)
            .Select(u => u.Candles).FirstOrDefaultAsync(cancellationToken);
        return packed is null ? null : [.. Unpack(packed).Where(c => c.OpenTimeMs >= fromMs && c.OpenTimeMs <= toMs)];
    }

    internal static byte[] Pack(IReadOnlyList<Candle> candles)
    {
        var raw = new byte[candles.Count * BytesPerCandle];
        for (var i = 0; i < candles.Count; i++)
        {
            var span = raw.AsSpan(i * BytesPerCandle, BytesPerCandle);
            var c = candles[i];
            BinaryPrimitives.WriteInt64LittleEndian(span, c.OpenTimeMs);
            BinaryPrimitives.WriteDoubleLittleEndian(span[8..], c.Open);
            BinaryPrimitives.WriteDoubleLittleEndian(span[16..], c.High);
            BinaryPrimitives.WriteDoubleLittleEndian(span[24..], c.Low);
            BinaryPrimitives.WriteDoubleLittleEndian(span[32..], c.Close);
            BinaryPrimitives.WriteDoubleLittleEndian(span[40..], c.Volume);
        }

        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest))
            deflate.Write(raw);
        return output.ToArray();
    }

    internal static Candle[] Unpack(byte[] packed)
    {
        using var input = new DeflateStream(new MemoryStream(packed), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        input.CopyTo(raw);
        var bytes = raw.GetBuffer().AsSpan(0, (int)raw.Length);
        var candles = new Candle[bytes.Length / BytesPerCandle];
        for (var i = 0; i < candles.Length; i++)
        {
            var span = bytes.Slice(i * BytesPerCandle, BytesPerCandle);
            candles[i] = new Candle(BinaryPrimitives.ReadInt64LittleEndian(span), BinaryPrimitives.ReadDoubleLittleEndian(span[8..]),
                BinaryPrimitives.ReadDoubleLittleEndian(span[16..]), BinaryPrimitives.ReadDoubleLittleEndian(span[24..]),
                BinaryPrimitives.ReadDoubleLittleEndian(span[32..]), BinaryPrimitives.ReadDoubleLittleEndian(span[40..]));
        }

        return candles;
    }
}
