using TradeBot.Domain.Market;

namespace TradeBot.Web.Exchange;

/// <summary>A tradable symbol on one market with its exchange rules.</summary>
/// <param name="MaxLeverage">Futures: the highest leverage of the symbol's first bracket; spot: 1.</param>
public sealed record ExchangeSymbol(
    MarketType Market, string Symbol, string BaseAsset, string QuoteAsset, bool IsTrading, SymbolRules Rules, int MaxLeverage);

/// <summary>One update of a kline stream: the forming candle, or the final one when <paramref name="IsClosed"/>.</summary>
public readonly record struct KlineUpdate(string Symbol, Interval Interval, Candle Candle, bool IsClosed);

/// <summary>Buy or sell.</summary>
public enum OrderSide
{
    Buy,
    Sell,
}

/// <summary>
/// A market order. <paramref name="ClientOrderId"/> comes from the decision that caused it (bot id + decision sequence),
/// so sending the same decision twice can never create two orders. <paramref name="ReduceOnly"/> is for futures exits.
/// </summary>
public sealed record MarketOrderRequest(
    MarketType Market, string Symbol, OrderSide Side, decimal Quantity, string ClientOrderId, bool ReduceOnly = false);

/// <summary>Order lifecycle as the exchange reports it.</summary>
public enum OrderStatus
{
    New,
    PartiallyFilled,
    Filled,
    Canceled,
    Rejected,
    Expired,
}

/// <summary>One execution of an order. The commission is in <paramref name="CommissionAsset"/> as charged.</summary>
public sealed record OrderFill(decimal Price, decimal Quantity, decimal Commission, string CommissionAsset, long TradeId);

/// <summary>
/// An order as the exchange knows it. <paramref name="FeeInQuote"/> is the total commission converted to the quote asset
/// (at the fill price when charged in the base asset; other assets are converted by the client or reported as 0 with
/// the raw commissions kept in <paramref name="Fills"/>).
/// </summary>
public sealed record OrderResult(
    string Symbol,
    string ClientOrderId,
    long OrderId,
    OrderSide Side,
    OrderStatus Status,
    decimal ExecutedQuantity,
    decimal AveragePrice,
    decimal QuoteQuantity,
    decimal FeeInQuote,
    long TransactTimeMs,
    IReadOnlyList<OrderFill> Fills);

/// <summary>A wallet balance of one asset. Futures: <paramref name="Free"/> is the available balance.</summary>
public sealed record AssetBalance(string Asset, decimal Free, decimal Locked)
{
    public decimal Total => Free + Locked;
}

/// <summary>What an API key may do (Binance <c>apiRestrictions</c>). A key that can withdraw is refused for live trading.</summary>
public sealed record ApiKeyPermissions(bool CanTradeSpot, bool CanTradeFutures, bool CanWithdraw, bool IsIpRestricted);

/// <summary>Futures margin mode.</summary>
public enum MarginType
{
    Isolated,
    Cross,
}

/// <summary>Direction of a transfer between the spot and USD-M futures wallets.</summary>
public enum TransferDirection
{
    /// <summary>Binance <c>MAIN_UMFUTURE</c>.</summary>
    SpotToFutures,

    /// <summary>Binance <c>UMFUTURE_MAIN</c>.</summary>
    FuturesToSpot,
}

/// <summary>The exchange credentials of one stored API key (decrypted only for the call).</summary>
public sealed record ExchangeCredentials(string ApiKey, string Secret, bool IsTestnet)
{
    // Never print the secret.
    public override string ToString() => $"ExchangeCredentials(key …{ApiKey[^Math.Min(4, ApiKey.Length)..]}, testnet: {IsTestnet})";
}
