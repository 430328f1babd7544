using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TradeBot.Domain.Market;

namespace TradeBot.Tests.Exchange;

public sealed partial class FakeBinanceServer
{
    private int _streamConnections;
    private long _streamCandle;

    public decimal BtcPrice { get; set; } = 50_000m;

    /// <summary>Open time of the first kline the fake has; klines exist every interval from here to <see cref="KlineLastOpenMs"/>.</summary>
    public long KlineFirstOpenMs { get; set; } = 1_700_000_000_000 / 3_600_000 * 3_600_000;

    public long KlineLastOpenMs { get; set; } = 1_700_000_000_000 / 3_600_000 * 3_600_000 + 9_999 * 60_000L;

    /// <summary>Open times Binance has no kline for (maintenance); paging must not invent or lose any others.</summary>
    public HashSet<long> KlineGaps { get; } = [];

    /// <summary>Candles a WebSocket connection delivers (a forming and a closed update each) before the fake drops it.</summary>
    public int StreamCandlesPerConnection { get; set; } = 2;

    public int StreamConnections => _streamConnections;

    /// <summary>The fake's kline at <paramref name="openTimeMs"/>: a deterministic function of the time.</summary>
    public static Candle KlineAt(long openTimeMs)
    {
        var basis = 100 + (openTimeMs / 60_000 % 1000) * 0.5;
        return new Candle(openTimeMs, basis, basis + 2, basis - 1, basis + 1, 10 + openTimeMs / 60_000 % 7);
    }

