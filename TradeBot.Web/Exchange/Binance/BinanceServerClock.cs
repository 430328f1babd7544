namespace TradeBot.Web.Exchange.Binance;

/// <summary>
/// Binance server time as seen from here: local time (through <see cref="TimeProvider"/>) plus an offset measured
/// from <c>/api/v3/time</c> or <c>/fapi/v1/time</c>, half the round trip accounted for. Resynced when stale or on -1021.
/// </summary>
public sealed class BinanceServerClock(TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(30);
    private long _offsetMs;
    private long _syncedAtTicks;

    public long OffsetMs => Interlocked.Read(ref _offsetMs);

    public bool IsStale => time.GetUtcNow().UtcTicks - Interlocked.Read(ref _syncedAtTicks) > MaxAge.Ticks;

    public long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds() + OffsetMs;

    /// <summary>Records a measurement: server time <paramref name="serverTimeMs"/> read between the two local times.</summary>
    public void Record(long serverTimeMs, long sentAtLocalMs, long receivedAtLocalMs)
    {
        var midpoint = sentAtLocalMs + (receivedAtLocalMs - sentAtLocalMs) / 2;
        Interlocked.Exchange(ref _offsetMs, serverTimeMs - midpoint);
        Interlocked.Exchange(ref _syncedAtTicks, time.GetUtcNow().UtcTicks);
    }
}
