namespace TradeBot.Web.Bots;

/// <summary>
/// How long a bot waits before its next check after failed ones: 5 s after the first failure, doubling with each
/// failure in a row, at most 5 min. A good check returns it to its check interval.
/// </summary>
public static class BotBackOff
{
    /// <summary>The wait after the first failure.</summary>
    public static readonly TimeSpan First = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(5);

    /// <summary>The wait after <paramref name="consecutiveErrors"/> failures in a row (fewer than 1 counts as 1).</summary>
    public static TimeSpan After(int consecutiveErrors)
    {
        var doublings = Math.Clamp(consecutiveErrors, 1, 32) - 1;
        var seconds = First.TotalSeconds * Math.Pow(2, doublings);
        return seconds >= Max.TotalSeconds ? Max : TimeSpan.FromSeconds(seconds);
    }
}
