using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace TradeBot.Web.Exchange.Binance;

/// <summary>
/// HMAC-SHA256 request signing as Binance specifies it: lowercase hex of HMAC(secret, payload), where the payload is
/// exactly the percent-encoded query string (plus body) that is sent. Ed25519 keys are not supported: the .NET 10 BCL
/// has no Ed25519 and we add no crypto package for it.
/// </summary>
public static class BinanceSigner
{
    /// <summary>The signature of <paramref name="payload"/> (already percent-encoded, ASCII) under <paramref name="secret"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> secret, string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var length = Encoding.UTF8.GetMaxByteCount(payload.Length);
        byte[]? rented = null;
        var bytes = length <= 1024 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(payload, bytes);
            Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(secret, bytes[..written], hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Appends <c>recvWindow</c> and <c>timestamp</c> to the parameters and returns the full query string to send,
    /// ending with <c>&amp;signature=…</c>.
    /// </summary>
    public static string SignedQuery(ReadOnlySpan<byte> secret, string parameters, int recvWindowMs, long timestampMs)
    {
        var payload = new BinanceQuery(parameters).Add("recvWindow", recvWindowMs).Add("timestamp", timestampMs).ToString();
        return string.Concat(payload, "&signature=", Sign(secret, payload));
    }
}
