namespace TradeBot.Web.Exchange.Binance;

/// <summary>
/// The 429/418 back-off of one Binance host, shared by every caller of it (limits are per IP). After a 429 or 418
/// every request waits until <c>Retry-After</c> has passed: a caller waits when little remains
/// (<see cref="BinanceOptions.RateLimitWaitThresholdMs"/>), otherwise it fails at once with the remaining time,
/// so nothing hammers Binance into a longer ban and no caller hangs for minutes.
/// </summary>
public sealed class BinanceRateGate(TimeProvider time)
{
    private long _closedUntilTicks;

    /// <summary>Closes the gate for <paramref name="retryAfter"/> from now (never shortens a running back-off).</summary>
    public void Close(TimeSpan retryAfter)
    {
        var until = time.GetUtcNow().Add(retryAfter).UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _closedUntilTicks);
            if (current >= until)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _closedUntilTicks, until, current) != current);
    }

    /// <summary>How long the gate stays closed; zero when open.</summary>
    public TimeSpan Remaining
    {
        get
        {
            var left = Interlocked.Read(ref _closedUntilTicks) - time.GetUtcNow().UtcTicks;
            return left > 0 ? TimeSpan.FromTicks(left) : TimeSpan.Zero;
        }
    }
}
