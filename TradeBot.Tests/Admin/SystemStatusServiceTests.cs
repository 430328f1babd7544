using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using TradeBot.Domain.Market;
using TradeBot.Tests.Exchange;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Admin;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Binance;
using TradeBot.Web.Notifications;

namespace TradeBot.Tests.Admin;

/// <summary>
/// The status page's figures from the real parts: a database round trip and its migrations, the app's Quartz scheduler
/// (bot jobs, a real misfire), a fake Binance server's used-weight header and a failing request, the outbox, uptime.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SystemStatusServiceTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Get_ReadsDatabaseSchedulerOutboxAndUptime(string provider)
    {
        await using var host = await AdminTestHost.CreateAsync(provider, postgres, Cancel);
        var admin = await host.AccountAsync("admin", admin: true);
        var scheduler = await host.Bots.SchedulerAsync(Cancel);
        var bots = new QuartzBotScheduler(
            scheduler, host.Bots.Services.GetRequiredService<IOptions<DatabaseOptions>>(), host.Bots.Services.GetRequiredService<ILogger<QuartzBotScheduler>>());
        await bots.ScheduleAsync(41, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), Cancel);
        await bots.ScheduleAsync(42, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), Cancel);
        var now = host.Bots.Time.GetUtcNow();
        await using (var db = await host.Bots.Databases.CreateDbContextAsync(Cancel))
        {
            db.AddRange(
                Message(admin.UserId, DeliveryStatus.Pending, now.AddMinutes(-10)), Message(admin.UserId, DeliveryStatus.Pending, now.AddMinutes(5)),
                Message(admin.UserId, DeliveryStatus.Failed, now.AddHours(-1)), Message(admin.UserId, DeliveryStatus.Failed, now.AddHours(-30)),
                Message(admin.UserId, DeliveryStatus.Delivered, now.AddHours(-1)));
            await db.SaveChangesAsync(Cancel);
        }
        host.Bots.Time.Advance(TimeSpan.FromMinutes(90));
        // The counter hangs on the bots' scheduler; Quartz calls it on a misfire (a real one needs a check 60 s late,
        // and Quartz 4 settles a trigger scheduled in the past without calling listeners), so the test calls it as Quartz does.
        var misfires = host.Bots.Services.GetRequiredService<MisfireCounter>();
        scheduler.ListenerManager.GetTriggerListeners().ShouldContain(misfires);
        var trigger = (await scheduler.GetTrigger(QuartzBotScheduler.TriggerKeyOf(41), Cancel))!;
        await ((ITriggerListener)misfires).TriggerMisfired(trigger, scheduler, Cancel);

        // Quartz's hosted service starts the scheduler once the host has started, on a task of its own (on PostgreSQL after
        // the cluster's first check-in): a busy machine can get here first.
        await TradeBot.Tests.Browser.BotPageChecks.WaitForAsync(() => Task.FromResult(scheduler.Status == SchedulerStatus.Running), TimeSpan.FromSeconds(30), "the scheduler started");
        var status = await host.Status.GetAsync(admin, Cancel);

        status.Database.Provider.ShouldBe(provider == "Postgres" ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite);
        status.Database.IsReachable.ShouldBeTrue(status.Database.Problem);
        status.Database.RoundTrip.ShouldNotBeNull().ShouldBeLessThan(TimeSpan.FromSeconds(10));
        status.Database.PendingMigrations.ShouldBeEmpty();
        status.Database.AppliedMigrations.ShouldBeGreaterThan(5);
        status.Scheduler.IsRunning.ShouldBeTrue(status.Scheduler.State);
        status.Scheduler.ScheduledBotJobs.ShouldBe(2);
        status.Scheduler.ThreadPoolSize.ShouldBe(10);
        status.Scheduler.Misfires.ShouldBe(1);
        status.Scheduler.LastMisfireAt.ShouldBe(host.Bots.Time.GetUtcNow());
        status.Outbox.ShouldBe(new OutboxStatus(2, TimeSpan.FromMinutes(100), 1), "the oldest was due 10 min before 90 min passed; one failure is 30 h old");
        status.Exchange.MarketData.ShouldBe(MarketDataKind.Simulated);
        status.App.Uptime.ShouldBe(TimeSpan.FromMinutes(90));
        status.App.Version.ShouldNotBeNullOrWhiteSpace();
        status.App.Instance.ShouldBe(Environment.MachineName);
    }

    [Fact]
    public async Task Get_BinanceHostCalled_ShowsUsedWeightAndWhetherTheLastRequestWorked()
    {
        await using var binance = await FakeBinanceServer.StartAsync();
        await using var host = await AdminTestHost.CreateAsync("Sqlite", postgres, Cancel, binance);
        var admin = await host.AccountAsync("admin", admin: true);
        var market = host.Bots.Services.GetRequiredService<BinanceExchangeFactory>().CreateMarketData();
        (await host.Status.GetAsync(admin, Cancel)).Exchange.Hosts.ShouldBeEmpty("nothing called yet");

        await market.GetLastPriceAsync(MarketType.Spot, "BTCUSDT", Cancel);
        await market.GetLastPriceAsync(MarketType.Spot, "BTCUSDT", Cancel);
        var good = (await host.Status.GetAsync(admin, Cancel)).Exchange.Hosts.Single();
        good.Host.ShouldBe(binance.BaseUrl.GetLeftPart(UriPartial.Authority));
        good.UsedWeight1M.ShouldBe(2);
        good.LastRequest.ShouldNotBeNull().Succeeded.ShouldBeTrue();
        good.LastRequest!.At.ShouldBe(host.Bots.Time.GetUtcNow());

        binance.InjectFault("/api/v3/ticker/price", new FakeFault(FakeFaultKind.TooManyRequests));
        (await market.GetLastPriceAsync(MarketType.Spot, "BTCUSDT", Cancel)).IsSuccess.ShouldBeFalse();
        var bad = (await host.Status.GetAsync(admin, Cancel)).Exchange.Hosts.Single();
        bad.LastRequest.ShouldNotBeNull().Succeeded.ShouldBeFalse();
        bad.LastRequest!.Problem.ShouldBe("HTTP 429 code -1003 on /api/v3/ticker/price");
        bad.BackOff.ShouldBeGreaterThan(TimeSpan.Zero, "the 429 closed the host's gate");
    }

    private static OutboxMessage Message(string userId, DeliveryStatus status, DateTimeOffset nextAttempt) => new()
    {
        UserId = userId, Facts = "{}", Status = status, NextAttemptAtMs = nextAttempt.ToUnixTimeMilliseconds(), CreatedAt = nextAttempt,
    };
}
