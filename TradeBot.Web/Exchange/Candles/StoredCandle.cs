using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TradeBot.Domain.Market;

namespace TradeBot.Web.Exchange.Candles;

/// <summary>
/// One closed candle in the store. Prices and volume are doubles, not decimals: the Domain's <see cref="Candle"/> is double,
/// so a decimal column would only convert back and forth; REAL/double precision are 8 fixed bytes and round-trip a double
/// exactly, where SQLite would keep a decimal as TEXT (larger, slower to read). Money becomes decimal only at a fill.
/// </summary>
public sealed class StoredCandle
{
    public MarketType Market { get; set; }

    public required string Symbol { get; set; }

    /// <summary>The Binance interval code, e.g. <c>1h</c>.</summary>
    public required string Interval { get; set; }

    public long OpenTimeMs { get; set; }

    public double Open { get; set; }

    public double High { get; set; }

    public double Low { get; set; }

    public double Close { get; set; }

    public double Volume { get; set; }

    public Candle ToCandle() => new(OpenTimeMs, Open, High, Low, Close, Volume);
}

internal sealed class StoredCandleConfiguration : IEntityTypeConfiguration<StoredCandle>
{
    public void Configure(EntityTypeBuilder<StoredCandle> builder)
    {
        builder.ToTable("candles");
        // The primary key is the range-read index: (market, symbol, interval) equality, then open time in order.
        builder.HasKey(c => new { c.Market, c.Symbol, c.Interval, c.OpenTimeMs });
        builder.Property(c => c.Market).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Symbol).HasMaxLength(32);
        builder.Property(c => c.Interval).HasMaxLength(8);
    }
}
