using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;

namespace TradeBot.Tests.Bots;

/// <summary>The event bus: delivery by bot and by user, isolation from slow or failing subscribers, and publishing only after commit.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BotEventBusTests(PostgresServer postgres)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static BotEventMessage Message(long botId, string owner = "u1") =>
        new(botId, owner, DateTimeOffset.UnixEpoch, BotEventKind.Tick, $"bot {botId}", BotStatus.Running);

    [Fact]
    public async Task Publish_SubscribersByBotAndUser_EachGetsOnlyItsOwn()
    {
        var bus = new BotEventBus(NullLogger<BotEventBus>.Instance);
        var bot1 = new TaskCompletionSource<BotEventMessage>();
        var user2 = new TaskCompletionSource<BotEventMessage>();
        using var a = bus.Subscribe(1, m => { bot1.TrySetResult(m); return Task.CompletedTask; });
        using var b = bus.SubscribeToUser("u2", m => { user2.TrySetResult(m); return Task.CompletedTask; });

        bus.Publish(Message(2, "u1"));
        bus.Publish(Message(1, "u1"));
        bus.Publish(Message(3, "u2"));

        (await bot1.Task.WaitAsync(Wait, Cancel)).BotId.ShouldBe(1);
        (await user2.Task.WaitAsync(Wait, Cancel)).BotId.ShouldBe(3);
    }

    [Fact]
    public async Task Publish_SlowAndThrowingSubscribers_NeitherBlocksNorStopsOthers()
    {
        var bus = new BotEventBus(NullLogger<BotEventBus>.Instance);
        var release = new TaskCompletionSource();
        var received = new List<long>();
        var second = new TaskCompletionSource();
        using var slow = bus.Subscribe(1, _ => release.Task);
        using var throwing = bus.Subscribe(1, _ => throw new InvalidOperationException("broken page"));
        using var good = bus.Subscribe(1, m =>
        {
            lock (received)
            {
                received.Add(m.BotId);
                if (received.Count == 2)
                    second.TrySetResult();
            }

            return Task.CompletedTask;
        });

        var publishing = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < BotEventBus.QueueCapacity * 4; i++)
            bus.Publish(Message(1));
        publishing.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));

        await second.Task.WaitAsync(Wait, Cancel);
        release.SetResult();
        bus.SubscriberCount.ShouldBe(3);
    }

    [Fact]
    public async Task Dispose_Subscription_NoMoreDeliveries()
    {
        var bus = new BotEventBus(NullLogger<BotEventBus>.Instance);
        var count = 0;
        var sub = bus.Subscribe(1, _ => { Interlocked.Increment(ref count); return Task.CompletedTask; });
        sub.Dispose();
        bus.Publish(Message(1));
        await Task.Delay(100, Cancel);
        count.ShouldBe(0);
        bus.SubscriberCount.ShouldBe(0);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Tick_EventsPublishedAfterCommit_NoneWhenItRollsBack(string provider)
    {
        var failing = new FailingInsert("bot_events");
        await using var harness = await RunnerHarness.CreateAsync(provider, postgres, 50, Cancel, configure: services =>
        {
            services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(failing));
            services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(failing));
        });
        await harness.StartBotAsync(RunnerHarness.Input(stops: false), Cancel);
        var received = new List<(BotEventMessage Message, bool Committed)>();
        var first = new TaskCompletionSource();
        using var subscription = harness.Bus.SubscribeToUser(harness.Owner.UserId, async m =>
        {
            // What a page would do: read the bot. The change the event announces must already be there.
            var state = await harness.StateAsync(CancellationToken.None);
            lock (received)
                received.Add((m, state.LastRunAt is not null));
            first.TrySetResult();
        });

        failing.IsFailing = true;
        (await harness.TickAtOpenAsync(1, Cancel)).ShouldBe(TickOutcome.Failed);
        await Task.Delay(200, Cancel);
        lock (received)
            received.ShouldBeEmpty("the check's transaction rolled back, and so did the error's");

        failing.IsFailing = false;
        (await harness.TickAtOpenAsync(2, Cancel)).ShouldBe(TickOutcome.NothingToDo);
        await first.Task.WaitAsync(Wait, Cancel);
        lock (received)
        {
            var (message, committed) = received.ShouldHaveSingleItem();
            message.BotId.ShouldBe(harness.BotId);
            message.Kind.ShouldBe(BotEventKind.Tick);
            message.Status.ShouldBe(BotStatus.Waiting);
            committed.ShouldBeTrue();
        }
    }
}
