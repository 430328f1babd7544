using Quartz;
using TradeBot.Web.Bots;

namespace TradeBot.Web.Admin;

/// <summary>When this process started (by the app's clock), for the uptime on the status page.</summary>
public sealed class AppStart(TimeProvider time)
{
    public DateTimeOffset At { get; } = time.GetUtcNow();
}

/// <summary>
/// Counts the misfires of the bots' scheduler (a check that could not start on time: the process was busy or a
/// thread short), for the status page. Registered on the scheduler at startup by <see cref="SchedulerWatchStartup"/>.
/// </summary>
public sealed class MisfireCounter(TimeProvider time) : ITriggerListener
{
    private long _count;
    private long _lastAtTicks;

    public string Name => "tradebot-misfire-counter";

    /// <summary>Misfires since the process started.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>When the last one was noticed, or null.</summary>
    public DateTimeOffset? LastAt => Interlocked.Read(ref _lastAtTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    // Explicit, so that the compiler holds the signature to the interface's (its members have default bodies).
    ValueTask ITriggerListener.TriggerMisfired(ITrigger trigger, IScheduler scheduler, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Exchange(ref _lastAtTicks, time.GetUtcNow().UtcTicks);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Notes the start time and hangs the misfire counter on the bots' scheduler when the app starts.</summary>
internal sealed class SchedulerWatchStartup(
    AppStart start, MisfireCounter misfires, [FromKeyedServices(QuartzBotScheduler.SchedulerName)] IScheduler scheduler) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = start.At;
        scheduler.ListenerManager.AddTriggerListener(misfires, [Matchers.AllTriggers()]);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
