using System.Collections.Concurrent;

namespace TradeBot.Web.Exchange.Binance;

/// <summary>
/// The last used-weight and order-count headers (<c>X-MBX-USED-WEIGHT-1M</c>, <c>X-MBX-ORDER-COUNT-10S</c>, …) of one
/// Binance host, for the admin status page.
/// </summary>
public sealed class BinanceUsage
{
    private readonly ConcurrentDictionary<string, long> _counters = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counters, StringComparer.OrdinalIgnoreCase);

    public long? UsedWeight1M => _counters.TryGetValue("X-MBX-USED-WEIGHT-1M", out var value) ? value : null;

    private BinanceRequestOutcome? _lastRequest;

    /// <summary>How the host's last request went (any endpoint), or null before the first.</summary>
    public BinanceRequestOutcome? LastRequest => Volatile.Read(ref _lastRequest);

    internal void Record(DateTimeOffset at, bool succeeded, string? problem) =>
        Volatile.Write(ref _lastRequest, new BinanceRequestOutcome(at, succeeded, problem));

    internal void Read(HttpResponseMessage response)
    {
        foreach (var (name, values) in response.Headers)
        {
            if ((name.StartsWith("X-MBX-USED-WEIGHT-", StringComparison.OrdinalIgnoreCase)
                 || name.StartsWith("X-MBX-ORDER-COUNT-", StringComparison.OrdinalIgnoreCase))
                && long.TryParse(values.FirstOrDefault(), out var value))
            {
                _counters[name] = value;
            }
        }
    }
}

/// <summary>When a host last answered, whether it went well, and what went wrong if not (no secrets: status and code).</summary>
public sealed record BinanceRequestOutcome(DateTimeOffset At, bool Succeeded, string? Problem);

/// <summary>Per-host state shared by every client of that host: back-off gate, server clock, usage.</summary>
public sealed class BinanceHostState(TimeProvider time)
{
    public BinanceRateGate Gate { get; } = new(time);

    public BinanceServerClock Clock { get; } = new(time);

    public BinanceUsage Usage { get; } = new();

    internal SemaphoreSlim SyncLock { get; } = new(1, 1);
}

/// <summary>One <see cref="BinanceHostState"/> per base URL (singleton).</summary>
public sealed class BinanceHosts(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, BinanceHostState> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public BinanceHostState For(Uri baseUrl) => _hosts.GetOrAdd(baseUrl.GetLeftPart(UriPartial.Authority), _ => new BinanceHostState(time));

    /// <summary>Every host called so far with its state, for the admin status page.</summary>
    public IReadOnlyList<(string Host, BinanceHostState State)> Hosts() => _hosts.Select(pair => (pair.Key, pair.Value)).ToList();

    /// <summary>Usage of every host called so far, by host.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> UsageByHost() =>
        _hosts.ToDictionary(pair => pair.Key, pair => pair.Value.Usage.Snapshot());
}
