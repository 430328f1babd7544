using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TradeBot.Web.Bots;

namespace TradeBot.Tests.Components.Bots;

/// <summary>The pages' refresh on bot events: at once after a quiet spell, then at most once per interval; only the user's bots.</summary>
public sealed class BotEventRefreshTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly BotEventBus _bus = new(NullLogger<BotEventBus>.Instance);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
    private int _refreshes;

    private BotEventRefresh Follow(string userId) => BotEventRefresh.FollowUser(_bus, userId, _ =>
    {
        Interlocked.Increment(ref _refreshes);
        return Task.CompletedTask;
    }, _time, NullLogger.Instance);

    private void Publish(string ownerId) =>
        _bus.Publish(new BotEventMessage(1, ownerId, _time.GetUtcNow(), BotEventKind.Tick, "tick", BotStatus.Running));

    private async Task WaitForAsync(Func<bool> condition, bool advanceTime = false)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            if (advanceTime)
                _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(10, Cancel);
        }
        condition().ShouldBeTrue();
    }

    [Fact]
    public async Task Burst_OfEvents_OneRefreshAtOnceThenOneWhenTheIntervalIsUp()
    {
        using var refresh = Follow("alice");

        Publish("alice");
        await WaitForAsync(() => _refreshes == 1);
        for (var i = 0; i < 20; i++)
            Publish("alice");
        await Task.Delay(100, Cancel);
        _refreshes.ShouldBe(1, "the clock has not moved: the burst waits for the interval");

        await WaitForAsync(() => _refreshes == 2, advanceTime: true);
        _time.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(100, Cancel);

        _refreshes.ShouldBe(2, "twenty events, one more refresh");
    }

    [Fact]
    public async Task Event_OfAnotherUser_NoRefresh()
    {
        using var refresh = Follow("alice");

        Publish("bob");
        await Task.Delay(100, Cancel);

        _refreshes.ShouldBe(0);
    }

    [Fact]
    public async Task Dispose_Unsubscribes_LaterEventsIgnored()
    {
        var refresh = Follow("alice");
        _bus.SubscriberCount.ShouldBe(1);

        refresh.Dispose();
        Publish("alice");
        await Task.Delay(100, Cancel);

        _bus.SubscriberCount.ShouldBe(0);
        _refreshes.ShouldBe(0);
    }
}
