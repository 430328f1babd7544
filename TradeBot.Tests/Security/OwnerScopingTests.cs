using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Tests.Backtests;
using TradeBot.Tests.Bots;
using TradeBot.Web.Accounts;
using TradeBot.Web.Backtests;
using TradeBot.Web.Bots;
using TradeBot.Web.Exchange.ApiKeys;

namespace TradeBot.Tests.Security;

/// <summary>
/// One table over every owner-scoped read and write of the services the pages and endpoints use: alice's resource,
/// alice gets it, bob gets "not found" (null, false, NotFound) and nothing changes; an admin reads bots and backtests
/// (support) but never another user's API key, webhook or deliveries.
/// </summary>
public sealed class OwnerScopingTests(ServiceFuzzFixture fixture) : IClassFixture<ServiceFuzzFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private sealed record Resource(string Name, Func<Caller, Task<bool>> Sees, bool AdminSees);

    [Fact]
    public async Task EveryResource_OwnerSeesIt_AnotherUserGetsNotFound_AdminOnlyWhereAllowed()
    {
        var alice = fixture.Alice;
        var admin = await fixture.Host.CreateUserAsync($"root-{Guid.NewGuid():N}", Cancel, isAdmin: true);
        var bot = (await fixture.Host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config;
        var keyId = await fixture.Host.AddKeyRowAsync(alice, isTestnet: true, spot: true, futures: true, withdraw: false, Cancel);
        var runId = (await fixture.Backtests.CreateAsync(alice, BacktestJobTests.YearInput(), Cancel)).RunId!.Value;
        var webhook = (await fixture.Notifications.AddWebhookAsync(alice, "https://hooks.example.com/alice", Cancel)).Webhook!;
        (await fixture.Notifications.SendTestAsync(alice, webhook.Id, Cancel)).ShouldBeTrue();
        var history = fixture.Host.Services.GetRequiredService<BotHistoryService>();
        var overview = fixture.Host.Services.GetRequiredService<BotOverviewService>();

        Resource[] table =
        [
            new("bot", async c => await fixture.Host.Bots.GetAsync(c, bot.Id, Cancel) is not null, AdminSees: true),
            new("bot list", async c => (await fixture.Host.Bots.ListAsync(c, Cancel, allUsers: true)).Any(b => b.Config.Id == bot.Id), AdminSees: true),
            new("bot trades", async c => await history.TradesAsync(c, bot.Id, 0, 10, Cancel) is not null, AdminSees: true),
            new("bot events", async c => await history.EventsAsync(c, bot.Id, 10, Cancel) is not null, AdminSees: true),
            new("bot trades CSV", async c => await history.TradesCsvAsync(c, bot.Id, Cancel) is not null, AdminSees: true),
            new("bot chart fills", async c => await history.FillsAsync(c, bot, 0, Cancel) is not null, AdminSees: true),
            new("bots grid", async c => (await overview.ListAsync(c, Cancel)).Any(b => b.Id == bot.Id), AdminSees: false),
            new("dashboard", async c => (await overview.DashboardAsync(c, Cancel)).BotCount > 0, AdminSees: false),
            new("backtest", async c => await fixture.Backtests.GetAsync(c, runId, Cancel) is not null, AdminSees: true),
            new("backtest list", async c => (await fixture.Backtests.ListAsync(c, Cancel, allUsers: true)).Any(r => r.Id == runId), AdminSees: true),
            new("own backtest list", async c => (await fixture.Backtests.ListAsync(c, Cancel)).Any(r => r.Id == runId), AdminSees: false),
            new("backtest from bot", async c => await fixture.Backtests.InputFromBotAsync(c, bot.Id, Cancel) is not null, AdminSees: true),
            new("backtest bot choices", async c => (await fixture.Backtests.BotChoicesAsync(c, Cancel)).Any(b => b.Id == bot.Id), AdminSees: false),
            new("API key", async c => await fixture.Host.ApiKeys.GetAsync(c, keyId, Cancel) is not null, AdminSees: false),
            new("API key list", async c => (await fixture.Host.ApiKeys.ListAsync(c, Cancel)).Any(k => k.Id == keyId), AdminSees: false),
            new("webhooks", async c => (await fixture.Notifications.GetAsync(c, Cancel)).Webhooks.Any(w => w.Id == webhook.Id), AdminSees: false),
            new("deliveries", async c => (await fixture.Notifications.DeliveriesAsync(c, Cancel)).Count > 0, AdminSees: false),
        ];

        var failures = new List<string>();
        foreach (var resource in table)
        {
            if (!await resource.Sees(alice))
                failures.Add($"{resource.Name}: the owner does not see it");
            if (await resource.Sees(fixture.Bob))
                failures.Add($"{resource.Name}: bob sees alice's");
            if (await resource.Sees(admin) != resource.AdminSees)
                failures.Add($"{resource.Name}: an admin {(resource.AdminSees ? "does not see" : "sees")} it");
        }
        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task EveryWrite_AnotherUser_NotFoundAndNothingChanges()
    {
        var alice = fixture.Alice;
        var bob = fixture.Bob;
        var admin = await fixture.Host.CreateUserAsync($"root-{Guid.NewGuid():N}", Cancel, isAdmin: true);
        var bot = (await fixture.Host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config;
        var keyId = await fixture.Host.AddKeyRowAsync(alice, isTestnet: true, spot: true, futures: true, withdraw: false, Cancel);
        var runId = (await fixture.Backtests.CreateAsync(alice, BacktestJobTests.YearInput(), Cancel)).RunId!.Value;
        var webhook = (await fixture.Notifications.AddWebhookAsync(alice, "https://hooks.example.com/alice-writes", Cancel)).Webhook!;
        var renamed = BotsTestHost.ValidInput();
        renamed.Name = "taken over";

        foreach (var intruder in new[] { bob, admin })
        {
            (await fixture.Host.Bots.UpdateAsync(intruder, bot.Id, renamed, Cancel)).IsNotFound.ShouldBeTrue();
            (await fixture.Host.Bots.StartAsync(intruder, bot.Id, Cancel)).IsNotFound.ShouldBeTrue();
            (await fixture.Host.Bots.StopAsync(intruder, bot.Id, Cancel)).IsNotFound.ShouldBeTrue();
            (await fixture.Host.Bots.PauseAsync(intruder, bot.Id, Cancel)).IsNotFound.ShouldBeTrue();
            (await fixture.Host.Bots.ClosePositionAsync(intruder, bot.Id, Cancel)).IsNotFound.ShouldBeTrue();
            (await fixture.Host.Bots.DeleteAsync(intruder, bot.Id, Cancel)).ShouldBe(BotDeleteOutcome.NotFound);
            (await fixture.Host.ApiKeys.DeleteAsync(intruder, keyId, Cancel)).ShouldBe(ApiKeyDeleteOutcome.NotFound);
            (await fixture.Notifications.DeleteWebhookAsync(intruder, webhook.Id, Cancel)).ShouldBeFalse();
            (await fixture.Notifications.SendTestAsync(intruder, webhook.Id, Cancel)).ShouldBeFalse();
        }
        (await fixture.Backtests.RunAgainAsync(bob, runId, Cancel)).ShouldBeNull();
        // An admin reads every run (support) but cancels and deletes only their own, as with bots.
        foreach (var status in new[] { BacktestStatus.Running, BacktestStatus.Completed })
        {
            await SetStatusAsync(runId, status);
            foreach (var intruder in new[] { bob, admin })
            {
                (await fixture.Backtests.CancelAsync(intruder, runId, Cancel)).ShouldBeFalse($"{status}");
                (await fixture.Backtests.DeleteAsync(intruder, runId, Cancel)).ShouldBeFalse($"{status}");
            }
        }

        var stored = (await fixture.Host.Bots.GetAsync(alice, bot.Id, Cancel)).ShouldNotBeNull();
        stored.Config.Name.ShouldBe(bot.Name);
        stored.Config.Version.ShouldBe(bot.Version);
        (await fixture.Host.ApiKeys.GetAsync(alice, keyId, Cancel)).ShouldNotBeNull();
        (await fixture.Backtests.GetAsync(alice, runId, Cancel)).ShouldNotBeNull();
        await using (var db = await fixture.Host.Databases.CreateDbContextAsync(Cancel))
            (await db.Set<BacktestRun>().SingleAsync(r => r.Id == runId, Cancel)).CancelRequested.ShouldBeFalse();
        (await fixture.Notifications.GetAsync(alice, Cancel)).Webhooks.ShouldContain(w => w.Id == webhook.Id);
    }

    private async Task SetStatusAsync(long runId, BacktestStatus status)
    {
        await using var db = await fixture.Host.Databases.CreateDbContextAsync(Cancel);
        await db.Set<BacktestRun>().Where(r => r.Id == runId).ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, status), Cancel);
    }
}
