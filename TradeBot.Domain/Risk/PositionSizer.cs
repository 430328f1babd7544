using TradeBot.Domain.Market;

namespace TradeBot.Domain.Risk;

/// <summary>The outcome of sizing an entry: the quantity to send, or why nothing is sent.</summary>
/// <param name="Quantity">Base quantity, already rounded down to the step size; 0 when refused.</param>
/// <param name="Notional">Quantity times fill price, in the quote asset.</param>
/// <param name="RefusalReason">Null when the order may be sent, else e.g. <see cref="PositionSizer.SizeBelowFilters"/>.</param>
public readonly record struct PositionSize(double Quantity, double Notional, string? RefusalReason)
{
    /// <summary>True when the order may be sent.</summary>
    public bool IsAllowed => RefusalReason is null;
}

/// <summary>
/// Position sizing, trading-semantics.md sections 4 and 5. The committed amount is
/// <c>positionSizePerc</c>% of equity (cash plus open position value, at the entry fill price) or else the fixed
/// <c>positionSizeFixed</c> quote amount. Spot: the amount is capped by free cash and
/// quantity = amount / (price * (1 + feeRate)), so the amount also covers the fee. Futures: the amount is margin,
/// notional = margin * leverage and quantity = notional / price. Quantities are rounded DOWN to the step size with
/// exact decimals (and capped at maxQty); an order below minQty or minNotional is refused.
/// </summary>
public static class PositionSizer
{
    /// <summary>What a bot reports when an order would break the symbol's size filters; it then waits.</summary>
    public const string SizeBelowFilters = "size below exchange filters";

    /// <summary>The quote amount committed per entry: a percentage of equity when <paramref name="positionSizePerc"/> &gt; 0, else the fixed amount.</summary>
    public static double CommittedAmount(double equity, double positionSizePerc, double positionSizeFixed) =>
        positionSizePerc > 0 ? equity * positionSizePerc / 100 : positionSizeFixed;

    /// <summary>Sizes a spot buy at <paramref name="fillPrice"/>; see the type remarks.</summary>
    public static PositionSize Spot(
        double equity, double freeCash, double fillPrice, double feeRate,
        double positionSizePerc, double positionSizeFixed, SymbolRules rules)
    {
        var amount = Math.Min(CommittedAmount(equity, positionSizePerc, positionSizeFixed), freeCash);
        return Finish(amount / (fillPrice * (1 + feeRate)), fillPrice, rules);
    }

    /// <summary>Sizes a futures entry at <paramref name="fillPrice"/>: margin capped by the wallet, times leverage.</summary>
    public static PositionSize Futures(
        double equity, double wallet, double fillPrice, int leverage,
        double positionSizePerc, double positionSizeFixed, SymbolRules rules)
    {
        var margin = Math.Min(CommittedAmount(equity, positionSizePerc, positionSizeFixed), wallet);
        return Finish(margin * leverage / fillPrice, fillPrice, rules);
    }

    private static PositionSize Finish(double rawQuantity, double fillPrice, SymbolRules rules)
    {
        if (!(rawQuantity > 0) || !double.IsFinite(rawQuantity))
        {
            return new(0, 0, SizeBelowFilters);
        }

        var quantity = (double)RoundDown((decimal)rawQuantity, rules);
        if (quantity <= 0
            || (rules.MinQty > 0m && quantity < (double)rules.MinQty)
            || (rules.MinNotional > 0m && quantity * fillPrice < (double)rules.MinNotional))
        {
            return new(0, 0, SizeBelowFilters);
        }

        return new(quantity, quantity * fillPrice, null);
    }

    private static decimal RoundDown(decimal quantity, SymbolRules rules)
    {
        var capped = rules.MaxQty > 0m ? Math.Min(quantity, rules.MaxQty) : quantity;
        return rules.RoundQuantityDown(capped);
    }
}