    private void MapMarket(IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "/api/v3", "/fapi/v1" })
        {
            var spot = prefix == "/api/v3";
            app.MapGet($"{prefix}/time", () => Results.Json(new { serverTime = ServerTimeMs }));
            app.MapGet($"{prefix}/exchangeInfo", () => Results.Text(spot ? SpotExchangeInfo : FuturesExchangeInfo, "application/json"));
            app.MapGet($"{prefix}/ticker/price", (string symbol) => Results.Json(new { symbol, price = D(PriceOf(symbol)) }));
            app.MapGet($"{prefix}/klines", (string symbol, string interval, long? startTime, long? endTime, int? limit) =>
                Klines(interval, startTime ?? KlineFirstOpenMs, endTime ?? long.MaxValue, Math.Min(limit ?? 500, spot ? 1000 : 1500)));
        }

        app.Map("/ws/{stream}", StreamAsync);
        app.Map("/market/ws/{stream}", StreamAsync);
    }

    private decimal PriceOf(string symbol) => symbol.StartsWith("BTC", StringComparison.Ordinal) ? BtcPrice : 2_000m;

    private IResult Klines(string interval, long startTime, long endTime, int limit)
    {
        var step = Interval.Parse(interval).DurationMs;
        var first = Math.Max(KlineFirstOpenMs, KlineFirstOpenMs + (startTime - KlineFirstOpenMs + step - 1) / step * step);
        var json = new StringBuilder("[");
        var count = 0;
        for (var open = first; open <= Math.Min(endTime, KlineLastOpenMs) && count < limit; open += step)
        {
            if (KlineGaps.Contains(open))
            {
                continue;
            }

            var c = KlineAt(open);
            json.Append(count++ == 0 ? "" : ",").Append(FormattableString.Invariant(
                $"[{open},\"{c.Open:0.00000000}\",\"{c.High:0.00000000}\",\"{c.Low:0.00000000}\",\"{c.Close:0.00000000}\",\"{c.Volume:0.00000000}\",{open + step - 1},\"1000.0\",42,\"5.0\",\"500.0\",\"0\"]"));
        }

        return Results.Text(json.Append(']').ToString(), "application/json");
    }

    private async Task StreamAsync(HttpContext context, string stream)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        Interlocked.Increment(ref _streamConnections);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var symbol = stream[..stream.IndexOf('@')].ToUpperInvariant();
        var interval = Interval.Parse(stream[(stream.IndexOf("kline_", StringComparison.Ordinal) + 6)..]);
        for (var i = 0; i < StreamCandlesPerConnection; i++)
        {
            var open = KlineFirstOpenMs + Interlocked.Increment(ref _streamCandle) * interval.DurationMs;
            foreach (var closed in new[] { false, true })
            {
                var c = KlineAt(open);
                var message = FormattableString.Invariant(
                    $"{{\"e\":\"kline\",\"E\":{open + 1},\"s\":\"{symbol}\",\"k\":{{\"t\":{open},\"T\":{open + interval.DurationMs - 1},\"s\":\"{symbol}\",\"i\":\"{interval.Code}\",\"f\":1,\"L\":2,\"o\":\"{c.Open}\",\"c\":\"{c.Close}\",\"h\":\"{c.High}\",\"l\":\"{c.Low}\",\"v\":\"{c.Volume}\",\"n\":2,\"x\":{(closed ? "true" : "false")},\"q\":\"1\",\"V\":\"1\",\"Q\":\"1\",\"B\":\"0\"}}}}");
                await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, context.RequestAborted);
                await Task.Delay(10, context.RequestAborted);
            }
        }

        // Drop without a close handshake, as a network failure or Binance's 24 h cut would.
        context.Abort();
    }

    private const string SpotExchangeInfo = """
        {"timezone":"UTC","serverTime":1565246363776,"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000}],
         "exchangeFilters":[],"symbols":[
          {"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC","baseAssetPrecision":8,"quoteAsset":"USDT","quotePrecision":8,
           "orderTypes":["LIMIT","MARKET"],"isSpotTradingAllowed":true,"filters":[
            {"filterType":"PRICE_FILTER","minPrice":"0.01000000","maxPrice":"1000000.00000000","tickSize":"0.01000000"},
            {"filterType":"LOT_SIZE","minQty":"0.00001000","maxQty":"9000.00000000","stepSize":"0.00001000"},
            {"filterType":"ICEBERG_PARTS","limit":10},
            {"filterType":"MARKET_LOT_SIZE","minQty":"0.00000000","maxQty":"112.50000000","stepSize":"0.00000000"},
            {"filterType":"NOTIONAL","minNotional":"5.00000000","applyMinToMarket":true,"maxNotional":"9000000.00000000","applyMaxToMarket":false,"avgPriceMins":5}],
           "permissions":[],"permissionSets":[["SPOT","MARGIN"]]},
          {"symbol":"ETHBTC","status":"BREAK","baseAsset":"ETH","quoteAsset":"BTC","filters":[
            {"filterType":"PRICE_FILTER","minPrice":"0.00001000","maxPrice":"922327.00000000","tickSize":"0.00001000"},
            {"filterType":"LOT_SIZE","minQty":"0.00010000","maxQty":"100000.00000000","stepSize":"0.00010000"},
            {"filterType":"MIN_NOTIONAL","minNotional":"0.00010000","applyToMarket":true,"avgPriceMins":5}]}]}
        """;

    private const string FuturesExchangeInfo = """
        {"timezone":"UTC","serverTime":1565246363776,"rateLimits":[],"exchangeFilters":[],"assets":[],"symbols":[
          {"symbol":"BTCUSDT","pair":"BTCUSDT","contractType":"PERPETUAL","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT","marginAsset":"USDT",
           "pricePrecision":2,"quantityPrecision":3,"filters":[
            {"filterType":"PRICE_FILTER","minPrice":"556.80","maxPrice":"4529764","tickSize":"0.10"},
            {"filterType":"LOT_SIZE","minQty":"0.001","maxQty":"1000","stepSize":"0.001"},
            {"filterType":"MARKET_LOT_SIZE","minQty":"0.001","maxQty":"120","stepSize":"0.001"},
            {"filterType":"MAX_NUM_ORDERS","limit":200},
            {"filterType":"MIN_NOTIONAL","notional":"100"},
            {"filterType":"PERCENT_PRICE","multiplierUp":"1.0500","multiplierDown":"0.9500","multiplierDecimal":"4"}]},
          {"symbol":"ETHUSDT","pair":"ETHUSDT","contractType":"PERPETUAL","status":"TRADING","baseAsset":"ETH","quoteAsset":"USDT","filters":[
            {"filterType":"PRICE_FILTER","minPrice":"39.86","maxPrice":"306177","tickSize":"0.01"},
            {"filterType":"LOT_SIZE","minQty":"0.001","maxQty":"10000","stepSize":"0.001"},
            {"filterType":"MIN_NOTIONAL","notional":"20"}]}]}
        """;
}
