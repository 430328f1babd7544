using TradeBot.Domain.Market;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Domain.Backtesting;

namespace TradeBot.Tests.Domain.Risk;

public sealed class LiquidationPriceTests
{
    [Theory]
    // long: entry * (1 - 1/L) / (1 - mmr); short: entry * (1 + 1/L) / (1 + mmr)
    [InlineData(PositionSide.Long, 100, 10, 0.004, 90.0 / 0.996)]
    [InlineData(PositionSide.Short, 100, 10, 0.004, 110.0 / 1.004)]
    [InlineData(PositionSide.Long, 20000, 1, 0.0, 0.0)]
    [InlineData(PositionSide.Short, 20000, 125, 0.0, 20160.0)]
    public void Isolated_MatchesTheDocumentedFormula(PositionSide side, double entry, int leverage, double mmr, double expected) =>
        LiquidationPrice.Isolated(side, entry, leverage, mmr).ShouldBe(expected, 1e-9);

    [Fact]
    public void IsStopBeyond_LongStopBelowLiquidation_True()
    {
        LiquidationPrice.IsStopBeyond(PositionSide.Long, 85, 90.36).ShouldBeTrue();
        LiquidationPrice.IsStopBeyond(PositionSide.Long, 95, 90.36).ShouldBeFalse();
        LiquidationPrice.IsStopBeyond(PositionSide.Short, 115, 109.56).ShouldBeTrue();
        LiquidationPrice.IsStopBeyond(PositionSide.Short, double.NaN, 109.56).ShouldBeFalse();
    }

    [Fact]
    public void Validate_StopLossBeyondLiquidation_NamesStopLossPerc()
    {
        var settings = Scenario.Costless(MarketType.Futures) with { Leverage = 10, StopLossPerc = 15 };

        var error = settings.Validate().ShouldHaveSingleItem();

        error.Field.ShouldBe("stopLossPerc");
        error.Message.ShouldContain("liquidation");
    }

    [Fact]
    public void Enter_TrailingStopBeyondLiquidation_RefusedWithAClearMessage()
    {
        var settings = Scenario.Costless(MarketType.Futures) with { Leverage = 10, TrailingStopActive = true, TrailingStopPerc = 15 };
        var engine = Scenario.Engine(settings);
        var state = engine.CreateInitialState();

        var result = engine.Enter(ref state, PositionSide.Long, 100, Scenario.StartMs);

        result.IsFilled.ShouldBeFalse();
        result.RefusalReason.ShouldBe(LiquidationPrice.StopBeyondLiquidation);
        state.Side.ShouldBe(PositionSide.None);
        state.Cash.ShouldBe(1000);
    }

    [Fact]
    public void Enter_StopInsideLiquidation_Filled()
    {
        var settings = Scenario.Costless(MarketType.Futures) with { Leverage = 10, StopLossPerc = 5, PositionSizePerc = 10 };
        var engine = Scenario.Engine(settings);
        var state = engine.CreateInitialState();

        engine.Enter(ref state, PositionSide.Short, 100, Scenario.StartMs).IsFilled.ShouldBeTrue();

        state.Quantity.ShouldBe(10);          // margin 100 * leverage 10 / price 100
        state.StopLossPrice.ShouldBe(105);
        engine.LiquidationPriceOf(state).ShouldBe(110.0 / 1.004, 1e-9);
    }
}
