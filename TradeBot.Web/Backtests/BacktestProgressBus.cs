using System.Collections.Concurrent;

namespace TradeBot.Web.Backtests;

/// <summary>A run's progress as pages receive it.</summary>
/// <param name="RunId">The run.</param>
/// <param name="OwnerId">Its owner.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Progress">Fraction done, 0..1 (of the download while downloading).</param>
/// <param name="Processed">Candles (a sweep: backtests) done.</param>
/// <param name="Total">Candles (a sweep: backtests) in all; 0 while unknown.</param>
/// <param name="Eta">Time left at the current pace; null while unknown.</param>
/// <param name="Error">Why it failed.</param>
public sealed record BacktestProgressMessage(
    long RunId, string OwnerId, BacktestStatus Status, double Progress, long Processed, long Total, TimeSpan? Eta, string? Error = null);

/// <summary>
/// In-process progress of backtest runs (a singleton), the bot event bus's pattern for long jobs: the job publishes,
/// pages subscribe to one run and dispose the subscription when they go away. A publisher never waits for a page: each
/// callback is started and left to run. The latest message of each run is kept, so a page that opens mid-run shows
/// where it is at once.
/// </summary>
public sealed class BacktestProgressBus(ILogger<BacktestProgressBus> logger)
{
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<Subscription, byte>> _subscriptions = new();
    private readonly ConcurrentDictionary<long, BacktestProgressMessage> _latest = new();
    private readonly ILogger<BacktestProgressBus> _logger = logger;

    /// <summary>The last message of a run still in progress in this process, or null.</summary>
    public BacktestProgressMessage? Latest(long runId) => _latest.TryGetValue(runId, out var message) ? message : null;

    /// <summary>Where published messages also go, to reach the other instances (see <see cref="Data.PostgresEventFanOut"/>).</summary>
    internal Action<BacktestProgressMessage>? Relay { get; set; }

    /// <summary>
    /// Sends <paramref name="message"/> to the run's subscribers on this instance and to the relay for the others; a
    /// finished run's latest message is forgotten.
    /// </summary>
    public void Publish(BacktestProgressMessage message)
    {
        Deliver(message);
        Relay?.Invoke(message);
    }

    /// <summary>Delivers a message another instance published to this instance's subscribers (not relayed again).</summary>
    public void Deliver(BacktestProgressMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Status is BacktestStatus.Completed or BacktestStatus.Failed or BacktestStatus.Cancelled)
            _latest.TryRemove(message.RunId, out _);
        else
            _latest[message.RunId] = message;
        if (!_subscriptions.TryGetValue(message.RunId, out var subscribers))
            return;
        foreach (var subscription in subscribers.Keys)
            _ = subscription.DeliverAsync(message);
    }

    /// <summary>Calls <paramref name="callback"/> with each progress message of run <paramref name="runId"/> until disposed.</summary>
    public IDisposable Subscribe(long runId, Func<BacktestProgressMessage, Task> callback)
    {
        var subscription = new Subscription(this, runId, callback);
        while (true)
        {
            var subscribers = _subscriptions.GetOrAdd(runId, _ => new());
            subscribers.TryAdd(subscription, 0);
            // The last subscriber leaving drops the run's set; joining a set dropped meanwhile would hear nothing: retry.
            if (_subscriptions.TryGetValue(runId, out var current) && ReferenceEquals(current, subscribers))
                return subscription;
            subscribers.TryRemove(subscription, out _);
        }
    }

    private sealed class Subscription(BacktestProgressBus bus, long runId, Func<BacktestProgressMessage, Task> callback) : IDisposable
    {
        public async Task DeliverAsync(BacktestProgressMessage message)
        {
            try
            {
                await callback(message);
            }
            catch (Exception e)
            {
                bus._logger.LogWarning(e, "A progress subscriber of backtest {RunId} failed", runId);
            }
        }

        public void Dispose()
        {
            if (bus._subscriptions.TryGetValue(runId, out var subscribers) && subscribers.TryRemove(this, out _) && subscribers.IsEmpty)
                bus._subscriptions.TryRemove(new KeyValuePair<long, ConcurrentDictionary<Subscription, byte>>(runId, subscribers)); // no empty sets left behind
        }
    }
}
