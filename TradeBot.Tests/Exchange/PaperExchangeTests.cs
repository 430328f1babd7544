using TradeBot.Domain.Market;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Paper;

namespace TradeBot.Tests.Exchange;

/// <summary>
/// The paper exchange against a real database (each provider runs every case): fills at the last price with slippage
/// against the trader, fees on notional, symbol rules, funds, idempotency, futures margin, persistence.
/// Default costs: 5 bps slippage, 0.10% spot and 0.05% futures fees; wallets start with 10,000 USDT on each side.
/// </summary>
public abstract class PaperExchangeTests : IAsyncLifetime
{
    private readonly FixedPriceMarket _market = new();
    private ExchangeTestHost? _host;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ExchangeTestHost Host => _host ?? throw new InvalidOperationException("not initialised");

    public async ValueTask InitializeAsync() => _host = await CreateHostAsync();

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
            await _host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract Task<ExchangeTestHost> CreateHostAsync();

    [Fact]
    public async Task SpotBuy_AtLastPrice_FillsAbovePriceByTheSlippageAndPaysTheFeeInQuote()
    {
        var paper = Wallet();

        var order = (await paper.PlaceMarketOrderAsync(Spot(OrderSide.Buy, 0.01m, "b1"), Cancel)).Value;

        order.Status.ShouldBe(OrderStatus.Filled);
        order.AveragePrice.ShouldBe(50_025m); // 50,000 * 1.0005
        order.ExecutedQuantity.ShouldBe(0.01m);
        order.QuoteQuantity.ShouldBe(500.25m);
        order.FeeInQuote.ShouldBe(0.50025m); // 0.10% of the notional
        order.Fills.ShouldHaveSingleItem().CommissionAsset.ShouldBe("USDT");
        (await SpotBalancesAsync(paper)).ShouldBe(new Dictionary<string, decimal> { ["BTC"] = 0.01m, ["USDT"] = 9_499.24975m });
    }

    [Fact]
    public async Task SpotSell_AfterABuy_FillsBelowPriceAndCreditsNotionalLessFee()
    {
        var paper = Wallet();
        await paper.PlaceMarketOrderAsync(Spot(OrderSide.Buy, 0.01m, "b1"), Cancel);
        _market["BTCUSDT"] = 60_000m;

        var order = (await paper.PlaceMarketOrderAsync(Spot(OrderSide.Sell, 0.01m, "s1"), Cancel)).Value;

        order.AveragePrice.ShouldBe(59_970m); // 60,000 * 0.9995
        order.FeeInQuote.ShouldBe(0.5997m);
        (await SpotBalancesAsync(paper)).ShouldBe(new Dictionary<string, decimal> { ["BTC"] = 0m, ["USDT"] = 9_499.24975m + 599.7m - 0.5997m });
    }

    [Theory]
    [InlineData("0.000015", "LOT_SIZE")] // not a multiple of the 0.00001 step
    [InlineData("0.00009", "minNotional")] // 4.50 USDT, below 5
    [InlineData("0", "LOT_SIZE")]
    public async Task SpotOrder_BreakingASymbolRule_IsAFilterFailureAndChangesNothing(string quantity, string rule)
    {
        var paper = Wallet();

        var result = await paper.PlaceMarketOrderAsync(Spot(OrderSide.Buy, decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), "f1"), Cancel);

