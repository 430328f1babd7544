namespace TradeBot.Domain.Strategies;

/// <summary>
/// What a strategy says at the close of a candle. Flags, because one candle can say two things at once
/// (a cross down both exits a long and enters a short).
/// </summary>
[Flags]
public enum Signal
{
    /// <summary>Nothing to do.</summary>
    None = 0,

    /// <summary>Open a long position.</summary>
    EnterLong = 1,

    /// <summary>Close a long position.</summary>
    ExitLong = 2,

    /// <summary>Open a short position (futures only).</summary>
    EnterShort = 4,

    /// <summary>Close a short position.</summary>
    ExitShort = 8,
}
