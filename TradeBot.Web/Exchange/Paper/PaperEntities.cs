using TradeBot.Domain.Market;

namespace TradeBot.Web.Exchange.Paper;

/// <summary>A paper wallet (one per bot). <see cref="Version"/> changes with every write so two writers cannot both win.</summary>
public sealed class PaperWallet
{
    public required string Id { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public long Version { get; set; }
}

/// <summary>One asset of a paper wallet's spot or futures side. Futures: <see cref="Locked"/> is the isolated margin in positions.</summary>
public sealed class PaperBalance
{
    public required string WalletId { get; set; }

    public MarketType Market { get; set; }

    public required string Asset { get; set; }

    public decimal Free { get; set; }

    public decimal Locked { get; set; }
}

/// <summary>A filled paper order. Rejected orders are not stored, as on the exchange.</summary>
public sealed class PaperOrder
{
    public long Id { get; set; }

    public required string WalletId { get; set; }

    public MarketType Market { get; set; }

    public required string Symbol { get; set; }

    public required string ClientOrderId { get; set; }

    public OrderSide Side { get; set; }

    public bool ReduceOnly { get; set; }

    public decimal Quantity { get; set; }

    public decimal Price { get; set; }

    public decimal QuoteQuantity { get; set; }

    public decimal Fee { get; set; }

    public required string FeeAsset { get; set; }

    /// <summary>Futures: profit or loss realised by the part of the order that closed a position.</summary>
    public decimal RealizedPnl { get; set; }

    public long TransactTimeMs { get; set; }
}

/// <summary>
/// A paper futures position and the symbol's settings (a row stays with quantity 0 when flat, keeping the leverage).
/// <see cref="Quantity"/> is signed: positive long, negative short.
/// </summary>
public sealed class PaperPosition
{
    public required string WalletId { get; set; }

    public required string Symbol { get; set; }

    public decimal Quantity { get; set; }

    public decimal EntryPrice { get; set; }

    public decimal Margin { get; set; }

    public int Leverage { get; set; } = 1;

    public MarginType MarginType { get; set; } = MarginType.Isolated;
}

/// <summary>A move between a paper wallet's spot and futures sides.</summary>
public sealed class PaperTransfer
{
    public long Id { get; set; }

    public required string WalletId { get; set; }

    public required string Asset { get; set; }

    public decimal Amount { get; set; }

    public TransferDirection Direction { get; set; }

    public long TimeMs { get; set; }
}
