namespace TradeBot.Domain.Market;

/// <summary>
/// One closed kline of one symbol and interval. Prices are doubles (TA-Lib convention, and fast enough for
/// 20 million candles a second); money and quantities become exact decimals only at the fill.
/// </summary>
/// <param name="OpenTimeMs">Open time, Unix milliseconds, UTC.</param>
/// <param name="Open">First trade price of the candle.</param>
/// <param name="High">Highest trade price of the candle.</param>
/// <param name="Low">Lowest trade price of the candle.</param>
/// <param name="Close">Last trade price of the candle.</param>
/// <param name="Volume">Base asset volume.</param>
public readonly record struct Candle(long OpenTimeMs, double Open, double High, double Low, double Close, double Volume)
{
    /// <summary>Open time as a UTC <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset OpenTime => DateTimeOffset.FromUnixTimeMilliseconds(OpenTimeMs);
}
