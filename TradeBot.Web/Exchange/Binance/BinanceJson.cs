using System.Globalization;
using System.Text.Json;
using TradeBot.Domain.Market;

namespace TradeBot.Web.Exchange.Binance;

/// <summary>Reads Binance REST responses (all decimals arrive as strings) into exchange models.</summary>
public static class BinanceJson
{
    public static decimal Decimal(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? ToDecimal(value) : 0m;

    public static decimal ToDecimal(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => decimal.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValueKind.Number => value.GetDecimal(),
        _ => 0m,
    };

    public static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    public static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    /// <summary>Symbols of an exchangeInfo response with their rules; futures max leverage from <paramref name="maxLeverage"/> or 125.</summary>
    public static List<ExchangeSymbol> ExchangeInfo(MarketType market, ReadOnlySpan<byte> json, IReadOnlyDictionary<string, int>? maxLeverage)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var symbols = new List<ExchangeSymbol>();
        foreach (var symbol in document.RootElement.GetProperty("symbols").EnumerateArray())
        {
            var name = String(symbol, "symbol");
            var leverage = market == MarketType.Spot ? 1 : maxLeverage?.GetValueOrDefault(name, 125) ?? 125;
            symbols.Add(new ExchangeSymbol(
                market, name, String(symbol, "baseAsset"), String(symbol, "quoteAsset"), String(symbol, "status") == "TRADING",
                Rules(market, symbol.GetProperty("filters")), leverage));
        }

        return symbols;
    }

    /// <summary>
    /// PRICE_FILTER tick, LOT_SIZE step/min/max tightened by MARKET_LOT_SIZE (we only send market orders), and the
    /// minimum notional: spot NOTIONAL or MIN_NOTIONAL <c>minNotional</c>, futures MIN_NOTIONAL <c>notional</c>.
    /// </summary>
    public static SymbolRules Rules(MarketType market, JsonElement filters)
    {
        decimal tick = 0, step = 0, minQty = 0, maxQty = 0, minNotional = 0;
        decimal marketStep = 0, marketMin = 0, marketMax = 0;
        foreach (var filter in filters.EnumerateArray())
        {
            switch (String(filter, "filterType"))
            {
                case "PRICE_FILTER":
                    tick = Decimal(filter, "tickSize");
                    break;
                case "LOT_SIZE":
                    (step, minQty, maxQty) = (Decimal(filter, "stepSize"), Decimal(filter, "minQty"), Decimal(filter, "maxQty"));
                    break;
                case "MARKET_LOT_SIZE":
                    (marketStep, marketMin, marketMax) = (Decimal(filter, "stepSize"), Decimal(filter, "minQty"), Decimal(filter, "maxQty"));
                    break;
                case "NOTIONAL" or "MIN_NOTIONAL" when market == MarketType.Spot:
                    minNotional = Math.Max(minNotional, Decimal(filter, "minNotional"));
                    break;
                case "MIN_NOTIONAL":
                    minNotional = Decimal(filter, "notional");
                    break;
            }
        }

        step = Math.Max(step, marketStep);
        minQty = Math.Max(minQty, marketMin);
        maxQty = (maxQty, marketMax) switch
        {
            (0, _) => marketMax,
            (_, 0) => maxQty,
            _ => Math.Min(maxQty, marketMax),
        };
        return new SymbolRules(tick, step, minQty, maxQty, minNotional);
    }

    public static OrderStatus Status(string status) => status switch
    {
        "PARTIALLY_FILLED" => OrderStatus.PartiallyFilled,
        "FILLED" => OrderStatus.Filled,
        "CANCELED" or "PENDING_CANCEL" => OrderStatus.Canceled,
        "REJECTED" => OrderStatus.Rejected,
        "EXPIRED" or "EXPIRED_IN_MATCH" => OrderStatus.Expired,
        _ => OrderStatus.New,
    };

    /// <summary>An order object (spot FULL/GET order, futures RESULT/GET order) with the given fills.</summary>
    public static OrderResult Order(JsonElement order, IReadOnlyList<OrderFill> fills, decimal feeInQuote)
    {
        var executed = Decimal(order, "executedQty");
        var quote = order.TryGetProperty("cummulativeQuoteQty", out _) ? Decimal(order, "cummulativeQuoteQty") : Decimal(order, "cumQuote");
        var average = Decimal(order, "avgPrice") is > 0 and var avg ? avg : executed > 0 ? quote / executed : 0m;
        var time = Long(order, "transactTime") is > 0 and var t ? t : Long(order, "updateTime") is > 0 and var u ? u : Long(order, "time");
        return new OrderResult(
            String(order, "symbol"), String(order, "clientOrderId"), Long(order, "orderId"),
            String(order, "side") == "SELL" ? OrderSide.Sell : OrderSide.Buy, Status(String(order, "status")),
            executed, average, quote, feeInQuote, time, fills);
    }

    /// <summary>Fills from a spot FULL response's <c>fills</c> or a myTrades/userTrades array.</summary>
    public static List<OrderFill> Fills(JsonElement array)
    {
        var fills = new List<OrderFill>();
        foreach (var fill in array.EnumerateArray())
        {
            var tradeId = Long(fill, "tradeId") is > 0 and var id ? id : Long(fill, "id");
            fills.Add(new OrderFill(Decimal(fill, "price"), Decimal(fill, "qty"), Decimal(fill, "commission"), String(fill, "commissionAsset"), tradeId));
        }

        return fills;
    }
}
