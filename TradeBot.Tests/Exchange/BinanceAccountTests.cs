using TradeBot.Domain.Market;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Exchange;

public class BinanceAccountTests : IAsyncLifetime
{
    private FakeBinanceServer _server = null!;
    private BinanceTestHost _host = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeBinanceServer.StartAsync();
        _host = BinanceTestHost.Create(_server);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task SetMarginType_AlreadySet_IsSuccess()
    {
        var exchange = _host.Trading();
        (await exchange.SetMarginTypeAsync("BTCUSDT", MarginType.Isolated, Token)).Value.ShouldBe(MarginType.Isolated);

        var again = await exchange.SetMarginTypeAsync("BTCUSDT", MarginType.Isolated, Token);

        again.Value.ShouldBe(MarginType.Isolated);
        _server.CountOf("/fapi/v1/marginType").ShouldBe(2);
    }

    [Fact]
    public async Task SetLeverage_SameTwice_IsSuccessAndInvalidIsRejected()
    {
        var exchange = _host.Trading();
        (await exchange.SetLeverageAsync("BTCUSDT", 10, Token)).Value.ShouldBe(10);
        (await exchange.SetLeverageAsync("BTCUSDT", 10, Token)).Value.ShouldBe(10);

        (await exchange.SetLeverageAsync("BTCUSDT", 200, Token)).Error!.Kind.ShouldBe(ExchangeErrorKind.Rejected);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetPermissions_Mainnet_ReadsWithdrawFlag(bool canWithdraw)
    {
        _server.KeyCanWithdraw = canWithdraw;

        var permissions = (await _host.Trading().GetPermissionsAsync(Token)).Value;

        permissions.ShouldBe(new ApiKeyPermissions(CanTradeSpot: true, CanTradeFutures: true, CanWithdraw: canWithdraw, IsIpRestricted: canWithdraw));
    }

    [Fact]
    public async Task GetPermissions_Testnet_AssumesTradeWithoutWithdrawAndWarns()
    {
        _server.KeyCanWithdraw = true;

        var permissions = (await _host.Trading(isTestnet: true).GetPermissionsAsync(Token)).Value;

        permissions.CanWithdraw.ShouldBeFalse();
        permissions.CanTradeSpot.ShouldBeTrue();
        _server.CountOf("/sapi/v1/account/apiRestrictions").ShouldBe(0);
        _host.Logs.Lines.ShouldContain(line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("testnet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Transfer_SpotToFuturesAndBack_MovesBalances()
    {
        var exchange = _host.Trading();

        (await exchange.TransferAsync("USDT", 250.5m, TransferDirection.SpotToFutures, Token)).Value.ShouldBeGreaterThan(0);
        (await exchange.TransferAsync("USDT", 0.5m, TransferDirection.FuturesToSpot, Token)).IsSuccess.ShouldBeTrue();

        _server.SpotBalances["USDT"].ShouldBe(9_750m);
        _server.FuturesBalances["USDT"].ShouldBe(1_250m);
        _server.RawRequests.ShouldContain(r => r.Contains("type=MAIN_UMFUTURE&asset=USDT&amount=250.5&", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Transfer_Testnet_IsRejectedWithoutCalling()
    {
        (await _host.Trading(isTestnet: true).TransferAsync("USDT", 1m, TransferDirection.SpotToFutures, Token)).Error!.Kind
            .ShouldBe(ExchangeErrorKind.Rejected);
        _server.CountOf("/sapi/v1/asset/transfer").ShouldBe(0);
    }

    [Fact]
    public async Task GetBalances_SpotAndFutures_ReadBothWallets()
    {
        var exchange = _host.Trading();

        (await exchange.GetBalancesAsync(MarketType.Spot, Token)).Value.ShouldContain(new AssetBalance("BTC", 1m, 0m));
        (await exchange.GetBalancesAsync(MarketType.Futures, Token)).Value.ShouldHaveSingleItem().ShouldBe(new AssetBalance("USDT", 1_000m, 5m));
    }

    [Fact]
    public async Task TradingCall_MarketDataClient_IsAuthFailureWithoutCalling()
    {
        (await _host.Factory.CreateMarketData().GetBalancesAsync(MarketType.Spot, Token)).Error!.Kind.ShouldBe(ExchangeErrorKind.AuthFailure);
        _server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task SignedCall_ServerClockAhead_SyncsBeforeTheFirstSignedCall()
    {
        _server.ClockSkew = TimeSpan.FromSeconds(30);

        var balances = await _host.Trading().GetBalancesAsync(MarketType.Spot, Token);

        balances.IsSuccess.ShouldBeTrue();
        _server.Requests.ShouldBe(["/api/v3/time", "/api/v3/account"]);
    }

    [Fact]
    public async Task SignedCall_InvalidTimestampOnce_ResyncsAndSucceeds()
    {
        var exchange = _host.Trading();
        await exchange.GetBalancesAsync(MarketType.Futures, Token);
        _server.ClockSkew = TimeSpan.FromSeconds(-20);

        var balances = await exchange.GetBalancesAsync(MarketType.Futures, Token);

        balances.IsSuccess.ShouldBeTrue();
        _server.Requests.ShouldBe(["/fapi/v1/time", "/fapi/v2/balance", "/fapi/v2/balance", "/fapi/v1/time", "/fapi/v2/balance"]);
    }

    [Fact]
    public async Task SignedCall_InvalidTimestampTwice_GivesUpAfterOneRetry()
    {
        _server.InjectFault("/api/v3/account", new FakeFault(FakeFaultKind.InvalidTimestamp), times: 2);

        var error = (await _host.Trading().GetBalancesAsync(MarketType.Spot, Token)).Error!;

        error.Code.ShouldBe(-1021);
        _server.CountOf("/api/v3/account").ShouldBe(2);
    }
}
