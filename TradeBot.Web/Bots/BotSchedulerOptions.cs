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
}
