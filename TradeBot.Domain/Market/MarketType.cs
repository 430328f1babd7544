namespace TradeBot.Domain.Market;

/// <summary>Where a bot trades.</summary>
public enum MarketType
{
    /// <summary>Binance spot: buy with quote, sell what you hold; no shorts, no leverage.</summary>
    Spot,

    /// <summary>Binance USD-M perpetual futures: long or short, margin times leverage.</summary>
    Futures,
}
