using TradeBot.Domain.Market;
using TradeBot.Domain.Risk;

namespace TradeBot.Tests.Domain.Risk;

public sealed class PositionSizerTests
{
    private static readonly SymbolRules Step001 = new(0.01m, 0.01m, 0m, 0m, 0m);

    [Theory]
    // equity, free cash, price, fee, perc, fixed, expected quantity (rounded DOWN to 0.01)
    [InlineData(1000, 1000, 100, 0.001, 100, 0, 9.99)]      // 1000 / (100 * 1.001) = 9.99000999
    [InlineData(1000, 1000, 100, 0.0, 100, 0, 10.0)]        // no fee: exactly 10
    [InlineData(1000, 1000, 100, 0.001, 50, 0, 4.99)]       // 500 / 100.1 = 4.995
    [InlineData(1000, 1000, 100, 0.001, 0, 250, 2.49)]      // fixed 250 / 100.1 = 2.4975
    [InlineData(2000, 300, 100, 0.001, 100, 0, 2.99)]       // capped by free cash: 300 / 100.1 = 2.997
    public void Spot_AmountCoversFee_RoundedDownToStep(double equity, double cash, double price, double fee, double perc, double fixedAmount, double expected)
    {
        var size = PositionSizer.Spot(equity, cash, price, fee, perc, fixedAmount, Step001);

        size.IsAllowed.ShouldBeTrue();
        size.Quantity.ShouldBe(expected);
        (size.Quantity * price * (1 + fee)).ShouldBeLessThanOrEqualTo(Math.Min(cash, perc > 0 ? equity * perc / 100 : fixedAmount));
    }

    [Theory]
    // equity, wallet, price, leverage, perc, fixed, expected quantity: margin * leverage / price
    [InlineData(1000, 1000, 100, 5, 20, 0, 10.0)]
    [InlineData(1000, 1000, 300, 3, 10, 0, 1.0)]
    [InlineData(1000, 1000, 70, 1, 0, 100, 1.42)]           // 100 / 70 = 1.428...
    [InlineData(1000, 50, 100, 10, 100, 0, 5.0)]            // margin capped by the wallet
    public void Futures_MarginTimesLeverage_RoundedDownToStep(double equity, double wallet, double price, int leverage, double perc, double fixedAmount, double expected)
    {
        var size = PositionSizer.Futures(equity, wallet, price, leverage, perc, fixedAmount, Step001);

        size.Quantity.ShouldBe(expected);
        size.Notional.ShouldBe(expected * price, 1e-9);
    }

    [Theory]
    [InlineData(5, 0, 10)]       // notional 5 below minNotional 10
    [InlineData(100, 2, 0)]      // quantity 1 below minQty 2
    [InlineData(0.5, 0, 0)]      // rounds down to 0 at step 1
    public void Spot_BelowFilters_RefusedWithTheReasonTheBotReports(double fixedAmount, decimal minQty, decimal minNotional)
    {
        var rules = new SymbolRules(0.01m, 1m, minQty, 0m, minNotional);

        var size = PositionSizer.Spot(1000, 1000, 100, 0, 0, fixedAmount, rules);

        size.IsAllowed.ShouldBeFalse();
        size.RefusalReason.ShouldBe("size below exchange filters");
        size.Quantity.ShouldBe(0);
    }

    [Fact]
    public void Spot_AboveMaxQty_CappedAtMaxQty()
    {
        var size = PositionSizer.Spot(1000, 1000, 1, 0, 100, 0, new SymbolRules(0m, 1m, 0m, 50m, 0m));

        size.Quantity.ShouldBe(50);
    }
}
