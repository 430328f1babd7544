using System.Globalization;
using TradeBot.Domain.Market;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;
using TradeBot.Web.Cli;
using TradeBot.Web.Components.Shared;

namespace TradeBot.Web.Backtests;

/// <summary>One completed backtest of a comparison, with its report.</summary>
public sealed record ComparedRun(BacktestDetails Details, BacktestResultJson Report)
{
    /// <summary>The column heading: "#12 BTCUSDT 1h".</summary>
    public string Title => string.Create(CultureInfo.InvariantCulture, $"#{Details.Summary.Id} {Details.Summary.Symbol} {Details.Summary.Interval}");
}

/// <summary>One line of the comparison table: a setting or metric and its value for each run, in column order.</summary>
public sealed record ComparisonRow(string Label, IReadOnlyList<string> Values);

/// <summary>
/// Up to <see cref="BacktestListRules.MaxCompared"/> completed backtests of the caller's side by side: their settings and
/// metrics as table rows and their equity as % return from their own capital, so runs of different capital compare.
/// Runs that are not the caller's, unknown, sweeps or not completed are left out with a message each; a run that is
/// someone else's reads exactly like one that does not exist.
/// </summary>
/// <param name="Runs">The runs shown, in the order asked.</param>
/// <param name="Problems">Why some asked-for runs are not shown.</param>
public sealed record BacktestComparison(IReadOnlyList<ComparedRun> Runs, IReadOnlyList<string> Problems)
{
    /// <summary>Line colours of the runs, in column order (distinct in light and dark mode).</summary>
    public static IReadOnlyList<string> Colors { get; } = ["#1e88e5", "#e53935", "#43a047", "#fb8c00"];

    /// <summary>Whether there are enough runs to compare.</summary>
    public bool CanCompare => Runs.Count >= BacktestListRules.MinCompared;

    /// <summary>Reads the runs of <paramref name="ids"/> ("1,2,3", as the list links) for <paramref name="caller"/>.</summary>
    public static async Task<BacktestComparison> LoadAsync(BacktestService backtests, Caller caller, string? ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backtests);
        var problems = new List<string>();
        var asked = new List<long>();
        foreach (var part in (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
                problems.Add($"\"{Shorten(part)}\" is not a backtest number.");
            else if (!asked.Contains(id))
                asked.Add(id);
        }

        if (asked.Count > BacktestListRules.MaxCompared)
        {
            problems.Add($"At most {BacktestListRules.MaxCompared} backtests compare at once; the first {BacktestListRules.MaxCompared} are shown.");
            asked = asked[..BacktestListRules.MaxCompared];
        }

        var runs = new List<ComparedRun>();
        foreach (var id in asked)
        {
            var details = await backtests.GetAsync(caller, id, cancellationToken);
            var problem = details switch
            {
                null => $"Backtest #{id} was not found.",
                { Summary.Kind: BacktestKind.Sweep } => $"#{id} is a parameter sweep: open one of its sets as a backtest to compare it.",
                { Summary.Status: not BacktestStatus.Completed } => $"Backtest #{id} has not completed ({BacktestListRules.StatusText(details.Summary).ToLowerInvariant()}).",
                _ => null,
            };
            if (problem is null && await backtests.ReportAsync(caller, id, cancellationToken) is { } report)
                runs.Add(new ComparedRun(details!, report));
            else
                problems.Add(problem ?? $"Backtest #{id} was not found.");
        }

        if (runs.Count < BacktestListRules.MinCompared)
            problems.Add($"A comparison needs at least {BacktestListRules.MinCompared} completed backtests; pick them on the backtest list.");
        return new BacktestComparison(runs, problems);
    }

