using System.Globalization;

namespace TradeBot.Web.Backtests;

/// <summary>
/// How a sweep's best set fared on the held-out final 30% it was not chosen on. The held-out part is shorter than the
/// in-sample part, so the in-sample return is first scaled (compounded) to the held-out part's length; the best set
/// looks overfitted when it lost money on the held-out part, or made less than half of that scaled return.
/// </summary>
public static class WalkForwardCheck
{
    /// <summary>A period in words: "3 Jan 2026 – 12 Sep 2026 (253 days)", UTC.</summary>
    public static string Period(long fromMs, long toMs)
    {
        var from = DateTimeOffset.FromUnixTimeMilliseconds(fromMs).UtcDateTime;
        var to = DateTimeOffset.FromUnixTimeMilliseconds(toMs).UtcDateTime;
        var days = (int)Math.Round((toMs - fromMs) / 86_400_000.0);
        return string.Create(CultureInfo.InvariantCulture, $"{from:d MMM yyyy} – {to:d MMM yyyy} ({days} {(days == 1 ? "day" : "days")})");
    }

    /// <summary>
    /// The in-sample return <paramref name="inSamplePerc"/> compounded over a period <paramref name="lengthRatio"/> times as long.
    /// </summary>
    public static double Scaled(double inSamplePerc, double lengthRatio) =>
        inSamplePerc <= -100 ? -100 : (Math.Pow(1 + inSamplePerc / 100, lengthRatio) - 1) * 100;

    /// <summary>A warning for the trader when the top-ranked set did much worse on the held-out part; null when it held up (or lost in-sample already).</summary>
    public static string? OverfittingWarning(SweepResultJson result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.WalkForward.Count == 0)
            return null;
        var best = result.WalkForward.MinBy(w => w.Rank)!;
        var inSample = best.InSample.TotalReturnPerc;
        var heldOut = best.OutOfSample.TotalReturnPerc;
        if (!(inSample > 0) || !double.IsFinite(heldOut))
            return null;
        var inSampleLength = Math.Max(1, result.InSampleToMs - result.InSampleFromMs);
        var expected = Scaled(inSample, (double)(result.OutOfSampleToMs - result.OutOfSampleFromMs) / inSampleLength);
        if (heldOut >= 0 && heldOut >= expected / 2)
            return null;
        var what = heldOut < 0 ? $"lost {Percent(-heldOut)}" : $"made only {Percent(heldOut)}";
        return $"The best set made {Percent(inSample)} on the part it was picked on (about {Percent(expected)} over a stretch as long as the held-out part), " +
               $"but {what} on the final 30% it never saw. It probably fits the past rather than a lasting edge: before trading it, " +
               "look for a broad area of good cells in the heatmap rather than one bright cell, and check it on another period.";
    }

    private static string Percent(double value) => value.ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
