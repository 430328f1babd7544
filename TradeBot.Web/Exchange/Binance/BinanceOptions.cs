using System.ComponentModel.DataAnnotations;

namespace TradeBot.Web.Exchange.Binance;

/// <summary>Binance endpoints and client behaviour (section <c>Exchange:Binance</c>), validated at startup.</summary>
public sealed class BinanceOptions : IValidatableObject
{
    public const string Section = "Exchange:Binance";

    /// <summary>Spot REST base (also serves <c>/sapi</c> wallet endpoints).</summary>
    public string SpotBaseUrl { get; set; } = "https://api.binance.com";

    /// <summary>USD-M futures REST base.</summary>
    public string FuturesBaseUrl { get; set; } = "https://fapi.binance.com";

    /// <summary>Spot testnet REST base (no <c>/sapi</c> there).</summary>
    public string SpotTestnetBaseUrl { get; set; } = "https://testnet.binance.vision";

    /// <summary>USD-M futures testnet REST base.</summary>
    public string FuturesTestnetBaseUrl { get; set; } = "https://testnet.binancefuture.com";

    /// <summary>Spot market streams; the client appends <c>/ws/&lt;stream&gt;</c>.</summary>
    public string SpotStreamUrl { get; set; } = "wss://stream.binance.com:9443";

    /// <summary>USD-M market streams (the <c>/market</c> split of 2026; kline lives there).</summary>
    public string FuturesStreamUrl { get; set; } = "wss://fstream.binance.com/market";

    /// <summary>Spot testnet market streams.</summary>
    public string SpotTestnetStreamUrl { get; set; } = "wss://stream.testnet.binance.vision";

    /// <summary>USD-M futures testnet market streams.</summary>
    public string FuturesTestnetStreamUrl { get; set; } = "wss://fstream.binancefuture.com";

    /// <summary>How long after its timestamp Binance may still accept a signed request (max 60000).</summary>
    [Range(1, 60_000)]
    public int RecvWindowMs { get; set; } = 5000;

    /// <summary>Timeout of one HTTP attempt.</summary>
    [Range(1, 300)]
    public int RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>Timeout of a call including the resilience retries of reads.</summary>
    [Range(1, 600)]
    public int TotalTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// While a 429/418 back-off is running, a call waits for it when no more than this remains, and otherwise
    /// fails at once with <see cref="ExchangeErrorKind.RateLimited"/> and the remaining time.
    /// </summary>
    [Range(0, 60_000)]
    public int RateLimitWaitThresholdMs { get; set; } = 1000;

    /// <summary>How often an order whose outcome is unknown is looked up by its client order id.</summary>
    [Range(1, 20)]
    public int OrderLookupAttempts { get; set; } = 4;

    /// <summary>Pause before each such lookup (the venue's processing window).</summary>
    [Range(0, 60_000)]
    public int OrderLookupDelayMs { get; set; } = 500;

    /// <summary>Consecutive WebSocket failures after which the kline stream polls REST instead for a while.</summary>
    [Range(1, 100)]
    public int StreamFailuresBeforePolling { get; set; } = 3;

    /// <summary>Longest pause between WebSocket reconnects (the back-off doubles from 1 s up to this).</summary>
    [Range(1, 600)]
    public int StreamReconnectMaxDelaySeconds { get; set; } = 30;

    /// <summary>Reconnect proactively after this long; Binance closes a stream connection at 24 h.</summary>
    [Range(1, 1439)]
    public int StreamMaxConnectionMinutes { get; set; } = 23 * 60 + 30;

    /// <summary>Poll interval of the REST fallback of the kline stream.</summary>
    [Range(1, 3600)]
    public int PollIntervalSeconds { get; set; } = 5;

    /// <summary>How long the stream polls before it tries the WebSocket again.</summary>
    [Range(1, 3600)]
    public int PollingBeforeStreamRetrySeconds { get; set; } = 300;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(SpotBaseUrl), SpotBaseUrl), (nameof(FuturesBaseUrl), FuturesBaseUrl),
                     (nameof(SpotTestnetBaseUrl), SpotTestnetBaseUrl), (nameof(FuturesTestnetBaseUrl), FuturesTestnetBaseUrl),
                 })
        {
            if (!IsAbsolute(value, "http", "https"))
            {
                yield return new ValidationResult($"{name} must be an absolute http(s) URL.", [name]);
            }
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(SpotStreamUrl), SpotStreamUrl), (nameof(FuturesStreamUrl), FuturesStreamUrl),
                     (nameof(SpotTestnetStreamUrl), SpotTestnetStreamUrl), (nameof(FuturesTestnetStreamUrl), FuturesTestnetStreamUrl),
                 })
        {
            if (!IsAbsolute(value, "ws", "wss"))
            {
                yield return new ValidationResult($"{name} must be an absolute ws(s) URL.", [name]);
            }
        }
    }

    private static bool IsAbsolute(string? value, string plain, string secure) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == plain || uri.Scheme == secure);
}
