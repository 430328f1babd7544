using TradeBot.Domain.Market;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Exchange;

public sealed class BinanceAccountTests : BinanceServerTests
{
    [Fact]
    public async Task SetMarginType_AlreadySet_IsSuccess()
    {
        var exchange = Host.Trading();
        (await exchange.SetMarginTypeAsync("BTCUSDT", MarginType.Isolated, Token)).Value.ShouldBe(MarginType.Isolated);

        var again = await exchange.SetMarginTypeAsync("BTCUSDT", MarginType.Isolated, Token);

        again.Value.ShouldBe(MarginType.Isolated);
        Server.CountOf("/fapi/v1/marginType").ShouldBe(2);
    }

    [Fact]
    public async Task SetLeverage_SameTwice_IsSuccessAndInvalidIsRejected()
    {
        var exchange = Host.Trading();
        (await exchange.SetLeverageAsync("BTCUSDT", 10, Token)).Value.ShouldBe(10);
        (await exchange.SetLeverageAsync("BTCUSDT", 10, Token)).Value.ShouldBe(10);

        (await exchange.SetLeverageAsync("BTCUSDT", 200, Token)).Error!.Kind.ShouldBe(ExchangeErrorKind.Rejected);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetPermissions_Mainnet_ReadsWithdrawFlag(bool canWithdraw)
    {
        Server.KeyCanWithdraw = canWithdraw;

        var permissions = (await Host.Trading().GetPermissionsAsync(Token)).Value;

        permissions.ShouldBe(new ApiKeyPermissions(CanTradeSpot: true, CanTradeFutures: true, CanWithdraw: canWithdraw, IsIpRestricted: canWithdraw));
    }

    [Fact]
    public async Task GetPermissions_Testnet_AssumesTradeWithoutWithdrawAndWarns()
    {
        Server.KeyCanWithdraw = true;

        var permissions = (await Host.Trading(isTestnet: true).GetPermissionsAsync(Token)).Value;

        permissions.CanWithdraw.ShouldBeFalse();
        permissions.CanTradeSpot.ShouldBeTrue();
        Server.CountOf("/sapi/v1/account/apiRestrictions").ShouldBe(0);
        Host.Logs.Lines.ShouldContain(line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("testnet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Transfer_SpotToFuturesAndBack_MovesBalances()
    {
        var exchange = Host.Trading();

        (await exchange.TransferAsync("USDT", 250.5m, TransferDirection.SpotToFutures, Token)).Value.ShouldBeGreaterThan(0);
        (await exchange.TransferAsync("USDT", 0.5m, TransferDirection.FuturesToSpot, Token)).IsSuccess.ShouldBeTrue();

        Server.SpotBalances["USDT"].ShouldBe(9_750m);
        Server.FuturesBalances["USDT"].ShouldBe(1_250m);
        Server.RawRequests.ShouldContain(r => r.Contains("type=MAIN_UMFUTURE&asset=USDT&amount=250.5&", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Transfer_Testnet_IsRejectedWithoutCalling()
    {
        (await Host.Trading(isTestnet: true).TransferAsync("USDT", 1m, TransferDirection.SpotToFutures, Token)).Error!.Kind
            .ShouldBe(ExchangeErrorKind.Rejected);
        Server.CountOf("/sapi/v1/asset/transfer").ShouldBe(0);
    }

    [Fact]
    public async Task GetBalances_SpotAndFutures_ReadBothWallets()
    {
        var exchange = Host.Trading();

        (await exchange.GetBalancesAsync(MarketType.Spot, Token)).Value.ShouldContain(new AssetBalance("BTC", 1m, 0m));
        (await exchange.GetBalancesAsync(MarketType.Futures, Token)).Value.ShouldHaveSingleItem().ShouldBe(new AssetBalance("USDT", 1_000m, 5m));
    }

    [Fact]
    public async Task TradingCall_MarketDataClient_IsAuthFailureWithoutCalling()
    {
        (await Host.Factory.CreateMarketData().GetBalancesAsync(MarketType.Spot, Token)).Error!.Kind.ShouldBe(ExchangeErrorKind.AuthFailure);
        Server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task SignedCall_ServerClockAhead_SyncsBeforeTheFirstSignedCall()
    {
        Server.ClockSkew = TimeSpan.FromSeconds(30);

        var balances = await Host.Trading().GetBalancesAsync(MarketType.Spot, Token);

        balances.IsSuccess.ShouldBeTrue();
        Server.Requests.ShouldBe(["/api/v3/time", "/api/v3/account"]);
    }

    [Fact]
    public async Task SignedCall_InvalidTimestampOnce_ResyncsAndSucceeds()
    {
        var exchange = Host.Trading();
        await exchange.GetBalancesAsync(MarketType.Futures, Token);
        Server.ClockSkew = TimeSpan.FromSeconds(-20);

        var balances = await exchange.GetBalancesAsync(MarketType.Futures, Token);

        balances.IsSuccess.ShouldBeTrue();
        Server.Requests.ShouldBe(["/fapi/v1/time", "/fapi/v2/balance", "/fapi/v2/balance", "/fapi/v1/time", "/fapi/v2/balance"]);
    }

    [Fact]
    public async Task SignedCall_InvalidTimestampTwice_GivesUpAfterOneRetry()
    {
        Server.InjectFault("/api/v3/account", new FakeFault(FakeFaultKind.InvalidTimestamp), times: 2);

        var error = (await Host.Trading().GetBalancesAsync(MarketType.Spot, Token)).Error!;

        error.Code.ShouldBe(-1021);
        Server.CountOf("/api/v3/account").ShouldBe(2);
    }
}
