using TradeBot.Domain.Market;

namespace TradeBot.Web.Backtests;

/// <summary>What a stored run is: one backtest, or a parameter sweep of many.</summary>
public enum BacktestKind
{
    /// <summary>One backtest with a full report.</summary>
    Single,

    /// <summary>A grid of backtests ranked by a metric, with a walk-forward check.</summary>
    Sweep,
}

/// <summary>Where a run stands.</summary>
public enum BacktestStatus
{
    /// <summary>Stored, waiting for the scheduler.</summary>
    Queued,

    /// <summary>Fetching the candles the candle store lacks.</summary>
    Downloading,

    /// <summary>Backtesting.</summary>
    Running,

    /// <summary>Done; the result is stored.</summary>
    Completed,

    /// <summary>Stopped by an error (see <see cref="BacktestRun.Error"/>).</summary>
    Failed,

    /// <summary>Stopped by its owner.</summary>
    Cancelled,
}

/// <summary>
/// A backtest or sweep a user asked for: the request, its progress, and once done the result. Summary figures are
/// columns (for the list's sorting and comparison); the report's parts (trades, daily, monthly, equity, or a sweep's
/// table) are one JSON document in the CLI's format, written once when the run completes.
/// </summary>
public sealed class BacktestRun
{
    public long Id { get; set; }

    /// <summary>The owning user's id (AspNetUsers).</summary>
    public required string OwnerId { get; set; }

    public BacktestKind Kind { get; set; }

    public BacktestStatus Status { get; set; }

    public MarketType MarketType { get; set; }

    public required string Symbol { get; set; }

    /// <summary>Kline interval code, e.g. <c>1h</c>.</summary>
    public required string Interval { get; set; }

    public required string Strategy { get; set; }

    /// <summary>Open time of the first candle asked for, Unix ms UTC.</summary>
    public long FromMs { get; set; }

    /// <summary>Last ms of the range asked for, Unix ms UTC.</summary>
    public long ToMs { get; set; }

    /// <summary>The request (<see cref="BacktestInput"/> or <see cref="SweepInput"/>) as JSON, so "run again" repeats it exactly.</summary>
    public required string InputJson { get; set; }

    /// <summary>The bot the settings came from, if any.</summary>
    public long? SourceBotId { get; set; }

    /// <summary>The sweep this run was opened from, if any.</summary>
    public long? SweepId { get; set; }

    /// <summary>Fraction done, 0..1, saved about once a second while running.</summary>
    public double Progress { get; set; }

    /// <summary>Candles (a sweep: backtests) processed so far.</summary>
    public long Processed { get; set; }

    /// <summary>Candles (a sweep: backtests) to process; 0 until known.</summary>
    public long Total { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Why the run failed, in the trader's words.</summary>
    public string? Error { get; set; }

    /// <summary>Set by the owner's cancel; the job stops at its next progress step.</summary>
    public bool CancelRequested { get; set; }

    public double InitialCapital { get; set; }

    public double? FinalCapital { get; set; }

    public double? TotalReturnPerc { get; set; }

    public double? BuyAndHoldReturnPerc { get; set; }

    public double? MaxDrawdownPerc { get; set; }

    public int? TotalTrades { get; set; }

    public int? WinningTrades { get; set; }

    public int? LosingTrades { get; set; }

    public double? WinRatePerc { get; set; }

    public double? TotalFees { get; set; }

    public double? AvgProfit { get; set; }

    /// <summary>Sharpe ratio of daily returns; null when undefined.</summary>
    public double? Sharpe { get; set; }

    /// <summary>Profit factor; null when infinite (no losing trade) or not run.</summary>
    public double? ProfitFactor { get; set; }

    /// <summary>The result document: a single run's <c>BacktestResultJson</c>, or a sweep's <c>SweepResultJson</c>.</summary>
    public string? ResultJson { get; set; }

    /// <summary>True once the run can no longer change.</summary>
    public bool IsFinished => Status is BacktestStatus.Completed or BacktestStatus.Failed or BacktestStatus.Cancelled;
}

/// <summary>Helpers on <see cref="BacktestStatus"/>.</summary>
public static class BacktestStatusExtensions
{
    /// <summary>True once a run with this status can no longer change.</summary>
    public static bool IsFinished(this BacktestStatus status) =>
        status is BacktestStatus.Completed or BacktestStatus.Failed or BacktestStatus.Cancelled;
}
