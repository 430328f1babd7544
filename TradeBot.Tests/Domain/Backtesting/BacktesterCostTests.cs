using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Domain.Strategies;
using TradeBot.Domain.Trading;

namespace TradeBot.Tests.Domain.Backtesting;

/// <summary>Fees, slippage, sizing and futures PnL in whole backtests (sections 4 and 5).</summary>
public sealed class BacktesterCostTests
{
    private static readonly Dictionary<int, Signal> EnterThenExit = new() { [0] = Signal.EnterLong, [1] = Signal.ExitLong };

    [Fact]
    public void Spot_FeesSlippageAndStep_AsSections4And5Say()
    {
        var settings = new BotSettings
        {
            FeeRate = 0.001, SlippageBps = 10, InitialCapital = 1000,
            SymbolRules = new SymbolRules(0.01m, 0.001m, 0m, 0m, 0m),
        };
        var candles = Scenario.Flat(4, 100);
        candles[2] = candles[2] with { Open = 110 };

        var trade = Scenario.Run(settings, candles, EnterThenExit).Trades.ShouldHaveSingleItem();

        trade.EntryPrice.ShouldBe(100.1, 1e-9);             // buy: open * (1 + 10 bps)
        trade.Quantity.ShouldBe(9.98);                      // 1000 / (100.1 * 1.001) = 9.98003 -> step 0.001
        trade.ExitPrice.ShouldBe(109.89, 1e-9);             // sell: open * (1 - 10 bps)
        var fees = 9.98 * 100.1 * 0.001 + 9.98 * 109.89 * 0.001;
        trade.Fees.ShouldBe(fees, 1e-9);
        trade.Pnl.ShouldBe((109.89 - 100.1) * 9.98 - fees, 1e-9);
    }

    [Fact]
    public void StopExit_WithSlippage_TakeProfitAndEndOfData_Without()
    {
        var settings = Scenario.Costless() with { SlippageBps = 100, StopLossPerc = 10, TakeProfitPerc = 10 };
        var candles = Scenario.Flat(8, 100);
        candles[2] = candles[2] with { Low = 80 };     // stop of the first trade (entry 101)
        candles[5] = candles[5] with { High = 120 };   // take-profit of the second (entry 101)

        var trades = Scenario.Run(settings, candles, new() { [0] = Signal.EnterLong, [3] = Signal.EnterLong, [6] = Signal.EnterLong }).Trades;

        trades.Select(t => Math.Round(t.ExitPrice, 6)).ShouldBe([Math.Round(101 * 0.9 * 0.99, 6), 111.1, 100]);
        trades.Select(t => t.ExitReason).ShouldBe([DecisionReason.Stop, DecisionReason.TakeProfit, DecisionReason.EndOfData]);
    }

    [Theory]
    // side, exit price, expected net PnL: margin 200 * leverage 5 = notional 1000 at 100 -> quantity 10; fee 0.05% per fill
    [InlineData(PositionSide.Long, 110, 100 - 0.5 - 0.55)]
    [InlineData(PositionSide.Long, 90, -100 - 0.5 - 0.45)]
    [InlineData(PositionSide.Short, 90, 100 - 0.5 - 0.45)]
    [InlineData(PositionSide.Short, 110, -100 - 0.5 - 0.55)]
    public void Futures_PnlLongAndShort_NetOfFeesOnNotional(PositionSide side, double exitPrice, double expectedPnl)
    {
        var settings = new BotSettings { MarketType = MarketType.Futures, Leverage = 5, PositionSizePerc = 20, SlippageBps = 0 };
        var candles = Scenario.Flat(4, 100);
        candles[2] = candles[2] with { Open = exitPrice };
        var signals = side == PositionSide.Long ? EnterThenExit : new() { [0] = Signal.EnterShort, [1] = Signal.ExitShort };

        var report = Scenario.Run(settings, candles, signals);

        var trade = report.Trades.ShouldHaveSingleItem();
        (trade.Side, trade.Quantity).ShouldBe((side, 10));
        trade.Pnl.ShouldBe(expectedPnl, 1e-9);
        report.Metrics.FinalCapital.ShouldBe(1000 + expectedPnl, 1e-9);
    }

    [Fact]
    public void SizeBelowFilters_EntryNotTaken_AndCounted()
    {
        var settings = Scenario.Costless() with
        {
            PositionSizePerc = 0, PositionSizeFixed = 5, SymbolRules = new SymbolRules(0.01m, 0.001m, 0m, 0m, 10m),
        };

        var report = Scenario.Run(settings, Scenario.Flat(4, 100), new() { [0] = Signal.EnterLong });

        report.Trades.ShouldBeEmpty();
        report.RefusedEntries.ShouldBe(1);
        report.Metrics.FinalCapital.ShouldBe(1000);
    }

    [Fact]
    public void Equity_MarkedAtEveryClose_DrawdownAndExposureFromIt()
    {
        var candles = Scenario.Flat(5, 100);
        candles[2] = candles[2] with { Close = 80 };

        var report = Scenario.Run(Scenario.Costless(), candles, new() { [0] = Signal.EnterLong, [2] = Signal.ExitLong });

        report.Equity.Select(p => p.Equity).ShouldBe([1000, 1000, 800, 1000, 1000]);
        report.Metrics.MaxDrawdownPerc.ShouldBe(20, 1e-9);
        report.Metrics.ExposurePerc.ShouldBe(40);   // candles 1 and 2 closed in a position
    }
}
