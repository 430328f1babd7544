using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TradeBot.Domain.Market;

namespace TradeBot.Web.Exchange.Binance;

/// <summary>
/// The <c>&lt;symbol&gt;@kline_&lt;interval&gt;</c> market stream over <see cref="ClientWebSocket"/> (which answers the
/// server's pings itself). Reconnects with a doubling back-off, reconnects proactively before Binance's 24 h limit,
/// and after repeated failures polls REST klines for a while before trying the socket again. A closed candle is
/// yielded at most once.
/// </summary>
public sealed class BinanceKlineStream(IOptions<BinanceOptions> options, TimeProvider time, ILogger<BinanceKlineStream> logger)
{
    private readonly BinanceOptions _options = options.Value;

    public async IAsyncEnumerable<KlineUpdate> StreamAsync(
        BinanceExchange exchange, MarketType market, string symbol, Interval interval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var uri = new Uri($"{exchange.StreamUrl(market).ToString().TrimEnd('/')}/ws/{symbol.ToLowerInvariant()}@kline_{interval.Code}");
        var failures = 0;
        var lastClosedOpen = long.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (failures >= _options.StreamFailuresBeforePolling)
            {
                logger.LogWarning("Binance kline stream {Stream} failed {Failures} times; polling REST for now", uri.AbsolutePath, failures);
                await foreach (var update in PollAsync(exchange, market, symbol, interval, lastClosedOpen, cancellationToken))
                {
                    lastClosedOpen = update.IsClosed ? update.Candle.OpenTimeMs : lastClosedOpen;
                    yield return update;
                }

                failures = 0;
                continue;
            }

            using var socket = await ConnectAsync(uri, cancellationToken);
            var received = false;
            if (socket is not null)
            {
                using var lifetime = new CancellationTokenSource(TimeSpan.FromMinutes(_options.StreamMaxConnectionMinutes), time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.Token);
                var buffer = new ArrayBufferWriter<byte>(4096);
                while (await ReceiveAsync(socket, buffer, linked.Token))
                {
                    if (Parse(buffer.WrittenSpan, symbol, interval) is not { } update || (update.IsClosed && update.Candle.OpenTimeMs <= lastClosedOpen))
                    {
                        continue;
                    }

                    received = true;
                    failures = 0;
                    lastClosedOpen = update.IsClosed ? update.Candle.OpenTimeMs : lastClosedOpen;
                    yield return update;
                }

                await CloseQuietlyAsync(socket);
                if (lifetime.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    logger.LogInformation("Binance kline stream {Stream}: proactive reconnect before the 24 h limit", uri.AbsolutePath);
                    continue;
                }
            }

            if (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            failures = received ? 0 : failures + 1;
            var delay = received ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(Math.Min(_options.StreamReconnectMaxDelaySeconds, Math.Pow(2, failures - 1)));
            logger.LogInformation("Binance kline stream {Stream} closed; reconnecting in {Delay}", uri.AbsolutePath, delay);
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    /// <summary>Polls klines for <see cref="BinanceOptions.PollingBeforeStreamRetrySeconds"/>, yielding the forming candle and each newly closed one.</summary>
    private async IAsyncEnumerable<KlineUpdate> PollAsync(
        BinanceExchange exchange, MarketType market, string symbol, Interval interval, long lastClosedOpen, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow().AddSeconds(_options.PollingBeforeStreamRetrySeconds);
        while (!cancellationToken.IsCancellationRequested && time.GetUtcNow() < until)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var candles = await exchange.GetCandlesAsync(market, symbol, interval, now - 3 * interval.DurationMs, now, cancellationToken);
            if (candles.IsSuccess)
            {
                foreach (var candle in candles.Value)
                {
                    var isClosed = candle.OpenTimeMs + interval.DurationMs <= now;
                    if (!isClosed || candle.OpenTimeMs > lastClosedOpen)
                    {
                        lastClosedOpen = isClosed ? candle.OpenTimeMs : lastClosedOpen;
                        yield return new KlineUpdate(symbol, interval, candle, isClosed);
                    }
                }
            }
            else
            {
                logger.LogWarning("Binance kline polling of {Symbol} failed: {Error}", symbol, candles.Error);
            }

            await Task.Delay(TimeSpan.FromSeconds(_options.PollIntervalSeconds), time, cancellationToken);
        }
    }

    private async Task<ClientWebSocket?> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.RequestTimeoutSeconds), time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            await socket.ConnectAsync(uri, linked.Token);
            logger.LogInformation("Binance kline stream {Stream} connected", uri.AbsolutePath);
            return socket;
        }
        catch (Exception exception) when (exception is WebSocketException or HttpRequestException or OperationCanceledException)
        {
            logger.LogWarning("Binance kline stream {Stream} could not connect: {Failure}", uri.AbsolutePath, exception.Message);
            socket.Dispose();
            return null;
        }
    }

    /// <summary>Reads one whole text message into <paramref name="buffer"/>; false when the connection ended for any reason.</summary>
    private static async Task<bool> ReceiveAsync(ClientWebSocket socket, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        buffer.ResetWrittenCount();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return false;
                }

                buffer.Advance(result.Count);
                if (result.EndOfMessage)
                {
                    return true;
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            return false;
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
            {
                // The connection is going anyway.
            }
        }
    }

    /// <summary>A kline event (<c>{"e":"kline",…,"k":{"t":…,"o":"…",…,"x":true}}</c>) or null for anything else.</summary>
    public static KlineUpdate? Parse(ReadOnlySpan<byte> message, string symbol, Interval interval)
    {
        var reader = new Utf8JsonReader(message);
        using var document = JsonDocument.ParseValue(ref reader);
        if (!document.RootElement.TryGetProperty("k", out var k))
        {
            return null;
        }

        var candle = new Candle(
            k.GetProperty("t").GetInt64(), Number(k, "o"), Number(k, "h"), Number(k, "l"), Number(k, "c"), Number(k, "v"));
        return new KlineUpdate(symbol, interval, candle, k.GetProperty("x").GetBoolean());
    }

    private static double Number(JsonElement element, string name) =>
        double.Parse(element.GetProperty(name).GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}
