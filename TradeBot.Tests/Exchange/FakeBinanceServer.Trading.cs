using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TradeBot.Tests.Exchange;

public sealed partial class FakeBinanceServer
{
    private readonly object _book = new();
    private readonly Dictionary<string, FakeOrder> _orders = [];
    private readonly ConcurrentDictionary<string, int> _leverage = new();
    private readonly ConcurrentDictionary<string, string> _marginType = new();
    private long _nextId = 1000;

    /// <summary>Spot wallet by asset.</summary>
    public ConcurrentDictionary<string, decimal> SpotBalances { get; } = new() { ["USDT"] = 10_000m, ["BTC"] = 1m };

    /// <summary>USD-M futures wallet by asset.</summary>
    public ConcurrentDictionary<string, decimal> FuturesBalances { get; } = new() { ["USDT"] = 1_000m };

    /// <summary>What <c>apiRestrictions</c> says about withdrawals.</summary>
    public bool KeyCanWithdraw { get; set; }

    /// <summary>Orders the fake accepted (each client order id at most once).</summary>
    public int OrdersPlaced
    {
        get
        {
            lock (_book)
            {
                return _orders.Count;
            }
        }
    }

    private sealed record FakeOrder(bool Spot, string Symbol, long OrderId, string ClientOrderId, string Side, decimal Quantity, decimal Price,
        decimal Commission, string CommissionAsset, long Time);

    private void MapTrading(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v3/order", (HttpContext context) => PlaceOrder(context, spot: true));
        app.MapPost("/fapi/v1/order", (HttpContext context) => PlaceOrder(context, spot: false));
        app.MapGet("/api/v3/order", (string symbol, string origClientOrderId) => FindOrder(origClientOrderId, spot: true));
        app.MapGet("/fapi/v1/order", (string symbol, string origClientOrderId) => FindOrder(origClientOrderId, spot: false));
        app.MapGet("/api/v3/myTrades", (string symbol, long orderId) => Trades(orderId));
        app.MapGet("/fapi/v1/userTrades", (string symbol, long orderId) => Trades(orderId));
        app.MapGet("/api/v3/account", () => Results.Json(new
        {
            canTrade = true, canWithdraw = KeyCanWithdraw, accountType = "SPOT",
            balances = SpotBalances.Select(b => new { asset = b.Key, free = D(b.Value), locked = "0.00000000" }),
        }));
        app.MapGet("/fapi/v2/balance", () => Results.Json(FuturesBalances.Select(b => new
        {
            accountAlias = "SgsR", asset = b.Key, balance = D(b.Value + 5m), crossWalletBalance = D(b.Value), availableBalance = D(b.Value),
        })));
        app.MapPost("/fapi/v1/leverage", (string symbol, int leverage) => leverage is < 1 or > 125
            ? Error(400, -4028, $"Leverage {leverage} is not valid")
            : Results.Json(new { leverage = _leverage[symbol] = leverage, maxNotionalValue = "1000000", symbol }));
        app.MapPost("/fapi/v1/marginType", (string symbol, string marginType) =>
            _marginType.TryGetValue(symbol, out var current) && current == marginType
                ? Error(400, -4046, "No need to change margin type.")
                : Results.Json(new { code = 200, msg = _marginType[symbol] = marginType }));
        app.MapGet("/fapi/v1/leverageBracket", () => Results.Text("""
            [{"symbol":"BTCUSDT","notionalCoef":1.5,"brackets":[{"bracket":1,"initialLeverage":125,"notionalCap":50000,"notionalFloor":0,"maintMarginRatio":0.004,"cum":0},
                                                               {"bracket":2,"initialLeverage":100,"notionalCap":250000,"notionalFloor":50000,"maintMarginRatio":0.005,"cum":50}]},
             {"symbol":"ETHUSDT","notionalCoef":1.5,"brackets":[{"bracket":1,"initialLeverage":75,"notionalCap":10000,"notionalFloor":0,"maintMarginRatio":0.0065,"cum":0}]}]
            """, "application/json"));
        app.MapPost("/sapi/v1/asset/transfer", Transfer);
        app.MapGet("/sapi/v1/account/apiRestrictions", () => Results.Json(new
        {
            ipRestrict = KeyCanWithdraw, createTime = 1698645219000, enableReading = true, enableWithdrawals = KeyCanWithdraw,
            enableInternalTransfer = false, enableMargin = false, enableFutures = true, permitsUniversalTransfer = true,
            enableSpotAndMarginTrading = true, enablePortfolioMarginTrading = false,
        }));
    }

