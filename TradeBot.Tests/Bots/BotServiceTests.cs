using Microsoft.Extensions.DependencyInjection;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Trading;
using Microsoft.Extensions.Logging;
using TradeBot.Tests.Exchange;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Bots;

namespace TradeBot.Tests.Bots;

/// <summary>The bot service on SQLite and PostgreSQL: owner scoping, status changes, edit rules, events with their change.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BotServiceTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly RecordingScheduler _scheduler = new();
    private readonly CapturingLoggerProvider _logs = new();

    private Task<BotsTestHost> HostAsync(string provider) =>
        BotsTestHost.CreateAsync(provider, postgres, Cancel, configure: services =>
        {
            services.AddSingleton<IBotScheduler>(_scheduler);
            services.AddLogging(l => l.AddProvider(_logs));
        });

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Create_ValidInput_StoresStoppedBotWithFreshStateAndEvent(string provider)
    {
        await using var host = await HostAsync(provider);
        var alice = await host.CreateUserAsync("alice", Cancel);

        var result = await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel);

        result.Succeeded.ShouldBeTrue();
        var bot = (await host.Bots.GetAsync(alice, result.Bot!.Config.Id, Cancel)).ShouldNotBeNull();
        bot.Config.OwnerId.ShouldBe(alice.UserId);
        bot.Config.StrategyParameters.ShouldBe(new Dictionary<string, double> { ["emaFast"] = 9, ["emaSlow"] = 21 });
        bot.State.Status.ShouldBe(BotStatus.Stopped);
        BotStateMapper.ToState(bot.State).ShouldBe(BotState.Start(1000));
        (await host.EventsAsync(bot.Config.Id, Cancel)).ShouldHaveSingleItem().Kind.ShouldBe(BotEventKind.Created);
        _logs.Lines.ShouldContain(line => line.Contains("Bot " + bot.Config.Id + " created") && line.Contains("BotId=" + bot.Config.Id));
    }

    [Fact]
    public async Task StartAndStop_AfterCommit_PublishedForOtherOpenPages()
    {
        await using var host = await HostAsync("Sqlite");
        var alice = await host.CreateUserAsync("alice", Cancel);
        var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        var heard = new System.Collections.Concurrent.ConcurrentQueue<BotEventMessage>();
        var two = new TaskCompletionSource();
        using var subscription = host.Services.GetRequiredService<BotEventBus>().SubscribeToUser(alice.UserId, m =>
        {
            heard.Enqueue(m);
            if (heard.Count == 2)
                two.TrySetResult();
            return Task.CompletedTask;
        });

        (await host.Bots.StartAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue();
        (await host.Bots.StopAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue();
        (await host.Bots.StopAsync(alice, id, Cancel)).Succeeded.ShouldBeFalse("refused changes publish nothing");

        await two.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        await Task.Delay(200, Cancel);
        heard.Select(m => (m.BotId, m.Kind, m.Status)).ShouldBe([(id, BotEventKind.Started, BotStatus.Running), (id, BotEventKind.Stopped, BotStatus.Stopped)]);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task AnotherUser_ReadChangeDeleteOrRun_NotFound(string provider)
    {
        await using var host = await HostAsync(provider);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var mallory = await host.CreateUserAsync("mallory", Cancel);
        var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        var edit = BotsTestHost.ValidInput();
        edit.Name = "mine now";

        (await host.Bots.GetAsync(mallory, id, Cancel)).ShouldBeNull();
        (await host.Bots.ListAsync(mallory, Cancel, allUsers: true)).ShouldBeEmpty();
        (await host.Bots.UpdateAsync(mallory, id, edit, Cancel)).IsNotFound.ShouldBeTrue();
        (await host.Bots.StartAsync(mallory, id, Cancel)).IsNotFound.ShouldBeTrue();
        (await host.Bots.StopAsync(mallory, id, Cancel)).IsNotFound.ShouldBeTrue();
        (await host.Bots.PauseAsync(mallory, id, Cancel)).IsNotFound.ShouldBeTrue();
        (await host.Bots.ResumeAsync(mallory, id, Cancel)).IsNotFound.ShouldBeTrue();
        (await host.Bots.DeleteAsync(mallory, id, Cancel)).ShouldBe(BotDeleteOutcome.NotFound);

        var bot = (await host.Bots.GetAsync(alice, id, Cancel)).ShouldNotBeNull();
        bot.Config.Name.ShouldBe("BTC trend");
        bot.State.Status.ShouldBe(BotStatus.Stopped);
        (await host.EventsAsync(id, Cancel)).Count.ShouldBe(1);
        _scheduler.Calls.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Admin_ReadsEveryBot_ButChangesNone(string provider)
    {
        await using var host = await HostAsync(provider);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var admin = await host.CreateUserAsync("admin", Cancel, isAdmin: true);
        var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;

        (await host.Bots.GetAsync(admin, id, Cancel)).ShouldNotBeNull();
        (await host.Bots.ListAsync(admin, Cancel, allUsers: true)).ShouldHaveSingleItem().Config.Id.ShouldBe(id);
        (await host.Bots.ListAsync(admin, Cancel)).ShouldBeEmpty();
        (await host.Bots.StartAsync(admin, id, Cancel)).IsNotFound.ShouldBeTrue();
        (await host.Bots.DeleteAsync(admin, id, Cancel)).ShouldBe(BotDeleteOutcome.NotFound);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task StartPauseResumeStop_ChangeStatusScheduleAndLogEach(string provider)
    {
        await using var host = await HostAsync(provider);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;

        (await host.Bots.StartAsync(alice, id, Cancel)).Bot!.State.Status.ShouldBe(BotStatus.Running);
        (await host.Bots.StartAsync(alice, id, Cancel)).Errors.ShouldHaveSingleItem().Message.ShouldBe("The bot is already running.");
        var paused = (await host.Bots.PauseAsync(alice, id, Cancel)).Bot!.State;
        paused.Status.ShouldBe(BotStatus.Paused);
        paused.PauseReason.ShouldBe(PauseReason.ManualStop);
        (await host.Bots.ResumeAsync(alice, id, Cancel)).Bot!.State.Status.ShouldBe(BotStatus.Running);
        var stopped = (await host.Bots.StopAsync(alice, id, Cancel)).Bot!.State;
        stopped.Status.ShouldBe(BotStatus.Stopped);
        stopped.IsStoppedManually.ShouldBeTrue();
        (await host.Bots.StopAsync(alice, id, Cancel)).Succeeded.ShouldBeFalse();
        (await host.Bots.ResumeAsync(alice, id, Cancel)).Errors.ShouldHaveSingleItem().Field.ShouldBe("status");

        (await host.EventsAsync(id, Cancel)).Select(e => e.Kind).ShouldBe(
            [BotEventKind.Created, BotEventKind.Started, BotEventKind.Paused, BotEventKind.Resumed, BotEventKind.Stopped]);
        _scheduler.Calls.ShouldBe([$"schedule {id} every 10s", $"schedule {id} every 10s", $"schedule {id} every 10s", $"unschedule {id}"]);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Start_DailyLimitReachedToday_StartsPausedWithThatReason(string provider)
    {
        await using var host = await HostAsync(provider);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        await host.UpdateStateAsync(id, s => s.DailyPause = PauseReason.MaxDailyLossHit, Cancel);

        var state = (await host.Bots.StartAsync(alice, id, Cancel)).Bot!.State;

        state.Status.ShouldBe(BotStatus.Paused);
        state.PauseReason.ShouldBe(PauseReason.MaxDailyLossHit);
        (await host.Bots.ResumeAsync(alice, id, Cancel)).Succeeded.ShouldBeFalse();
    }
}
