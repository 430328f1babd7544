using Microsoft.Extensions.DependencyInjection;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Strategies;
using TradeBot.Domain.Trading;
using TradeBot.Web.Bots;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Candles;

namespace TradeBot.Tests.Bots;

/// <summary>
/// The bot form's service: order-size estimate against the symbol's filters, parameter fields from the registry, the
/// quick backtest equal to the backtester on the same candles, and which step shows which validator field.
/// </summary>
public sealed class BotFormServiceTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // The simulated market's BTCUSDT rules (Binance's, 2025).
    private static readonly ExchangeSymbolInfo BtcSpot = new("BTCUSDT", "BTC", "USDT",
        new SymbolRules(TickSize: 0.01m, StepSize: 0.00001m, MinQty: 0.00001m, MaxQty: 9_000m, MinNotional: 5m), 1);

    private static readonly ExchangeSymbolInfo BtcFutures = new("BTCUSDT", "BTC", "USDT",
        new SymbolRules(TickSize: 0.10m, StepSize: 0.001m, MinQty: 0.001m, MaxQty: 120m, MinNotional: 100m), 125);

    [Fact]
    public void EstimateOrderSize_Spot_QuantityRoundedDownToStep_FeeIncluded()
    {
        var input = new BotInput { Symbol = "BTCUSDT", InitialCapital = 1000, PositionSizePerc = 50 };

        var estimate = BotFormService.EstimateOrderSize(input, BtcSpot, 60_000m);

        estimate.CommittedAmount.ShouldBe(500);
        estimate.RawQuantity.ShouldBe(500m / (60_000m * 1.001m), 0.0000000001m);
        estimate.Quantity.ShouldBe(0.00832m, "500 / (60000 * 1.001) = 0.0083250..., rounded down to the 0.00001 step");
        estimate.Notional.ShouldBe(499.2m);
        estimate.IsAllowed.ShouldBeTrue();
        var engine = PositionSizer.Spot(1000, 1000, 60_000, BotSettings.DefaultSpotFeeRate, 50, 0, BtcSpot.Rules);
        engine.Quantity.ShouldBe((double)estimate.Quantity, "the same arithmetic as the engine's sizer");
    }

    [Theory]
    [InlineData(10, 1, 0.001, 60, "notional 60 is below minNotional 100")] // 100 margin at 1x buys 0.00166 -> 0.001 BTC
    [InlineData(10, 2, 0.003, 180, null)] // 2x: 0.00333 -> 0.003 BTC, 180 USDT
    public void EstimateOrderSize_Futures_LeverageAndMinNotional(double sizePerc, int leverage, double quantity, double notional, string? refusal)
    {
        var input = new BotInput
        {
            Symbol = "BTCUSDT", MarketType = MarketType.Futures, Leverage = leverage, InitialCapital = 1000, PositionSizePerc = sizePerc,
        };

        var estimate = BotFormService.EstimateOrderSize(input, BtcFutures, 60_000m);

        estimate.Quantity.ShouldBe((decimal)quantity);
        estimate.Notional.ShouldBe((decimal)notional);
        estimate.Refusal.ShouldBe(refusal);
        PositionSizer.Futures(1000, 1000, 60_000, leverage, sizePerc, 0, BtcFutures.Rules).IsAllowed.ShouldBe(refusal is null);
    }

    [Fact]
    public void EstimateOrderSize_FixedAmountBelowMinNotional_Refused()
    {
        var input = new BotInput { Symbol = "BTCUSDT", InitialCapital = 1000, PositionSizePerc = 0, PositionSizeFixed = 4 };

        var estimate = BotFormService.EstimateOrderSize(input, BtcSpot, 60_000m);

        estimate.Quantity.ShouldBe(0.00006m);
        estimate.IsAllowed.ShouldBeFalse();
        estimate.Refusal.ShouldBe("notional 3.6 is below minNotional 5");
    }

    [Fact]
    public void ParameterFields_EveryRegistryParameter_WithLabelDefaultRangeAndHelp()
    {
        foreach (var strategy in StrategyRegistry.All)
        {
            var fields = BotFormService.ParameterFields(strategy.Name);

            fields.Select(f => f.Name).ShouldBe(strategy.Parameters.Select(p => p.Name));
            foreach (var (field, parameter) in fields.Zip(strategy.Parameters))
            {
                field.Default.ShouldBe(parameter.Default);
                field.Min.ShouldBe(parameter.Min);
                field.Max.ShouldBe(parameter.Max);
                field.IsInteger.ShouldBe(parameter.IsInteger);
                field.Help.ShouldBe(parameter.Description);
                field.Label.ShouldNotBeNullOrWhiteSpace();
            }
            BotFormService.DefaultParameters(strategy.Name).ShouldBe(strategy.WithDefaults(new Dictionary<string, double>()));
        }
        BotFormService.ParameterFields("ema-rsi").Select(f => f.Label)
            .ShouldBe(["EMA fast", "EMA slow", "RSI period", "RSI oversold", "RSI overbought"]);
        BotFormService.ParameterFields("no-such-strategy").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("name", 0)]
    [InlineData("apiKeyId", 0)]
    [InlineData("leverage", 0)]
    [InlineData("emaFast", 1)]
    [InlineData("emaPeriod", 1)]
    [InlineData("strategyParameters", 1)]
    [InlineData("stopLossPerc", 2)]
    [InlineData("checkIntervalSeconds", 2)]
    [InlineData("version", 3)]
    public void StepOf_ValidatorField_StepThatShowsIt(string field, int step) => BotFormService.StepOf(field).ShouldBe(step);

    [Fact]
    public void FirstStepWithError_EarliestStep()
    {
        BotFormService.FirstStepWithError([new("stopLossPerc", "x"), new("emaFast", "y")]).ShouldBe(1);
        BotFormService.FirstStepWithError([]).ShouldBeNull();
    }

    [Fact]
    public void Summarize_SaysWhatTheSettingsDo()
    {
        var input = BotsTestHost.ValidInput();

        var summary = string.Join("\n", BotFormService.Summarize(input, apiKeyLabel: null));

        summary.ShouldContain("\"BTC trend\" trades BTCUSDT (spot) on 1h candles.");
        summary.ShouldContain("Paper trading");
        summary.ShouldContain("emaFast 9, emaSlow 21");
        summary.ShouldContain("commits 50% of equity");
        summary.ShouldContain("stop-loss 2%, take-profit 4%, trailing stop 1%");
        summary.ShouldContain("at most 10 trades");
        summary.ShouldContain("every 10 seconds");
    }

    [Fact]
    public async Task QuickBacktest_SameFiguresAsTheBacktesterOnTheSameCandles()
    {
        await using var host = await BotsTestHost.CreateAsync("Sqlite", null, Cancel);
        var form = host.Services.GetRequiredService<BotFormService>();
        var input = BotsTestHost.ValidInput();

        var result = await form.RunQuickBacktestAsync(input, null, Cancel);

        result.Error.ShouldBeNull();
        result.CandleCount.ShouldBeInRange(90 * 24 - 1, 90 * 24);
        (result.ToMs - result.FromMs).ShouldBe((long)TimeSpan.FromDays(90).TotalMilliseconds);
        var candles = await host.Services.GetRequiredService<CandleStore>()
            .GetCandlesAsync(MarketType.Spot, "BTCUSDT", Interval.OneHour, result.FromMs, result.ToMs, null, Cancel);
        var rules = (await host.Services.GetRequiredService<IMarketData>().GetSymbolsAsync(MarketType.Spot, Cancel))
            .Value.Single(s => s.Symbol == "BTCUSDT").Rules;
        var settings = new BotSettings
        {
            MarketType = MarketType.Spot, Strategy = "ema-rsi", StrategyParameters = input.StrategyParameters!,
            InitialCapital = 1000, PositionSizePerc = 50, StopLossPerc = 2, TakeProfitPerc = 4, TrailingStopPerc = 1, TrailingStopActive = true,
            DailyTargetPerc = 5, MaxDailyLossPerc = 3, MaxDailyTrades = 10, SymbolRules = rules,
        };
        var direct = Backtester.Run(settings, candles.Value.ToArray(), cancellationToken: Cancel).Metrics;
        result.TotalReturnPerc.ShouldBe(direct.TotalReturnPerc);
        result.MaxDrawdownPerc.ShouldBe(direct.MaxDrawdownPerc);
        result.TotalTrades.ShouldBe(direct.TotalTrades);
        result.CandleCount.ShouldBe(candles.Value.Count);
    }

    [Fact]
    public async Task QuickBacktest_UnknownSymbol_SaysSoWithoutRunning()
    {
        await using var host = await BotsTestHost.CreateAsync("Sqlite", null, Cancel);
        var input = BotsTestHost.ValidInput();
        input.Symbol = "NOPEUSDT";

        var result = await host.Services.GetRequiredService<BotFormService>().RunQuickBacktestAsync(input, null, Cancel);

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldBe("Choose a tradable symbol first.");
    }

    [Fact]
    public async Task Load_AnotherUsersBot_Null_OwnBot_ItsValues()
    {
        await using var host = await BotsTestHost.CreateAsync("Sqlite", null, Cancel);
        var form = host.Services.GetRequiredService<BotFormService>();
        var alice = await host.CreateUserAsync("alice", Cancel);
        var bob = await host.CreateUserAsync("bob", Cancel, isAdmin: true);
        var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;

        (await form.LoadAsync(bob, id, Cancel)).ShouldBeNull("an admin may read the bot, but edits only their own");
        var start = (await form.LoadAsync(alice, id, Cancel)).ShouldNotBeNull();
        start.Input.Name.ShouldBe("BTC trend");
        start.Input.StrategyParameters!["emaFast"].ShouldBe(9);
        start.Input.StrategyParameters["rsiPeriod"].ShouldBe(14, "parameters left out show their defaults");
        start.IsRunning.ShouldBeFalse();
        (await form.LoadAsync(alice, null, Cancel))!.Input.StrategyParameters.ShouldBe(BotFormService.DefaultParameters("ema-rsi"));
    }
}
