using TradeBot.Domain.Market;
using TradeBot.Domain.Strategies;
using TradeBot.Domain.Trading;

namespace TradeBot.Domain.Backtesting;

/// <summary>The metric a sweep ranks by.</summary>
public enum SweepRank
{
    /// <summary>Total return, highest first.</summary>
    Return,

    /// <summary>Sharpe ratio, highest first.</summary>
    Sharpe,

    /// <summary>Profit factor, highest first.</summary>
    ProfitFactor,

    /// <summary>Maximum drawdown, LOWEST first.</summary>
    MaxDrawdown,
}

/// <summary>One parameter set of a sweep and its backtest.</summary>
/// <param name="Parameters">The grid values of this set, by name.</param>
/// <param name="Settings">The full settings it ran with.</param>
/// <param name="Report">Its report (without equity curve, to keep a thousand of them small).</param>
public sealed record SweepEntry(IReadOnlyDictionary<string, double> Parameters, BotSettings Settings, BacktestReport Report);

/// <summary>A finished sweep.</summary>
/// <param name="Ranked">Every valid set's result, best first by the chosen metric (ties keep grid order).</param>
/// <param name="Combinations">Sets in the grid, valid or not.</param>
/// <param name="SkippedInvalid">Sets skipped because their settings are invalid (e.g. emaFast &gt;= emaSlow).</param>
public sealed record SweepResult(IReadOnlyList<SweepEntry> Ranked, int Combinations, int SkippedInvalid);

/// <summary>
/// Runs a grid of parameter sets over the same candles, one backtest per set, on all cores, and ranks the reports.
/// Grid names are strategy parameters (e.g. <c>emaFast</c>) or the settings <see cref="SettingNames"/>.
/// </summary>
public static class ParameterSweep
{
    /// <summary>Bot settings a grid may vary, besides the strategy's parameters.</summary>
    public static IReadOnlyList<string> SettingNames { get; } =
    [
        "positionSizePerc", "stopLossPerc", "takeProfitPerc", "trailingStopPerc", "dailyTargetPerc",
        "maxDailyLossPerc", "maxDailyTrades", "leverage",
    ];

    /// <summary>Every combination of the grid's values (the cartesian product), the last name varying fastest.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Expand(IReadOnlyDictionary<string, IReadOnlyList<double>> grid)
    {
        IEnumerable<Dictionary<string, double>> sets = [new Dictionary<string, double>()];
        foreach (var (name, values) in grid)
        {
            var current = sets;
            sets = current.SelectMany(set => values.Select(value => new Dictionary<string, double>(set) { [name] = value }));
        }

        return sets.ToList<IReadOnlyDictionary<string, double>>();
    }

    /// <summary><paramref name="settings"/> with the given grid values applied.</summary>
    /// <exception cref="ArgumentException">A name is neither a setting in <see cref="SettingNames"/> nor a parameter of the strategy.</exception>
    public static BotSettings Apply(BotSettings settings, IReadOnlyDictionary<string, double> values)
    {
        var strategyParameters = new Dictionary<string, double>(settings.StrategyParameters);
        foreach (var (name, value) in values)
        {
            settings = name switch
            {
                "positionSizePerc" => settings with { PositionSizePerc = value, PositionSizeFixed = 0 },
                "stopLossPerc" => settings with { StopLossPerc = value },
                "takeProfitPerc" => settings with { TakeProfitPerc = value },
                "trailingStopPerc" => settings with { TrailingStopPerc = value, TrailingStopActive = value > 0 },
                "dailyTargetPerc" => settings with { DailyTargetPerc = value },
                "maxDailyLossPerc" => settings with { MaxDailyLossPerc = value },
                "maxDailyTrades" => settings with { MaxDailyTrades = (int)value },
                "leverage" => settings with { Leverage = (int)value },
                _ when StrategyRegistry.Find(settings.Strategy)?.Parameters.Any(p => p.Name == name) == true =>
                    SetStrategyParameter(settings, strategyParameters, name, value),
                _ => throw new ArgumentException(
                    $"Unknown grid parameter '{name}': use a parameter of strategy {settings.Strategy} or one of {string.Join(", ", SettingNames)}.",
                    nameof(values)),
            };
        }

        return settings;
    }

    /// <summary>
    /// Backtests every valid set of <paramref name="grid"/> over <paramref name="candles"/> in parallel and ranks them.
    /// </summary>
    /// <param name="baseSettings">Settings shared by every set.</param>
    /// <param name="grid">Parameter name to the values to try.</param>
    /// <param name="candles">Closed candles in time order.</param>
    /// <param name="rank">The metric to rank by.</param>
    /// <param name="progress">Receives the fraction of sets done, from worker threads.</param>
    /// <param name="cancellationToken">Stops the sweep; throws <see cref="OperationCanceledException"/>.</param>
    /// <param name="maxDegreeOfParallelism">Worker count; -1 (default) for all cores.</param>
    /// <exception cref="ArgumentException">The grid names an unknown parameter.</exception>
    public static SweepResult Run(
        BotSettings baseSettings, IReadOnlyDictionary<string, IReadOnlyList<double>> grid, ReadOnlyMemory<Candle> candles,
        SweepRank rank, IProgress<double>? progress = null, CancellationToken cancellationToken = default,
        int maxDegreeOfParallelism = -1)
    {
        var sets = Expand(grid);
        var runnable = new List<(IReadOnlyDictionary<string, double> Values, BotSettings Settings)>(sets.Count);
        foreach (var set in sets)
        {
            var settings = Apply(baseSettings, set);
            if (settings.Validate().Count == 0)
            {
                runnable.Add((set, settings));
            }
        }

        var results = new SweepEntry[runnable.Count];
        var done = 0;
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, runnable.Count, options, index =>
        {
            var (values, settings) = runnable[index];
            var report = Backtester.Run(settings, candles.Span, null, cancellationToken, includeEquityCurve: false);
            results[index] = new SweepEntry(values, settings, report);
            progress?.Report((double)Interlocked.Increment(ref done) / runnable.Count);
        });

        return new SweepResult(Rank(results, rank), sets.Count, sets.Count - runnable.Count);
    }

    /// <summary>Sorts entries best first by <paramref name="rank"/> (drawdown: lowest first); NaN ranks last; ties keep their order.</summary>
    public static IReadOnlyList<SweepEntry> Rank(IEnumerable<SweepEntry> entries, SweepRank rank) =>
        entries.OrderByDescending(e => Score(e.Report.Metrics, rank)).ToList();

    /// <summary>The value ranked on, oriented so that higher is better.</summary>
    public static double Score(BacktestMetrics metrics, SweepRank rank)
    {
        var score = rank switch
        {
            SweepRank.Return => metrics.TotalReturnPerc,
            SweepRank.Sharpe => metrics.Sharpe,
            SweepRank.ProfitFactor => metrics.ProfitFactor,
            SweepRank.MaxDrawdown => -metrics.MaxDrawdownPerc,
            _ => throw new ArgumentOutOfRangeException(nameof(rank), rank, null),
        };
        return double.IsNaN(score) ? double.NegativeInfinity : score;
    }

    private static BotSettings SetStrategyParameter(BotSettings settings, Dictionary<string, double> parameters, string name, double value)
    {
        parameters[name] = value;
        return settings with { StrategyParameters = new Dictionary<string, double>(parameters) };
    }
}
