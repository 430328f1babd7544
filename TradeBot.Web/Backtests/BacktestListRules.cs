using System.Globalization;

namespace TradeBot.Web.Backtests;

/// <summary>The backtest list's rules and words: which runs compare, the status text, the range, the quick filter.</summary>
public static class BacktestListRules
{
    /// <summary>Fewest runs a comparison shows.</summary>
    public const int MinCompared = 2;

    /// <summary>Most runs a comparison shows (more lines do not read on one chart).</summary>
    public const int MaxCompared = 4;

    /// <summary>Only completed single backtests have a report to compare.</summary>
    public static bool CanCompare(BacktestSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run is { Kind: BacktestKind.Single, Status: BacktestStatus.Completed };
    }

    /// <summary>Whether <paramref name="count"/> selected runs can be compared.</summary>
    public static bool IsComparable(int count) => count is >= MinCompared and <= MaxCompared;

    /// <summary>The comparison page of <paramref name="ids"/>, in the order given.</summary>
    public static string CompareHref(IEnumerable<long> ids) =>
        "backtests/compare?ids=" + string.Join(",", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Whether a run can be deleted (a running one must be cancelled first).</summary>
    public static bool CanDelete(BacktestSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Status is BacktestStatus.Completed or BacktestStatus.Failed or BacktestStatus.Cancelled;
    }

    /// <summary>"Running 42%", "Completed", ...</summary>
    public static string StatusText(BacktestSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Status switch
        {
            BacktestStatus.Running => string.Create(CultureInfo.InvariantCulture, $"Running {Math.Floor(run.Progress * 100):0}%"),
            BacktestStatus.Downloading => string.Create(CultureInfo.InvariantCulture, $"Downloading {Math.Floor(run.Progress * 100):0}%"),
            _ => run.Status.ToString(),
        };
    }

    /// <summary>"Sweep" or "Backtest".</summary>
    public static string KindText(BacktestKind kind) => kind == BacktestKind.Sweep ? "Sweep" : "Backtest";

    /// <summary>The range asked for as UTC days: "2026-01-01 – 2026-03-31".</summary>
    public static string RangeText(long fromMs, long toMs) =>
        $"{Day(fromMs)} – {Day(toMs)}";

    /// <summary>The quick filter: symbol, strategy, interval, kind or status contain the text.</summary>
    public static bool Matches(BacktestSummary run, string? search)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (string.IsNullOrWhiteSpace(search))
            return true;
        var text = search.Trim();
        return new[] { run.Symbol, run.Strategy, run.Interval, KindText(run.Kind), run.Status.ToString(), run.MarketType.ToString() }
            .Any(field => field.Contains(text, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A percentage figure: "+12.34%", "-3.10%", or "—" when there is none.</summary>
    public static string Percent(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>A ratio: "1.23", or "—" when undefined.</summary>
    public static string Ratio(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : "—";

    private static string Day(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
