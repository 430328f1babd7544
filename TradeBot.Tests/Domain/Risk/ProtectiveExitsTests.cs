using TradeBot.Domain.Market;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Trading;

namespace TradeBot.Tests.Domain.Risk;

/// <summary>Section 6's candle order, steps 1-4, one row per step and side; stop 90/110, take-profit 110/90 around entry 100.</summary>
public sealed class ProtectiveExitsTests
{
    [Theory]
    // side, open, high, low, expected reason (null = none), expected price, with slippage
    [InlineData(PositionSide.Long, 89, 95, 85, DecisionReason.Stop, 89, true)]             // 1. gap through the stop
    [InlineData(PositionSide.Long, 111, 115, 85, DecisionReason.TakeProfit, 111, false)]   // 2. gap over take-profit
    [InlineData(PositionSide.Long, 100, 112, 90, DecisionReason.Stop, 90, true)]           // 3. both touched: stop
    [InlineData(PositionSide.Long, 100, 110, 91, DecisionReason.TakeProfit, 110, false)]   // 4. take-profit touched
    [InlineData(PositionSide.Long, 100, 109, 91, null, 0, false)]
    [InlineData(PositionSide.Short, 111, 115, 105, DecisionReason.Stop, 111, true)]
    [InlineData(PositionSide.Short, 89, 95, 85, DecisionReason.TakeProfit, 89, false)]
    [InlineData(PositionSide.Short, 100, 110, 88, DecisionReason.Stop, 110, true)]
    [InlineData(PositionSide.Short, 100, 109, 90, DecisionReason.TakeProfit, 90, false)]
    [InlineData(PositionSide.Short, 100, 109, 91, null, 0, false)]
    public void CheckCandle_PessimisticOrder(PositionSide side, double open, double high, double low, DecisionReason? reason, double price, bool slippage)
    {
        var stop = ProtectiveExits.StopLossPrice(side, 100, 10);
        var takeProfit = ProtectiveExits.TakeProfitPrice(side, 100, 10);

        var trigger = ProtectiveExits.CheckCandle(side, new Candle(0, open, high, low, open, 1), stop, takeProfit);

        trigger.IsTriggered.ShouldBe(reason is not null);
        if (reason is { } expected)
        {
            (trigger.Reason, trigger.Price, trigger.WithSlippage).ShouldBe((expected, price, slippage));
        }
    }

    [Fact]
    public void Levels_NotUsed_AreNaNAndNeverFire()
    {
        ProtectiveExits.StopLossPrice(PositionSide.Long, 100, 0).ShouldBe(double.NaN);
        ProtectiveExits.TakeProfitPrice(PositionSide.Long, 100, 0).ShouldBe(double.NaN);
        ProtectiveExits.CheckCandle(PositionSide.Long, new Candle(0, 1, 1000, 0.001, 1, 1), double.NaN, double.NaN).IsTriggered.ShouldBeFalse();
    }

    [Fact]
    public void EffectiveStop_TighterOfTheTwo()
    {
        ProtectiveExits.EffectiveStop(PositionSide.Long, 90, 95).ShouldBe(95);
        ProtectiveExits.EffectiveStop(PositionSide.Short, 110, 105).ShouldBe(105);
        ProtectiveExits.EffectiveStop(PositionSide.Long, double.NaN, 95).ShouldBe(95);
    }
}
