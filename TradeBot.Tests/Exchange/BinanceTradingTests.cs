using TradeBot.Domain.Market;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Exchange;

public sealed class BinanceTradingTests : BinanceServerTests
{
    /// <summary>Lets one request through unchanged (queued before a fault meant for the request after it).</summary>
    private static readonly FakeFault Pass = new(FakeFaultKind.Slow, Delay: TimeSpan.Zero);

    private static MarketOrderRequest SpotBuy(decimal quantity, string id = "bot1-1") => new(MarketType.Spot, "BTCUSDT", OrderSide.Buy, quantity, id);

    [Fact]
    public async Task PlaceMarketOrder_SpotBuy_ReturnsFillsWithBaseCommissionConvertedToQuote()
    {
        var order = (await Host.Trading().PlaceMarketOrderAsync(SpotBuy(0.1m), Token)).Value;

        order.Status.ShouldBe(OrderStatus.Filled);
        order.ClientOrderId.ShouldBe("bot1-1");
        order.ExecutedQuantity.ShouldBe(0.1m);
        order.AveragePrice.ShouldBe(50_000m);
        order.QuoteQuantity.ShouldBe(5_000m);
        order.Fills.ShouldHaveSingleItem().CommissionAsset.ShouldBe("BTC");
        order.FeeInQuote.ShouldBe(0.0001m * 50_000m);
        Server.SpotBalances["USDT"].ShouldBe(5_000m);
    }

    [Fact]
    public async Task PlaceMarketOrder_SpotSell_FeeInQuoteAsCharged()
    {
        var order = (await Host.Trading().PlaceMarketOrderAsync(SpotBuy(0.2m) with { Side = OrderSide.Sell }, Token)).Value;

        order.Side.ShouldBe(OrderSide.Sell);
        order.FeeInQuote.ShouldBe(10m);
    }

    [Fact]
    public async Task PlaceMarketOrder_Futures_TakesFeesFromUserTrades()
    {
        var order = (await Host.Trading().PlaceMarketOrderAsync(
            new MarketOrderRequest(MarketType.Futures, "BTCUSDT", OrderSide.Buy, 0.01m, "bot2-1"), Token)).Value;

        order.QuoteQuantity.ShouldBe(500m);
        order.FeeInQuote.ShouldBe(0.2m);
        order.Fills.ShouldHaveSingleItem().CommissionAsset.ShouldBe("USDT");
        Server.CountOf("/fapi/v1/userTrades").ShouldBe(1);
    }

    [Theory]
    [InlineData(FakeFaultKind.DropAfterAccept)]
    [InlineData(FakeFaultKind.ServiceUnavailableAfterAccept)]
    public async Task PlaceMarketOrder_ResponseLostAfterAccept_FindsOrderByClientOrderIdAndPlacesItOnce(FakeFaultKind fault)
    {
        Server.InjectFault("/api/v3/order", new FakeFault(fault));

        var result = await Host.Trading().PlaceMarketOrderAsync(SpotBuy(0.1m, "lost-1"), Token);

        result.Value.ClientOrderId.ShouldBe("lost-1");
        result.Value.Status.ShouldBe(OrderStatus.Filled);
        Server.OrdersPlaced.ShouldBe(1);
        Server.Requests.Count(p => p == "/api/v3/order").ShouldBe(3); // lookup, the one POST, the lookup that found it
    }

