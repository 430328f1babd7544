using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Tests.Exchange;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.ApiKeys;
using TradeBot.Web.Exchange.Binance;

namespace TradeBot.Tests.Bots;

/// <summary>
/// A testnet bot with a stored (encrypted) key trades through the Binance client against the fake Binance server: a
/// whole entry → trailing → exit cycle with the exchange's order ids, quantities, prices and commissions persisted, the
/// exit selling what the wallet holds after a commission taken in the asset bought.
/// Candles come from the test's replay market (the fake's klines cannot be scripted); fills at the fake's price, kept
/// equal to the replay's.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BotRunnerBinanceTests(PostgresServer postgres) : IAsyncLifetime
{
    private FakeBinanceServer _binance = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _binance = await FakeBinanceServer.StartAsync();

    public async ValueTask DisposeAsync() => await _binance.DisposeAsync();

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Testnet_EntryTrailingExit_ExchangeFillsPersisted(string provider)
    {
        var logs = new CapturingLoggerProvider();
        await using var harness = await TestnetHarnessAsync(provider, services => services.AddLogging(l => l.AddProvider(logs)));
        _binance.SpotBalances["BTC"] = 0m; // the bot holds only what it bought, less the commission taken in BTC

        for (var i = 1; (await harness.StateAsync(Cancel)).Quantity == 0; i++)
        {
            _binance.BtcPrice = (decimal)harness.Market.Candles[i].Open;
            (await harness.TickAtOpenAsync(i, Cancel)).ShouldNotBe(TickOutcome.Failed, (await harness.StateAsync(Cancel)).LastError);
        }

        var entry = (await harness.TradesAsync(Cancel)).ShouldHaveSingleItem();
        entry.Side.ShouldBe(OrderSide.Buy);
        entry.ExchangeOrderId.ShouldBeGreaterThan(1000);
        entry.Price.ShouldBe(_binance.BtcPrice);
        entry.CommissionAsset.ShouldBe("BTC", "Binance charges a spot buy in the asset bought");
        entry.Commission.ShouldBe(entry.Quantity * 0.001m);

        var high = Math.Round(entry.Price * 1.015m, 2);
        _binance.BtcPrice = high;
        (await harness.TickAtAsync(TimeSpan.FromSeconds(10), high, Cancel)).ShouldBe(TickOutcome.NothingToDo);
        (await harness.StateAsync(Cancel)).TrailingStopPrice!.Value.ShouldBe((double)high * 0.99, 1e-6);

        var fall = Math.Round(high * 0.988m, 2);
        _binance.BtcPrice = fall;
        (await harness.TickAtAsync(TimeSpan.FromSeconds(10), fall, Cancel)).ShouldBe(TickOutcome.Traded);

        var trades = await harness.TradesAsync(Cancel);
        trades.Count.ShouldBe(2);
        var exit = trades[1];
        exit.Side.ShouldBe(OrderSide.Sell);
        exit.ExitReason.ShouldBe("stop");
        exit.Quantity.ShouldBe(Math.Floor(entry.Quantity * 0.999m / 0.00001m) * 0.00001m, "it sells what the wallet holds after the BTC commission");
        exit.Price.ShouldBe(fall);
        exit.CommissionAsset.ShouldBe("USDT");
        var pnl = (fall - entry.Price) * entry.Quantity - entry.Commission * entry.Price - exit.Commission;
        ((double)exit.RealizedPnl!.Value).ShouldBe((double)pnl, 1e-6);
        _binance.OrdersPlaced.ShouldBe(2);
        var state = await harness.StateAsync(Cancel);
        state.Status.ShouldBe(BotStatus.Running);
        state.Quantity.ShouldBe(0);
        state.Cash.ShouldBe(1000 + (double)pnl, 1e-6);
        logs.Lines.ShouldContain(line => line.Contains("BotId=" + harness.BotId, StringComparison.Ordinal) && line.Contains("warmed up", StringComparison.Ordinal));
        logs.Lines.ShouldNotContain(line => line.Contains(FakeBinanceServer.Secret, StringComparison.Ordinal) || line.Contains(FakeBinanceServer.ApiKey, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Testnet_CrashAfterOrderSent_NextCheckLooksItUp_OneOrderOneTrade(string provider)
    {
        var tradeInsert = new FailingInsert("bot_trades");
        await using var harness = await TestnetHarnessAsync(provider, services =>
        {
            services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(tradeInsert));
            services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(tradeInsert));
        });
        tradeInsert.IsFailing = true;
        var i = 1;
        for (; (await harness.StateAsync(Cancel)).PendingClientOrderId is null; i++)
        {
            _binance.BtcPrice = (decimal)harness.Market.Candles[i].Open;
            await harness.TickAtOpenAsync(i, Cancel);
        }

        _binance.OrdersPlaced.ShouldBe(1);
        (await harness.TradesAsync(Cancel)).ShouldBeEmpty();
        tradeInsert.IsFailing = false;

        (await harness.TickAtAsync(TimeSpan.FromSeconds(10), _binance.BtcPrice, Cancel)).ShouldBe(TickOutcome.Traded);

        _binance.OrdersPlaced.ShouldBe(1);
        (await harness.TradesAsync(Cancel)).ShouldHaveSingleItem().ExchangeOrderId.ShouldBeGreaterThan(1000);
        var state = await harness.StateAsync(Cancel);
        state.PendingClientOrderId.ShouldBeNull();
        state.Status.ShouldBe(BotStatus.InPosition);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Live_AutoTransferAnswerLost_NotAskedAgain_BotSaysSo(string provider)
    {
        await using var harness = await BinanceHarnessAsync(provider, ExchangeMode.Live, input =>
        {
            input.AutoTransferEnabled = true; // spot: futures → spot at the first check
            input.AutoTransferAmount = 250;
        });
        _binance.InjectFault("/sapi/v1/asset/transfer", new FakeFault(FakeFaultKind.DropAfterAccept));

        (await harness.TickAtOpenAsync(1, Cancel)).ShouldBe(TickOutcome.Failed);
        var state = await harness.StateAsync(Cancel);
        state.AutoTransferredAt.ShouldNotBeNull("it may have been made");
        state.LastError.ShouldNotBeNull().ShouldContain("is not asked for again");
        _binance.InjectFault("/sapi/v1/asset/transfer", new FakeFault(FakeFaultKind.DropAfterAccept)); // a second ask would fail the same way
        _binance.BtcPrice = (decimal)harness.Market.Candles[2].Open;
        (await harness.TickAtOpenAsync(2, Cancel)).ShouldNotBe(TickOutcome.Failed, (await harness.StateAsync(Cancel)).LastError);

        _binance.FuturesBalances["USDT"].ShouldBe(750m, "Binance made the transfer once, and it was not asked for twice");
        _binance.SpotBalances["USDT"].ShouldBe(10_250m);
    }

    private Task<RunnerHarness> TestnetHarnessAsync(string provider, Action<IServiceCollection> configure) =>
        BinanceHarnessAsync(provider, ExchangeMode.Testnet, configure: configure);

    /// <summary>A started bot of <paramref name="mode"/> (Testnet or Live) with a key of that network on the fake Binance server.</summary>
    private async Task<RunnerHarness> BinanceHarnessAsync(
        string provider, ExchangeMode mode, Action<BotInput>? adjust = null, Action<IServiceCollection>? configure = null)
    {
        var harness = await RunnerHarness.CreateAsync(provider, postgres, 600, Cancel, _binance, services =>
        {
            services.AddSingleton<ITradingAccountFactory>(sp => new AccountOnlyFactory(sp.GetRequiredService<BinanceExchangeFactory>()));
            configure?.Invoke(services);
        }, liveEnabled: mode == ExchangeMode.Live);
        var key = await harness.Host.ApiKeys.AddAsync(harness.Owner,
            new ApiKeyInput { Label = mode.ToString(), ApiKey = FakeBinanceServer.ApiKey, Secret = FakeBinanceServer.Secret, IsTestnet = mode == ExchangeMode.Testnet }, Cancel);
        key.Succeeded.ShouldBeTrue(string.Join("; ", key.Errors.Select(e => e.Message)));
        var input = RunnerHarness.Input(stops: true);
        input.ExchangeMode = mode;
        input.ApiKeyId = key.Key!.Id;
        adjust?.Invoke(input);
        await harness.StartBotAsync(input, Cancel);
        return harness;
    }

    /// <summary>The Binance account without its market data, so the runner reads the replay market's candles.</summary>
    private sealed class AccountOnlyFactory(BinanceExchangeFactory binance) : ITradingAccountFactory
    {
        public ITradingAccount Create(ExchangeCredentials credentials) => new AccountOnly(binance.Create(credentials));
    }

    private sealed class AccountOnly(ITradingAccount inner) : ITradingAccount
    {
        public Task<ExchangeResult<IReadOnlyList<AssetBalance>>> GetBalancesAsync(TradeBot.Domain.Market.MarketType market, CancellationToken cancellationToken) =>
            inner.GetBalancesAsync(market, cancellationToken);

        public Task<ExchangeResult<ApiKeyPermissions>> GetPermissionsAsync(CancellationToken cancellationToken) => inner.GetPermissionsAsync(cancellationToken);

        public Task<ExchangeResult<OrderResult>> PlaceMarketOrderAsync(MarketOrderRequest order, CancellationToken cancellationToken) =>
            inner.PlaceMarketOrderAsync(order, cancellationToken);

        public Task<ExchangeResult<OrderResult>> GetOrderAsync(TradeBot.Domain.Market.MarketType market, string symbol, string clientOrderId, CancellationToken cancellationToken) =>
            inner.GetOrderAsync(market, symbol, clientOrderId, cancellationToken);

        public Task<ExchangeResult<int>> SetLeverageAsync(string symbol, int leverage, CancellationToken cancellationToken) =>
            inner.SetLeverageAsync(symbol, leverage, cancellationToken);

        public Task<ExchangeResult<MarginType>> SetMarginTypeAsync(string symbol, MarginType marginType, CancellationToken cancellationToken) =>
            inner.SetMarginTypeAsync(symbol, marginType, cancellationToken);

        public Task<ExchangeResult<long>> TransferAsync(string asset, decimal amount, TransferDirection direction, CancellationToken cancellationToken) =>
            inner.TransferAsync(asset, amount, direction, cancellationToken);
    }
}
