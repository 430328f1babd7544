using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using TradeBot.Web.Accounts;
using TradeBot.Web.Backtests;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.ApiKeys;

namespace TradeBot.Benchmarks;

/// <summary>
/// The soak run of issue 5's performance target: N paper bots on the simulated market in one host with the real
/// scheduler, each checked every few seconds, for about a minute. Reports ticks done, median and p99 tick duration
/// (a timing decorator around whatever <see cref="IBotTicker"/> the app registers), process CPU and peak working set.
/// </summary>
public static class BotLoad
{
    private static readonly string[] Symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT"];

    /// <summary>
    /// <c>--bots N [--seconds 60] [--interval 5] [--ticker registered|trivial]</c>; with <c>--postgres CONNECTION
    /// [--instances K]</c> the bots run on K app hosts in this process sharing one PostgreSQL database (Quartz's clustered
    /// store), each reported on its own, with the database commands per check counted from Npgsql's metrics.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (Argument(args, "--postgres") is { } postgres)
            return await RunClusterAsync(args, postgres);
        var bots = IntArgument(args, "--bots", 1000);
        var seconds = IntArgument(args, "--seconds", 60);
        var interval = IntArgument(args, "--interval", 5);
        var trivial = Argument(args, "--ticker") == "trivial";
        using var folder = new TempDataFolder();
        var capacity = bots * (seconds / interval + 2) * 2 + 10_000;
        var timings = new TickTimings(capacity);
        var lateness = new TickTimings(capacity);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite", ["Database:DataFolder"] = folder.Path, ["Exchange:MarketData"] = "Simulated",
        });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddData().AddExchange().AddApiKeys().AddBots();
        if (trivial)
            builder.Services.AddSingleton<IBotTicker, TrivialTicker>();
        var decorated = TimedTicker.Decorate(builder.Services, timings, new TrivialTicker());
        var ticker = trivial ? "trivial test ticker (scheduler overhead only)"
            : decorated ? "the registered IBotTicker" : "none registered: trivial test ticker (scheduler overhead only)";
        using var host = builder.Build();

        var setup = Stopwatch.StartNew();
        await host.Services.MigrateDatabaseAsync(CancellationToken.None);
        await CreateRunningBotsAsync(host.Services, bots, interval);
        Console.WriteLine($"setup: {bots} bots created in {setup.Elapsed.TotalSeconds:0.0} s; ticker: {ticker}");

        host.Services.GetRequiredKeyedService<IScheduler>(QuartzBotScheduler.SchedulerName).ListenerManager
            .AddJobListener(new FireLateness(lateness), [GroupMatcher<JobKey>.GroupEquals(QuartzBotScheduler.Group)]);
        await host.StartAsync(CancellationToken.None); // the restorer schedules every running bot, spread over one interval
        await Task.Delay(TimeSpan.FromSeconds(interval + 2)); // JIT, first checks, connection pools
        var report = await MeasureAsync([timings, lateness], TimeSpan.FromSeconds(seconds));
        await host.StopAsync(CancellationToken.None);

        var expected = bots * report.Wall.TotalSeconds / interval;
        var sorted = timings.Sorted();
        var late = lateness.Sorted();
        Console.WriteLine($"bots {bots}, interval {interval} s, measured {report.Wall.TotalSeconds:0.0} s, ticker: {ticker}");
        Console.WriteLine($"ticks: {timings.Count} ({timings.Count / expected:P0} of the {expected:0} due), {timings.Count / report.Wall.TotalSeconds:0.0}/s, failed {timings.Failed}");
        Console.WriteLine($"tick duration: median {Percentile(sorted, 0.50):0.0000} ms, p99 {Percentile(sorted, 0.99):0.0000} ms, max {(sorted.Length > 0 ? sorted[^1] : 0):0.000} ms");
        Console.WriteLine($"start lateness (fire time - scheduled time): median {Percentile(late, 0.50):0.000} ms, p99 {Percentile(late, 0.99):0.000} ms, max {(late.Length > 0 ? late[^1] : 0):0.000} ms");
        Console.WriteLine($"CPU: {report.CpuPercentOfAllCores:0.0}% of {Environment.ProcessorCount} cores ({report.CpuPercentOfAllCores * Environment.ProcessorCount:0.0}% of one core)");
        Console.WriteLine($"memory: peak working set {report.PeakWorkingSet / 1048576.0:0} MB (sampled during the run {report.PeakSampledWorkingSet / 1048576.0:0} MB), " +
                          $"GC heap {report.HeapSize / 1048576.0:0} MB, allocated {report.AllocatedBytes / Math.Max(1, timings.Count):0} B per tick");
        Console.WriteLine($"| {bots} | {timings.Count} / {expected:0} | {Percentile(sorted, 0.50):0.000} ms | {Percentile(sorted, 0.99):0.000} ms | " +
                          $"{Percentile(late, 0.50):0.0} / {Percentile(late, 0.99):0.0} ms | {report.CpuPercentOfAllCores:0.0}% | {report.PeakWorkingSet / 1048576.0:0} MB |");
        return 0;
    }

    private static async Task<int> RunClusterAsync(string[] args, string connectionString)
    {
        var bots = IntArgument(args, "--bots", 2000);
        var seconds = IntArgument(args, "--seconds", 60);
        var interval = IntArgument(args, "--interval", 5);
        var instances = IntArgument(args, "--instances", 2);
        var capacity = bots * (seconds / interval + 2) * 2 + 10_000;
        var timings = Enumerable.Range(0, instances).Select(_ => new TickTimings(capacity)).ToArray();
        var lateness = Enumerable.Range(0, instances).Select(_ => new TickTimings(capacity)).ToArray();
        using var commands = new CommandCounter();
        var hosts = new List<IHost>();
        for (var i = 0; i < instances; i++)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = connectionString, ["Exchange:MarketData"] = "Simulated",
            });
            foreach (var (argument, setting) in new[] { ("--max-concurrent", "Scheduler:MaxConcurrentChecks"), ("--fire-ahead", "Scheduler:FireAheadMilliseconds") })
            {
                if (Argument(args, argument) is { } value)
                    builder.Configuration[setting] = value;
            }
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
            builder.AddData().AddExchange().AddApiKeys().AddBots().AddBacktests().AddEventFanOut();
            TimedTicker.Decorate(builder.Services, timings[i], new TrivialTicker());
            hosts.Add(builder.Build());
        }

        var setup = Stopwatch.StartNew();
        await hosts[0].Services.MigrateDatabaseAsync(CancellationToken.None);
        await CreateRunningBotsAsync(hosts[0].Services, bots, interval);
        Console.WriteLine($"setup: {bots} bots created in {setup.Elapsed.TotalSeconds:0.0} s; {instances} instances on PostgreSQL");
        for (var i = 0; i < instances; i++)
        {
            var scheduler = hosts[i].Services.GetRequiredKeyedService<IScheduler>(QuartzBotScheduler.SchedulerName);
            await scheduler.GetJobGroupNames(); // builds the scheduler (asynchronously) before its listeners are read
            scheduler.ListenerManager.AddJobListener(new FireLateness(lateness[i]), [GroupMatcher<JobKey>.GroupEquals(QuartzBotScheduler.Group)]);
            await hosts[i].StartAsync(CancellationToken.None);
        }
        // JIT, first checks, pools, and the start's burst: each instance's restorer schedules the bots it finds without a
        // job, every one under Quartz's row lock, while the first checks already fire; measured after it has passed.
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(2 * interval + 2, 30)));
        var transactionsBefore = await TransactionsAsync(connectionString);
        var machineBefore = MachineCpu.Read();
        commands.Reset();
        var report = await MeasureAsync([.. timings, .. lateness], TimeSpan.FromSeconds(seconds));
        var machine = MachineCpu.Read() is { } after && machineBefore is { } before ? after.BusyPercentSince(before) : (double?)null;
        var commandCount = commands.Count;
        var transactions = await TransactionsAsync(connectionString) - transactionsBefore;
        foreach (var host in hosts)
            await host.StopAsync(CancellationToken.None);

        var expected = bots * report.Wall.TotalSeconds / interval;
        var done = timings.Sum(t => t.Count);
        Console.WriteLine($"bots {bots} on {instances} instances, interval {interval} s, measured {report.Wall.TotalSeconds:0.0} s");
        Console.WriteLine($"checks: {done} ({done / expected:P0} of the {expected:0} due), failed {timings.Sum(t => t.Failed)}");
        for (var i = 0; i < instances; i++)
        {
            var sorted = timings[i].Sorted();
            var late = lateness[i].Sorted();
            Console.WriteLine($"| instance {i + 1} | {timings[i].Count} | {Percentile(sorted, 0.50):0.00} ms | {Percentile(sorted, 0.99):0.00} ms | " +
                              $"{Percentile(late, 0.50):0.0} / {Percentile(late, 0.99):0.0} ms |");
        }
        Console.WriteLine($"process (all {instances} instances): CPU {report.CpuPercentOfAllCores:0.0}% of {Environment.ProcessorCount} cores, " +
                          $"peak working set {report.PeakWorkingSet / 1048576.0:0} MB; whole machine (PostgreSQL included) " +
                          (machine is { } busy ? $"{busy:0.0}% busy" : "not read (no /proc/stat)"));
        Console.WriteLine($"database: {commandCount} commands ({(double)commandCount / Math.Max(1, done):0.0} per check; {commands.Instrument}), " +
                          $"{transactions} transactions ({(double)transactions / Math.Max(1, done):0.0} per check), " +
                          $"{commandCount / report.Wall.TotalSeconds:0} commands/s");
        foreach (var host in hosts)
            host.Dispose();
        return 0;
    }

    private static async Task<long> TransactionsAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    // Every command Npgsql runs in this process (EF Core's and Quartz's alike), from its own metrics.
    private sealed class CommandCounter : IDisposable
    {
        private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
        private long _count;

        public CommandCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name.StartsWith("Npgsql", StringComparison.Ordinal) && instrument.Name.Contains("duration", StringComparison.Ordinal)
                    && !instrument.Name.Contains("connection", StringComparison.Ordinal))
                {
                    Instrument = instrument.Name;
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _count));
            _listener.Start();
        }

        public string Instrument { get; private set; } = "(no Npgsql command metric seen)";

        public long Count => Interlocked.Read(ref _count);

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public void Dispose() => _listener.Dispose();
    }

    // The whole machine's CPU from /proc/stat (Linux): the database shares the machine, and the process's own CPU leaves it out.
    private sealed record MachineCpu(long Busy, long Total)
    {
        public static MachineCpu? Read()
        {
            if (!File.Exists("/proc/stat"))
                return null;
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = fields[3] + fields[4]; // idle, iowait
            var total = fields.Take(8).Sum(); // user nice system idle iowait irq softirq steal
            return new MachineCpu(total - idle, total);
        }

        public double BusyPercentSince(MachineCpu before) => 100.0 * (Busy - before.Busy) / Math.Max(1, Total - before.Total);
    }

    private sealed record Measurement(TimeSpan Wall, double CpuPercentOfAllCores, long PeakWorkingSet, long PeakSampledWorkingSet, long HeapSize, long AllocatedBytes);

    private static async Task<Measurement> MeasureAsync(TickTimings[] recorders, TimeSpan duration)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var wall = Stopwatch.StartNew();
        foreach (var recorder in recorders)
            recorder.IsRecording = true;
        long peakSampled = 0;
        while (wall.Elapsed < duration)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            process.Refresh();
            peakSampled = Math.Max(peakSampled, process.WorkingSet64);
        }
        foreach (var recorder in recorders)
            recorder.IsRecording = false;
        var elapsed = wall.Elapsed;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore) / (elapsed * Environment.ProcessorCount) * 100;
        return new(elapsed, cpu, process.PeakWorkingSet64, peakSampled, GC.GetGCMemoryInfo().HeapSizeBytes, GC.GetTotalAllocatedBytes() - allocatedBefore);
    }

    // Through the bot service (validated like a user's), then all marked running as if the app restarted with them active.
    private static async Task CreateRunningBotsAsync(IServiceProvider services, int count, int interval)
    {
        var databases = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var owner = new ApplicationUser { UserName = "load", NormalizedUserName = "LOAD", Email = "load@example.com" };
        await using (var db = await databases.CreateDbContextAsync())
        {
            db.Users.Add(owner);
            await db.SaveChangesAsync();
        }
        var caller = new Caller(owner.Id);
        var service = services.GetRequiredService<BotService>();
        for (var i = 0; i < count; i++)
        {
            var result = await service.CreateAsync(caller, Input(i, interval), CancellationToken.None);
            if (!result.Succeeded)
                throw new InvalidOperationException($"bot {i} refused: {string.Join("; ", result.Errors.Select(e => e.Message))}");
        }
        await using (var db = await databases.CreateDbContextAsync())
            await db.Set<BotStateRow>().ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, BotStatus.Running));
    }

    private static BotInput Input(int i, int interval) => new()
    {
        Name = $"load {i}", Symbol = Symbols[i % Symbols.Length], Interval = "1m", Strategy = "ema-rsi",
        StrategyParameters = new() { ["emaFast"] = 9, ["emaSlow"] = 21 },
        InitialCapital = 1000, PositionSizePerc = 10, StopLossEnabled = true, StopLossPerc = 2,
        TakeProfitEnabled = true, TakeProfitPerc = 4, TrailingStopEnabled = true, TrailingStopPerc = 1,
        DailyTargetPerc = 5, MaxDailyLossPerc = 3, MaxDailyTrades = 10, CheckIntervalSeconds = interval,
    };

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string? Argument(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static int IntArgument(string[] args, string name, int fallback) =>
        Argument(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private sealed class TempDataFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("tradebot-load-").FullName;

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); }
            catch (IOException) { }
        }
    }
}
