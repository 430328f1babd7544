namespace TradeBot.Web.Bots;

/// <summary>Server-wide trading switches. Section <c>Trading</c>.</summary>
public sealed class TradingOptions
{
    public const string Section = "Trading";

    /// <summary>
    /// Whether bots may trade real money on Binance mainnet. Off by default: a server must be switched on for live
    /// trading on purpose; until then Live bots are refused and Paper/Testnet bots work as usual.
    /// </summary>
    public bool LiveEnabled { get; set; }
}
