using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TradeBot.Web.Exchange.Binance;

namespace TradeBot.Tests.Exchange;

/// <summary>What the fake does to the next request(s) of a path instead of (or after) answering normally.</summary>
public enum FakeFaultKind
{
    /// <summary>429 with Retry-After.</summary>
    TooManyRequests,

    /// <summary>418 (IP ban) with Retry-After.</summary>
    Banned,

    /// <summary>-1021 timestamp outside recvWindow.</summary>
    InvalidTimestamp,

    /// <summary>-2010 insufficient balance.</summary>
    InsufficientBalance,

    /// <summary>-1013 Filter failure: LOT_SIZE.</summary>
    FilterFailure,

    /// <summary>The request is processed (an order is placed), then 503 "Unknown error" is answered.</summary>
    ServiceUnavailableAfterAccept,

    /// <summary>The request is processed, then the connection is dropped without an answer.</summary>
    DropAfterAccept,

    /// <summary>The request is processed and its answer comes after <see cref="FakeFault.Delay"/> (zero: a plain pass).</summary>
    Slow,

    /// <summary>503 "Service Unavailable." without processing the request.</summary>
    ServiceUnavailable,

    /// <summary>-2013 "Order does not exist." whatever the fake holds (a lookup racing the order).</summary>
    NoSuchOrder,
}

public sealed record FakeFault(FakeFaultKind Kind, int RetryAfterSeconds = 1, TimeSpan Delay = default);

/// <summary>
/// A real Kestrel server on 127.0.0.1 speaking Binance's spot, USD-M futures and wallet REST endpoints that our client
/// calls, with Binance's JSON shapes. Checks the API key, the HMAC signature over the exact query sent, the timestamp
/// and recvWindow. Keeps balances and orders (a repeated client order id is refused with -2010 "Duplicate order sent.",
/// stricter than Binance, which refuses it only while the first order is open). Faults are injected per path.
/// </summary>
public sealed partial class FakeBinanceServer : IAsyncDisposable
{
    public const string ApiKey = "fake-api-key-0123456789";
    public const string Secret = "fake-secret-abcdefghijklmnopqrstuvwxyz";

    private static readonly HashSet<string> PublicPaths =
    [
        "/api/v3/time", "/fapi/v1/time", "/api/v3/exchangeInfo", "/fapi/v1/exchangeInfo", "/api/v3/klines", "/fapi/v1/klines",
        "/api/v3/ticker/price", "/fapi/v1/ticker/price",
    ];

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeFault>> _faults = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _rawRequests = new();
    private long _usedWeight;

    private FakeBinanceServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public Uri StreamUrl { get; private set; } = null!;

    /// <summary>Server time minus local time; a positive skew makes the client's first timestamps look too old.</summary>
    public TimeSpan ClockSkew { get; set; }

    public long ServerTimeMs => DateTimeOffset.UtcNow.Add(ClockSkew).ToUnixTimeMilliseconds();

    /// <summary>Paths in the order they were requested (before faults).</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Paths with their query strings, signatures included.</summary>
    public IReadOnlyList<string> RawRequests => [.. _rawRequests];

    public int CountOf(string path) => _requests.Count(p => p == path);

    public static async Task<FakeBinanceServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeBinanceServer(app);
        app.UseWebSockets();
        app.Use(server.GuardAsync);
        server.MapMarket(app);
        server.MapTrading(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server.BaseUrl = address;
        server.StreamUrl = new Uri($"ws://{address.Authority}");
        return server;
    }

    /// <summary>Makes the next <paramref name="times"/> requests of <paramref name="path"/> fail as <paramref name="fault"/> says.</summary>
    public void InjectFault(string path, FakeFault fault, int times = 1)
    {
        var queue = _faults.GetOrAdd(path, _ => new ConcurrentQueue<FakeFault>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(fault);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "";
        _requests.Enqueue(path);
        _rawRequests.Enqueue(path + context.Request.QueryString.Value);
        context.Response.Headers["X-MBX-USED-WEIGHT-1M"] = Interlocked.Increment(ref _usedWeight).ToString(CultureInfo.InvariantCulture);
        if (context.WebSockets.IsWebSocketRequest)
        {
            await next(context);
            return;
        }

        if (!PublicPaths.Contains(path) && await RejectUnsignedAsync(context))
        {
            return;
        }

        FakeFault? fault = _faults.TryGetValue(path, out var queue) && queue.TryDequeue(out var next1) ? next1 : null;
        switch (fault?.Kind)
        {
            case FakeFaultKind.TooManyRequests or FakeFaultKind.Banned:
                context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await ErrorAsync(context, fault.Kind == FakeFaultKind.Banned ? 418 : 429, -1003, "Too many requests; current limit is 6000 request weight per 1 MINUTE.");
                return;
            case FakeFaultKind.InvalidTimestamp:
                await ErrorAsync(context, 400, -1021, "Timestamp for this request is outside of the recvWindow.");
                return;
            case FakeFaultKind.InsufficientBalance:
                await ErrorAsync(context, 400, -2010, "Account has insufficient balance for requested action.");
                return;
            case FakeFaultKind.FilterFailure:
                await ErrorAsync(context, 400, -1013, "Filter failure: LOT_SIZE");
                return;
            case FakeFaultKind.NoSuchOrder:
                await ErrorAsync(context, 400, -2013, "Order does not exist.");
                return;
            case FakeFaultKind.ServiceUnavailable:
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("Service Unavailable.");
                return;
        }

        if (fault is null)
        {
            await next(context);
            return;
        }

        // The request is processed in full; only its answer is delayed, replaced or lost.
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        await next(context);
        context.Response.Body = original;
        switch (fault.Kind)
        {
            case FakeFaultKind.DropAfterAccept:
                context.Abort();
                return;
            case FakeFaultKind.ServiceUnavailableAfterAccept:
                context.Response.Clear();
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("Unknown error, please check your request or try again later.");
                return;
            default:
                await Task.Delay(fault.Delay, CancellationToken.None);
                buffer.Position = 0;
                await buffer.CopyToAsync(original, CancellationToken.None);
                return;
        }
    }

    /// <summary>Binance's checks of a signed request, in its order: key, timestamp window, signature.</summary>
    private async Task<bool> RejectUnsignedAsync(HttpContext context)
    {
        if (context.Request.Headers["X-MBX-APIKEY"] != ApiKey)
        {
            await ErrorAsync(context, 401, -2015, "Invalid API-key, IP, or permissions for action.");
            return true;
        }

        var query = context.Request.QueryString.Value is { Length: > 1 } q ? q[1..] : "";
        var at = query.LastIndexOf("&signature=", StringComparison.Ordinal);
        var recvWindow = long.TryParse(context.Request.Query["recvWindow"], out var window) ? window : 5000;
        if (at < 0 || !long.TryParse(context.Request.Query["timestamp"], out var timestamp))
        {
            await ErrorAsync(context, 400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
            return true;
        }

        var now = ServerTimeMs;
        if (timestamp >= now + 1000 || now - timestamp > recvWindow)
        {
            await ErrorAsync(context, 400, -1021, "Timestamp for this request is outside of the recvWindow.");
            return true;
        }

        var expected = BinanceSigner.Sign(Encoding.UTF8.GetBytes(Secret), query[..at]);
        if (!string.Equals(expected, query[(at + "&signature=".Length)..], StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(context, 400, -1022, "Signature for this request is not valid.");
            return true;
        }

        return false;
    }

    private static Task ErrorAsync(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new Dictionary<string, object> { ["code"] = code, ["msg"] = message });
    }

    private static string D(decimal value) => BinanceQuery.FormatDecimal(value);
}
