using System.Globalization;
using System.Net;
using System.Text.Json;
using Polly.Timeout;

namespace TradeBot.Web.Exchange.Binance;

/// <summary>
/// Sends Binance REST calls: waits on or fails fast at the host's 429/418 gate, signs with the synced server time,
/// resyncs and retries once on -1021, records used-weight headers, and turns every failure into an
/// <see cref="ExchangeError"/>. The query string of a signed call (it holds the signature) is never logged.
/// </summary>
public sealed class BinanceTransport(HttpClient http, BinanceHosts hosts, BinanceOptions options, TimeProvider time, ILogger<BinanceTransport> logger)
{
    public const string HttpClientName = "Binance";

    public BinanceHosts Hosts => hosts;

    public async Task<ExchangeResult<byte[]>> SendAsync(BinanceCall call, CancellationToken cancellationToken)
    {
        var host = hosts.For(call.BaseUrl);
        for (var attempt = 0; ; attempt++)
        {
            var gateWait = host.Gate.Remaining;
            if (gateWait > TimeSpan.Zero)
            {
                if (gateWait > TimeSpan.FromMilliseconds(options.RateLimitWaitThresholdMs))
                {
                    return new ExchangeError(ExchangeErrorKind.RateLimited, "Binance back-off after 429/418 is running", RetryAfter: gateWait);
                }

                await Task.Delay(gateWait, time, cancellationToken);
            }

            if (call.Security == BinanceSecurity.Signed && host.Clock.IsStale)
            {
                await SyncClockAsync(call, host, force: false, cancellationToken);
            }

            var result = await SendOnceAsync(call, host, cancellationToken);
            if (result.Error is { Code: -1021 } && attempt == 0)
            {
                logger.LogWarning("Binance rejected the timestamp of {Method} {Path}; resyncing the clock and retrying once", call.Method, call.Path);
                await SyncClockAsync(call, host, force: true, cancellationToken);
                continue;
            }

            return result;
        }
    }

    /// <summary>Measures the server-time offset of the call's host.</summary>
    public async Task<ExchangeResult<long>> SyncClockAsync(BinanceCall call, BinanceHostState host, bool force, CancellationToken cancellationToken)
    {
        await host.SyncLock.WaitAsync(cancellationToken);
        try
        {
            if (!force && !host.Clock.IsStale)
            {
                return host.Clock.OffsetMs;
            }

            var sentAt = time.GetUtcNow().ToUnixTimeMilliseconds();
            var timeCall = new BinanceCall(HttpMethod.Get, call.BaseUrl, call.TimePath, call.TimePath, new BinanceQuery(), BinanceSecurity.None, null, false);
            var result = await SendOnceAsync(timeCall, host, cancellationToken);
            if (!result.IsSuccess)
            {
                return result.Error!;
            }

            using var document = JsonDocument.Parse(result.Value);
            var serverTime = document.RootElement.GetProperty("serverTime").GetInt64();
            host.Clock.Record(serverTime, sentAt, time.GetUtcNow().ToUnixTimeMilliseconds());
            logger.LogDebug("Binance clock offset of {Host} is {OffsetMs} ms", call.BaseUrl.Host, host.Clock.OffsetMs);
            return host.Clock.OffsetMs;
        }
        finally
        {
            host.SyncLock.Release();
        }
    }

    private async Task<ExchangeResult<byte[]>> SendOnceAsync(BinanceCall call, BinanceHostState host, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(call.Method, BuildUri(call, host));
        if (call.Security != BinanceSecurity.None)
        {
            var key = call.Key ?? throw new InvalidOperationException($"{call.Path} needs an API key");
            request.Headers.Add("X-MBX-APIKEY", key.ApiKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
        {
            host.Usage.Record(time.GetUtcNow(), succeeded: false, problem: $"no answer ({exception.GetType().Name}) on {call.Path}");
            return TransportError(call, exception);
        }

        using (response)
        {
            host.Usage.Read(response);
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }
            catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
            {
                return TransportError(call, exception);
            }

            if (response.IsSuccessStatusCode)
            {
                host.Usage.Record(time.GetUtcNow(), succeeded: true, problem: null);
                return body;
            }

            var (code, message) = ReadError(body, response.ReasonPhrase);
            var retryAfter = RetryAfter(response);
            if (response.StatusCode is HttpStatusCode.TooManyRequests || (int)response.StatusCode == 418)
            {
                host.Gate.Close(retryAfter ?? TimeSpan.FromMinutes(1));
                logger.LogWarning("Binance {Status} on {Path}: backing off for {RetryAfter}", (int)response.StatusCode, call.Path, retryAfter);
            }

            var error = BinanceErrors.Map(response.StatusCode, code, message, retryAfter, call.IsMutating);
            host.Usage.Record(time.GetUtcNow(), succeeded: false, problem: $"HTTP {(int)response.StatusCode}{(code is null ? "" : $" code {code}")} on {call.Path}");
            logger.LogInformation("Binance {Method} {Path} failed: {Status} {Code} {Kind}", call.Method, call.Path, (int)response.StatusCode, code, error.Kind);
            return error;
        }
    }

    private Uri BuildUri(BinanceCall call, BinanceHostState host)
    {
        var query = call.Security == BinanceSecurity.Signed
            ? BinanceSigner.SignedQuery(call.Key!.Secret, call.Query.ToString(), options.RecvWindowMs, host.Clock.NowMs)
            : call.Query.ToString();
        var builder = new UriBuilder(call.BaseUrl) { Path = call.Path, Query = query };
        return builder.Uri;
    }

    private static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or TimeoutRejectedException or IOException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private ExchangeError TransportError(BinanceCall call, Exception exception)
    {
        // Nothing left this machine when the connection could not be opened; otherwise a state change may have happened.
        var neverSent = exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError };
        var kind = neverSent || !call.IsMutating ? ExchangeErrorKind.Unreachable : ExchangeErrorKind.OutcomeUnknown;
        logger.LogWarning("Binance {Method} {Path} got no answer ({Failure}): {Kind}", call.Method, call.Path, exception.GetType().Name, kind);
        return new ExchangeError(kind, $"no answer from Binance: {exception.Message}");
    }

    private static (int? Code, string Message) ReadError(byte[] body, string? reason)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : (int?)null;
            var message = root.TryGetProperty("msg", out var m) ? m.GetString() ?? "" : "";
            return (code, message);
        }
        catch (JsonException)
        {
            return (null, reason ?? "error without a JSON body");
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { Delta: { } delta })
        {
            return delta;
        }

        return response.Headers.TryGetValues("Retry-After", out var values)
               && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
