using TradeBot.Domain.Market;

namespace TradeBot.Web.Exchange.Binance;

public sealed partial class BinanceExchange
{
    public async Task<ExchangeResult<IReadOnlyList<AssetBalance>>> GetBalancesAsync(MarketType market, CancellationToken cancellationToken)
    {
        if (NeedsKey() is { } missing)
        {
            return missing;
        }

        if (market == MarketType.Spot)
        {
            return await SendAsync<IReadOnlyList<AssetBalance>>(
                Call(market, HttpMethod.Get, "/api/v3/account", new BinanceQuery().Add("omitZeroBalances", "true"), BinanceSecurity.Signed),
                root => root.GetProperty("balances").EnumerateArray()
                    .Select(b => new AssetBalance(BinanceJson.String(b, "asset"), BinanceJson.Decimal(b, "free"), BinanceJson.Decimal(b, "locked")))
                    .ToList(),
                cancellationToken);
        }

        return await SendAsync<IReadOnlyList<AssetBalance>>(
            Call(market, HttpMethod.Get, "/fapi/v2/balance", new BinanceQuery(), BinanceSecurity.Signed),
            root => root.EnumerateArray().Select(b =>
            {
                var available = BinanceJson.Decimal(b, "availableBalance");
                return new AssetBalance(BinanceJson.String(b, "asset"), available, Math.Max(0m, BinanceJson.Decimal(b, "balance") - available));
            }).ToList(),
            cancellationToken);
    }

    /// <summary>
    /// <c>/sapi/v1/account/apiRestrictions</c>. The testnets have no <c>/sapi</c>: a testnet key is reported as able
    /// to trade and unable to withdraw (testnet funds are virtual), with a warning in the log.
    /// </summary>
    public async Task<ExchangeResult<ApiKeyPermissions>> GetPermissionsAsync(CancellationToken cancellationToken)
    {
        if (NeedsKey() is { } missing)
        {
            return missing;
        }

        if (IsTestnet)
        {
            _logger.LogWarning("Binance testnet has no /sapi/v1/account/apiRestrictions; assuming the key can trade and cannot withdraw");
            return new ApiKeyPermissions(CanTradeSpot: true, CanTradeFutures: true, CanWithdraw: false, IsIpRestricted: false);
        }

        return await SendAsync(
            Call(MarketType.Spot, HttpMethod.Get, "/sapi/v1/account/apiRestrictions", new BinanceQuery(), BinanceSecurity.Signed),
            root => new ApiKeyPermissions(
                Flag(root, "enableSpotAndMarginTrading"), Flag(root, "enableFutures"), Flag(root, "enableWithdrawals"), Flag(root, "ipRestrict")),
            cancellationToken);
    }

    /// <summary>Sets the futures leverage; Binance answers a repeat with success, so "already set" is success too.</summary>
    public async Task<ExchangeResult<int>> SetLeverageAsync(string symbol, int leverage, CancellationToken cancellationToken)
    {
        if (NeedsKey() is { } missing)
        {
            return missing;
        }

        var query = new BinanceQuery().Add("symbol", symbol).Add("leverage", leverage);
        var result = await SendAsync(Call(MarketType.Futures, HttpMethod.Post, "/fapi/v1/leverage", query, BinanceSecurity.Signed),
            root => root.GetProperty("leverage").GetInt32(), cancellationToken);
        return result.Error is { } error && IsAlreadySet(error) ? leverage : result;
    }

    /// <summary>Sets the futures margin type; -4046 "No need to change margin type." is success.</summary>
    public async Task<ExchangeResult<MarginType>> SetMarginTypeAsync(string symbol, MarginType marginType, CancellationToken cancellationToken)
    {
        if (NeedsKey() is { } missing)
        {
            return missing;
        }

        var query = new BinanceQuery().Add("symbol", symbol).Add("marginType", marginType == MarginType.Isolated ? "ISOLATED" : "CROSSED");
        var result = await SendAsync(Call(MarketType.Futures, HttpMethod.Post, "/fapi/v1/marginType", query, BinanceSecurity.Signed),
            _ => marginType, cancellationToken);
        return result.Error is { } error && IsAlreadySet(error) ? marginType : result;
    }

    /// <summary>Universal transfer <c>MAIN_UMFUTURE</c>/<c>UMFUTURE_MAIN</c> (not on the testnets: no <c>/sapi</c>).</summary>
    public async Task<ExchangeResult<long>> TransferAsync(string asset, decimal amount, TransferDirection direction, CancellationToken cancellationToken)
    {
        if (NeedsKey() is { } missing)
        {
            return missing;
        }

        if (IsTestnet)
        {
            return new ExchangeError(ExchangeErrorKind.Rejected, "Binance testnet has no /sapi: wallet transfers are not available there");
        }

        var query = new BinanceQuery().Add("type", direction == TransferDirection.SpotToFutures ? "MAIN_UMFUTURE" : "UMFUTURE_MAIN")
            .Add("asset", asset).Add("amount", amount);
        return await SendAsync(Call(MarketType.Spot, HttpMethod.Post, "/sapi/v1/asset/transfer", query, BinanceSecurity.Signed, isMutating: true),
            root => root.GetProperty("tranId").GetInt64(), cancellationToken);
    }

    private static bool IsAlreadySet(ExchangeError error) =>
        error.Code is -4046 or -4059
        || error.Message.Contains("No need to change", StringComparison.OrdinalIgnoreCase)
        || error.Message.Contains("already", StringComparison.OrdinalIgnoreCase);

    private static bool Flag(System.Text.Json.JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.True;
}
