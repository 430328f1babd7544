using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Backtests;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;

namespace TradeBot.Tests.Data;

/// <summary>
/// Two instances on one PostgreSQL database: what one publishes on its buses reaches the other's subscribers through
/// LISTEN/NOTIFY, once, and its own subscribers once (not again from its own notification).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class EventFanOutTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task BotEventAndBacktestProgress_PublishedOnOneInstance_ReachTheOthersSubscribersOnce()
    {
        await using var a = await BotsTestHost.CreateAsync("Postgres", postgres, Cancel);
        await using var b = await BotsTestHost.OnSameDatabaseAsync(a, Cancel);
        await WaitListeningAsync(a);
        await WaitListeningAsync(b);
        var heardOnA = new ConcurrentQueue<BotEventMessage>();
        var heardOnB = new ConcurrentQueue<BotEventMessage>();
        var progressOnB = new ConcurrentQueue<BacktestProgressMessage>();
        using var onA = a.Services.GetRequiredService<BotEventBus>().Subscribe(42, m => { heardOnA.Enqueue(m); return Task.CompletedTask; });
        using var onB = b.Services.GetRequiredService<BotEventBus>().SubscribeToUser("owner-1", m => { heardOnB.Enqueue(m); return Task.CompletedTask; });
        using var progress = b.Services.GetRequiredService<BacktestProgressBus>().Subscribe(7, m => { progressOnB.Enqueue(m); return Task.CompletedTask; });

        var fill = new BotEventMessage(42, "owner-1", DateTimeOffset.UnixEpoch.AddDays(20_000), BotEventKind.Fill, "Bought 0.01 BTC at 60,000 ✓", BotStatus.InPosition);
        a.Services.GetRequiredService<BotEventBus>().Publish(fill);
        var half = new BacktestProgressMessage(7, "owner-1", BacktestStatus.Running, 0.5, 4380, 8760, TimeSpan.FromSeconds(3));
        a.Services.GetRequiredService<BacktestProgressBus>().Publish(half);

        await WaitAsync(() => !heardOnB.IsEmpty && !progressOnB.IsEmpty);
        heardOnB.ShouldHaveSingleItem().ShouldBe(fill);
        progressOnB.ShouldHaveSingleItem().ShouldBe(half);
        b.Services.GetRequiredService<BacktestProgressBus>().Latest(7).ShouldBe(half, "a page opened later on b sees where the run is");
        await WaitAsync(() => a.Services.GetRequiredService<PostgresEventFanOut>().Sent >= 2);
        await Task.Delay(500, Cancel); // a's own notification comes back to a: it must not deliver it again
        heardOnA.ShouldHaveSingleItem().ShouldBe(fill);
    }

    [Fact]
    public async Task BotStartedOnOneInstance_ThePagesOfItsOwnerOnTheOtherHearIt()
    {
        await using var a = await BotsTestHost.CreateAsync("Postgres", postgres, Cancel);
        await using var b = await BotsTestHost.OnSameDatabaseAsync(a, Cancel);
        await WaitListeningAsync(b);
        var alice = await a.CreateUserAsync("alice", Cancel);
        var id = (await a.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        var heard = new ConcurrentQueue<BotEventMessage>();
        using var page = b.Services.GetRequiredService<BotEventBus>().Subscribe(id, m => { heard.Enqueue(m); return Task.CompletedTask; });

        (await a.Bots.StartAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue();

        await WaitAsync(() => !heard.IsEmpty);
        heard.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            m => m.Kind.ShouldBe(BotEventKind.Started), m => m.Status.ShouldBe(BotStatus.Running), m => m.OwnerId.ShouldBe(alice.UserId));
    }

    // The listener logs in once connected; until then a notification would be missed, as after a reconnect.
    private static async Task WaitListeningAsync(BotsTestHost host)
    {
        var fanOut = host.Services.GetRequiredService<PostgresEventFanOut>();
        var probe = new BotEventMessage(-1, "probe-" + fanOut.InstanceId, DateTimeOffset.UnixEpoch, BotEventKind.Tick, "probe", BotStatus.Stopped);
        var heard = new TaskCompletionSource();
        using var subscription = host.Services.GetRequiredService<BotEventBus>().SubscribeToUser(probe.OwnerId, _ => { heard.TrySetResult(); return Task.CompletedTask; });
        // Another connection notifies the channel as a peer would; the listener hears it once LISTEN is in place.
        var deadline = DateTime.UtcNow + Patience;
        while (!heard.Task.IsCompleted)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the fan-out never started listening");
            await using (var connection = new Npgsql.NpgsqlConnection(host.Database["ConnectionStrings:Postgres"]))
            {
                await connection.OpenAsync(Cancel);
                var payload = System.Text.Json.JsonSerializer.Serialize(new { origin = "peer", bot = probe }, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
                await using var notify = new Npgsql.NpgsqlCommand("SELECT pg_notify($1, $2)", connection) { Parameters = { new() { Value = PostgresEventFanOut.Channel }, new() { Value = payload } } };
                await notify.ExecuteNonQueryAsync(Cancel);
            }
            await Task.WhenAny(heard.Task, Task.Delay(200, Cancel));
        }
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("not delivered in time");
            await Task.Delay(50, Cancel);
        }
    }
}
