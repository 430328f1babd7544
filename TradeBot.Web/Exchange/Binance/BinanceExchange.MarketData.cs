using TradeBot.Domain.Market;

namespace TradeBot.Web.Exchange.Binance;

public sealed partial class BinanceExchange
{
    /// <summary>Klines per call: Binance's maximum (spot 1000, futures 1500).</summary>
    public static int KlinePageSize(MarketType market) => market == MarketType.Spot ? 1000 : 1500;

    public async Task<ExchangeResult<IReadOnlyList<ExchangeSymbol>>> GetSymbolsAsync(MarketType market, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, int>? leverage = null;
        if (market == MarketType.Futures && Key is not null)
        {
            var brackets = await GetMaxLeverageAsync(cancellationToken);
            if (brackets.IsSuccess)
            {
                leverage = brackets.Value;
            }
            else
            {
                _logger.LogWarning("Binance leverage brackets unavailable ({Error}); assuming 125x", brackets.Error);
            }
        }

        var response = await _transport.SendAsync(Call(market, HttpMethod.Get, $"{Prefix(market)}/exchangeInfo", new BinanceQuery(), BinanceSecurity.None), cancellationToken);
        if (!response.IsSuccess)
        {
            return response.Error!;
        }

        return BinanceJson.ExchangeInfo(market, response.Value, leverage);
    }

    /// <summary>Highest leverage of each futures symbol: the first bracket of <c>/fapi/v1/leverageBracket</c> (signed).</summary>
    public Task<ExchangeResult<IReadOnlyDictionary<string, int>>> GetMaxLeverageAsync(CancellationToken cancellationToken)
    {
        if (NeedsKey() is { } missing)
        {
            return Task.FromResult<ExchangeResult<IReadOnlyDictionary<string, int>>>(missing);
        }

        return SendAsync<IReadOnlyDictionary<string, int>>(
            Call(MarketType.Futures, HttpMethod.Get, "/fapi/v1/leverageBracket", new BinanceQuery(), BinanceSecurity.Signed),
            root => root.EnumerateArray().ToDictionary(
                symbol => BinanceJson.String(symbol, "symbol"),
                symbol => symbol.GetProperty("brackets").EnumerateArray().Select(b => b.GetProperty("initialLeverage").GetInt32()).DefaultIfEmpty(125).Max()),
            cancellationToken);
    }

    public async Task<ExchangeResult<IReadOnlyList<Candle>>> GetCandlesAsync(
        MarketType market, string symbol, Interval interval, long startMs, long endMs, CancellationToken cancellationToken)
    {
        var pageSize = KlinePageSize(market);
        var candles = new List<Candle>();
        var page = new List<Candle>(pageSize);
        var from = startMs;
        while (from <= endMs)
        {
            var query = new BinanceQuery().Add("symbol", symbol).Add("interval", interval.Code)
                .Add("startTime", from).Add("endTime", endMs).Add("limit", pageSize);
            var response = await _transport.SendAsync(Call(market, HttpMethod.Get, $"{Prefix(market)}/klines", query, BinanceSecurity.None), cancellationToken);
            if (!response.IsSuccess)
            {
                return response.Error!;
            }

            page.Clear();
            var read = BinanceKlineParser.Parse(response.Value, page);
            var lastKept = candles.Count > 0 ? candles[^1].OpenTimeMs : long.MinValue;
            foreach (var candle in page)
            {
                // Pages may overlap at the seam; keep strictly increasing open times inside the range.
                if (candle.OpenTimeMs > lastKept && candle.OpenTimeMs >= startMs && candle.OpenTimeMs <= endMs)
                {
                    candles.Add(candle);
                    lastKept = candle.OpenTimeMs;
                }
            }

            if (read < pageSize || page.Count == 0)
            {
                break;
            }

            from = page[^1].OpenTimeMs + interval.DurationMs;
        }

        return candles;
    }

    public Task<ExchangeResult<decimal>> GetLastPriceAsync(MarketType market, string symbol, CancellationToken cancellationToken) =>
        SendAsync(
            Call(market, HttpMethod.Get, $"{Prefix(market)}/ticker/price", new BinanceQuery().Add("symbol", symbol), BinanceSecurity.None),
            root => BinanceJson.Decimal(root, "price"),
            cancellationToken);

    public IAsyncEnumerable<KlineUpdate> StreamCandlesAsync(MarketType market, string symbol, Interval interval, CancellationToken cancellationToken) =>
        _stream.StreamAsync(this, market, symbol, interval, cancellationToken);
}
