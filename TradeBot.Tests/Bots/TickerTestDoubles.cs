using System.Collections.Concurrent;
using TradeBot.Web.Bots;

namespace TradeBot.Tests.Bots;

/// <summary>
/// A stand-in for the trading loop: counts each bot's checks, can take a while (<see cref="Delay"/>), answers
/// <see cref="Outcome"/>, and records how many checks of one bot ever ran at once.
/// </summary>
public sealed class CountingTicker : IBotTicker
{
    private readonly ConcurrentDictionary<long, int> _ticks = new();
    private readonly ConcurrentDictionary<long, int> _running = new();
    private readonly ConcurrentDictionary<long, int> _cancelled = new();
    private int _maxConcurrentPerBot;

    /// <summary>How long each check takes.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>What each check answers.</summary>
    public TickOutcome Outcome { get; set; } = TickOutcome.NothingToDo;

    /// <summary>The most checks of one bot that ran at the same time.</summary>
    public int MaxConcurrentPerBot => Volatile.Read(ref _maxConcurrentPerBot);

    /// <summary>Checks of <paramref name="botId"/> finished so far.</summary>
    public int Ticks(long botId) => _ticks.GetValueOrDefault(botId);

    /// <summary>Checks of <paramref name="botId"/> that ended by cancellation.</summary>
    public int Cancelled(long botId) => _cancelled.GetValueOrDefault(botId);

    public async Task<TickOutcome> TickAsync(long botId, CancellationToken cancellationToken)
    {
        var running = _running.AddOrUpdate(botId, 1, (_, n) => n + 1);
        for (var max = MaxConcurrentPerBot; running > max; max = MaxConcurrentPerBot)
            Interlocked.CompareExchange(ref _maxConcurrentPerBot, running, max);
        try
        {
            if (Delay > TimeSpan.Zero)
                await Task.Delay(Delay, cancellationToken);
            return Outcome;
        }
        catch (OperationCanceledException)
        {
            _cancelled.AddOrUpdate(botId, 1, (_, n) => n + 1);
            throw;
        }
        finally
        {
            _running.AddOrUpdate(botId, 0, (_, n) => n - 1);
            _ticks.AddOrUpdate(botId, 1, (_, n) => n + 1);
        }
    }

    /// <summary>Waits until a check of <paramref name="botId"/> is running.</summary>
    public async Task WaitForRunningAsync(long botId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_running.GetValueOrDefault(botId) == 0)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"no check of bot {botId} started within {timeout}");
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="botId"/> has at least <paramref name="count"/> checks, or fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForTicksAsync(long botId, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Ticks(botId) < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"bot {botId} ticked {Ticks(botId)} times, not {count}, within {timeout}");
            await Task.Delay(20, cancellationToken);
        }
    }
}
