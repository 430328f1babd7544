using Microsoft.AspNetCore.Http.HttpResults;
using TradeBot.Domain.Market;
using TradeBot.Domain.Strategies;
using TradeBot.Domain.Trading;
using TradeBot.Web.Exchange;

namespace TradeBot.Web.Api;

/// <summary>
/// <c>/api/v1/symbols</c>, <c>/strategies</c> and <c>/candles</c>: the configured market data (<c>Exchange:MarketData</c>,
/// what paper bots trade on) and the strategy registry with its parameter schemas.
/// </summary>
internal static class MarketEndpoints
{
    /// <summary>Most candles one request returns.</summary>
    public const int MaxCandles = 1_500;

    public static void MapMarketEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/strategies", () => TypedResults.Ok(StrategyRegistry.All.Select(ApiStrategy.From).ToArray()))
            .WithTags("Market").WithName("ListStrategies").WithSummary("Every strategy with its parameters (default, range, integer or not).");
        api.MapGet("/symbols", SymbolsAsync).WithTags("Market").WithName("ListSymbols").WithSummary("The market's symbols with their rules.");
        api.MapGet("/candles", CandlesAsync).WithTags("Market").WithName("ListCandles")
            .WithSummary($"Candles (closed, and the forming one at the end) with open time in [from, to], Unix ms, at most {MaxCandles}.");
    }

    private static async Task<Results<Ok<ApiSymbol[]>, ProblemHttpResult>> SymbolsAsync(
        IMarketDataSource marketData, CancellationToken cancellationToken, MarketType market = MarketType.Spot)
    {
        var symbols = await marketData.Current.GetSymbolsAsync(market, cancellationToken);
        return symbols.IsSuccess ? TypedResults.Ok(symbols.Value.Select(ApiSymbol.From).ToArray()) : Unavailable(symbols.Error!);
    }

    private static async Task<Results<Ok<Candle[]>, ValidationProblem, ProblemHttpResult>> CandlesAsync(
        string? symbol, string? interval, long? from, long? to, IMarketDataSource marketData, TimeProvider time, CancellationToken cancellationToken,
        MarketType market = MarketType.Spot)
    {
        var errors = new List<SettingsError>();
        if (string.IsNullOrWhiteSpace(symbol))
            errors.Add(new("symbol", "Choose a symbol, e.g. BTCUSDT."));
        if (!Interval.TryParse(interval, out var parsed))
            errors.Add(new("interval", "Choose an interval: 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d."));
        var end = to ?? time.GetUtcNow().ToUnixTimeMilliseconds();
        if (parsed is not null)
        {
            var start = from ?? end - parsed.DurationMs * 100;
            if (start > end)
                errors.Add(new("to", "Must not be before from."));
            else if ((end - start) / parsed.DurationMs + 1 > MaxCandles)
                errors.Add(new("from", $"At most {MaxCandles} candles per request: narrow the range."));
        }
        if (errors.Count > 0)
            return ApiResults.Invalid(errors);

        var begin = from ?? end - parsed!.DurationMs * 100;
        var candles = await marketData.Current.GetCandlesAsync(market, symbol!.Trim().ToUpperInvariant(), parsed!, begin, end, cancellationToken);
        if (candles.IsSuccess)
            return TypedResults.Ok(candles.Value.ToArray());
        return candles.Error!.Kind == ExchangeErrorKind.Rejected ? ApiResults.Invalid("symbol", candles.Error.Message) : Unavailable(candles.Error);
    }

    private static ProblemHttpResult Unavailable(ExchangeError error) =>
        TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Market data unavailable", detail: error.Message);
}
