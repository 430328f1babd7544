using TradeBot.Domain.Market;

namespace TradeBot.Web.Exchange.Simulated;

/// <summary>
/// One symbol of the simulated market: where its price starts, how much it moves and trades, and its Binance-like rules
/// on each market. Spot and futures share one price path (a perpetual tracks its spot market); only the rules differ.
/// </summary>
/// <param name="MinuteVolatility">Typical log-price move per minute in a calm regime (0.0008 = 0.08%).</param>
/// <param name="MinuteVolume">Typical base-asset volume per minute.</param>
internal sealed record SimulatedSymbol(
    string Symbol,
    string BaseAsset,
    double BasePrice,
    double MinuteVolatility,
    double MinuteVolume,
    SymbolRules SpotRules,
    SymbolRules FuturesRules,
    int MaxLeverage)
{
    public const string QuoteAsset = "USDT";

    /// <summary>The catalogue: rules as Binance published them in 2025 (spot minNotional 5; futures per-symbol notional floors).</summary>
    public static IReadOnlyList<SimulatedSymbol> All { get; } =
    [
        new("BTCUSDT", "BTC", 60_000, 0.0008, 20,
            new SymbolRules(TickSize: 0.01m, StepSize: 0.00001m, MinQty: 0.00001m, MaxQty: 9_000m, MinNotional: 5m),
            new SymbolRules(TickSize: 0.10m, StepSize: 0.001m, MinQty: 0.001m, MaxQty: 120m, MinNotional: 100m),
            MaxLeverage: 125),
        new("ETHUSDT", "ETH", 3_000, 0.0010, 300,
            new SymbolRules(TickSize: 0.01m, StepSize: 0.0001m, MinQty: 0.0001m, MaxQty: 9_000m, MinNotional: 5m),
            new SymbolRules(TickSize: 0.01m, StepSize: 0.001m, MinQty: 0.001m, MaxQty: 2_000m, MinNotional: 20m),
            MaxLeverage: 100),
        new("SOLUSDT", "SOL", 150, 0.0014, 3_000,
            new SymbolRules(TickSize: 0.01m, StepSize: 0.001m, MinQty: 0.001m, MaxQty: 90_000m, MinNotional: 5m),
            new SymbolRules(TickSize: 0.01m, StepSize: 1m, MinQty: 1m, MaxQty: 5_000m, MinNotional: 5m),
            MaxLeverage: 50),
        new("BNBUSDT", "BNB", 600, 0.0009, 400,
            new SymbolRules(TickSize: 0.01m, StepSize: 0.001m, MinQty: 0.001m, MaxQty: 9_000m, MinNotional: 5m),
            new SymbolRules(TickSize: 0.01m, StepSize: 0.01m, MinQty: 0.01m, MaxQty: 2_000m, MinNotional: 5m),
            MaxLeverage: 50),
    ];

    public SymbolRules Rules(MarketType market) => market == MarketType.Futures ? FuturesRules : SpotRules;

    public ExchangeSymbol ToExchangeSymbol(MarketType market) =>
        new(market, Symbol, BaseAsset, QuoteAsset, IsTrading: true, Rules(market), market == MarketType.Futures ? MaxLeverage : 1);
}
