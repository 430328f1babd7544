using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Web.Bots;

namespace TradeBot.Benchmarks;

/// <summary>Tick durations, recorded without locks from the scheduler's threads.</summary>
public sealed class TickTimings(int capacity)
{
    private readonly double[] _milliseconds = new double[capacity];
    private int _count;
    private int _failed;

    /// <summary>Whether ticks are being recorded (off during setup and warm-up).</summary>
    public bool IsRecording { get; set; }

    /// <summary>Ticks recorded (may exceed the capacity; only the first <c>capacity</c> durations are kept).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Ticks that answered <see cref="TickOutcome.Failed"/>.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Records one tick.</summary>
    public void Add(TimeSpan duration, TickOutcome outcome)
    {
        if (!IsRecording)
            return;
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < _milliseconds.Length)
            _milliseconds[index] = duration.TotalMilliseconds;
        if (outcome == TickOutcome.Failed)
            Interlocked.Increment(ref _failed);
    }

    /// <summary>The recorded durations, sorted.</summary>
    public double[] Sorted()
    {
        var kept = _milliseconds.AsSpan(0, Math.Min(Count, _milliseconds.Length)).ToArray();
        Array.Sort(kept);
        return kept;
    }
}

/// <summary>Wraps whatever <see cref="IBotTicker"/> the app registered and times each tick.</summary>
public sealed class TimedTicker(IBotTicker inner, TickTimings timings) : IBotTicker
{
    /// <inheritdoc />
    public async Task<TickOutcome> TickAsync(long botId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await inner.TickAsync(botId, cancellationToken);
        timings.Add(Stopwatch.GetElapsedTime(started), outcome);
        return outcome;
    }

    /// <summary>
    /// Replaces the registered ticker by a timed one around it (same lifetime). Returns false when none is registered
    /// and <paramref name="fallback"/> was put in its place.
    /// </summary>
    public static bool Decorate(IServiceCollection services, TickTimings timings, IBotTicker fallback)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IBotTicker) && !d.IsKeyedService);
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(IBotTicker) && !d.IsKeyedService).ToList())
            services.Remove(descriptor);
        if (registered is null)
        {
            services.AddSingleton<IBotTicker>(new TimedTicker(fallback, timings));
            return false;
        }
        services.Add(new ServiceDescriptor(typeof(IBotTicker), provider => new TimedTicker(Create(provider, registered), timings), registered.Lifetime));
        return true;
    }

    private static IBotTicker Create(IServiceProvider provider, ServiceDescriptor descriptor) =>
        (IBotTicker)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));
}

/// <summary>A tick that does nothing: what is left is the scheduler's own cost.</summary>
public sealed class TrivialTicker : IBotTicker
{
    /// <inheritdoc />
    public Task<TickOutcome> TickAsync(long botId, CancellationToken cancellationToken) => Task.FromResult(TickOutcome.NothingToDo);
}

/// <summary>How late each bot check starts after its scheduled time: the scheduler's own delay (a Quartz job listener).</summary>
public sealed class FireLateness(TickTimings lateness) : Quartz.IJobListener
{
    /// <inheritdoc />
    public string Name => "fire-lateness";

    /// <inheritdoc />
    public ValueTask JobToBeExecuted(Quartz.IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ScheduledFireTimeUtc is { } scheduled)
            lateness.Add(context.FireTimeUtc - scheduled, TickOutcome.NothingToDo);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask JobExecutionVetoed(Quartz.IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask JobWasExecuted(Quartz.IJobExecutionContext context, Quartz.JobExecutionException? jobException, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;
}
