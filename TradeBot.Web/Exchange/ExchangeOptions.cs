using System.ComponentModel.DataAnnotations;

namespace TradeBot.Web.Exchange;

/// <summary>Where prices come from and how paper wallets trade. Section <c>Exchange</c>.</summary>
public sealed class ExchangeOptions
{
    public const string Section = "Exchange";

    /// <summary><c>Binance</c> (default; public market data needs no key) or <c>Simulated</c> (offline, seeded).</summary>
    [Required]
    public MarketDataKind MarketData { get; set; } = MarketDataKind.Binance;
}

/// <summary>Which venue serves market data (prices, candles, symbol rules).</summary>
public enum MarketDataKind
{
    /// <summary>Binance mainnet public endpoints.</summary>
    Binance,

    /// <summary>The deterministic offline market (no internet needed).</summary>
    Simulated,
}

/// <summary>How paper wallets fill orders (trading-semantics.md section 4) and what they start with. Section <c>Exchange:Paper</c>.</summary>
public sealed class PaperTradingOptions
{
    public const string Section = "Exchange:Paper";

    /// <summary>Taker fee on spot notional, as a fraction (0.001 = 0.10%).</summary>
    [Range(typeof(decimal), "0", "0.1")]
    public decimal SpotFeeRate { get; set; } = 0.001m;

    /// <summary>Taker fee on USD-M futures notional, as a fraction (0.0005 = 0.05%).</summary>
    [Range(typeof(decimal), "0", "0.1")]
    public decimal FuturesFeeRate { get; set; } = 0.0005m;

    /// <summary>Slippage against the trader in basis points (5 = 0.05%).</summary>
    [Range(typeof(decimal), "0", "1000")]
    public decimal SlippageBps { get; set; } = 5m;

    /// <summary>The asset a new paper wallet is funded in.</summary>
    [Required, MinLength(1)]
    public string QuoteAsset { get; set; } = "USDT";

    /// <summary>Spot balance of a new paper wallet, in <see cref="QuoteAsset"/>.</summary>
    [Range(typeof(decimal), "0", "1000000000")]
    public decimal StartingSpotBalance { get; set; } = 10_000m;

    /// <summary>Futures wallet balance of a new paper wallet, in <see cref="QuoteAsset"/>.</summary>
    [Range(typeof(decimal), "0", "1000000000")]
    public decimal StartingFuturesBalance { get; set; } = 10_000m;

    /// <summary>Slippage as a fraction (5 bps = 0.0005).</summary>
    public decimal SlippageFraction => SlippageBps / 10_000m;
}

/// <summary>The seeded offline market. Section <c>Exchange:Simulated</c>.</summary>
public sealed class SimulatedMarketOptions
{
    public const string Section = "Exchange:Simulated";

    /// <summary>Same seed, same candles at the same times.</summary>
    public long Seed { get; set; } = 42;

    /// <summary>How often the live stream sends the forming candle.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan FormingUpdateEvery { get; set; } = TimeSpan.FromSeconds(2);
}
