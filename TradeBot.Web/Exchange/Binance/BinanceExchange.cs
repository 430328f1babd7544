using System.Text.Json;
using TradeBot.Domain.Market;

namespace TradeBot.Web.Exchange.Binance;

/// <summary>
/// Binance spot (<c>/api/v3</c>) and USD-M futures (<c>/fapi</c>) for one API key, or public market data when
/// <see cref="Key"/> is null. Created by <see cref="BinanceExchangeFactory"/>; cheap, holds no connections.
/// </summary>
public sealed partial class BinanceExchange : IMarketData, ITradingAccount
{
    private readonly BinanceTransport _transport;
    private readonly BinanceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BinanceExchange> _logger;
    private readonly BinanceKlineStream _stream;

    public BinanceExchange(
        BinanceTransport transport, BinanceOptions options, BinanceKey? key, bool isTestnet, TimeProvider time,
        ILogger<BinanceExchange> logger, BinanceKlineStream stream)
    {
        _transport = transport;
        _options = options;
        Key = key;
        IsTestnet = isTestnet;
        _time = time;
        _logger = logger;
        _stream = stream;
    }

    /// <summary>The key trading calls are signed with; null for market data only.</summary>
    public BinanceKey? Key { get; }

    public bool IsTestnet { get; }

    /// <summary>Used-weight and order-count headers of the hosts this exchange calls.</summary>
    public BinanceUsage UsageOf(MarketType market) => _transport.Hosts.For(BaseUrl(market)).Usage;

    public Uri BaseUrl(MarketType market) => new((market, IsTestnet) switch
    {
        (MarketType.Spot, false) => _options.SpotBaseUrl,
        (MarketType.Spot, true) => _options.SpotTestnetBaseUrl,
        (_, false) => _options.FuturesBaseUrl,
        (_, true) => _options.FuturesTestnetBaseUrl,
    });

    public Uri StreamUrl(MarketType market) => new((market, IsTestnet) switch
    {
        (MarketType.Spot, false) => _options.SpotStreamUrl,
        (MarketType.Spot, true) => _options.SpotTestnetStreamUrl,
        (_, false) => _options.FuturesStreamUrl,
        (_, true) => _options.FuturesTestnetStreamUrl,
    });

    /// <summary>Resyncs the server-time offset of the market's host now (normally done lazily and on -1021).</summary>
    public async Task<ExchangeResult<long>> SyncTimeAsync(MarketType market, CancellationToken cancellationToken)
    {
        var call = Call(market, HttpMethod.Get, market == MarketType.Spot ? "/api/v3/time" : "/fapi/v1/time", new BinanceQuery(), BinanceSecurity.None);
        return await _transport.SyncClockAsync(call, _transport.Hosts.For(call.BaseUrl), force: true, cancellationToken);
    }

    private BinanceCall Call(MarketType market, HttpMethod method, string path, BinanceQuery query, BinanceSecurity security, bool isMutating = false) =>
        new(method, BaseUrl(market), path, BinanceCall.TimePathOf(path), query, security, security == BinanceSecurity.None ? null : Key, isMutating);

    private static string Prefix(MarketType market) => market == MarketType.Spot ? "/api/v3" : "/fapi/v1";

    private ExchangeError? NeedsKey() =>
        Key is null ? new ExchangeError(ExchangeErrorKind.AuthFailure, "no API key: this Binance client serves market data only") : null;

    /// <summary>Sends a call and reads its JSON answer with <paramref name="read"/>.</summary>
    private async Task<ExchangeResult<T>> SendAsync<T>(BinanceCall call, Func<JsonElement, T> read, CancellationToken cancellationToken)
    {
        var response = await _transport.SendAsync(call, cancellationToken);
        if (!response.IsSuccess)
        {
            return response.Error!;
        }

        try
        {
            using var document = JsonDocument.Parse(response.Value);
            return read(document.RootElement);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            _logger.LogError(exception, "Unexpected Binance answer to {Path}", call.Path);
            return new ExchangeError(call.IsMutating ? ExchangeErrorKind.OutcomeUnknown : ExchangeErrorKind.Rejected, $"unexpected answer to {call.Path}");
        }
    }
}
