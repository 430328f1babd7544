using System.ComponentModel.DataAnnotations;

namespace TradeBot.Web.Bots;

/// <summary>How the bots' checks are run. Section <c>Scheduler</c>.</summary>
public sealed class BotSchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>
    /// Most bot checks (and other jobs) running at the same time in this process. A check mostly waits on the exchange
    /// and the database, so a few more than the cores; one bot never runs two checks at once whatever this says.
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrentChecks { get; set; } = 10;

    /// <summary>
    /// Checks due within this many milliseconds are taken together and may start that much early, so the scheduler
    /// wakes up once for a batch of bots rather than once per bot. 0 = never early.
    /// </summary>
    [Range(0, 1000)]
    public int FireAheadMilliseconds { get; set; } = 50;

    /// <summary>
    /// Whether this instance runs bot checks and backtests. <c>false</c> (PostgreSQL only): it serves pages and
    /// schedules into the shared job store, and the other instances do the work, e.g. web nodes in front of workers.
    /// </summary>
    public bool RunChecks { get; set; } = true;

    /// <summary>
    /// PostgreSQL only (several instances share one job store): how often this instance tells the others it is alive.
    /// An instance silent for this plus <see cref="ClusterFailoverAfterMilliseconds"/> is taken for dead, and its bots'
    /// checks move to a live one.
    /// </summary>
    [Range(500, 60_000)]
    public int ClusterCheckinMilliseconds { get; set; } = 2_000;

    /// <summary>How long past its check-in an instance may be late before the others take its work over.</summary>
    [Range(500, 120_000)]
    public int ClusterFailoverAfterMilliseconds { get; set; } = 3_000;
}
