using Microsoft.Extensions.Logging.Abstractions;
using TradeBot.Web.Backtests;

namespace TradeBot.Tests.Backtests;

/// <summary>The backtest progress bus: per-run delivery, the latest message kept while running, nothing after dispose.</summary>
public sealed class BacktestProgressBusTests
{
    private static BacktestProgressMessage Message(long runId, BacktestStatus status, double progress = 0.5) =>
        new(runId, "alice", status, progress, 1, 2, null);

    [Fact]
    public async Task Publish_ReachesOnlyTheRunsSubscribers_AndForgetsFinishedRuns()
    {
        var bus = new BacktestProgressBus(NullLogger<BacktestProgressBus>.Instance);
        var seen = new List<long>();
        var delivered = new TaskCompletionSource();
        using (bus.Subscribe(1, m => { lock (seen) seen.Add(m.RunId); delivered.TrySetResult(); return Task.CompletedTask; }))
        {
            bus.Publish(Message(2, BacktestStatus.Running));
            bus.Publish(Message(1, BacktestStatus.Running));
            await delivered.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
            bus.Latest(1)!.Progress.ShouldBe(0.5);
            bus.Publish(Message(1, BacktestStatus.Completed, 1));
            bus.Latest(1).ShouldBeNull("a finished run is read from the database");
        }

        bus.Publish(Message(1, BacktestStatus.Running));
        lock (seen)
            seen.ShouldBe([1, 1], "run 1's running and completed messages; nothing of run 2, nothing after the dispose");
    }

    [Fact]
    public async Task SubscribeAndDispose_Concurrently_NewSubscribersStillHear()
    {
        var bus = new BacktestProgressBus(NullLogger<BacktestProgressBus>.Instance);
        await Parallel.ForAsync(0, 2_000, TestContext.Current.CancellationToken, (i, _) =>
        {
            bus.Subscribe(7, _ => Task.CompletedTask).Dispose();
            return ValueTask.CompletedTask;
        });
        var heard = new TaskCompletionSource();
        using var last = bus.Subscribe(7, _ => { heard.TrySetResult(); return Task.CompletedTask; });

        bus.Publish(Message(7, BacktestStatus.Running));

        await heard.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }
}
