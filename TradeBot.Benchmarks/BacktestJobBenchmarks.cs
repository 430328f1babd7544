using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using IHost = Microsoft.Extensions.Hosting.IHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TradeBot.Web.Accounts;
using TradeBot.Web.Backtests;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.ApiKeys;

namespace TradeBot.Benchmarks;

/// <summary>
/// Backtests as the app runs them, from "Run" to what the report page reads: the request validated and stored, the
/// Quartz job started, the year of 1h candles read from the store (cached in setup), the run, the result stored, then
/// the report and its price chart read back. SQLite, the simulated market; the sweep is 1,000 sets over the same year.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 10)]
public class BacktestJobBenchmarks
{
    private IHost host = null!;
    private string folder = "";
    private Caller caller = null!;
    private BacktestService service = null!;
    private BacktestProgressBus bus = null!;

    [GlobalSetup]
    public void Setup()
    {
        folder = Directory.CreateTempSubdirectory("tradebot-backtests-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite", ["Database:DataFolder"] = folder, ["Exchange:MarketData"] = "Simulated",
        });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddData().AddExchange().AddApiKeys().AddBots().AddBacktests();
        host = builder.Build();
        host.Services.MigrateDatabaseAsync(CancellationToken.None).GetAwaiter().GetResult();
        host.StartAsync().GetAwaiter().GetResult();
        service = host.Services.GetRequiredService<BacktestService>();
        bus = host.Services.GetRequiredService<BacktestProgressBus>();
        using (var db = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
        {
            var user = new ApplicationUser { UserName = "bench", NormalizedUserName = "BENCH", Email = "bench@example.com" };
            db.Users.Add(user);
            db.SaveChanges();
            caller = new Caller(user.Id);
        }

        YearReport().GetAwaiter().GetResult(); // downloads the year into the candle store once
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        host.StopAsync().GetAwaiter().GetResult();
        host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Benchmark(Description = "1y of 1h: Run -> report and chart read")]
    public async Task<int> YearReport()
    {
        var runId = await RunAsync(_ => service.CreateAsync(caller, Input(), CancellationToken.None));
        var details = await service.GetAsync(caller, runId, CancellationToken.None) ?? throw new InvalidOperationException("run gone");
        var report = await service.ReportAsync(caller, runId, CancellationToken.None) ?? throw new InvalidOperationException($"run {details.Summary.Status}: {details.Summary.Error}");
        var chart = await service.ChartAsync(details, report, CancellationToken.None);
        return report.Trades.Count + chart.Candles.Count;
    }

    [Benchmark(Description = "sweep of 1,000 sets over 1y of 1h: Run -> table read")]
    public async Task<int> Sweep()
    {
        var sweep = new SweepInput
        {
            Backtest = Input(),
            Axes = [new SweepAxis { Name = "emaFast", From = 3, To = 12, Step = 1 }, new SweepAxis { Name = "emaSlow", From = 20, To = 119, Step = 1 }],
        };
        var runId = await RunAsync(_ => service.CreateSweepAsync(caller, sweep, CancellationToken.None));
        var result = await service.SweepResultAsync(caller, runId, CancellationToken.None) ?? throw new InvalidOperationException("sweep failed");
        return result.Rows.Count == 1000 ? result.Rows.Count : throw new InvalidOperationException($"{result.Rows.Count} rows");
    }

    private static BacktestInput Input()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new BacktestInput
        {
            Bot = new BotInput
            {
                Symbol = "BTCUSDT", Interval = "1h", Strategy = "ema-rsi", StrategyParameters = new() { ["emaFast"] = 9, ["emaSlow"] = 21 },
                StopLossEnabled = true, StopLossPerc = 2, TakeProfitEnabled = true, TakeProfitPerc = 4,
            },
            From = today.AddDays(-366), To = today.AddDays(-1),
        };
    }

    // Creates a run and waits for its last progress message; a run that finished before the subscription is read back.
    private async Task<long> RunAsync(Func<long, Task<BacktestCreateResult>> create)
    {
        var created = await create(0);
        var runId = created.RunId ?? throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Message)));
        var done = new TaskCompletionSource<BacktestStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = bus.Subscribe(runId, message =>
        {
            if (message.Status.IsFinished())
                done.TrySetResult(message.Status);
            return Task.CompletedTask;
        });
        if ((await service.GetAsync(caller, runId, CancellationToken.None))?.Summary.Status is { } stored && stored.IsFinished())
            done.TrySetResult(stored);
        var status = await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return status == BacktestStatus.Completed ? runId : throw new InvalidOperationException($"run {runId} {status}");
    }
}
