using System.Numerics;
using TradeBot.Domain.Trading;

namespace TradeBot.Domain.Backtesting;

/// <summary>
/// The simulated fill price of trading-semantics.md section 4, shared by the backtester and a paper exchange:
/// market orders fill with slippage against the trader (buy: price * (1 + s), sell: price * (1 - s)); decisions
/// marked without slippage (take-profit, end of data) fill at their price.
/// </summary>
public static class FillModel
{
    /// <summary>True when the decision buys: a long entry or a short exit.</summary>
    public static bool IsBuy(in Decision decision) => decision.Kind == DecisionKind.Enter == (decision.Side == PositionSide.Long);

    /// <summary>The fill price of <paramref name="decision"/> at <paramref name="marketPrice"/>, with slippage as a fraction (5 bps = 0.0005).</summary>
    public static double FillPrice(in Decision decision, double marketPrice, double slippageFraction)
    {
        if (!decision.WithSlippage)
        {
            return marketPrice;
        }

        return SlippedPrice(IsBuy(decision), marketPrice, slippageFraction);
    }

    /// <summary>
    /// The slippage rule itself: a buy fills at <c>price * (1 + s)</c>, a sell at <c>price * (1 - s)</c>. Generic so the
    /// backtester (double) and a paper exchange (exact decimal) apply the very same formula.
    /// </summary>
    public static T SlippedPrice<T>(bool isBuy, T marketPrice, T slippageFraction)
        where T : INumber<T> =>
        isBuy ? marketPrice * (T.One + slippageFraction) : marketPrice * (T.One - slippageFraction);
}
