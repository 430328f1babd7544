using System.Text;

namespace TradeBot.Web.Exchange.Binance;

/// <summary>How a Binance endpoint is secured: public, key header only, or key header plus timestamp and signature.</summary>
public enum BinanceSecurity
{
    None,
    ApiKey,
    Signed,
}

/// <summary>An API key with its secret as bytes, ready to sign. Neither is ever logged.</summary>
public sealed class BinanceKey(string apiKey, string secret)
{
    public string ApiKey { get; } = apiKey;

    internal byte[] Secret { get; } = Encoding.UTF8.GetBytes(secret);

    public override string ToString() => $"BinanceKey(…{ApiKey[^Math.Min(4, ApiKey.Length)..]})";
}

/// <summary>One REST call: host, path and parameters (without timestamp/signature, added per attempt).</summary>
/// <param name="TimePath">The host's server-time endpoint, used to resync the clock.</param>
/// <param name="IsMutating">True for calls that change state (orders, transfers): their lost responses are outcome-unknown.</param>
public sealed record BinanceCall(
    HttpMethod Method, Uri BaseUrl, string Path, string TimePath, BinanceQuery Query, BinanceSecurity Security, BinanceKey? Key, bool IsMutating)
{
    public static string TimePathOf(string path) => path.StartsWith("/fapi", StringComparison.Ordinal) ? "/fapi/v1/time" : "/api/v3/time";
}