    [Fact]
    public async Task PlaceMarketOrder_AnswerSlowerThanTimeout_IsResolvedByLookupNotResent()
    {
        await using var host = BinanceTestHost.Create(Server, new Dictionary<string, string?> { ["RequestTimeoutSeconds"] = "1", ["OrderLookupDelayMs"] = "300" });
        Server.InjectFault("/fapi/v1/order", Pass);
        Server.InjectFault("/fapi/v1/order", new FakeFault(FakeFaultKind.Slow, Delay: TimeSpan.FromSeconds(2)));

        var order = new MarketOrderRequest(MarketType.Futures, "BTCUSDT", OrderSide.Sell, 0.01m, "slow-1");
        var result = await host.Trading().PlaceMarketOrderAsync(order, Token);

        result.Value.ClientOrderId.ShouldBe("slow-1");
        Server.OrdersPlaced.ShouldBe(1);
        host.Logs.Lines.ShouldContain(line => line.Contains("outcome unknown", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlaceMarketOrder_NotFoundAfterProcessingWindow_IsOutcomeUnknown()
    {
        Server.InjectFault("/api/v3/order", Pass);
        Server.InjectFault("/api/v3/order", new FakeFault(FakeFaultKind.ServiceUnavailable));

        var result = await Host.Trading().PlaceMarketOrderAsync(SpotBuy(0.1m, "gone-1"), Token);

        result.Error!.Kind.ShouldBe(ExchangeErrorKind.OutcomeUnknown);
        Server.Requests.Count(p => p == "/api/v3/order").ShouldBe(2 + 4);
        Server.OrdersPlaced.ShouldBe(0);
    }

    [Fact]
    public async Task PlaceMarketOrder_SameClientOrderIdTwice_ReturnsTheFirstOrder()
    {
        var exchange = Host.Trading();
        var first = (await exchange.PlaceMarketOrderAsync(SpotBuy(0.1m, "same"), Token)).Value;

        var second = (await exchange.PlaceMarketOrderAsync(SpotBuy(0.1m, "same"), Token)).Value;

        second.OrderId.ShouldBe(first.OrderId);
        Server.OrdersPlaced.ShouldBe(1);
    }

    [Fact]
    public async Task PlaceMarketOrder_DuplicateSentAfterALookupMissedIt_ReturnsTheExistingOrder()
    {
        var exchange = Host.Trading();
        var first = (await exchange.PlaceMarketOrderAsync(SpotBuy(0.1m, "raced"), Token)).Value;
        Server.InjectFault("/api/v3/order", new FakeFault(FakeFaultKind.NoSuchOrder));

        var second = await exchange.PlaceMarketOrderAsync(SpotBuy(0.1m, "raced"), Token);

        second.Value.OrderId.ShouldBe(first.OrderId);
        Server.OrdersPlaced.ShouldBe(1);
        Host.Logs.Lines.ShouldContain(line => line.Contains("already has", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlaceMarketOrder_LookupsRateLimited_IsOutcomeUnknownAndNeverResent()
    {
        Server.InjectFault("/api/v3/order", Pass);
        Server.InjectFault("/api/v3/order", new FakeFault(FakeFaultKind.ServiceUnavailableAfterAccept));
        Server.InjectFault("/api/v3/order", new FakeFault(FakeFaultKind.Banned, RetryAfterSeconds: 30));

        var result = await Host.Trading().PlaceMarketOrderAsync(SpotBuy(0.1m, "unknown-1"), Token);

        result.Error!.Kind.ShouldBe(ExchangeErrorKind.OutcomeUnknown);
        Server.Requests.Count(p => p == "/api/v3/order").ShouldBe(3);
        Server.OrdersPlaced.ShouldBe(1);
    }

    [Theory]
    [InlineData(MarketType.Spot, "1000", ExchangeErrorKind.InsufficientFunds, -2010)]
    [InlineData(MarketType.Spot, "0.000001", ExchangeErrorKind.FilterFailure, -1013)]
    [InlineData(MarketType.Futures, "10", ExchangeErrorKind.InsufficientFunds, -2019)]
    [InlineData(MarketType.Futures, "0.001", ExchangeErrorKind.FilterFailure, -4164)]
    public async Task PlaceMarketOrder_ExchangeRefuses_MapsToKind(MarketType market, string quantity, ExchangeErrorKind kind, int code)
    {
        var order = new MarketOrderRequest(market, "BTCUSDT", OrderSide.Buy, decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), "refused");

        var error = (await Host.Trading().PlaceMarketOrderAsync(order, Token)).Error!;

        error.Kind.ShouldBe(kind);
        error.Code.ShouldBe(code);
        Server.OrdersPlaced.ShouldBe(0);
    }

    [Theory]
    [InlineData(FakeFaultKind.InsufficientBalance, ExchangeErrorKind.InsufficientFunds)]
    [InlineData(FakeFaultKind.FilterFailure, ExchangeErrorKind.FilterFailure)]
    public async Task PlaceMarketOrder_InjectedRefusal_MapsToKind(FakeFaultKind fault, ExchangeErrorKind kind)
    {
        Server.InjectFault("/api/v3/order", Pass); // the pre-lookup
        Server.InjectFault("/api/v3/order", new FakeFault(fault));

        (await Host.Trading().PlaceMarketOrderAsync(SpotBuy(0.1m), Token)).Error!.Kind.ShouldBe(kind);
    }

    [Fact]
    public async Task GetOrder_UnknownClientOrderId_IsNotFound()
    {
        (await Host.Trading().GetOrderAsync(MarketType.Spot, "BTCUSDT", "never", Token)).Error!.Kind.ShouldBe(ExchangeErrorKind.NotFound);
    }

    [Fact]
    public async Task SignedCall_WrongSecret_IsAuthFailure()
    {
        var wrong = Host.Factory.Create(new ExchangeCredentials(FakeBinanceServer.ApiKey, "not-the-secret", false));

        var error = (await wrong.GetBalancesAsync(MarketType.Spot, Token)).Error!;

        error.Kind.ShouldBe(ExchangeErrorKind.AuthFailure);
        error.Code.ShouldBe(-1022);
    }

    [Fact]
    public async Task SignedCall_UnknownKey_IsAuthFailure()
    {
        var wrong = Host.Factory.Create(new ExchangeCredentials("someone-else", FakeBinanceServer.Secret, false));

        (await wrong.GetBalancesAsync(MarketType.Futures, Token)).Error!.Kind.ShouldBe(ExchangeErrorKind.AuthFailure);
    }

    [Fact]
    public async Task AnyCall_NothingListening_IsUnreachable()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var host = BinanceTestHost.Create(Server, new Dictionary<string, string?> { ["SpotBaseUrl"] = $"http://127.0.0.1:{port}/" });

        var result = await host.Trading().PlaceMarketOrderAsync(SpotBuy(0.1m), Token);

        result.Error!.Kind.ShouldBe(ExchangeErrorKind.Unreachable);
    }

    [Fact]
    public async Task SignedCall_LogOutput_HasNeitherSecretNorKeyNorSignature()
    {
        Server.InjectFault("/api/v3/account", new FakeFault(FakeFaultKind.InvalidTimestamp));
        await Host.Trading().PlaceMarketOrderAsync(SpotBuy(0.1m), Token);
        await Host.Trading().GetBalancesAsync(MarketType.Spot, Token);

        var signatures = Server.RawRequests.Where(r => r.Contains("signature=", StringComparison.Ordinal))
            .Select(r => r[(r.LastIndexOf("signature=", StringComparison.Ordinal) + 10)..]).ToList();
        signatures.Count.ShouldBeGreaterThan(3);
        var log = string.Join("\n", Host.Logs.Lines);
        log.ShouldContain("/api/v3/order");
        log.ShouldContain("System.Net.Http.HttpClient.Binance"); // the factory's own request logging is captured too
        log.ShouldNotContain(FakeBinanceServer.Secret);
        log.ShouldNotContain(FakeBinanceServer.ApiKey);
        log.ShouldNotContain("signature=");
        signatures.ShouldAllBe(signature => !log.Contains(signature));
    }
}
