namespace TradeBot.Domain.Risk;

/// <summary>Why a bot takes no new entries. Protective exits keep working whatever the reason.</summary>
public enum PauseReason
{
    /// <summary>Not paused.</summary>
    None,

    /// <summary>Daily realised PnL reached the daily target; resumes at 00:00 UTC.</summary>
    DailyTargetReached,

    /// <summary>Daily realised PnL fell to the maximum daily loss; resumes at 00:00 UTC.</summary>
    MaxDailyLossHit,

    /// <summary>The maximum number of entries for the day was opened; resumes at 00:00 UTC.</summary>
    MaxDailyTradesReached,

    /// <summary>The user stopped the bot; never undone by the daily reset.</summary>
    ManualStop,
}

/// <summary>One UTC day's counters, as the daily limits see them.</summary>
/// <param name="Day">UTC day number (days since 1970-01-01).</param>
/// <param name="RealizedPnl">Sum of net PnL (after fees) of positions closed that day.</param>
/// <param name="Entries">Entries opened that day.</param>
/// <param name="Pause">The daily limit that paused the bot this day, if any.</param>
public readonly record struct DailyCounters(long Day, double RealizedPnl, int Entries, PauseReason Pause);

/// <summary>
/// Daily limits, trading-semantics.md section 7, in quote amounts. Target reached: realised PnL &gt;= target;
/// loss hit: realised PnL &lt;= -max loss; trades reached: entries &gt;= max. A limit of 0 is not used.
/// Checked after every exit fill and before every entry fill, by the fill's UTC day: a new day resets the counters
/// and lifts a daily pause.
/// </summary>
/// <param name="TargetAmount">initialCapital * dailyTargetPerc / 100; 0 = not used.</param>
/// <param name="MaxLossAmount">initialCapital * maxDailyLossPerc / 100; 0 = not used.</param>
/// <param name="MaxTrades">Most entries per UTC day; 0 = not used.</param>
public readonly record struct DailyLimits(double TargetAmount, double MaxLossAmount, int MaxTrades)
{
    /// <summary>Milliseconds in a UTC day.</summary>
    public const long DayMs = 86_400_000;

    /// <summary>Builds the limits from a bot's percentages of its initial capital.</summary>
    public static DailyLimits From(double initialCapital, double dailyTargetPerc, double maxDailyLossPerc, int maxDailyTrades) =>
        new(initialCapital * dailyTargetPerc / 100, initialCapital * maxDailyLossPerc / 100, maxDailyTrades);

    /// <summary>The UTC day number of a Unix-ms time (floor division, so times before 1970 work too).</summary>
    public static long UtcDay(long timeMs) => Math.DivRem(timeMs, DayMs) is var (q, r) && r < 0 ? q - 1 : q;

    /// <summary>Counters for the day of <paramref name="timeMs"/>: the same ones, or fresh ones when the day changed.</summary>
    public static DailyCounters Roll(DailyCounters counters, long timeMs)
    {
        var day = UtcDay(timeMs);
        return day == counters.Day ? counters : new DailyCounters(day, 0, 0, PauseReason.None);
    }

    /// <summary>The first limit the counters reach (target, then loss, then trades), or None.</summary>
    public PauseReason Evaluate(in DailyCounters counters)
    {
        if (TargetAmount > 0 && counters.RealizedPnl >= TargetAmount) return PauseReason.DailyTargetReached;
        if (MaxLossAmount > 0 && counters.RealizedPnl <= -MaxLossAmount) return PauseReason.MaxDailyLossHit;
        return MaxTrades > 0 && counters.Entries >= MaxTrades ? PauseReason.MaxDailyTradesReached : PauseReason.None;
    }

    /// <summary>Before an entry fill at <paramref name="timeMs"/>: rolls the day, and pauses if a limit is reached.</summary>
    public DailyCounters BeforeEntry(DailyCounters counters, long timeMs) => Paused(Roll(counters, timeMs));

    /// <summary>After an exit fill: rolls the day, adds the trade's net PnL, and pauses if a limit is reached.</summary>
    public DailyCounters AfterExit(DailyCounters counters, long timeMs, double netPnl)
    {
        var rolled = Roll(counters, timeMs);
        return Paused(rolled with { RealizedPnl = rolled.RealizedPnl + netPnl });
    }

    /// <summary>After an entry fill (already checked by <see cref="BeforeEntry"/>): counts it, pausing when that was the last one allowed.</summary>
    public DailyCounters AfterEntry(DailyCounters counters) => Paused(counters with { Entries = counters.Entries + 1 });

    private DailyCounters Paused(DailyCounters counters) =>
        counters.Pause != PauseReason.None ? counters : counters with { Pause = Evaluate(counters) };
}

/// <summary>Words for <see cref="PauseReason"/>, as the UI shows "paused (reason)".</summary>
public static class PauseReasons
{
    /// <summary>E.g. "daily target reached"; empty for None.</summary>
    public static string ToText(this PauseReason reason) => reason switch
    {
        PauseReason.DailyTargetReached => "daily target reached",
        PauseReason.MaxDailyLossHit => "max daily loss hit",
        PauseReason.MaxDailyTradesReached => "max daily trades reached",
        PauseReason.ManualStop => "stopped manually",
        _ => "",
    };
}
