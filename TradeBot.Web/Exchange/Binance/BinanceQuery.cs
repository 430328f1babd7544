using System.Globalization;
using System.Text;

namespace TradeBot.Web.Exchange.Binance;

/// <summary>
/// Builds a percent-encoded query string in the order parameters are added; this exact text is what gets signed
/// and sent. Decimals are written invariantly without exponent or trailing zeros.
/// </summary>
public sealed class BinanceQuery
{
    private readonly StringBuilder _text;

    public BinanceQuery() => _text = new StringBuilder(160);

    public BinanceQuery(string existing) => _text = new StringBuilder(existing, existing.Length + 64);

    public bool IsEmpty => _text.Length == 0;

    public BinanceQuery Add(string name, string value)
    {
        Separator(name);
        _text.Append(Uri.EscapeDataString(value));
        return this;
    }

    public BinanceQuery Add(string name, long value)
    {
        Separator(name);
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public BinanceQuery Add(string name, decimal value)
    {
        Separator(name);
        _text.Append(FormatDecimal(value));
        return this;
    }

    /// <summary>Plain invariant digits: no exponent, no grouping, no trailing zeros (0.00010000 → 0.0001).</summary>
    public static string FormatDecimal(decimal value) =>
        value.ToString("0.############################", CultureInfo.InvariantCulture);

    public override string ToString() => _text.ToString();

    private void Separator(string name)
    {
        if (_text.Length > 0)
        {
            _text.Append('&');
        }

        _text.Append(name).Append('=');
    }
}
