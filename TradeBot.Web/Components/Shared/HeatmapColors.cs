using System.Globalization;

namespace TradeBot.Web.Components.Shared;

/// <summary>
/// The colours of a <see cref="Heatmap"/> cell: white at 0, towards red below and green above, full at the scale's
/// magnitude; the text is dark or light, whichever reads better on it (contrast at least 4.5:1, WCAG AA).
/// </summary>
public static class HeatmapColors
{
    private static readonly (int R, int G, int B) White = (255, 255, 255);
    private static readonly (int R, int G, int B) Green = (27, 127, 59);
    private static readonly (int R, int G, int B) Red = (192, 36, 37);

    /// <summary>The background (CSS hex) and text colour of a cell of <paramref name="value"/> on a scale of <paramref name="scale"/>.</summary>
    public static (string Background, string Text) Of(double value, double scale)
    {
        var share = scale > 0 && double.IsFinite(value) ? Math.Clamp(Math.Abs(value) / scale, 0, 1) : 0;
        var target = value < 0 ? Red : Green;
        var color = (Mix(White.R, target.R, share), Mix(White.G, target.G, share), Mix(White.B, target.B, share));
        var text = Contrast(color, (255, 255, 255)) >= Contrast(color, (0, 0, 0)) ? "#ffffff" : "#000000";
        return (string.Create(CultureInfo.InvariantCulture, $"#{color.Item1:x2}{color.Item2:x2}{color.Item3:x2}"), text);
    }

    /// <summary>The largest |value| among the filled cells; 0 when none.</summary>
    public static double LargestMagnitude(double?[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var largest = 0.0;
        foreach (var value in values)
        {
            if (value is { } v && double.IsFinite(v))
                largest = Math.Max(largest, Math.Abs(v));
        }

        return largest;
    }

    /// <summary>The WCAG contrast ratio of two colours.</summary>
    public static double Contrast((int R, int G, int B) a, (int R, int G, int B) b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static int Mix(int from, int to, double share) => (int)Math.Round(from + (to - from) * share);

    private static double Luminance((int R, int G, int B) c) => 0.2126 * Channel(c.R) + 0.7152 * Channel(c.G) + 0.0722 * Channel(c.B);

    private static double Channel(int value)
    {
        var v = value / 255.0;
        return v <= 0.03928 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
    }
}
