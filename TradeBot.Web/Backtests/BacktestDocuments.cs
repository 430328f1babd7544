using System.Text.Json;
using System.Text.Json.Serialization;
using TradeBot.Domain.Backtesting;
using TradeBot.Web.Cli;

namespace TradeBot.Web.Backtests;

/// <summary>A sweep's stored result: the ranked grid over the in-sample part and the walk-forward check of its top sets.</summary>
/// <param name="Rank">The metric ranked by.</param>
/// <param name="Parameters">The varied parameters, in the grid's order.</param>
/// <param name="InSampleFromMs">First candle of the in-sample part (the first 70%).</param>
/// <param name="InSampleToMs">Last candle of the in-sample part.</param>
/// <param name="OutOfSampleFromMs">First candle of the held-out final 30%.</param>
/// <param name="OutOfSampleToMs">Last candle of the held-out part.</param>
/// <param name="Combinations">Sets in the grid.</param>
/// <param name="SkippedInvalid">Sets skipped because their settings are invalid.</param>
/// <param name="Rows">Every valid set, best first on the in-sample part.</param>
/// <param name="WalkForward">The top sets again on the held-out part, in their in-sample rank order.</param>
public sealed record SweepResultJson(
    SweepRank Rank, IReadOnlyList<string> Parameters, long InSampleFromMs, long InSampleToMs, long OutOfSampleFromMs, long OutOfSampleToMs,
    int Combinations, int SkippedInvalid, IReadOnlyList<SweepRowJson> Rows, IReadOnlyList<WalkForwardRowJson> WalkForward);

/// <summary>One set of a sweep and its figures.</summary>
public sealed record SweepRowJson(IReadOnlyDictionary<string, double> Parameters, SweepMetricsJson Metrics);

/// <summary>A top set's figures in-sample and on the held-out part.</summary>
public sealed record WalkForwardRowJson(int Rank, IReadOnlyDictionary<string, double> Parameters, SweepMetricsJson InSample, SweepMetricsJson OutOfSample);

/// <summary>The figures a sweep table shows; infinite ratios are null.</summary>
public sealed record SweepMetricsJson(
    double TotalReturnPerc, double MaxDrawdownPerc, int TotalTrades, double WinRatePerc, double? Sharpe, double? ProfitFactor)
{
    public static SweepMetricsJson From(BacktestMetrics m) =>
        new(m.TotalReturnPerc, m.MaxDrawdownPerc, m.TotalTrades, m.WinRatePerc, Finite(m.Sharpe), Finite(m.ProfitFactor));

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}

/// <summary>How requests and results are written to the database: camelCase, enums by name.</summary>
internal static class BacktestJson
{
    /// <summary>Most equity points stored per run; longer curves keep every k-th point and the last.</summary>
    public const int MaxEquityPoints = 10_000;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new JsonException($"A stored {typeof(T).Name} is empty.");

    /// <summary>A single run's report in the CLI's RESULT.json format, the equity curve thinned to <see cref="MaxEquityPoints"/>.</summary>
    public static string WriteReport(BacktestReport report)
    {
        var json = BacktestCommand.ToJson(report);
        if (json.Equity.Count > MaxEquityPoints)
        {
            var every = (json.Equity.Count + MaxEquityPoints - 1) / MaxEquityPoints;
            var thinned = json.Equity.Where((_, i) => i % every == 0).ToList();
            if (thinned[^1] != json.Equity[^1])
                thinned.Add(json.Equity[^1]);
            json = json with { Equity = thinned };
        }

        return JsonSerializer.Serialize(json, CliJsonContext.Default.BacktestResultJson);
    }

    public static BacktestResultJson ReadReport(string json) =>
        JsonSerializer.Deserialize(json, CliJsonContext.Default.BacktestResultJson)
        ?? throw new JsonException("A stored backtest report is empty.");
}