    /// <summary>The table: settings first, then the metrics.</summary>
    public IReadOnlyList<ComparisonRow> Rows() =>
    [
        Row("Symbol", r => $"{r.Details.Summary.Symbol} ({Market(r.Details.Input.Bot)})"),
        Row("Interval", r => r.Details.Summary.Interval),
        Row("Range (UTC)", r => BacktestListRules.RangeText(r.Details.Summary.FromMs, r.Details.Summary.ToMs)),
        Row("Strategy", r => Strategy(r.Details.Input.Bot)),
        Row("Sizing and exits", r => Risk(r.Details.Input.Bot)),
        Row("Initial capital", r => Amount(r.Report.Metrics.InitialCapital)),
        Row("Final capital", r => Amount(r.Report.Metrics.FinalCapital)),
        Row("Total return", r => BacktestListRules.Percent(r.Report.Metrics.TotalReturnPerc)),
        Row("Buy & hold", r => BacktestListRules.Percent(r.Report.Metrics.BuyAndHoldReturnPerc)),
        Row("Max drawdown", r => Plain(r.Report.Metrics.MaxDrawdownPerc) + "%"),
        Row("Trades", r => r.Report.Metrics.TotalTrades.ToString(CultureInfo.InvariantCulture)),
        Row("Win rate", r => Plain(r.Report.Metrics.WinRatePerc) + "%"),
        Row("Profit factor", r => r.Report.Metrics.ProfitFactor is { } pf ? Plain(pf) : "∞ (no losing trade)"),
        Row("Sharpe", r => BacktestListRules.Ratio(r.Report.Metrics.Sharpe)),
        Row("Sortino", r => BacktestListRules.Ratio(r.Report.Metrics.Sortino)),
        Row("Fees", r => Amount(r.Report.Metrics.TotalFees)),
        Row("Exposure", r => Plain(r.Report.Metrics.ExposurePerc) + "% of the time"),
    ];

    /// <summary>Each run's equity as % return from its initial capital, one line per run.</summary>
    public IReadOnlyList<EquitySeries> Equity() =>
    [
        .. Runs.Select((run, i) => new EquitySeries(run.Title, ReturnCurve(run.Report), Colors[i % Colors.Count])),
    ];

    /// <summary>Equity as % above or below the initial capital.</summary>
    public static IReadOnlyList<ChartPoint> ReturnCurve(BacktestResultJson report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var capital = report.Metrics.InitialCapital;
        return [.. report.Equity.Select(p => new ChartPoint(p.Time, capital > 0 ? (p.Equity / capital - 1) * 100 : 0))];
    }

    private ComparisonRow Row(string label, Func<ComparedRun, string> value) => new(label, [.. Runs.Select(value)]);

    private static string Market(BotInput bot) =>
        bot.MarketType == MarketType.Futures ? $"futures {bot.Leverage}x" : "spot";

    private static string Strategy(BotInput bot)
    {
        var parameters = bot.StrategyParameters ?? [];
        var described = BotFormService.ParameterFields(bot.Strategy)
            .Select(f => $"{f.Label} {SweepParameters.Value(parameters.TryGetValue(f.Name, out var v) ? v : f.Default)}");
        return $"{bot.Strategy} ({string.Join(", ", described)})";
    }

    private static string Risk(BotInput bot)
    {
        var parts = new List<string>
        {
            bot.PositionSizeFixed > 0 ? $"{Amount(bot.PositionSizeFixed)} per entry" : $"{Plain(bot.PositionSizePerc)}% of equity per entry",
        };
        if (bot.StopLossEnabled && bot.StopLossPerc > 0)
            parts.Add($"stop-loss {Plain(bot.StopLossPerc)}%");
        if (bot.TakeProfitEnabled && bot.TakeProfitPerc > 0)
            parts.Add($"take-profit {Plain(bot.TakeProfitPerc)}%");
        if (bot.TrailingStopEnabled && bot.TrailingStopPerc > 0)
            parts.Add($"trailing stop {Plain(bot.TrailingStopPerc)}%");
        return string.Join(", ", parts);
    }

    private static string Amount(double value) => value.ToString("#,##0.00", CultureInfo.InvariantCulture);

    private static string Plain(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length > 20 ? text[..20] + "…" : text;
}
