using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Bots;

namespace TradeBot.Tests.Bots;

/// <summary>
/// Two app hosts on one PostgreSQL database share Quartz's clustered job store: every bot's checks run, each on one
/// instance at a time, and when one instance stops the other carries all the bots.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusteredSchedulerTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const int Bots = 40;

    private readonly CountingTicker _shared = new() { Delay = TimeSpan.FromMilliseconds(150) };
    private readonly ConcurrentDictionary<string, int> _byInstance = new();

    private Action<IServiceCollection> Ticker(string instance) =>
        services => services.AddSingleton<IBotTicker>(new InstanceTicker(instance, _shared, _byInstance));

    [Fact]
    public async Task TwoInstances_EveryBotChecked_NeverOnBothAtOnce_OneStops_TheOtherCarriesAll()
    {
        await using var a = await BotsTestHost.CreateAsync("Postgres", postgres, Cancel, configure: Ticker("a"), scheduleChecks: true);
        await using var b = await BotsTestHost.OnSameDatabaseAsync(a, Cancel, configure: Ticker("b"), scheduleChecks: true);
        var scheduler = (QuartzBotScheduler)a.Services.GetRequiredService<IBotScheduler>();
        var ids = Enumerable.Range(1, Bots).Select(i => 7000L + i).ToList();
        foreach (var id in ids)
            await scheduler.ScheduleAsync(id, TimeSpan.FromSeconds(1), Cancel);

        foreach (var id in ids)
            await _shared.WaitForTicksAsync(id, 5, TimeSpan.FromSeconds(60), Cancel);

        _shared.MaxConcurrentPerBot.ShouldBe(1, "a bot's check never runs on both instances at once");
        (await a.SchedulerAsync(Cancel)).SchedulerInstanceId.ShouldNotBe((await b.SchedulerAsync(Cancel)).SchedulerInstanceId);
        _byInstance.GetValueOrDefault("a").ShouldBeGreaterThan(0, Split());
        _byInstance.GetValueOrDefault("b").ShouldBeGreaterThan(0, Split());

        await a.StopAsync(Cancel);
        var before = ids.ToDictionary(id => id, _shared.Ticks);
        var onB = _byInstance.GetValueOrDefault("b");
        foreach (var id in ids)
            await _shared.WaitForTicksAsync(id, before[id] + 3, TimeSpan.FromSeconds(30), Cancel);

        (_byInstance.GetValueOrDefault("b") - onB).ShouldBeGreaterThanOrEqualTo(3 * Bots, "b now checks every bot");
        _shared.MaxConcurrentPerBot.ShouldBe(1);
    }

    private string Split() => string.Join(", ", _byInstance.Select(p => $"{p.Key}: {p.Value} checks"));

    private sealed class InstanceTicker(string instance, CountingTicker shared, ConcurrentDictionary<string, int> byInstance) : IBotTicker
    {
        public async Task<TickOutcome> TickAsync(long botId, CancellationToken cancellationToken)
        {
            var outcome = await shared.TickAsync(botId, cancellationToken);
            byInstance.AddOrUpdate(instance, 1, (_, n) => n + 1);
            return outcome;
        }
    }
}
