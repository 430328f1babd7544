using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Trading;

namespace TradeBot.Tests.Domain.Backtesting;

public sealed class FillModelTests
{
    [Theory]
    // kind, side, with slippage, expected fill at 100 with 5 bps
    [InlineData(DecisionKind.Enter, PositionSide.Long, true, 100.05)]    // buy
    [InlineData(DecisionKind.Exit, PositionSide.Long, true, 99.95)]      // sell
    [InlineData(DecisionKind.Enter, PositionSide.Short, true, 99.95)]    // sell
    [InlineData(DecisionKind.Exit, PositionSide.Short, true, 100.05)]    // buy back
    [InlineData(DecisionKind.Exit, PositionSide.Long, false, 100)]       // take-profit, end of data
    public void FillPrice_SlippageAgainstTheTrader(DecisionKind kind, PositionSide side, bool withSlippage, double expected)
    {
        var decision = new Decision(kind, side, DecisionReason.Signal, 100, 0, 1, withSlippage);

        FillModel.FillPrice(decision, 100, 0.0005).ShouldBe(expected, 1e-9);
    }

    [Theory]
    [InlineData(true, "50025")]
    [InlineData(false, "49975")]
    public void SlippedPrice_InDecimal_IsExactAndMatchesTheBacktestersDouble(bool isBuy, string expected)
    {
        var exact = FillModel.SlippedPrice(isBuy, 50_000m, 0.0005m);

        exact.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
        ((double)exact).ShouldBe(FillModel.SlippedPrice(isBuy, 50_000.0, 0.0005), 1e-9);
    }
}
