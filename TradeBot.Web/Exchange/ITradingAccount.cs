using TradeBot.Domain.Market;

namespace TradeBot.Web.Exchange;

/// <summary>
/// One account that trades: a Binance key (mainnet or testnet) or a paper wallet. Orders are market orders carrying a
/// client order id; <see cref="GetOrderAsync"/> by that id resolves an <see cref="ExchangeErrorKind.OutcomeUnknown"/>.
/// </summary>
public interface ITradingAccount
{
    /// <summary>Balances of the spot or futures wallet.</summary>
    Task<ExchangeResult<IReadOnlyList<AssetBalance>>> GetBalancesAsync(MarketType market, CancellationToken cancellationToken);

    /// <summary>What the key may do (paper wallets may do everything but withdraw).</summary>
    Task<ExchangeResult<ApiKeyPermissions>> GetPermissionsAsync(CancellationToken cancellationToken);

    /// <summary>Places a market order. Sending a client order id the exchange already has returns that order, not a new one.</summary>
    Task<ExchangeResult<OrderResult>> PlaceMarketOrderAsync(MarketOrderRequest order, CancellationToken cancellationToken);

    /// <summary>Looks an order up by its client order id (<see cref="ExchangeErrorKind.NotFound"/> when it was never placed).</summary>
    Task<ExchangeResult<OrderResult>> GetOrderAsync(MarketType market, string symbol, string clientOrderId, CancellationToken cancellationToken);

    /// <summary>Futures: sets the symbol's leverage ("already set" counts as success).</summary>
    Task<ExchangeResult<int>> SetLeverageAsync(string symbol, int leverage, CancellationToken cancellationToken);

    /// <summary>Futures: sets the symbol's margin type ("no need to change" counts as success).</summary>
    Task<ExchangeResult<MarginType>> SetMarginTypeAsync(string symbol, MarginType marginType, CancellationToken cancellationToken);

    /// <summary>Moves funds between the spot and USD-M futures wallets; returns the exchange's transfer id.</summary>
    Task<ExchangeResult<long>> TransferAsync(string asset, decimal amount, TransferDirection direction, CancellationToken cancellationToken);
}
