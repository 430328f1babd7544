using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Binance;
using TradeBot.Web.Notifications;

namespace TradeBot.Web.Admin;

/// <summary>The database: which, whether it answers and how fast, and whether its schema is current.</summary>
public sealed record DatabaseStatus(
    DatabaseProvider Provider, bool IsReachable, TimeSpan? RoundTrip, string? Problem, int AppliedMigrations, IReadOnlyList<string> PendingMigrations);

/// <summary>A check or job running now.</summary>
public sealed record RunningJob(string Job, DateTimeOffset StartedAt);

/// <summary>The bots' Quartz scheduler.</summary>
public sealed record BotSchedulerStatus(
    string Name, string State, bool IsRunning, int ThreadPoolSize, int ScheduledBotJobs, IReadOnlyList<RunningJob> Running,
    long Misfires, DateTimeOffset? LastMisfireAt);

/// <summary>One Binance host this process has called: the last used weight it reported and how its last request went.</summary>
public sealed record ExchangeHostStatus(string Host, long? UsedWeight1M, IReadOnlyDictionary<string, long> Counters, BinanceRequestOutcome? LastRequest, TimeSpan BackOff);

/// <summary>Where prices come from, and the Binance hosts called so far.</summary>
public sealed record ExchangeStatus(MarketDataKind MarketData, IReadOnlyList<ExchangeHostStatus> Hosts);

/// <summary>The notification outbox: waiting messages, how late the oldest due one is, and failures of the last day.</summary>
public sealed record OutboxStatus(int Pending, TimeSpan? OldestDueAge, int FailedLast24Hours);

/// <summary>This process.</summary>
public sealed record AppStatus(string Version, string DotNetVersion, string Instance, DateTimeOffset StartedAt, TimeSpan Uptime);

/// <summary>Everything on the admin's system page, read at one moment.</summary>
public sealed record SystemStatus(DatabaseStatus Database, BotSchedulerStatus Scheduler, ExchangeStatus Exchange, OutboxStatus Outbox, AppStatus App);

/// <summary>Reads the system's state for the admin's status page. Admins only; never a secret (a connection string) on it.</summary>
public sealed class SystemStatusService(
    IDbContextFactory<AppDbContext> databases, IOptions<DatabaseOptions> database, IOptions<ExchangeOptions> exchange,
    [FromKeyedServices(QuartzBotScheduler.SchedulerName)] IScheduler scheduler,
    MisfireCounter misfires, BinanceHosts binance, AppStart start, TimeProvider time, ILogger<SystemStatusService> logger)
{
    public async Task<SystemStatus> GetAsync(Caller caller, CancellationToken cancellationToken)
    {
        AdminAccess.Demand(caller);
        var now = time.GetUtcNow();
        return new SystemStatus(
            await DatabaseAsync(cancellationToken), await SchedulerAsync(cancellationToken), Exchange(), await OutboxAsync(now, cancellationToken),
            new AppStatus(Version, RuntimeInformation.FrameworkDescription, Environment.MachineName, start.At, now - start.At));
    }

    /// <summary>The app's informational version (from the build), without the source hash.</summary>
    public static string Version { get; } =
        typeof(SystemStatusService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion is { } version
            ? version.Split('+')[0]
            : typeof(SystemStatusService).Assembly.GetName().Version?.ToString() ?? "unknown";

    private async Task<DatabaseStatus> DatabaseAsync(CancellationToken cancellationToken)
    {
        var provider = database.Value.Provider;
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var watch = Stopwatch.StartNew();
            await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
            var roundTrip = watch.Elapsed;
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Count();
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return new DatabaseStatus(provider, true, roundTrip, null, applied, pending);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Status page: the database did not answer");
            return new DatabaseStatus(provider, false, null, e.GetBaseException().Message, 0, []);
        }
    }

    private async Task<BotSchedulerStatus> SchedulerAsync(CancellationToken cancellationToken)
    {
        var metadata = await scheduler.GetMetadata(cancellationToken);
        var botJobs = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(QuartzBotScheduler.Group), cancellationToken);
        var isRunning = metadata.Status == SchedulerStatus.Running;
        var running = isRunning
            ? (await scheduler.QueryFireInstances(new FireInstanceQuery(), cancellationToken)).Items
                .Select(f => new RunningJob(f.JobKey?.ToString() ?? f.TriggerKey.ToString(), f.FireTimeUtc)).OrderBy(j => j.StartedAt).ToList()
            : [];
        return new BotSchedulerStatus(
            QuartzBotScheduler.SchedulerName, metadata.Status.ToString(), isRunning, metadata.ThreadPoolSize,
            botJobs.Count, running, misfires.Count, misfires.LastAt);
    }

    private ExchangeStatus Exchange()
    {
        var hosts = binance.Hosts().Select(h => new ExchangeHostStatus(
            h.Host, h.State.Usage.UsedWeight1M, h.State.Usage.Snapshot(), h.State.Usage.LastRequest, h.State.Gate.Remaining))
            .OrderBy(h => h.Host, StringComparer.Ordinal).ToList();
        return new ExchangeStatus(exchange.Value.MarketData, hosts);
    }

    private async Task<OutboxStatus> OutboxAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var nowMs = now.ToUnixTimeMilliseconds();
        var dayAgoMs = now.AddHours(-24).ToUnixTimeMilliseconds();
        var messages = db.Set<OutboxMessage>().AsNoTracking();
        var pending = await messages.CountAsync(m => m.Status == DeliveryStatus.Pending, cancellationToken);
        var oldestDue = await messages.Where(m => m.Status == DeliveryStatus.Pending && m.NextAttemptAtMs <= nowMs)
            .OrderBy(m => m.NextAttemptAtMs).Select(m => (long?)m.NextAttemptAtMs).FirstOrDefaultAsync(cancellationToken);
        // A finished message's next-attempt time is when it finished.
        var failed = await messages.CountAsync(m => m.Status == DeliveryStatus.Failed && m.NextAttemptAtMs >= dayAgoMs, cancellationToken);
        return new OutboxStatus(pending, oldestDue is { } due ? TimeSpan.FromMilliseconds(nowMs - due) : null, failed);
    }
}
