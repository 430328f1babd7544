using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Web.Data;

namespace TradeBot.Web.Exchange.Paper;

/// <summary>
/// A paper wallet behind the exchange interface: market orders fill at the market's last price with the backtester's
/// slippage rule (<see cref="FillModel.SlippedPrice{T}"/>) and the configured fees, symbol rules are enforced as the
/// exchange would, and a client order id already used returns that order instead of filling again. Each order or
/// transfer and its balance changes are saved by one SaveChanges, i.e. one transaction.
/// <para>
/// The fill price is the slipped price as it is, not rounded to the tick: it is exactly the backtester's price for the
/// same market price (slippage models a cost, not an order-book level), which keeps paper and backtest trades equal.
/// Margin is accounted as isolated whatever margin type is set; liquidation is not simulated beyond capping a closing
/// loss at the position's margin.
/// </para>
/// </summary>
public sealed class PaperExchange(
    string walletId,
    IDbContextFactory<AppDbContext> databases,
    IMarketData marketData,
    PaperTradingOptions options,
    TimeProvider time,
    ILogger<PaperExchange> logger,
    SemaphoreSlim walletLock) : ITradingAccount
{
    private const int MaxAttempts = 5;

    public string WalletId => walletId;

    public async Task<ExchangeResult<IReadOnlyList<AssetBalance>>> GetBalancesAsync(MarketType market, CancellationToken cancellationToken)
    {
        await EnsureWalletAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var balances = await db.Set<PaperBalance>().AsNoTracking()
            .Where(b => b.WalletId == walletId && b.Market == market)
            .ToListAsync(cancellationToken);
        return ExchangeResult<IReadOnlyList<AssetBalance>>.Success(
            [.. balances.OrderBy(b => b.Asset, StringComparer.Ordinal).Select(b => new AssetBalance(b.Asset, b.Free, b.Locked))]);
    }

    public Task<ExchangeResult<ApiKeyPermissions>> GetPermissionsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<ExchangeResult<ApiKeyPermissions>>(new ApiKeyPermissions(CanTradeSpot: true, CanTradeFutures: true, CanWithdraw: false, IsIpRestricted: false));

    public async Task<ExchangeResult<OrderResult>> PlaceMarketOrderAsync(MarketOrderRequest order, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(order.ClientOrderId) || order.ClientOrderId.Length > 36)
            return new ExchangeError(ExchangeErrorKind.Rejected, "newClientOrderId must be 1 to 36 characters.", -1100);
        if (await FindOrderAsync(order.ClientOrderId, cancellationToken) is { } placed)
            return ToResult(placed);
        if (order.Quantity <= 0)
            return new ExchangeError(ExchangeErrorKind.FilterFailure, "Filter failure: LOT_SIZE (quantity must be positive).", -1013);
        if (order.ReduceOnly && order.Market == MarketType.Spot)
            return new ExchangeError(ExchangeErrorKind.Rejected, "reduceOnly is a futures parameter.", -1106);

        var symbols = await marketData.GetSymbolsAsync(order.Market, cancellationToken);
        if (!symbols.IsSuccess)
            return symbols.Error!;
        if (symbols.Value.FirstOrDefault(s => s.Symbol == order.Symbol) is not { IsTrading: true } symbol)
            return new ExchangeError(ExchangeErrorKind.Rejected, $"Invalid symbol {order.Symbol}.", -1121);
        var lastPrice = await marketData.GetLastPriceAsync(order.Market, order.Symbol, cancellationToken);
        if (!lastPrice.IsSuccess)
            return lastPrice.Error!;

        var rules = symbol.Rules;
        if (rules.RoundQuantityDown(order.Quantity) != order.Quantity)
            return new ExchangeError(ExchangeErrorKind.FilterFailure, $"Filter failure: LOT_SIZE (quantity {order.Quantity} is not a multiple of step {rules.StepSize}).", -1013);
        var price = FillModel.SlippedPrice(order.Side == OrderSide.Buy, lastPrice.Value, options.SlippageFraction);
        var size = rules.CheckOrderSize(order.Quantity, price);
        // Binance exempts reduce-only futures orders from the notional floor, so a small remainder can always be closed.
        if (!size.IsAllowed && !(order.ReduceOnly && size.Violation == OrderSizeViolation.BelowMinNotional))
            return new ExchangeError(ExchangeErrorKind.FilterFailure, $"Filter failure: {size.Reason}.", -1013);

        return await WriteAsync(db => FillAsync(db, order, symbol, price, cancellationToken), order.ClientOrderId, cancellationToken);
    }

    public async Task<ExchangeResult<OrderResult>> GetOrderAsync(MarketType market, string symbol, string clientOrderId, CancellationToken cancellationToken)
    {
        var order = await FindOrderAsync(clientOrderId, cancellationToken);
        return order is not null && order.Market == market && order.Symbol == symbol
            ? ToResult(order)
            : new ExchangeError(ExchangeErrorKind.NotFound, "Order does not exist.", -2013);
    }

    public async Task<ExchangeResult<int>> SetLeverageAsync(string symbol, int leverage, CancellationToken cancellationToken)
    {
        var symbols = await marketData.GetSymbolsAsync(MarketType.Futures, cancellationToken);
        if (!symbols.IsSuccess)
            return symbols.Error!;
        if (symbols.Value.FirstOrDefault(s => s.Symbol == symbol) is not { } futures)
            return new ExchangeError(ExchangeErrorKind.Rejected, $"Invalid symbol {symbol}.", -1121);
        if (leverage < 1 || leverage > futures.MaxLeverage)
            return new ExchangeError(ExchangeErrorKind.Rejected, $"Leverage {leverage} is not valid (1 to {futures.MaxLeverage}).", -4028);
        return await WriteAsync<int>(async db =>
        {
            (await PositionAsync(db, symbol, cancellationToken)).Leverage = leverage;
            return new Func<int>(() => leverage);
        }, null, cancellationToken);
    }

    /// <summary>Both types are accepted and stored; paper margin is always accounted as isolated (a position risks only its margin).</summary>
    public Task<ExchangeResult<MarginType>> SetMarginTypeAsync(string symbol, MarginType marginType, CancellationToken cancellationToken) =>
        WriteAsync<MarginType>(async db =>
        {
            (await PositionAsync(db, symbol, cancellationToken)).MarginType = marginType;
            return new Func<MarginType>(() => marginType);
        }, null, cancellationToken);

    public Task<ExchangeResult<long>> TransferAsync(string asset, decimal amount, TransferDirection direction, CancellationToken cancellationToken)
    {
        if (amount <= 0)
            return Task.FromResult<ExchangeResult<long>>(new ExchangeError(ExchangeErrorKind.Rejected, "Transfer amount must be positive.", -1102));
        return WriteAsync<long>(async db =>
        {
            var (from, to) = direction == TransferDirection.SpotToFutures ? (MarketType.Spot, MarketType.Futures) : (MarketType.Futures, MarketType.Spot);
            var source = await BalanceAsync(db, from, asset, cancellationToken);
            if (source.Free < amount)
                return PaperFills.InsufficientBalance();
            source.Free -= amount;
            (await BalanceAsync(db, to, asset, cancellationToken)).Free += amount;
            var transfer = new PaperTransfer { WalletId = walletId, Asset = asset, Amount = amount, Direction = direction, TimeMs = NowMs };
            db.Add(transfer);
            return new Func<long>(() => transfer.Id); // the id exists only after SaveChanges
        }, null, cancellationToken);
    }

    private async Task<ExchangeResult<Func<OrderResult>>> FillAsync(
        AppDbContext db, MarketOrderRequest request, ExchangeSymbol symbol, decimal price, CancellationToken cancellationToken)
    {
        // Checked again under the wallet lock: a concurrent call with the same id may have filled meanwhile.
        if (await db.Set<PaperOrder>().AsNoTracking().FirstOrDefaultAsync(o => o.WalletId == walletId && o.ClientOrderId == request.ClientOrderId, cancellationToken) is { } placed)
            return new Func<OrderResult>(() => ToResult(placed));

        var order = new PaperOrder
        {
            WalletId = walletId, Market = request.Market, Symbol = request.Symbol, ClientOrderId = request.ClientOrderId, Side = request.Side,
            ReduceOnly = request.ReduceOnly, Quantity = request.Quantity, Price = price, FeeAsset = symbol.QuoteAsset, TransactTimeMs = NowMs,
        };
        var quote = await BalanceAsync(db, request.Market, symbol.QuoteAsset, cancellationToken);
        var error = request.Market == MarketType.Spot
            ? PaperFills.Spot(order, await BalanceAsync(db, MarketType.Spot, symbol.BaseAsset, cancellationToken), quote, options.SpotFeeRate)
            : PaperFills.Futures(order, await PositionAsync(db, request.Symbol, cancellationToken), quote, options.FuturesFeeRate);
        if (error is not null)
        {
            logger.LogInformation("Paper order {ClientOrderId} of wallet {WalletId} on {Symbol} refused: {Error}", request.ClientOrderId, walletId, request.Symbol, error);
            return error;
        }

        db.Add(order);
        return new Func<OrderResult>(() =>
        {
            logger.LogInformation(
                "Paper {Side} {Quantity} {Symbol} ({Market}) for wallet {WalletId} at {Price}, fee {Fee} {FeeAsset}, order {ClientOrderId}",
                order.Side, order.Quantity, order.Symbol, order.Market, walletId, order.Price, order.Fee, order.FeeAsset, order.ClientOrderId);
            return ToResult(order);
        });
    }

    /// <summary>
    /// Runs <paramref name="change"/> on a fresh context with the wallet loaded (created and funded when new) and saves it
    /// with the wallet's version bumped; a concurrent writer (another process, or a duplicate client order id caught by the
    /// unique index) makes the save fail and the change run again on fresh data. The value is read after the save.
    /// </summary>
    private async Task<ExchangeResult<T>> WriteAsync<T>(
        Func<AppDbContext, Task<ExchangeResult<Func<T>>>> change, string? clientOrderId, CancellationToken cancellationToken)
    {
        await walletLock.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var db = await databases.CreateDbContextAsync(cancellationToken);
                var wallet = await db.Set<PaperWallet>().FindAsync([walletId], cancellationToken) ?? CreateWallet(db);
                var result = await change(db);
                if (!result.IsSuccess)
                    return result.Error!;
                if (!db.ChangeTracker.HasChanges())
                    return result.Value();
                wallet.Version++;
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return result.Value();
                }
                catch (DbUpdateException e) when (attempt < MaxAttempts)
                {
                    logger.LogWarning("Paper wallet {WalletId} changed concurrently (order {ClientOrderId}); retrying: {Reason}", walletId, clientOrderId, e.GetBaseException().Message);
                }
            }
        }
        finally
        {
            walletLock.Release();
        }
    }

    private Task EnsureWalletAsync(CancellationToken cancellationToken) =>
        WriteAsync<bool>(_ => Task.FromResult<ExchangeResult<Func<bool>>>(new Func<bool>(() => true)), null, cancellationToken);

    private PaperWallet CreateWallet(AppDbContext db)
    {
        var wallet = new PaperWallet { Id = walletId, CreatedAt = time.GetUtcNow() };
        db.Add(wallet);
        db.Add(new PaperBalance { WalletId = walletId, Market = MarketType.Spot, Asset = options.QuoteAsset, Free = options.StartingSpotBalance });
        db.Add(new PaperBalance { WalletId = walletId, Market = MarketType.Futures, Asset = options.QuoteAsset, Free = options.StartingFuturesBalance });
        logger.LogInformation("Paper wallet {WalletId} opened with {SpotBalance} {Asset} spot and {FuturesBalance} futures",
            walletId, options.StartingSpotBalance, options.QuoteAsset, options.StartingFuturesBalance);
        return wallet;
    }

    // Find sees entities added to this context but not yet saved (a new wallet's starting balances).
    private async Task<PaperBalance> BalanceAsync(AppDbContext db, MarketType market, string asset, CancellationToken cancellationToken)
    {
        if (await db.Set<PaperBalance>().FindAsync([walletId, market, asset], cancellationToken) is { } balance)
            return balance;
        balance = new PaperBalance { WalletId = walletId, Market = market, Asset = asset };
        db.Add(balance);
        return balance;
    }

    private async Task<PaperPosition> PositionAsync(AppDbContext db, string symbol, CancellationToken cancellationToken)
    {
        if (await db.Set<PaperPosition>().FindAsync([walletId, symbol], cancellationToken) is { } position)
            return position;
        position = new PaperPosition { WalletId = walletId, Symbol = symbol };
        db.Add(position);
        return position;
    }

    private async Task<PaperOrder?> FindOrderAsync(string clientOrderId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Set<PaperOrder>().AsNoTracking().FirstOrDefaultAsync(o => o.WalletId == walletId && o.ClientOrderId == clientOrderId, cancellationToken);
    }

    private static OrderResult ToResult(PaperOrder order) => new(
        order.Symbol, order.ClientOrderId, order.Id, order.Side, OrderStatus.Filled, order.Quantity, order.Price, order.QuoteQuantity,
        order.Fee, order.TransactTimeMs, [new OrderFill(order.Price, order.Quantity, order.Fee, order.FeeAsset, order.Id)]);

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();
}
