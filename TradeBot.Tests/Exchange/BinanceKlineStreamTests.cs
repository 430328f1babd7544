using Microsoft.Extensions.Time.Testing;
using TradeBot.Domain.Market;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Exchange;

public class BinanceKlineStreamTests : IAsyncLifetime
{
    private FakeBinanceServer _server = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await FakeBinanceServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(MarketType.Spot)]
    [InlineData(MarketType.Futures)]
    public async Task Stream_FakeDropsConnections_YieldsEachClosedCandleOnceAcrossReconnects(MarketType market)
    {
        await using var host = BinanceTestHost.Create(_server);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));

        var updates = new List<KlineUpdate>();
        await foreach (var update in host.Factory.CreateMarketData().StreamCandlesAsync(market, "BTCUSDT", Interval.OneMinute, timeout.Token))
        {
            updates.Add(update);
            if (updates.Count(u => u.IsClosed) == 5)
            {
                break;
            }
        }

        _server.StreamConnections.ShouldBeGreaterThanOrEqualTo(3);
        var closed = updates.Where(u => u.IsClosed).ToList();
        closed.Select(u => u.Candle.OpenTimeMs).ShouldBeInOrder(SortDirection.Ascending);
        closed.Select(u => u.Candle.OpenTimeMs).Distinct().Count().ShouldBe(5);
        closed.ShouldAllBe(u => u.Candle == FakeBinanceServer.KlineAt(u.Candle.OpenTimeMs) && u.Symbol == "BTCUSDT");
        updates.ShouldContain(u => !u.IsClosed);
        _server.Requests.ShouldContain(market == MarketType.Spot ? "/ws/btcusdt@kline_1m" : "/market/ws/btcusdt@kline_1m");
    }

    [Fact]
    public async Task Stream_WebSocketUnreachable_FallsBackToPollingKlines()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 60_000 * 60_000;
        _server.KlineFirstOpenMs = now - 10 * 60_000;
        _server.KlineLastOpenMs = now;
        await using var host = BinanceTestHost.Create(_server, new Dictionary<string, string?>
        {
            ["SpotStreamUrl"] = "ws://127.0.0.1:1",
            ["StreamFailuresBeforePolling"] = "1",
            ["PollIntervalSeconds"] = "1",
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        // Generous: under a loaded full run the first poll has been seen to come late; it needs no more than one poll.
        timeout.CancelAfter(TimeSpan.FromSeconds(60));

        var updates = new List<KlineUpdate>();
        using var dump = timeout.Token.Register(() => TestContext.Current.TestOutputHelper!.WriteLine(string.Join("\n", host.Logs.Lines)));
        await foreach (var update in host.Factory.CreateMarketData().StreamCandlesAsync(MarketType.Spot, "BTCUSDT", Interval.OneMinute, timeout.Token))
        {
            updates.Add(update);
            if (update.IsClosed && update.Candle.OpenTimeMs == now - 60_000)
            {
                break;
            }
        }

        updates.ShouldContain(u => u.IsClosed && u.Candle.OpenTimeMs == now - 60_000);
        _server.CountOf("/api/v3/klines").ShouldBeGreaterThanOrEqualTo(1);
        host.Logs.Lines.ShouldContain(line => line.Contains("polling REST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stream_ConnectionNearTheDailyLimit_ReconnectsProactively()
    {
        _server.StreamCandlesPerConnection = 500;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = BinanceTestHost.Create(_server, time: time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));

        var updates = 0;
        await foreach (var _ in host.Factory.CreateMarketData().StreamCandlesAsync(MarketType.Spot, "BTCUSDT", Interval.OneMinute, timeout.Token))
        {
            if (++updates == 2)
            {
                time.Advance(TimeSpan.FromHours(23.6));
            }

            if (_server.StreamConnections == 2)
            {
                break;
            }
        }

        host.Logs.Lines.ShouldContain(line => line.Contains("proactive reconnect", StringComparison.Ordinal));
    }
}
