namespace TradeBot.Web.Exchange.Binance;

/// <summary>Commission of fills converted to the quote asset.</summary>
public static class BinanceFees
{
    /// <summary>
    /// Sums commissions in the quote asset: quote-asset commissions as charged, base-asset ones times the fill price.
    /// Any other asset (BNB discount) counts 0 and is returned in <paramref name="unconverted"/> so the caller can log it;
    /// the raw commissions stay in the fills.
    /// </summary>
    public static decimal InQuote(string baseAsset, string quoteAsset, IReadOnlyList<OrderFill> fills, out IReadOnlyList<string> unconverted)
    {
        var total = 0m;
        List<string>? other = null;
        foreach (var fill in fills)
        {
            if (fill.Commission == 0m || fill.CommissionAsset == quoteAsset)
            {
                total += fill.Commission;
            }
            else if (fill.CommissionAsset == baseAsset)
            {
                total += fill.Commission * fill.Price;
            }
            else
            {
                (other ??= []).Add(fill.CommissionAsset);
            }
        }

        unconverted = other?.Distinct().ToList() ?? (IReadOnlyList<string>)[];
        return total;
    }

    /// <summary>
    /// Base and quote asset of a symbol without a round trip: the quote is the longest known quote suffix
    /// (USDT, FDUSD, USDC, BTC, …); good enough to classify a commission asset.
    /// </summary>
    public static (string Base, string Quote) SplitSymbol(string symbol)
    {
        foreach (var quote in KnownQuotes)
        {
            if (symbol.Length > quote.Length && symbol.EndsWith(quote, StringComparison.Ordinal))
            {
                return (symbol[..^quote.Length], quote);
            }
        }

        return (symbol, "");
    }

    private static readonly string[] KnownQuotes = ["FDUSD", "USDT", "USDC", "TUSD", "BUSD", "EUR", "TRY", "BTC", "ETH", "BNB"];
}
