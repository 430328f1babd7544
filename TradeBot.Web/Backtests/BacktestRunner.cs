using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Domain.Trading;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange.Candles;

namespace TradeBot.Web.Backtests;

/// <summary>
/// Runs one stored backtest or sweep to its end, on the caller's thread for I/O and the thread pool for the work: loads
/// the candles (downloading what the store lacks), runs the decision core, and stores the result. Progress goes to the
/// <see cref="BacktestProgressBus"/> as it happens and to the database about once a second, which is also when a cancel
/// asked for on another instance is noticed. The backtest job (Quartz) calls this; tests call it directly.
/// </summary>
public sealed class BacktestRunner(
    IDbContextFactory<AppDbContext> databases, CandleStore candleStore, BacktestUploads uploads, BotFormService symbols, BacktestProgressBus bus,
    TimeProvider time, ILogger<BacktestRunner> logger)
{
    /// <summary>Share of a sweep's candles ranked on; the rest is held out for the walk-forward check.</summary>
    public const double InSampleShare = 0.7;

    /// <summary>How many of a sweep's best sets are checked on the held-out part.</summary>
    public const int WalkForwardTop = 10;

    private static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();
    private readonly IDbContextFactory<AppDbContext> _databases = databases;
    private readonly BacktestProgressBus _bus = bus;
    private readonly TimeProvider _time = time;
    private readonly ILogger<BacktestRunner> _logger = logger;

    /// <summary>Cancels run <paramref name="runId"/> if it runs in this process; false otherwise.</summary>
    public bool TryCancel(long runId)
    {
        if (!_running.TryGetValue(runId, out var source))
            return false;
        source.Cancel();
        return true;
    }

    /// <summary>Runs run <paramref name="runId"/> unless it is finished or gone; returns its final status.</summary>
    public async Task<BacktestStatus?> RunAsync(long runId, CancellationToken cancellationToken)
    {
        var run = await LoadAsync(runId, cancellationToken);
        if (run is null || run.IsFinished)
            return run?.Status;
        if (run.CancelRequested)
            return await FinishAsync(run, BacktestStatus.Cancelled, null, cancellationToken);

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _running[runId] = cancel;
        var tracker = new Tracker(this, run);
        try
        {
            var outcome = await ExecuteAsync(run, tracker, cancel.Token);
            return await FinishAsync(run, BacktestStatus.Completed, outcome, CancellationToken.None);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogInformation("Backtest {RunId} cancelled by its owner", runId);
            return await FinishAsync(run, BacktestStatus.Cancelled, null, CancellationToken.None);
        }
        catch (BacktestFailure failure)
        {
            _logger.LogInformation("Backtest {RunId} failed: {Reason}", runId, failure.Message);
            return await FinishAsync(run, BacktestStatus.Failed, null, CancellationToken.None, failure.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Backtest {RunId} failed", runId);
            return await FinishAsync(run, BacktestStatus.Failed, null, CancellationToken.None, "The backtest failed unexpectedly; see the server log.");
        }
        finally
        {
            _running.TryRemove(runId, out _);
        }
    }

    private async Task<Outcome> ExecuteAsync(BacktestRun run, Tracker tracker, CancellationToken cancellationToken)
    {
        var (backtest, sweep) = run.Kind == BacktestKind.Sweep
            ? (BacktestJson.Read<SweepInput>(run.InputJson).Backtest, BacktestJson.Read<SweepInput>(run.InputJson))
            : (BacktestJson.Read<BacktestInput>(run.InputJson), null);
        var settings = await SettingsAsync(run, backtest, cancellationToken);
        var candles = backtest.UploadId is { } uploadId
            ? await uploads.ReadAsync(run.OwnerId, uploadId, run.FromMs, run.ToMs, cancellationToken)
              ?? throw new BacktestFailure("The uploaded candle file is gone; upload it again.")
            : await CandlesAsync(run, tracker, cancellationToken);
        if (candles.Length < 2)
            throw new BacktestFailure("There are fewer than two candles in that range.");
        tracker.Start(BacktestStatus.Running, sweep is null ? candles.Length : sweep.RunCount());
        var work = Task.Run(() => sweep is null
            ? RunSingle(settings, candles, tracker, cancellationToken)
            : RunSweep(settings, sweep, candles, tracker, cancellationToken), cancellationToken);
        await tracker.WatchAsync(work, cancellationToken);
        return await work;
    }

    private static Outcome RunSingle(BotSettings settings, Candle[] candles, Tracker tracker, CancellationToken cancellationToken)
    {
        var report = Backtester.Run(settings, candles, new Progress(tracker, candles.Length), cancellationToken);
        return new Outcome(report.Metrics, BacktestJson.WriteReport(report));
    }

    private static Outcome RunSweep(BotSettings settings, SweepInput sweep, Candle[] candles, Tracker tracker, CancellationToken cancellationToken)
    {
        var split = Math.Clamp((int)(candles.Length * InSampleShare), 1, candles.Length - 1);
        ReadOnlyMemory<Candle> inSample = candles.AsMemory(0, split), outOfSample = candles.AsMemory(split);
        var grid = sweep.Grid();
        var total = sweep.RunCount();
        var result = ParameterSweep.Run(settings, grid, inSample, sweep.Rank, new Progress(tracker, total), cancellationToken);
        var walkForward = result.Ranked.Take(WalkForwardTop).Select((entry, i) => new WalkForwardRowJson(
            i + 1, entry.Parameters, SweepMetricsJson.From(entry.Report.Metrics),
            SweepMetricsJson.From(Backtester.Run(entry.Settings, outOfSample.Span, null, cancellationToken, includeEquityCurve: false).Metrics))).ToList();
        var document = new SweepResultJson(
            sweep.Rank, [.. grid.Keys], candles[0].OpenTimeMs, candles[split - 1].OpenTimeMs, candles[split].OpenTimeMs, candles[^1].OpenTimeMs,
            result.Combinations, result.SkippedInvalid,
            [.. result.Ranked.Select(e => new SweepRowJson(e.Parameters, SweepMetricsJson.From(e.Report.Metrics)))], walkForward);
        return new Outcome(result.Ranked.FirstOrDefault()?.Report.Metrics, BacktestJson.Write(document));
    }

    private async Task<BotSettings> SettingsAsync(BacktestRun run, BacktestInput input, CancellationToken cancellationToken)
    {
        var market = await symbols.SymbolsAsync(run.MarketType, cancellationToken);
        var symbol = market.FirstOrDefault(s => s.Symbol == run.Symbol)
            ?? throw new BacktestFailure($"{run.Symbol} is not a tradable {run.MarketType.ToString().ToLowerInvariant()} symbol on the exchange (or the symbol list could not be loaded); try again.");
        return BotFormService.SettingsFor(input.Bot, symbol.Rules) with { FeeRate = input.FeeRate, SlippageBps = input.SlippageBps };
    }

    private async Task<Candle[]> CandlesAsync(BacktestRun run, Tracker tracker, CancellationToken cancellationToken)
    {
        tracker.Start(BacktestStatus.Downloading, 0);
        var interval = Interval.Parse(run.Interval);
        var history = await candleStore.GetCandlesAsync(run.MarketType, run.Symbol, interval, run.FromMs, run.ToMs,
            new Progress(tracker, 0), cancellationToken);
        if (!history.IsSuccess)
            throw new BacktestFailure($"The candles could not be loaded ({history.Error!.Message}); run it again later.");
        return [.. history.Value];
    }

    private async Task<BacktestRun?> LoadAsync(long runId, CancellationToken cancellationToken)
    {
        await using var db = await _databases.CreateDbContextAsync(cancellationToken);
        return await db.Set<BacktestRun>().AsNoTracking().Where(r => r.Id == runId)
            .Select(r => new BacktestRun
            {
                Id = r.Id, OwnerId = r.OwnerId, Kind = r.Kind, Status = r.Status, MarketType = r.MarketType, Symbol = r.Symbol,
                Interval = r.Interval, Strategy = r.Strategy, FromMs = r.FromMs, ToMs = r.ToMs, InputJson = r.InputJson,
                CancelRequested = r.CancelRequested, CreatedAt = r.CreatedAt, StartedAt = r.StartedAt,
            })
            .FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<BacktestStatus> FinishAsync(
        BacktestRun run, BacktestStatus status, Outcome? outcome, CancellationToken cancellationToken, string? error = null)
    {
        var now = _time.GetUtcNow();
        var m = outcome?.Metrics;
        await using var db = await _databases.CreateDbContextAsync(cancellationToken);
        await db.Set<BacktestRun>().Where(r => r.Id == run.Id).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.FinishedAt, now)
            .SetProperty(r => r.Error, error)
            .SetProperty(r => r.Progress, r => status == BacktestStatus.Completed ? 1 : r.Progress)
            .SetProperty(r => r.Processed, r => status == BacktestStatus.Completed ? r.Total : r.Processed)
            .SetProperty(r => r.ResultJson, outcome == null ? null : outcome.Json)
            .SetProperty(r => r.FinalCapital, m == null ? null : m.FinalCapital)
            .SetProperty(r => r.TotalReturnPerc, m == null ? null : m.TotalReturnPerc)
            .SetProperty(r => r.BuyAndHoldReturnPerc, m == null ? null : m.BuyAndHoldReturnPerc)
            .SetProperty(r => r.MaxDrawdownPerc, m == null ? null : m.MaxDrawdownPerc)
            .SetProperty(r => r.TotalTrades, m == null ? null : m.TotalTrades)
            .SetProperty(r => r.WinningTrades, m == null ? null : m.WinningTrades)
            .SetProperty(r => r.LosingTrades, m == null ? null : m.LosingTrades)
            .SetProperty(r => r.WinRatePerc, m == null ? null : m.WinRatePerc)
            .SetProperty(r => r.TotalFees, m == null ? null : m.TotalFees)
            .SetProperty(r => r.AvgProfit, m == null ? null : m.AvgProfit)
            .SetProperty(r => r.Sharpe, m == null || !double.IsFinite(m.Sharpe) ? null : m.Sharpe)
            .SetProperty(r => r.ProfitFactor, m == null || !double.IsFinite(m.ProfitFactor) ? null : m.ProfitFactor),
            cancellationToken);
        _bus.Publish(new BacktestProgressMessage(run.Id, run.OwnerId, status, status == BacktestStatus.Completed ? 1 : 0, 0, 0, null, error));
        return status;
    }

    private sealed record Outcome(BacktestMetrics? Metrics, string Json);

    /// <summary>The core's fraction-done callbacks, turned into processed counts of <paramref name="total"/> (0: a download's fraction).</summary>
    private sealed class Progress(Tracker tracker, long total) : IProgress<double>
    {
        public void Report(double value) => tracker.Report(value, total == 0 ? 0 : (long)Math.Round(value * total));
    }

    /// <summary>Holds a run's latest progress (written from worker threads), publishes it, and saves it about once a second.</summary>
    private sealed class Tracker(BacktestRunner runner, BacktestRun run)
    {
        private readonly Lock _gate = new();
        private long _phaseStart;
        private BacktestStatus _status;
        private double _fraction;
        private long _processed;
        private long _total;
        private int _lastPercent = -1;

        public void Start(BacktestStatus status, long total)
        {
            lock (_gate)
            {
                (_status, _fraction, _processed, _total, _lastPercent) = (status, 0, 0, total, 0);
                _phaseStart = runner._time.GetTimestamp();
            }

            Publish(force: true);
            _ = SaveAsync(CancellationToken.None);
        }

        public void Report(double fraction, long processed)
        {
            lock (_gate)
            {
                _fraction = Math.Max(_fraction, Math.Clamp(fraction, 0, 1));
                _processed = Math.Max(_processed, processed);
            }

            Publish(force: false);
        }

        /// <summary>Saves progress and reads the cancel flag about once a second until <paramref name="work"/> ends.</summary>
        public async Task WatchAsync(Task work, CancellationToken cancellationToken)
        {
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(SaveEvery, runner._time, cancellationToken)).ConfigureAwait(false);
                if (work.IsCompleted || cancellationToken.IsCancellationRequested)
                    break;
                if (await SaveAsync(cancellationToken))
                    runner.TryCancel(run.Id);
            }
        }

        // Once per whole percent: a hundred messages a run, however fast it goes, and the same on a fake clock.
        private void Publish(bool force)
        {
            int percent;
            lock (_gate)
                percent = (int)(_fraction * 100);
            if (!force && Interlocked.Exchange(ref _lastPercent, percent) == percent)
                return;
            runner._bus.Publish(Snapshot());
        }

        private BacktestProgressMessage Snapshot()
        {
            lock (_gate)
            {
                TimeSpan? eta = _fraction is > 0.01 and < 1 ? runner._time.GetElapsedTime(_phaseStart) * ((1 - _fraction) / _fraction) : null;
                return new BacktestProgressMessage(run.Id, run.OwnerId, _status, _fraction, _processed, _total, eta);
            }
        }

        // True when the owner asked to cancel (possibly on another instance).
        private async Task<bool> SaveAsync(CancellationToken cancellationToken)
        {
            var snapshot = Snapshot();
            var now = runner._time.GetUtcNow();
            try
            {
                await using var db = await runner._databases.CreateDbContextAsync(cancellationToken);
                await db.Set<BacktestRun>().Where(r => r.Id == run.Id && r.Status != BacktestStatus.Completed
                        && r.Status != BacktestStatus.Failed && r.Status != BacktestStatus.Cancelled)
                    .ExecuteUpdateAsync(set => set
                        .SetProperty(r => r.Status, snapshot.Status)
                        .SetProperty(r => r.Progress, snapshot.Progress)
                        .SetProperty(r => r.Processed, snapshot.Processed)
                        .SetProperty(r => r.Total, snapshot.Total)
                        .SetProperty(r => r.StartedAt, r => r.StartedAt ?? now), cancellationToken);
                return await db.Set<BacktestRun>().Where(r => r.Id == run.Id).Select(r => r.CancelRequested).FirstOrDefaultAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                runner._logger.LogWarning(e, "Backtest {RunId}: progress could not be saved", run.Id);
                return false;
            }
        }
    }
}

/// <summary>A run that cannot go on, with the reason the trader reads.</summary>
internal sealed class BacktestFailure(string message) : Exception(message);
