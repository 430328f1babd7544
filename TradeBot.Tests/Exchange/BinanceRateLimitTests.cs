using TradeBot.Domain.Market;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Exchange;

public class BinanceRateLimitTests : IAsyncLifetime
{
    private FakeBinanceServer _server = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await FakeBinanceServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(FakeFaultKind.TooManyRequests)]
    [InlineData(FakeFaultKind.Banned)]
    public async Task Call_After429Or418_EveryCallerOfTheHostFailsFastUntilRetryAfter(FakeFaultKind fault)
    {
        await using var host = BinanceTestHost.Create(_server);
        _server.InjectFault("/api/v3/ticker/price", new FakeFault(fault, RetryAfterSeconds: 2));
        var first = await host.Factory.CreateMarketData().GetLastPriceAsync(MarketType.Spot, "BTCUSDT", Token);

        // Other exchange objects (another key, another market data client) share the host's back-off.
        var callers = Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? host.Factory.CreateMarketData().GetLastPriceAsync(MarketType.Spot, "BTCUSDT", Token)
            : host.Trading().GetLastPriceAsync(MarketType.Spot, "ETHUSDT", Token));
        var during = await Task.WhenAll(callers);

        first.Error!.Kind.ShouldBe(ExchangeErrorKind.RateLimited);
        first.Error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(2));
        during.ShouldAllBe(r => r.Error!.Kind == ExchangeErrorKind.RateLimited && r.Error.RetryAfter > TimeSpan.Zero && r.Error.RetryAfter <= TimeSpan.FromSeconds(2));
        _server.CountOf("/api/v3/ticker/price").ShouldBe(1);

        await Task.Delay(TimeSpan.FromSeconds(2.1), Token);
        (await host.Factory.CreateMarketData().GetLastPriceAsync(MarketType.Spot, "BTCUSDT", Token)).IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public async Task Call_ShortBackOffWithinWaitThreshold_WaitsThenSucceeds()
    {
        await using var host = BinanceTestHost.Create(_server, new Dictionary<string, string?> { ["RateLimitWaitThresholdMs"] = "3000" });
        _server.InjectFault("/api/v3/ticker/price", new FakeFault(FakeFaultKind.TooManyRequests, RetryAfterSeconds: 1));
        (await host.Factory.CreateMarketData().GetLastPriceAsync(MarketType.Spot, "BTCUSDT", Token)).Error!.Kind.ShouldBe(ExchangeErrorKind.RateLimited);

        var started = DateTimeOffset.UtcNow;
        var waited = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => host.Factory.CreateMarketData().GetLastPriceAsync(MarketType.Spot, "BTCUSDT", Token)));

        waited.ShouldAllBe(r => r.IsSuccess);
        (DateTimeOffset.UtcNow - started).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(700));
    }

    [Fact]
    public async Task Call_OtherHostBackingOff_IsNotHeldUp()
    {
        await using var host = BinanceTestHost.Create(_server, new Dictionary<string, string?> { ["FuturesBaseUrl"] = $"http://localhost:{_server.BaseUrl.Port}/" });
        _server.InjectFault("/api/v3/ticker/price", new FakeFault(FakeFaultKind.TooManyRequests, RetryAfterSeconds: 30));
        await host.Factory.CreateMarketData().GetLastPriceAsync(MarketType.Spot, "BTCUSDT", Token);

        (await host.Factory.CreateMarketData().GetLastPriceAsync(MarketType.Futures, "BTCUSDT", Token)).IsSuccess.ShouldBeTrue();
    }
}
