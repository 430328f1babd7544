using TradeBot.Domain.Market;

namespace TradeBot.Tests.Domain.Market;

public sealed class SymbolRulesTests
{
    private static readonly SymbolRules BtcUsdt = new(
        TickSize: 0.01m, StepSize: 0.00001m, MinQty: 0.00001m, MaxQty: 9000m, MinNotional: 5m);

    [Theory]
    [InlineData("0.123456789", "0.00001", "0.12345")]
    [InlineData("0.12345", "0.00001", "0.12345")]
    [InlineData("0.000009", "0.00001", "0")]
    [InlineData("17.9", "1", "17")]
    [InlineData("1.23456", "0.001", "1.234")]
    public void RoundQuantityDown_ToStep_IsExact(string quantity, string step, string expected)
    {
        var rules = SymbolRules.None with { StepSize = decimal.Parse(step) };

        rules.RoundQuantityDown(decimal.Parse(quantity)).ShouldBe(decimal.Parse(expected));
    }

    [Theory]
    [InlineData("43210.123", "0.01", "43210.12")]
    [InlineData("43210.125", "0.01", "43210.13")]
    [InlineData("43210.129", "0.01", "43210.13")]
    [InlineData("0.000123456", "0.0000001", "0.0001235")]
    public void RoundPrice_ToTick_RoundsToNearestExactly(string price, string tick, string expected)
    {
        var rules = SymbolRules.None with { TickSize = decimal.Parse(tick) };

        rules.RoundPrice(decimal.Parse(price)).ShouldBe(decimal.Parse(expected));
    }

    [Fact]
    public void None_Rounding_LeavesValuesAlone()
    {
        SymbolRules.None.RoundQuantityDown(0.123456789m).ShouldBe(0.123456789m);
        SymbolRules.None.RoundPrice(123.456789m).ShouldBe(123.456789m);
        SymbolRules.None.CheckOrderSize(0.000000001m, 0.01m).IsAllowed.ShouldBeTrue();
    }

    [Fact]
    public void CheckOrderSize_WithinFilters_IsAllowed()
    {
        var check = BtcUsdt.CheckOrderSize(0.001m, 40_000m);

        check.IsAllowed.ShouldBeTrue();
        check.Violation.ShouldBe(OrderSizeViolation.None);
    }

    [Fact]
    public void CheckOrderSize_BelowMinQty_SaysSo()
    {
        var check = (BtcUsdt with { MinQty = 0.001m }).CheckOrderSize(0.0001m, 40_000m);

        check.Violation.ShouldBe(OrderSizeViolation.BelowMinQuantity);
        check.Reason.ShouldBe("quantity 0.0001 is below minQty 0.001");
    }

    [Fact]
    public void CheckOrderSize_BelowMinNotional_SaysSo()
    {
        var check = BtcUsdt.CheckOrderSize(0.0001m, 40_000m);

        check.Violation.ShouldBe(OrderSizeViolation.BelowMinNotional);
        check.Reason.ShouldBe("notional 4.0000 is below minNotional 5");
    }

    [Fact]
    public void CheckOrderSize_AboveMaxQty_SaysSo()
    {
        BtcUsdt.CheckOrderSize(9000.1m, 1m).Violation.ShouldBe(OrderSizeViolation.AboveMaxQuantity);
    }
}
