using System.Buffers.Text;
using System.Text.Json;
using TradeBot.Domain.Market;

namespace TradeBot.Web.Exchange.Binance;

/// <summary>
/// Reads a Binance klines response (<c>[[openTime,"open","high","low","close","volume",closeTime,…],…]</c>) straight
/// from the UTF-8 bytes with <see cref="Utf8JsonReader"/>: no strings are made for the decimal fields.
/// </summary>
public static class BinanceKlineParser
{
    /// <summary>Appends every kline of <paramref name="json"/> to <paramref name="into"/>; returns how many were read.</summary>
    public static int Parse(ReadOnlySpan<byte> json, List<Candle> into)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("klines: expected an array");
        }

        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            var openTime = reader.GetInt64();
            var open = NextDouble(ref reader);
            var high = NextDouble(ref reader);
            var low = NextDouble(ref reader);
            var close = NextDouble(ref reader);
            var volume = NextDouble(ref reader);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
            }

            into.Add(new Candle(openTime, open, high, low, close, volume));
            count++;
        }

        return count;
    }

    internal static double NextDouble(ref Utf8JsonReader reader)
    {
        reader.Read();
        return ReadDouble(ref reader);
    }

    internal static double ReadDouble(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetDouble();
        }

        if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped
            && Utf8Parser.TryParse(reader.ValueSpan, out double value, out var consumed) && consumed == reader.ValueSpan.Length)
        {
            return value;
        }

        throw new JsonException($"expected a number at {reader.TokenStartIndex}");
    }
}
