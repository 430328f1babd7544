using System.Globalization;

namespace TradeBot.Web.Bots.Pages;

/// <summary>How the bot pages write money and PnL: signed, two decimals, invariant; green above zero, red below.</summary>
public static class PnlText
{
    /// <summary>"+12.50", "-3.00", "0.00".</summary>
    public static string Signed(double value) => value.ToString("+#,##0.00;-#,##0.00;0.00", CultureInfo.InvariantCulture);

    /// <summary>"+12.50", "-3.00", "0.00".</summary>
    public static string Signed(decimal value) => value.ToString("+#,##0.00;-#,##0.00;0.00", CultureInfo.InvariantCulture);

    /// <summary>"1,234.50" (an amount, not a change).</summary>
    public static string Amount(double value) => value.ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>A price or quantity as the exchange gives it, without trailing zeros.</summary>
    public static string Exact(decimal value) => value.ToString("0.########", CultureInfo.InvariantCulture);

    /// <summary>MudBlazor's text colour of a PnL: success above zero, error below, none at zero.</summary>
    public static string ColorClass(double value) => value > 0 ? "mud-success-text" : value < 0 ? "mud-error-text" : "";

    /// <inheritdoc cref="ColorClass(double)"/>
    public static string ColorClass(decimal value) => ColorClass((double)value);
}
