using System.Text.Json;
using TradeBot.Domain.Market;

namespace TradeBot.Web.Exchange.Binance;

public sealed partial class BinanceExchange
{
    /// <summary>
    /// Sends a market order once. When its outcome is unknown (5xx, -1007, timeout or dropped connection after sending)
    /// the order is looked up by client order id a few times, never re-sent; still unknown after that window, the
    /// caller gets <see cref="ExchangeErrorKind.OutcomeUnknown"/> and may retry with the same client order id, which
    /// Binance dedupes (-2010 "Duplicate order sent." is answered with the existing order).
    /// </summary>
    public async Task<ExchangeResult<OrderResult>> PlaceMarketOrderAsync(MarketOrderRequest order, CancellationToken cancellationToken)
    {
        if (NeedsKey() is { } missing)
        {
            return missing;
        }

        // Binance refuses a repeated newClientOrderId only while the first order is open; a filled market order's id
        // would be accepted again. Looking it up first keeps the promise that a repeat returns the existing order.
        var existing = await GetOrderAsync(order.Market, order.Symbol, order.ClientOrderId, cancellationToken);
        if (existing.IsSuccess || existing.Error!.Kind != ExchangeErrorKind.NotFound)
        {
            return existing;
        }

        var query = new BinanceQuery().Add("symbol", order.Symbol).Add("side", order.Side == OrderSide.Buy ? "BUY" : "SELL")
            .Add("type", "MARKET").Add("quantity", order.Quantity).Add("newClientOrderId", order.ClientOrderId);
        if (order.Market == MarketType.Spot)
        {
            query.Add("newOrderRespType", "FULL");
        }
        else
        {
            query.Add("newOrderRespType", "RESULT");
            if (order.ReduceOnly)
            {
                query.Add("reduceOnly", "true");
            }
        }

        var call = Call(order.Market, HttpMethod.Post, $"{Prefix(order.Market)}/order", query, BinanceSecurity.Signed, isMutating: true);
        _logger.LogInformation("Binance {Market} market {Side} {Quantity} {Symbol} as {ClientOrderId}", order.Market, order.Side, order.Quantity, order.Symbol, order.ClientOrderId);
        var placed = await SendAsync(call, root => root.Clone(), cancellationToken);
        if (placed.IsSuccess)
        {
            return await CompleteAsync(order.Market, placed.Value, cancellationToken);
        }

        var error = placed.Error!;
        if (BinanceErrors.IsDuplicateOrder(error))
        {
            _logger.LogInformation("Binance already has {ClientOrderId}; returning that order", order.ClientOrderId);
            return await GetOrderAsync(order.Market, order.Symbol, order.ClientOrderId, cancellationToken);
        }

        return error.Kind == ExchangeErrorKind.OutcomeUnknown
            ? await ResolveUnknownAsync(order, error, cancellationToken)
            : error;
    }

    public async Task<ExchangeResult<OrderResult>> GetOrderAsync(MarketType market, string symbol, string clientOrderId, CancellationToken cancellationToken)
    {
        if (NeedsKey() is { } missing)
        {
            return missing;
        }

        var query = new BinanceQuery().Add("symbol", symbol).Add("origClientOrderId", clientOrderId);
        var found = await SendAsync(Call(market, HttpMethod.Get, $"{Prefix(market)}/order", query, BinanceSecurity.Signed), root => root.Clone(), cancellationToken);
        return found.IsSuccess ? await CompleteAsync(market, found.Value, cancellationToken) : found.Error!;
    }

    private async Task<ExchangeResult<OrderResult>> ResolveUnknownAsync(MarketOrderRequest order, ExchangeError unknown, CancellationToken cancellationToken)
    {
        _logger.LogWarning("Binance order {ClientOrderId} outcome unknown ({Error}); looking it up", order.ClientOrderId, unknown.Message);
        for (var attempt = 1; attempt <= _options.OrderLookupAttempts; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(_options.OrderLookupDelayMs), _time, cancellationToken);
            var found = await GetOrderAsync(order.Market, order.Symbol, order.ClientOrderId, cancellationToken);
            if (found.IsSuccess)
            {
                _logger.LogInformation("Binance order {ClientOrderId} found on lookup {Attempt}", order.ClientOrderId, attempt);
                return found;
            }

            if (found.Error!.Kind is not (ExchangeErrorKind.NotFound or ExchangeErrorKind.Unreachable or ExchangeErrorKind.OutcomeUnknown))
            {
                break;
            }
        }

        return new ExchangeError(ExchangeErrorKind.OutcomeUnknown,
            $"order {order.ClientOrderId} not found after {_options.OrderLookupAttempts} lookups; retry with the same client order id", unknown.Code);
    }

    /// <summary>Adds fills and the fee in quote: spot FULL responses carry fills, otherwise they come from the trade list.</summary>
    private async Task<ExchangeResult<OrderResult>> CompleteAsync(MarketType market, JsonElement order, CancellationToken cancellationToken)
    {
        var symbol = BinanceJson.String(order, "symbol");
        List<OrderFill> fills;
        if (order.TryGetProperty("fills", out var inline))
        {
            fills = BinanceJson.Fills(inline);
        }
        else if (BinanceJson.Decimal(order, "executedQty") > 0)
        {
            var path = market == MarketType.Spot ? "/api/v3/myTrades" : "/fapi/v1/userTrades";
            var query = new BinanceQuery().Add("symbol", symbol).Add("orderId", BinanceJson.Long(order, "orderId"));
            var trades = await SendAsync(Call(market, HttpMethod.Get, path, query, BinanceSecurity.Signed), BinanceJson.Fills, cancellationToken);
            if (!trades.IsSuccess)
            {
                _logger.LogWarning("Binance fills of order {OrderId} unavailable ({Error}); fee reported as 0", BinanceJson.Long(order, "orderId"), trades.Error);
            }

            fills = trades.IsSuccess ? trades.Value : [];
        }
        else
        {
            fills = [];
        }

        var (baseAsset, quoteAsset) = BinanceFees.SplitSymbol(symbol);
        var fee = BinanceFees.InQuote(baseAsset, quoteAsset, fills, out var unconverted);
        if (unconverted.Count > 0)
        {
            _logger.LogInformation("Binance order {Symbol} paid commission in {Assets}; not converted to {Quote}", symbol, string.Join(",", unconverted), quoteAsset);
        }

        return BinanceJson.Order(order, fills, fee);
    }
}
