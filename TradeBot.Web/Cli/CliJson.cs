using System.Text.Json.Serialization;

namespace TradeBot.Web.Cli;

/// <summary>
/// CONFIG.json of <c>backtest</c> and <c>sweep</c> (camelCase). Absent values are not used or take the defaults of
/// trading-semantics.md section 4. <c>emaPeriod</c> is there for the ema-price-cross strategy.
/// </summary>
internal sealed record BacktestConfig
{
    public string? Symbol { get; init; }
    public string? Interval { get; init; }
    public string? MarketType { get; init; }
    public string? Strategy { get; init; }
    public double? InitialCapital { get; init; }
    public double? PositionSizePerc { get; init; }
    public double? PositionSizeFixed { get; init; }
    public double? EmaFast { get; init; }
    public double? EmaSlow { get; init; }
    public double? RsiPeriod { get; init; }
    public double? RsiOversold { get; init; }
    public double? RsiOverbought { get; init; }
    public double? EmaPeriod { get; init; }
    public double? StopLossPerc { get; init; }
    public double? TakeProfitPerc { get; init; }
    public double? TrailingStopPerc { get; init; }
    public bool? TrailingStopActive { get; init; }
    public double? DailyTargetPerc { get; init; }
    public double? MaxDailyLossPerc { get; init; }
    public int? MaxDailyTrades { get; init; }
    public int? Leverage { get; init; }
    public double? FeeRate { get; init; }
    public double? SlippageBps { get; init; }
    public decimal? StepSize { get; init; }
    public decimal? TickSize { get; init; }
    public decimal? MinQty { get; init; }
    public decimal? MinNotional { get; init; }
}

/// <summary>RESULT.json: <c>{"metrics":{...},"trades":[...],"daily":[...],"monthly":[...],"equity":[...]}</c>; times in Unix ms.</summary>
public sealed record BacktestResultJson(
    MetricsJson Metrics, IReadOnlyList<TradeJson> Trades, IReadOnlyList<DailyJson> Daily,
    IReadOnlyList<MonthlyJson> Monthly, IReadOnlyList<EquityJson> Equity);

/// <summary>Section 8 metrics; ratios that are infinite (no losing trade or day) are written as null.</summary>
public sealed record MetricsJson(
    double InitialCapital, double FinalCapital, double TotalReturnPerc, double BuyAndHoldReturnPerc, int TotalTrades,
    int WinningTrades, int LosingTrades, double WinRatePerc, double TotalFees, double AvgProfit, double? ProfitFactor,
    double? Expectancy, double MaxDrawdownPerc, double? Sharpe, double? Sortino, double ExposurePerc);

public sealed record TradeJson(
    string Side, long EntryTime, double EntryPrice, long ExitTime, double ExitPrice, double Quantity, double Fees,
    double Pnl, string ExitReason);

/// <summary>A UTC day; <c>date</c> is its 00:00 UTC in Unix ms.</summary>
public sealed record DailyJson(long Date, double Pnl, int Trades, double EndEquity);

/// <summary>A UTC month; <c>month</c> is its first day's 00:00 UTC in Unix ms.</summary>
public sealed record MonthlyJson(long Month, double Pnl, double ReturnPerc);

public sealed record EquityJson(long Time, double Equity);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(BacktestConfig))]
[JsonSerializable(typeof(BacktestResultJson))]
[JsonSerializable(typeof(Dictionary<string, double[]>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
