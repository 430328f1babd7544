namespace TradeBot.Web.Bots;

/// <summary>
/// Keeps a page in step with a user's bots without polling: every <see cref="BotEventBus"/> event of the user asks for a
/// refresh, and the page's refresh (a query and a re-render) runs at most once per <see cref="Interval"/>. The first
/// event after a quiet spell refreshes at once; events arriving meanwhile fold into one refresh when the interval is
/// up, so a burst of fills costs two queries, not one per fill. Refreshes never overlap. Dispose it with the page.
/// </summary>
public sealed class BotEventRefresh : IDisposable
{
    /// <summary>The shortest time between two refreshes.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly Func<CancellationToken, Task> _refresh;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly IDisposable _subscription;
    private DateTimeOffset _nextAllowed = DateTimeOffset.MinValue;
    private int _isPending;

    private BotEventRefresh(BotEventBus bus, string userId, Func<CancellationToken, Task> refresh, TimeProvider time, ILogger logger)
    {
        _refresh = refresh;
        _time = time;
        _logger = logger;
        _subscription = bus.SubscribeToUser(userId, _ => OnEventAsync());
    }

    /// <summary>Subscribes to the events of user <paramref name="userId"/>'s bots and calls <paramref name="refresh"/> on them.</summary>
    /// <param name="bus">The bot event bus.</param>
    /// <param name="userId">The signed-in user.</param>
    /// <param name="refresh">Re-queries and re-renders (through the component's <c>InvokeAsync</c>).</param>
    /// <param name="time">The clock of the interval.</param>
    /// <param name="logger">Where a failed refresh is logged (the page keeps its last data and tries again at the next event).</param>
    public static BotEventRefresh FollowUser(
        BotEventBus bus, string userId, Func<CancellationToken, Task> refresh, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(refresh);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        return new BotEventRefresh(bus, userId, refresh, time, logger);
    }

    /// <summary>Stops following: no refresh starts after this, and a waiting one is dropped.</summary>
    public void Dispose()
    {
        _subscription.Dispose();
        _stop.Cancel();
    }

    // Returns at once: the bus delivers a subscriber's events one after another, and waiting here would turn a burst
    // of events into a queue of refreshes instead of one.
    private Task OnEventAsync()
    {
        if (Interlocked.Exchange(ref _isPending, 1) == 0)
            _ = RunAsync();
        return Task.CompletedTask;
    }

    private async Task RunAsync()
    {
        var cancellationToken = _stop.Token;
        try
        {
            var wait = _nextAllowed - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, _time, cancellationToken);
            await _running.WaitAsync(cancellationToken);
            try
            {
                _nextAllowed = _time.GetUtcNow() + Interval;
                // From here on an event asks for another refresh: this one may have read the database before its change.
                Volatile.Write(ref _isPending, 0);
                await _refresh(cancellationToken);
            }
            finally
            {
                _running.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Volatile.Write(ref _isPending, 0);
            _logger.LogWarning(e, "A page could not refresh after a bot event");
        }
    }
}