        result.Error.ShouldNotBeNull().Kind.ShouldBe(ExchangeErrorKind.FilterFailure);
        result.Error.Message.ShouldContain(rule);
        (await SpotBalancesAsync(paper)).ShouldBe(new Dictionary<string, decimal> { ["USDT"] = 10_000m });
        (await paper.GetOrderAsync(MarketType.Spot, "BTCUSDT", "f1", Cancel)).Error!.Kind.ShouldBe(ExchangeErrorKind.NotFound);
    }

    [Fact]
    public async Task SpotBuy_CostingMoreThanTheBalance_IsInsufficientFunds()
    {
        var paper = Wallet();

        var result = await paper.PlaceMarketOrderAsync(Spot(OrderSide.Buy, 0.2m, "big"), Cancel); // 10,005 + fee

        result.Error.ShouldNotBeNull().Kind.ShouldBe(ExchangeErrorKind.InsufficientFunds);
        (await SpotBalancesAsync(paper)).ShouldBe(new Dictionary<string, decimal> { ["USDT"] = 10_000m });
    }

    [Fact]
    public async Task SpotSell_OfMoreThanIsHeld_IsInsufficientFunds()
    {
        var result = await Wallet().PlaceMarketOrderAsync(Spot(OrderSide.Sell, 0.001m, "s"), Cancel);

        result.Error.ShouldNotBeNull().Kind.ShouldBe(ExchangeErrorKind.InsufficientFunds);
    }

    [Fact]
    public async Task SameClientOrderId_SentTwiceAndConcurrently_FillsOnceAndReturnsThatOrder()
    {
        var paper = Wallet();
        var first = (await paper.PlaceMarketOrderAsync(Spot(OrderSide.Buy, 0.01m, "bot1-7"), Cancel)).Value;
        _market["BTCUSDT"] = 40_000m;

        var again = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => paper.PlaceMarketOrderAsync(Spot(OrderSide.Buy, 0.01m, "bot1-7"), Cancel)));
        var fromAnotherInstance = await Host.PaperFactory(_market).ForWallet("bot-1").PlaceMarketOrderAsync(Spot(OrderSide.Buy, 0.01m, "bot1-7"), Cancel);

        foreach (var result in again.Append(fromAnotherInstance))
            result.Value.ShouldBe(first with { Fills = result.Value.Fills });
        (await SpotBalancesAsync(paper)).ShouldBe(new Dictionary<string, decimal> { ["BTC"] = 0.01m, ["USDT"] = 9_499.24975m });
    }

    [Fact]
    public async Task Orders_FromTwoProcessesOnOneWalletAtOnce_AreAllBookedNoneLost()
    {
        // Two factories stand for two app instances: no shared lock, only the wallet's version column between them.
        var instances = new[] { Host.PaperFactory(_market).ForWallet("bot-1"), Host.PaperFactory(_market).ForWallet("bot-1") };

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            instances[i % 2].PlaceMarketOrderAsync(Spot(OrderSide.Buy, 0.001m, $"c{i}"), Cancel)));

        results.ShouldAllBe(r => r.IsSuccess);
        (await SpotBalancesAsync(instances[0])).ShouldBe(new Dictionary<string, decimal> { ["BTC"] = 0.008m, ["USDT"] = 10_000m - 8 * 50.075025m });
    }

    [Fact]
    public async Task Wallet_ReopenedByANewFactory_HasTheSameBalancesAndOrders()
    {
        await Wallet().PlaceMarketOrderAsync(Spot(OrderSide.Buy, 0.01m, "b1"), Cancel);

        var reopened = Host.PaperFactory(_market).ForWallet("bot-1");

        (await SpotBalancesAsync(reopened)).ShouldBe(new Dictionary<string, decimal> { ["BTC"] = 0.01m, ["USDT"] = 9_499.24975m });
        (await reopened.GetOrderAsync(MarketType.Spot, "BTCUSDT", "b1", Cancel)).Value.AveragePrice.ShouldBe(50_025m);
        (await SpotBalancesAsync(Host.PaperFactory(_market).ForWallet("bot-2"))).ShouldBe(new Dictionary<string, decimal> { ["USDT"] = 10_000m });
    }

    [Fact]
    public async Task FuturesLong_With10xLeverage_LocksNotionalOverLeverageAndRealisesThePnlOnAReduceOnlyExit()
    {
        var paper = Wallet();
        (await paper.SetLeverageAsync("BTCUSDT", 10, Cancel)).Value.ShouldBe(10);

        var entry = (await paper.PlaceMarketOrderAsync(Futures(OrderSide.Buy, 0.1m, "l1"), Cancel)).Value;

        entry.AveragePrice.ShouldBe(50_025m);
        entry.FeeInQuote.ShouldBe(2.50125m); // 0.05% of 5,002.50
        (await BalanceAsync(paper, MarketType.Futures)).ShouldBe(new AssetBalance("USDT", 10_000m - 500.25m - 2.50125m, 500.25m));

        _market["BTCUSDT"] = 51_000m;
        var exit = (await paper.PlaceMarketOrderAsync(Futures(OrderSide.Sell, 0.1m, "l2", reduceOnly: true), Cancel)).Value;

        exit.AveragePrice.ShouldBe(50_974.5m);
        // PnL (50,974.5 - 50,025) * 0.1 = 94.95; exit fee 0.05% of 5,097.45
        (await BalanceAsync(paper, MarketType.Futures)).ShouldBe(new AssetBalance("USDT", 10_000m - 2.50125m + 94.95m - 2.548725m, 0m));
    }

    [Fact]
    public async Task FuturesShort_With5xLeverage_GainsWhenThePriceFalls()
    {
        var paper = Wallet();
        await paper.SetLeverageAsync("BTCUSDT", 5, Cancel);
        await paper.PlaceMarketOrderAsync(Futures(OrderSide.Sell, 0.1m, "s1"), Cancel); // fills at 49,975
        (await BalanceAsync(paper, MarketType.Futures)).Locked.ShouldBe(999.5m);

        _market["BTCUSDT"] = 49_000m;
        await paper.PlaceMarketOrderAsync(Futures(OrderSide.Buy, 0.1m, "s2", reduceOnly: true), Cancel); // fills at 49,024.5

        var entryFee = 4_997.5m * 0.0005m;
        var exitFee = 4_902.45m * 0.0005m;
        (await BalanceAsync(paper, MarketType.Futures)).ShouldBe(new AssetBalance("USDT", 10_000m - entryFee + 95.05m - exitFee, 0m));
    }

    [Fact]
    public async Task FuturesSell_LargerThanTheLong_ClosesItOpensAShortWithTheRestAndReduceOnlyClosesNoMore()
    {
        var paper = Wallet();
        await paper.SetLeverageAsync("BTCUSDT", 10, Cancel);
        await paper.PlaceMarketOrderAsync(Futures(OrderSide.Buy, 0.1m, "f1"), Cancel); // long 0.1 at 50,025, margin 500.25
        _market["BTCUSDT"] = 50_000m;

        var flip = (await paper.PlaceMarketOrderAsync(Futures(OrderSide.Sell, 0.3m, "f2"), Cancel)).Value; // at 49,975

        flip.ExecutedQuantity.ShouldBe(0.3m);
        // long closed at a 5 USDT loss; short 0.2 opened with margin 0.2 * 49,975 / 10; fee 0.05% of 0.3 * 49,975
        var afterFlip = 10_000m - 2.50125m - 5m - 999.5m - 7.49625m;
        (await BalanceAsync(paper, MarketType.Futures)).ShouldBe(new AssetBalance("USDT", afterFlip, 999.5m));

        var close = (await paper.PlaceMarketOrderAsync(Futures(OrderSide.Buy, 0.5m, "f3", reduceOnly: true), Cancel)).Value; // at 50,025

        close.ExecutedQuantity.ShouldBe(0.2m);
        var closeFee = 0.2m * 50_025m * 0.0005m;
        (await BalanceAsync(paper, MarketType.Futures)).ShouldBe(new AssetBalance("USDT", afterFlip + 999.5m - 10m - closeFee, 0m));
    }

    [Fact]
    public async Task FuturesReduceOnly_WithoutAPosition_IsRejected()
    {
        var result = await Wallet().PlaceMarketOrderAsync(Futures(OrderSide.Sell, 0.1m, "r", reduceOnly: true), Cancel);

        result.Error.ShouldNotBeNull().Kind.ShouldBe(ExchangeErrorKind.Rejected);
        result.Error.Code.ShouldBe(-2022);
    }

    [Fact]
    public async Task FuturesOrder_NeedingMoreMarginThanAvailable_IsInsufficientFunds()
    {
        var paper = Wallet();
        await paper.SetLeverageAsync("BTCUSDT", 2, Cancel);

        var result = await paper.PlaceMarketOrderAsync(Futures(OrderSide.Buy, 0.5m, "x"), Cancel); // 12,506 margin

        result.Error.ShouldNotBeNull().Kind.ShouldBe(ExchangeErrorKind.InsufficientFunds);
    }

    [Fact]
    public async Task SetLeverage_AboveTheSymbolsMaximum_IsRejected()
    {
        (await Wallet().SetLeverageAsync("SOLUSDT", 51, Cancel)).Error!.Kind.ShouldBe(ExchangeErrorKind.Rejected);
        (await Wallet().SetLeverageAsync("BTCUSDT", 125, Cancel)).Value.ShouldBe(125);
    }

    [Fact]
    public async Task Transfer_SpotToFutures_MovesTheAmountAndRefusesMoreThanIsFree()
    {
        var paper = Wallet();

        (await paper.TransferAsync("USDT", 2_500m, TransferDirection.SpotToFutures, Cancel)).IsSuccess.ShouldBeTrue();
        var tooMuch = await paper.TransferAsync("USDT", 7_500.01m, TransferDirection.SpotToFutures, Cancel);

        tooMuch.Error!.Kind.ShouldBe(ExchangeErrorKind.InsufficientFunds);
        (await BalanceAsync(paper, MarketType.Spot)).Free.ShouldBe(7_500m);
        (await BalanceAsync(paper, MarketType.Futures)).Free.ShouldBe(12_500m);
    }

    [Fact]
    public async Task Permissions_OfAPaperWallet_TradeBothMarketsButNeverWithdraw()
    {
        (await Wallet().GetPermissionsAsync(Cancel)).Value.ShouldBe(new ApiKeyPermissions(true, true, false, false));
    }

    private PaperExchange Wallet() => Host.PaperFactory(_market).ForWallet("bot-1");

    private static MarketOrderRequest Spot(OrderSide side, decimal quantity, string clientOrderId) =>
        new(MarketType.Spot, "BTCUSDT", side, quantity, clientOrderId);

    private static MarketOrderRequest Futures(OrderSide side, decimal quantity, string clientOrderId, bool reduceOnly = false) =>
        new(MarketType.Futures, "BTCUSDT", side, quantity, clientOrderId, reduceOnly);

    private static async Task<Dictionary<string, decimal>> SpotBalancesAsync(PaperExchange paper) =>
        (await paper.GetBalancesAsync(MarketType.Spot, Cancel)).Value.ToDictionary(b => b.Asset, b => b.Total);

    private static async Task<AssetBalance> BalanceAsync(PaperExchange paper, MarketType market) =>
        (await paper.GetBalancesAsync(market, Cancel)).Value.Single(b => b.Asset == "USDT");
}

/// <summary>The paper exchange cases on a SQLite temp file.</summary>
public sealed class PaperExchangeSqliteTests : PaperExchangeTests
{
    protected override Task<ExchangeTestHost> CreateHostAsync() => ExchangeTestHost.SqliteAsync(Cancel);
}

/// <summary>The paper exchange cases on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PaperExchangePostgresTests(PostgresServer postgres) : PaperExchangeTests
{
    protected override Task<ExchangeTestHost> CreateHostAsync() => ExchangeTestHost.PostgresAsync(postgres, Cancel);
}
