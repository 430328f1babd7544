using System.Globalization;
using TradeBot.Domain.Indicators;
using TradeBot.Domain.Market;
using TradeBot.Web.Cli;
using TradeBot.Web.Components.Shared;

namespace TradeBot.Web.Backtests;

/// <summary>A figure on the report's metric cards.</summary>
/// <param name="Label">What it is.</param>
/// <param name="Value">The figure as shown.</param>
/// <param name="Detail">A second line (e.g. buy and hold next to the return); empty for none.</param>
/// <param name="Tone">+1 good, -1 bad, 0 neutral (colours the value).</param>
public sealed record MetricCard(string Label, string Value, string Detail, int Tone);

/// <summary>The price chart of a report: candles (the last <see cref="BacktestReportView.ChartCandles"/>), EMAs, RSI, trade markers.</summary>
public sealed record BacktestChart(IReadOnlyList<Candle> Candles, IReadOnlyList<ChartLine> Lines, IReadOnlyList<ChartPoint> Rsi, IReadOnlyList<ChartMarker> Markers, bool IsCut);

/// <summary>Turns a stored report into what the report page draws: cards, curves, the monthly grid, chart data.</summary>
public static class BacktestReportView
{
    /// <summary>Most candles drawn on a report's price chart (the last ones of the range).</summary>
    public const int ChartCandles = 5_000;

    /// <summary>The month names heading the monthly heatmap's columns.</summary>
    public static IReadOnlyList<string> MonthNames { get; } = CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames[..12];

    /// <summary>Most markers drawn with their labels; more are drawn as bare arrows.</summary>
    public const int MaxLabelledMarkers = 40;

    private static readonly string[] LineColors = ["#2962ff", "#ff9800", "#9c27b0"];

    /// <summary>The metric cards, in reading order.</summary>
    public static IReadOnlyList<MetricCard> Cards(MetricsJson m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return
        [
            new("Total return", Percent(m.TotalReturnPerc), $"buy and hold {Percent(m.BuyAndHoldReturnPerc)}", Math.Sign(m.TotalReturnPerc)),
            new("Final capital", Number(m.FinalCapital), $"from {Number(m.InitialCapital)}", Math.Sign(m.FinalCapital - m.InitialCapital)),
            new("Max drawdown", Percent(-m.MaxDrawdownPerc), "largest fall from a peak", m.MaxDrawdownPerc > 0 ? -1 : 0),
            new("Trades", m.TotalTrades.ToString(CultureInfo.InvariantCulture), $"{m.WinningTrades} won, {m.LosingTrades} lost", 0),
            new("Win rate", Percent(m.WinRatePerc, signed: false), $"average profit {Number(m.AvgProfit)}", 0),
            new("Profit factor", Ratio(m.ProfitFactor), "gross profit / gross loss", m.ProfitFactor is { } pf ? Math.Sign(pf - 1) : 1),
            new("Sharpe", Ratio(m.Sharpe), $"Sortino {Ratio(m.Sortino)}", 0),
            new("Fees", Number(m.TotalFees), $"exposure {Percent(m.ExposurePerc, signed: false)} of candles", 0),
        ];
    }

    /// <summary>The equity curve as chart points.</summary>
    public static IReadOnlyList<ChartPoint> Equity(BacktestResultJson report) =>
        [.. report.Equity.Select(p => new ChartPoint(p.Time, p.Equity))];

    /// <summary>Equity as % return on the initial capital, so runs with other capitals overlay.</summary>
    public static IReadOnlyList<ChartPoint> ReturnCurve(BacktestResultJson report) =>
        [.. report.Equity.Select(p => new ChartPoint(p.Time, (p.Equity / report.Metrics.InitialCapital - 1) * 100))];

    /// <summary>
    /// Monthly returns as a year × month grid: rows are the years (ascending), columns January to December, empty
    /// where the run has no candles.
    /// </summary>
    public static (IReadOnlyList<string> Years, double?[,] Values) MonthlyGrid(IReadOnlyList<MonthlyJson> monthly)
    {
        ArgumentNullException.ThrowIfNull(monthly);
        var months = monthly.Select(m => (Date: DateTimeOffset.FromUnixTimeMilliseconds(m.Month).UtcDateTime, m.ReturnPerc)).ToList();
        var years = months.Select(m => m.Date.Year).Distinct().Order().ToList();
        var values = new double?[years.Count, 12];
        foreach (var (date, value) in months)
            values[years.IndexOf(date.Year), date.Month - 1] = value;
        return ([.. years.Select(y => y.ToString(CultureInfo.InvariantCulture))], values);
    }

