namespace TradeBot.Domain.Market;

/// <summary>
/// The exchange's trading filters for one symbol (Binance PRICE_FILTER, LOT_SIZE and MIN_NOTIONAL/NOTIONAL),
/// as exact decimals. A value of 0 disables that rule. Quantities and prices sent to an exchange go through
/// <see cref="RoundQuantityDown"/> and <see cref="RoundPrice"/> first.
/// </summary>
/// <param name="TickSize">Price increment; prices are multiples of it.</param>
/// <param name="StepSize">Quantity increment; quantities are multiples of it.</param>
/// <param name="MinQty">Smallest quantity the exchange accepts.</param>
/// <param name="MaxQty">Largest quantity the exchange accepts.</param>
/// <param name="MinNotional">Smallest order value (price times quantity, in the quote asset).</param>
public sealed record SymbolRules(decimal TickSize, decimal StepSize, decimal MinQty, decimal MaxQty, decimal MinNotional)
{
    /// <summary>No filters: rounding leaves values as they are and every order passes.</summary>
    public static SymbolRules None { get; } = new(0m, 0m, 0m, 0m, 0m);

    /// <summary>
    /// Rounds a non-negative quantity DOWN to a multiple of <see cref="StepSize"/>, exactly
    /// (0.123456789 with step 0.00001 gives 0.12345), so an order never commits more than was meant.
    /// </summary>
    public decimal RoundQuantityDown(decimal quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        return StepSize == 0m ? quantity : quantity - quantity % StepSize;
    }

    /// <summary>
    /// Rounds a non-negative price to the NEAREST multiple of <see cref="TickSize"/>, exactly; a price half-way
    /// between two ticks goes up.
    /// </summary>
    public decimal RoundPrice(decimal price)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(price);
        if (TickSize == 0m)
        {
            return price;
        }

        var remainder = price % TickSize;
        var roundedDown = price - remainder;
        return remainder * 2m >= TickSize ? roundedDown + TickSize : roundedDown;
    }

    /// <summary>
    /// Checks an order of <paramref name="quantity"/> at <paramref name="price"/> against the size filters,
    /// in the exchange's order: minQty, maxQty, then minNotional.
    /// </summary>
    /// <returns>Which filter the order breaks and why, in words a trader reads; or a passing check.</returns>
    public OrderSizeCheck CheckOrderSize(decimal quantity, decimal price)
    {
        if (MinQty > 0m && quantity < MinQty)
        {
            return new(OrderSizeViolation.BelowMinQuantity, $"quantity {quantity} is below minQty {MinQty}");
        }

        if (MaxQty > 0m && quantity > MaxQty)
        {
            return new(OrderSizeViolation.AboveMaxQuantity, $"quantity {quantity} is above maxQty {MaxQty}");
        }

        var notional = quantity * price;
        if (MinNotional > 0m && notional < MinNotional)
        {
            return new(OrderSizeViolation.BelowMinNotional, $"notional {notional} is below minNotional {MinNotional}");
        }

        return OrderSizeCheck.Passed;
    }
}

/// <summary>Which size filter an order breaks.</summary>
public enum OrderSizeViolation
{
    /// <summary>The order passes every size filter.</summary>
    None,

    /// <summary>Quantity below the symbol's minQty.</summary>
    BelowMinQuantity,

    /// <summary>Quantity above the symbol's maxQty.</summary>
    AboveMaxQuantity,

    /// <summary>Price times quantity below the symbol's minNotional.</summary>
    BelowMinNotional,
}

/// <summary>The outcome of <see cref="SymbolRules.CheckOrderSize"/>.</summary>
/// <param name="Violation">The filter broken, or <see cref="OrderSizeViolation.None"/>.</param>
/// <param name="Reason">Why the order breaks it, e.g. "quantity 0.0001 is below minQty 0.001"; empty when it passes.</param>
public readonly record struct OrderSizeCheck(OrderSizeViolation Violation, string Reason)
{
    /// <summary>A check that found nothing wrong.</summary>
    public static OrderSizeCheck Passed { get; } = new(OrderSizeViolation.None, "");

    /// <summary>True when the order may be sent.</summary>
    public bool IsAllowed => Violation == OrderSizeViolation.None;
}
