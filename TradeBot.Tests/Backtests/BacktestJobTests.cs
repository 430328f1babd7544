using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;
using TradeBot.Web.Backtests;
using TradeBot.Web.Bots;
using TradeBot.Web.Cli;
using TradeBot.Web.Exchange.Candles;

namespace TradeBot.Tests.Backtests;

/// <summary>
/// Backtests as jobs on the app's real Quartz scheduler, SQLite and PostgreSQL, simulated market: they run, report
/// progress, can be cancelled, store what the CLI computes for the same candles, and stay their owner's.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BacktestJobTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly DateOnly Today = DateOnly.FromDateTime(Exchange.ExchangeTestHost.Start.UtcDateTime);

    /// <summary>A year of 1h BTCUSDT spot candles with the bot form's usual settings.</summary>
    internal static BacktestInput YearInput()
    {
        var bot = BotsTestHost.ValidInput();
        bot.DailyTargetPerc = 0;
        bot.MaxDailyLossPerc = 0;
        return new BacktestInput { Bot = bot, From = Today.AddDays(-365), To = Today.AddDays(-1), FeeRate = 0.001, SlippageBps = 5 };
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Run_OneYear_ReportsProgressAndStoresWhatTheCliComputes(string provider)
    {
        await using var host = await BotsTestHost.CreateAsync(provider, postgres, Cancel);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var service = host.Services.GetRequiredService<BacktestService>();
        var bus = host.Services.GetRequiredService<BacktestProgressBus>();
        var input = YearInput();

        var messages = new ConcurrentQueue<BacktestProgressMessage>();
        var created = await service.CreateAsync(alice, input, Cancel);
        created.Errors.ShouldBeEmpty();
        var runId = created.RunId!.Value;
        using var subscription = bus.Subscribe(runId, m => { messages.Enqueue(m); return Task.CompletedTask; });
        var run = await WaitFinishedAsync(service, alice, runId);

        run.Summary.Status.ShouldBe(BacktestStatus.Completed, run.Summary.Error);
        run.Summary.Progress.ShouldBe(1);
        run.Processed.ShouldBe(run.Total);
        run.Total.ShouldBe(365 * 24);
        messages.Last().Status.ShouldBe(BacktestStatus.Completed);
        var progress = messages.Where(m => m.Status == BacktestStatus.Running).Select(m => m.Progress).ToList();
        progress.ShouldBe(progress.Order().ToList(), "progress never goes back");

        // The CLI on the same candles and config writes the same RESULT.json, byte for byte.
        var candles = await host.Services.GetRequiredService<CandleStore>()
            .ReadAsync(MarketType.Spot, "BTCUSDT", Interval.OneHour, run.Summary.FromMs, run.Summary.ToMs, Cancel);
        candles.Count.ShouldBe(365 * 24);
        var cli = await RunCliAsync(host, input, candles);
        string stored;
        await using (var db = await host.Databases.CreateDbContextAsync(Cancel))
            stored = await db.Set<BacktestRun>().Where(r => r.Id == runId).Select(r => r.ResultJson!).SingleAsync(Cancel);
        stored.ShouldBe(cli);
        var report = (await service.ReportAsync(alice, runId, Cancel)).ShouldNotBeNull();
        report.Trades.Count.ShouldBeGreaterThan(0);
        run.Summary.TotalTrades.ShouldBe(report.Trades.Count);
        run.Summary.TotalReturnPerc.ShouldBe(report.Metrics.TotalReturnPerc);
    }

    [Fact]
    public async Task Cancel_RunningSweep_StopsItAsCancelledWithoutResult()
    {
        await using var host = await BotsTestHost.CreateAsync("Sqlite", null, Cancel);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var service = host.Services.GetRequiredService<BacktestService>();
        var bus = host.Services.GetRequiredService<BacktestProgressBus>();
        var sweep = new SweepInput
        {
            Backtest = YearInput(),
            Axes = [new SweepAxis { Name = "emaFast", From = 2, To = 20, Step = 1 }, new SweepAxis { Name = "emaSlow", From = 21, To = 120, Step = 1 }],
        };
        var running = new TaskCompletionSource();
        var created = await service.CreateSweepAsync(alice, sweep, Cancel);
        created.Errors.ShouldBeEmpty();
        var runId = created.RunId!.Value;
        using var subscription = bus.Subscribe(runId, m =>
        {
            if (m is { Status: BacktestStatus.Running, Processed: > 0 })
                running.TrySetResult();
            return Task.CompletedTask;
        });
        await running.Task.WaitAsync(TimeSpan.FromSeconds(60), Cancel);

        (await service.CancelAsync(alice, runId, Cancel)).ShouldBeTrue();
        var run = await WaitFinishedAsync(service, alice, runId);

        run.Summary.Status.ShouldBe(BacktestStatus.Cancelled);
        run.Summary.Progress.ShouldBeLessThan(1);
        (await service.SweepResultAsync(alice, runId, Cancel)).ShouldBeNull();
        (await service.CancelAsync(alice, runId, Cancel)).ShouldBeFalse("a finished run cannot be cancelled again");
    }

    [Fact]
    public async Task Cancel_QueuedRun_EndsAtOnceAndTheJobThenDoesNothing()
    {
        var scheduler = new HeldScheduler();
        await using var host = await BotsTestHost.CreateAsync("Sqlite", null, Cancel,
            configure: services => services.Replace(ServiceDescriptor.Singleton<IBacktestScheduler>(scheduler)));
        var alice = await host.CreateUserAsync("alice", Cancel);
        var service = host.Services.GetRequiredService<BacktestService>();
        var runId = (await service.CreateAsync(alice, YearInput(), Cancel)).RunId!.Value;
        scheduler.Scheduled.ShouldBe([runId]);

        (await service.CancelAsync(alice, runId, Cancel)).ShouldBeTrue();
        (await service.GetAsync(alice, runId, Cancel))!.Summary.Status.ShouldBe(BacktestStatus.Cancelled);
        (await host.Services.GetRequiredService<BacktestRunner>().RunAsync(runId, Cancel)).ShouldBe(BacktestStatus.Cancelled);
        (await service.GetAsync(alice, runId, Cancel))!.Summary.FinalCapital.ShouldBeNull();
    }

    [Fact]
    public async Task Run_NoFreeSlot_WaitsQueuedWithoutRunning_ThenRunsWhenOneFrees()
    {
        await using var host = await BotsTestHost.CreateAsync("Sqlite", null, Cancel,
            configure: services => services.Configure<BacktestOptions>(o => o.MaxConcurrentRuns = 1));
        var alice = await host.CreateUserAsync("alice", Cancel);
        var service = host.Services.GetRequiredService<BacktestService>();
        var slots = host.Services.GetRequiredService<BacktestSlots>();
        slots.TryEnter().ShouldBeTrue("the one slot, taken as a long run would");
        slots.TryEnter().ShouldBeFalse();

        var runId = (await service.CreateAsync(alice, YearInput(), Cancel)).RunId!.Value;
        await Task.Delay(TimeSpan.FromSeconds(3), Cancel); // the job fires, finds no slot and puts itself back each second
        var waiting = (await service.GetAsync(alice, runId, Cancel))!;
        waiting.Summary.Status.ShouldBe(BacktestStatus.Queued);
        waiting.Processed.ShouldBe(0);
        var scheduler = await host.SchedulerAsync(Cancel);
        (await scheduler.GetTriggersOfJob(QuartzBacktestScheduler.JobKeyOf(runId), Cancel)).ShouldHaveSingleItem("it is still queued in Quartz");

        slots.Exit();
        var run = await WaitFinishedAsync(service, alice, runId);

        run.Summary.Status.ShouldBe(BacktestStatus.Completed, run.Summary.Error);
        slots.TryEnter().ShouldBeTrue("the run gave its slot back");
        slots.Exit();
    }

    [Fact]
    public async Task Restorer_AtStartup_QueuesAgainOnlyTheRunsAStopCutOff()
    {
        var scheduler = new HeldScheduler();
        await using var host = await BotsTestHost.CreateAsync("Sqlite", null, Cancel,
            configure: services => services.Replace(ServiceDescriptor.Singleton<IBacktestScheduler>(scheduler)));
        var alice = await host.CreateUserAsync("alice", Cancel);
        var service = host.Services.GetRequiredService<BacktestService>();
        var ids = new List<long>();
        for (var i = 0; i < 6; i++)
            ids.Add((await service.CreateAsync(alice, YearInput(), Cancel)).RunId!.Value);
        var cutOff = new[]
        {
            BacktestStatus.Running, BacktestStatus.Completed, BacktestStatus.Downloading, BacktestStatus.Cancelled, BacktestStatus.Queued,
            BacktestStatus.Running,
        };
        scheduler.Kept.Add(ids[5]); // its job is in the clustered store: another instance runs it
        await using (var db = await host.Databases.CreateDbContextAsync(Cancel))
        {
            foreach (var (id, status) in ids.Zip(cutOff))
                await db.Set<BacktestRun>().Where(r => r.Id == id)
                    .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, status).SetProperty(r => r.Progress, 0.5), Cancel);
        }
        scheduler.Scheduled.Clear();

        await host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<BacktestRestorer>().Single().StartAsync(Cancel);

        scheduler.Scheduled.ShouldBe([ids[0], ids[2], ids[4]]);
        await using (var db = await host.Databases.CreateDbContextAsync(Cancel))
        {
            var rows = await db.Set<BacktestRun>().AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.Status, r.Progress }).ToListAsync(Cancel);
            rows.Select(r => r.Status).ShouldBe([
                BacktestStatus.Queued, BacktestStatus.Completed, BacktestStatus.Queued, BacktestStatus.Cancelled, BacktestStatus.Queued,
                BacktestStatus.Running]);
            rows.Select(r => r.Progress).ShouldBe([0, 0.5, 0, 0.5, 0, 0.5], "a re-queued run starts over; finished and kept ones keep their figures");
        }
    }

    [Fact]
    public async Task Run_UploadGoneBeforeItStarts_FailsWithTheReasonAndNoResult()
    {
        var scheduler = new HeldScheduler();
        await using var host = await BotsTestHost.CreateAsync("Sqlite", null, Cancel,
            configure: services => services.Replace(ServiceDescriptor.Singleton<IBacktestScheduler>(scheduler)));
        var alice = await host.CreateUserAsync("alice", Cancel);
        var service = host.Services.GetRequiredService<BacktestService>();
        BacktestUploadResult upload;
        await using (var file = File.OpenRead(TradeBot.Tests.Domain.SampleData.Locate()))
            upload = await service.UploadCandlesAsync(alice, file, "btc.csv", "1h", Cancel);
        var input = YearInput();
        (input.UploadId, input.From, input.To) = (upload.UploadId, DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(upload.FromMs).UtcDateTime),
            DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(upload.ToMs).UtcDateTime));
        var runId = (await service.CreateAsync(alice, input, Cancel)).RunId!.Value;
        await using (var db = await host.Databases.CreateDbContextAsync(Cancel))
            await db.Set<BacktestUpload>().ExecuteDeleteAsync(Cancel);

        (await host.Services.GetRequiredService<BacktestRunner>().RunAsync(runId, Cancel)).ShouldBe(BacktestStatus.Failed);

        var run = (await service.GetAsync(alice, runId, Cancel)).ShouldNotBeNull();
        run.Summary.Error.ShouldBe("The uploaded candle file is gone; upload it again.");
        run.Summary.FinalCapital.ShouldBeNull();
        (await service.ReportAsync(alice, runId, Cancel)).ShouldBeNull();
    }

    [Fact]
    public async Task Sweep_SmallGrid_RanksInSampleAndChecksTheTopOnTheHeldOutPart()
    {
        await using var host = await BotsTestHost.CreateAsync("Sqlite", null, Cancel);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var service = host.Services.GetRequiredService<BacktestService>();
        var sweep = new SweepInput
        {
            Backtest = YearInput(), Rank = SweepRank.Return,
            Axes = [new SweepAxis { Name = "emaFast", From = 5, To = 15, Step = 5 }, new SweepAxis { Name = "stopLossPerc", From = 1, To = 3, Step = 1 }],
        };
        sweep.RunCount().ShouldBe(9);
        var runId = (await service.CreateSweepAsync(alice, sweep, Cancel)).RunId!.Value;

        var run = await WaitFinishedAsync(service, alice, runId);

        run.Summary.Status.ShouldBe(BacktestStatus.Completed, run.Summary.Error);
        var result = (await service.SweepResultAsync(alice, runId, Cancel)).ShouldNotBeNull();
        result.Combinations.ShouldBe(9);
        result.Rows.Count.ShouldBe(9);
        result.Parameters.ShouldBe(["emaFast", "stopLossPerc"]);
        result.Rows.Select(r => r.Metrics.TotalReturnPerc).ShouldBeInOrder(SortDirection.Descending);
        result.WalkForward.Count.ShouldBe(9);
        result.WalkForward[0].Parameters.ShouldBe(result.Rows[0].Parameters);
        result.OutOfSampleFromMs.ShouldBeGreaterThan(result.InSampleToMs);
        var heldOutShare = (double)(result.OutOfSampleToMs - result.OutOfSampleFromMs) / (result.OutOfSampleToMs - result.InSampleFromMs);
        heldOutShare.ShouldBe(0.3, 0.01);
        run.Summary.TotalReturnPerc.ShouldBe(result.Rows[0].Metrics.TotalReturnPerc);

        // Opening a cell runs that set over the whole range as a full backtest.
        var opened = (await service.OpenSweepSetAsync(alice, runId, result.Rows[0].Parameters, Cancel)).ShouldNotBeNull();
        var cell = await WaitFinishedAsync(service, alice, opened.RunId!.Value);
        cell.Summary.Status.ShouldBe(BacktestStatus.Completed);
        cell.Summary.SweepId.ShouldBe(runId);
        cell.Input.Bot.StrategyParameters!["emaFast"].ShouldBe(result.Rows[0].Parameters["emaFast"]);
        cell.Input.Bot.StopLossPerc.ShouldBe(result.Rows[0].Parameters["stopLossPerc"]);
    }

    [Fact]
    public async Task Runs_AreTheirOwnersOnly()
    {
        await using var host = await BotsTestHost.CreateAsync("Sqlite", null, Cancel);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var bob = await host.CreateUserAsync("bob", Cancel);
        var admin = await host.CreateUserAsync("root", Cancel, isAdmin: true);
        var service = host.Services.GetRequiredService<BacktestService>();
        var input = YearInput();
        input.From = Today.AddDays(-30);
        var runId = (await service.CreateAsync(alice, input, Cancel)).RunId!.Value;
        await WaitFinishedAsync(service, alice, runId);

        (await service.GetAsync(bob, runId, Cancel)).ShouldBeNull();
        (await service.ReportAsync(bob, runId, Cancel)).ShouldBeNull();
        (await service.TradesCsvAsync(bob, runId, Cancel)).ShouldBeNull();
        (await service.ListAsync(bob, Cancel)).ShouldBeEmpty();
        (await service.CancelAsync(bob, runId, Cancel)).ShouldBeFalse();
        (await service.DeleteAsync(bob, runId, Cancel)).ShouldBeFalse();
        (await service.RunAgainAsync(bob, runId, Cancel)).ShouldBeNull();
        (await service.GetAsync(admin, runId, Cancel)).ShouldNotBeNull();

        var csv = (await service.TradesCsvAsync(alice, runId, Cancel)).ShouldNotBeNull();
        csv.Split("\r\n")[0].ShouldBe("side,entry_time,entry_price,exit_time,exit_price,quantity,fees,pnl,exit_reason");
        (await service.DailyCsvAsync(alice, runId, Cancel)).ShouldNotBeNull().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(31);
        (await service.DeleteAsync(alice, runId, Cancel)).ShouldBeTrue();
        (await service.ListAsync(alice, Cancel)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Upload_BinanceKlineCsv_RunsOnItAndStaysItsOwners()
    {
        await using var host = await BotsTestHost.CreateAsync("Sqlite", null, Cancel);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var bob = await host.CreateUserAsync("bob", Cancel);
        var service = host.Services.GetRequiredService<BacktestService>();
        var sample = TradeBot.Tests.Domain.SampleData.Locate();

        BacktestUploadResult upload;
        await using (var file = File.OpenRead(sample))
            upload = await service.UploadCandlesAsync(alice, file, "../../etc/btc.csv", "1h", Cancel);

        upload.Error.ShouldBeNull();
        upload.FileName.ShouldBe("btc.csv", "only the name is kept, never a path");
        upload.CandleCount.ShouldBe(TradeBot.Tests.Domain.SampleData.BtcUsdtHourly.Length);
        var input = YearInput();
        input.UploadId = upload.UploadId;
        input.From = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(upload.FromMs).UtcDateTime);
        input.To = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(upload.ToMs).UtcDateTime);

        (await service.CreateAsync(bob, input, Cancel)).Errors.ShouldContain(e => e.Field == "upload");
        input.Bot.Interval = "4h";
        (await service.CreateAsync(alice, input, Cancel)).Errors.ShouldContain(e => e.Field == "interval" && e.Message.Contains("choose 1h"));
        input.Bot.Interval = "1h";
        var runId = (await service.CreateAsync(alice, input, Cancel)).RunId!.Value;
        var run = await WaitFinishedAsync(service, alice, runId);

        run.Summary.Status.ShouldBe(BacktestStatus.Completed, run.Summary.Error);
        run.Total.ShouldBe(upload.CandleCount);
        string stored;
        await using (var db = await host.Databases.CreateDbContextAsync(Cancel))
            stored = await db.Set<BacktestRun>().Where(r => r.Id == runId).Select(r => r.ResultJson!).SingleAsync(Cancel);
        stored.ShouldBe(await RunCliAsync(host, input, TradeBot.Tests.Domain.SampleData.BtcUsdtHourly));
        (await host.CountAsync<StoredCandle>(Cancel)).ShouldBe(0, "an upload never goes into the shared candle store");

        await using var bad = new MemoryStream(Encoding.UTF8.GetBytes("1605571200000,16713.08,16830,16683.63,16806.09,2861.4\nnot,a,kline\n"));
        (await service.UploadCandlesAsync(alice, bad, "bad.csv", "1h", Cancel)).Error.ShouldStartWith("The file is not a Binance kline CSV: line 2");
    }

    internal static async Task<BacktestDetails> WaitFinishedAsync(BacktestService service, Caller caller, long runId)
    {
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            var run = (await service.GetAsync(caller, runId, Cancel)).ShouldNotBeNull();
            if (run.Summary.Status is BacktestStatus.Completed or BacktestStatus.Failed or BacktestStatus.Cancelled)
                return run;
            await Task.Delay(50, Cancel);
        }

        throw new TimeoutException($"Backtest {runId} did not finish within a minute.");
    }

    private static async Task<string> RunCliAsync(BotsTestHost host, BacktestInput input, IReadOnlyList<Candle> candles)
    {
        using var folder = TestEnvironment.CreateTempFolder("cli");
        var csvPath = Path.Combine(folder.Path, "candles.csv");
        var csv = new StringBuilder();
        foreach (var c in candles)
            csv.Append(CultureInfo.InvariantCulture, $"{c.OpenTimeMs},{c.Open:R},{c.High:R},{c.Low:R},{c.Close:R},{c.Volume:R}\n");
        await File.WriteAllTextAsync(csvPath, csv.ToString(), Cancel);
        var rules = (await host.Services.GetRequiredService<BotFormService>().SymbolsAsync(MarketType.Spot, Cancel)).Single(s => s.Symbol == "BTCUSDT").Rules;
        var bot = input.Bot;
        var config = string.Create(CultureInfo.InvariantCulture, $$"""
            {"symbol":"BTCUSDT","interval":"1h","marketType":"spot","strategy":"{{bot.Strategy}}",
             "emaFast":{{bot.StrategyParameters!["emaFast"]}},"emaSlow":{{bot.StrategyParameters["emaSlow"]}},
             "initialCapital":{{bot.InitialCapital}},"positionSizePerc":{{bot.PositionSizePerc}},
             "stopLossPerc":{{bot.StopLossPerc}},"takeProfitPerc":{{bot.TakeProfitPerc}},"trailingStopPerc":{{bot.TrailingStopPerc}},
             "maxDailyTrades":{{bot.MaxDailyTrades}},"feeRate":{{input.FeeRate}},"slippageBps":{{input.SlippageBps}},
             "tickSize":{{rules.TickSize}},"stepSize":{{rules.StepSize}},"minQty":{{rules.MinQty}},"minNotional":{{rules.MinNotional}}}
            """);
        var configPath = Path.Combine(folder.Path, "config.json");
        await File.WriteAllTextAsync(configPath, config, Cancel);
        var outPath = Path.Combine(folder.Path, "result.json");
        var error = new StringWriter();
        BacktestCommand.Run(["--candles", csvPath, "--config", configPath, "--out", outPath], new StringWriter(), error, Cancel)
            .ShouldBe(0, error.ToString());
        return await File.ReadAllTextAsync(outPath, Cancel);
    }

    private sealed class HeldScheduler : IBacktestScheduler
    {
        public List<long> Scheduled { get; } = [];

        /// <summary>Runs whose job a persistent store still holds (another instance has them).</summary>
        public HashSet<long> Kept { get; } = [];

        public Task ScheduleAsync(long runId, CancellationToken cancellationToken)
        {
            Scheduled.Add(runId);
            return Task.CompletedTask;
        }

        public Task<bool> IsKeptAsync(long runId, CancellationToken cancellationToken) => Task.FromResult(Kept.Contains(runId));
    }
}