    private IResult PlaceOrder(HttpContext context, bool spot)
    {
        var q = context.Request.Query;
        string symbol = q["symbol"]!, side = q["side"]!, clientOrderId = q["newClientOrderId"]!;
        var quantity = decimal.Parse(q["quantity"]!, System.Globalization.CultureInfo.InvariantCulture);
        var price = PriceOf(symbol);
        var notional = quantity * price;
        lock (_book)
        {
            if (_orders.ContainsKey(clientOrderId))
            {
                return Error(400, -2010, "Duplicate order sent.");
            }

            if (spot && (quantity < 0.00001m || quantity % 0.00001m != 0))
            {
                return Error(400, -1013, "Filter failure: LOT_SIZE");
            }

            if (!spot && notional < 100m && q["reduceOnly"] != "true")
            {
                return Error(400, -4164, "Order's notional must be no smaller than 100 (unless you choose reduce only).");
            }

            var baseAsset = symbol[..^4];
            FakeOrder order;
            if (spot)
            {
                var (pay, payAmount) = side == "BUY" ? ("USDT", notional) : (baseAsset, quantity);
                if (SpotBalances.GetValueOrDefault(pay) < payAmount)
                {
                    return Error(400, -2010, "Account has insufficient balance for requested action.");
                }

                // Binance charges a buy in the base asset received and a sell in the quote asset received.
                var (fee, feeAsset) = side == "BUY" ? (quantity * 0.001m, baseAsset) : (notional * 0.001m, "USDT");
                SpotBalances[pay] -= payAmount;
                var get = side == "BUY" ? baseAsset : "USDT";
                SpotBalances[get] = SpotBalances.GetValueOrDefault(get) + (side == "BUY" ? quantity : notional) - fee;
                order = new FakeOrder(true, symbol, ++_nextId, clientOrderId, side, quantity, price, fee, feeAsset, ServerTimeMs);
            }
            else
            {
                var leverage = _leverage.GetValueOrDefault(symbol, 20);
                if (FuturesBalances.GetValueOrDefault("USDT") < notional / leverage)
                {
                    return Error(400, -2019, "Margin is insufficient.");
                }

                var fee = notional * 0.0004m;
                FuturesBalances["USDT"] -= fee;
                order = new FakeOrder(false, symbol, ++_nextId, clientOrderId, side, quantity, price, fee, "USDT", ServerTimeMs);
            }

            _orders[clientOrderId] = order;
            context.Response.Headers["X-MBX-ORDER-COUNT-10S"] = _orders.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(OrderJson(order, withFills: spot));
        }
    }

    private IResult FindOrder(string clientOrderId, bool spot)
    {
        lock (_book)
        {
            return _orders.TryGetValue(clientOrderId, out var order) && order.Spot == spot
                ? Results.Json(OrderJson(order, withFills: false))
                : Error(400, -2013, "Order does not exist.");
        }
    }

    private IResult Trades(long orderId)
    {
        lock (_book)
        {
            return Results.Json(_orders.Values.Where(o => o.OrderId == orderId).Select(o => new
            {
                symbol = o.Symbol, id = o.OrderId * 10, orderId = o.OrderId, side = o.Side, price = D(o.Price), qty = D(o.Quantity),
                quoteQty = D(o.Price * o.Quantity), commission = D(o.Commission), commissionAsset = o.CommissionAsset, time = o.Time,
                isBuyer = o.Side == "BUY", buyer = o.Side == "BUY", maker = false, realizedPnl = "0", positionSide = "BOTH",
            }).ToList());
        }
    }

    private IResult Transfer(string type, string asset, string amount)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        var (from, to) = type == "MAIN_UMFUTURE" ? (SpotBalances, FuturesBalances) : (FuturesBalances, SpotBalances);
        lock (_book)
        {
            if (from.GetValueOrDefault(asset) < value)
            {
                return Error(400, -5002, "You have insufficient balance.");
            }

            from[asset] -= value;
            to[asset] = to.GetValueOrDefault(asset) + value;
            return Results.Json(new { tranId = ++_nextId });
        }
    }

    private static Dictionary<string, object> OrderJson(FakeOrder o, bool withFills)
    {
        var json = new Dictionary<string, object>
        {
            ["symbol"] = o.Symbol, ["orderId"] = o.OrderId, ["clientOrderId"] = o.ClientOrderId, ["side"] = o.Side, ["type"] = "MARKET",
            ["status"] = "FILLED", ["origQty"] = D(o.Quantity), ["executedQty"] = D(o.Quantity), ["price"] = "0",
        };
        if (o.Spot)
        {
            (json["orderListId"], json["cummulativeQuoteQty"], json["transactTime"]) = (-1, D(o.Price * o.Quantity), o.Time);
        }
        else
        {
            (json["cumQuote"], json["avgPrice"], json["updateTime"], json["reduceOnly"]) = (D(o.Price * o.Quantity), D(o.Price), o.Time, false);
        }

        if (withFills)
        {
            json["fills"] = new[]
            {
                new { price = D(o.Price), qty = D(o.Quantity), commission = D(o.Commission), commissionAsset = o.CommissionAsset, tradeId = o.OrderId * 10 },
            };
        }

        return json;
    }

    private static IResult Error(int status, int code, string message) =>
        Results.Json(new Dictionary<string, object> { ["code"] = code, ["msg"] = message }, statusCode: status);
}