    /// <summary>
    /// The price chart: the last <see cref="ChartCandles"/> candles, the strategy's EMAs and RSI over them, and a marker
    /// at each trade's entry and exit within them (on the candle whose open time the fill carries).
    /// </summary>
    public static BacktestChart Chart(IReadOnlyList<Candle> candles, IReadOnlyDictionary<string, double> parameters, BacktestResultJson report)
    {
        ArgumentNullException.ThrowIfNull(candles);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(report);
        var shown = candles.Count > ChartCandles ? candles.Skip(candles.Count - ChartCandles).ToList() : candles;
        var closes = shown.Select(c => c.Close).ToArray();
        var lines = new List<ChartLine>();
        foreach (var name in (string[])["emaFast", "emaSlow", "emaPeriod"])
        {
            if (parameters.TryGetValue(name, out var period) && period >= 1)
                lines.Add(new ChartLine(Invariant($"EMA {period:0}"), Points(shown, ExponentialMovingAverage.Compute(closes, (int)period)), LineColors[lines.Count % LineColors.Length]));
        }

        var rsiPeriod = parameters.TryGetValue("rsiPeriod", out var rsi) && rsi >= 1 ? (int)rsi : 14;
        var first = shown.Count > 0 ? shown[0].OpenTimeMs : long.MaxValue;
        var markers = new List<ChartMarker>();
        foreach (var t in report.Trades)
        {
            var isLong = t.Side == "long";
            if (t.EntryTime >= first)
                markers.Add(new ChartMarker(t.EntryTime, isLong, isLong ? "Buy" : "Sell short"));
            if (t.ExitTime >= first)
                markers.Add(new ChartMarker(t.ExitTime, !isLong, $"{(isLong ? "Sell" : "Buy back")} ({t.ExitReason}) {Number(t.Pnl)}"));
        }

        if (markers.Count > MaxLabelledMarkers)
            markers = [.. markers.Select(m => m with { Text = "" })]; // hundreds of labels hide the candles; the arrows stay
        return new BacktestChart(shown, lines, Points(shown, RelativeStrengthIndex.Compute(closes, rsiPeriod)), markers, shown.Count < candles.Count);
    }

    /// <summary>A percentage with its sign (e.g. "+12.34%").</summary>
    public static string Percent(double value, bool signed = true) =>
        value.ToString(signed ? "+0.00;-0.00;0.00" : "0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>A ratio; "∞" for the infinite ones stored as null.</summary>
    public static string Ratio(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "∞";

    /// <summary>Money in the quote asset, two decimals with thousands separators.</summary>
    public static string Number(double value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);

    /// <summary>A UTC day.</summary>
    public static string Day(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A UTC time to the minute.</summary>
    public static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>What a progress message says: the phase, the count and the time left.</summary>
    public static string ProgressText(BacktestProgressMessage progress, BacktestKind kind)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var percent = (progress.Progress * 100).ToString("0", CultureInfo.InvariantCulture);
        var eta = progress.Eta is { } left ? $", about {Math.Ceiling(left.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s left" : "";
        var unit = kind == BacktestKind.Sweep ? "backtests" : "candles";
        return progress.Status switch
        {
            BacktestStatus.Queued => "Waiting for a free slot…",
            BacktestStatus.Downloading => $"Loading candles: {percent}%",
            BacktestStatus.Running when progress.Total > 0 =>
                Invariant($"Backtesting: {progress.Processed:#,0} of {progress.Total:#,0} {unit} ({percent}%){eta}"),
            BacktestStatus.Running => $"Backtesting: {percent}%{eta}",
            BacktestStatus.Completed => "Done.",
            BacktestStatus.Cancelled => "Cancelled.",
            _ => "Failed: " + progress.Error,
        };
    }

    private static List<ChartPoint> Points(IReadOnlyList<Candle> candles, double[] values) =>
        [.. candles.Select((c, i) => new ChartPoint(c.OpenTimeMs, values[i]))];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
