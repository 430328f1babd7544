using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Domain.Trading;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;
using TradeBot.Web.Cli;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange.Candles;

namespace TradeBot.Web.Backtests;

/// <summary>A run as the list and the comparison show it (no result document).</summary>
public sealed record BacktestSummary(
    long Id, BacktestKind Kind, BacktestStatus Status, MarketType MarketType, string Symbol, string Interval, string Strategy,
    long FromMs, long ToMs, double Progress, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, string? Error,
    double InitialCapital, double? FinalCapital, double? TotalReturnPerc, double? BuyAndHoldReturnPerc, double? MaxDrawdownPerc,
    int? TotalTrades, double? WinRatePerc, double? TotalFees, double? Sharpe, double? ProfitFactor, long? SourceBotId, long? SweepId);

/// <summary>What a run was asked to do and where it stands; <see cref="Input"/> or <see cref="Sweep"/> by kind.</summary>
public sealed record BacktestDetails(BacktestSummary Summary, BacktestInput Input, SweepInput? Sweep, long Processed, long Total)
{
    /// <summary>The owner (an admin may read another user's run).</summary>
    public string OwnerId { get; init; } = "";
}

/// <summary>The outcome of a create: the new run's id, or the validator's messages (nothing stored).</summary>
public sealed record BacktestCreateResult(long? RunId, IReadOnlyList<SettingsError> Errors)
{
    public bool Succeeded => RunId is not null;
}

/// <summary>
/// Backtests for the pages and the API: create (validated, stored, scheduled), list, read, cancel, delete, run again,
/// and the report's parts and CSV files. Every read and write is scoped to the caller's own runs (admins read all).
/// </summary>
public sealed class BacktestService(
    IDbContextFactory<AppDbContext> databases, BacktestValidator validator, IBacktestScheduler scheduler, BacktestRunner runner,
    BotService bots, CandleStore candleStore, BacktestUploads uploads, TimeProvider time, ILogger<BacktestService> logger)
{
    /// <summary>Validates, stores and schedules a backtest of <paramref name="input"/>.</summary>
    public async Task<BacktestCreateResult> CreateAsync(Caller caller, BacktestInput input, CancellationToken cancellationToken, long? sweepId = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var errors = await ValidateAsync(caller, input, validator.ValidateAsync(input, cancellationToken), cancellationToken);
        if (errors.Count > 0)
            return new BacktestCreateResult(null, errors);
        var stored = input.Clone();
        return new BacktestCreateResult(await StoreAsync(caller, BacktestKind.Single, stored, BacktestJson.Write(stored), sweepId, cancellationToken), []);
    }

    /// <summary>Validates, stores and schedules a parameter sweep.</summary>
    public async Task<BacktestCreateResult> CreateSweepAsync(Caller caller, SweepInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var errors = await ValidateAsync(caller, input.Backtest ?? new(), validator.ValidateAsync(input, cancellationToken), cancellationToken);
        if (errors.Count > 0)
            return new BacktestCreateResult(null, errors);
        var json = BacktestJson.Write(input);
        return new BacktestCreateResult(await StoreAsync(caller, BacktestKind.Sweep, BacktestJson.Read<SweepInput>(json).Backtest, json, null, cancellationToken), []);
    }

    /// <summary>Stores an uploaded Binance kline CSV of the caller's to backtest on (see <see cref="BacktestUploads"/>).</summary>
    public Task<BacktestUploadResult> UploadCandlesAsync(Caller caller, Stream csv, string? fileName, string? interval, CancellationToken cancellationToken) =>
        uploads.UploadAsync(caller, csv, fileName, interval, cancellationToken);

    // The validator's findings, plus the upload's: it must be the caller's and read with the run's interval.
    private async Task<IReadOnlyList<SettingsError>> ValidateAsync(
        Caller caller, BacktestInput input, Task<IReadOnlyList<SettingsError>> validation, CancellationToken cancellationToken)
    {
        var errors = (await validation).ToList();
        if (input.UploadId is not { } uploadId)
            return errors;
        if (await uploads.FindAsync(caller.UserId, uploadId, cancellationToken) is not { } upload)
            errors.Add(new("upload", "No such uploaded file among yours: upload it again."));
        else if (upload.Interval != input.Bot?.Interval)
            errors.Add(new("interval", $"The uploaded file holds {upload.Interval} candles: choose {upload.Interval}."));
        return errors;
    }

    /// <summary>The caller's runs, newest first; an admin's with <paramref name="allUsers"/>: every user's.</summary>
    public async Task<IReadOnlyList<BacktestSummary>> ListAsync(Caller caller, CancellationToken cancellationToken, bool allUsers = false)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var runs = await (allUsers ? Visible(db, caller) : Owned(db, caller)).OrderByDescending(r => r.Id).Select(Summary).ToListAsync(cancellationToken);
        return runs;
    }

    /// <summary>One run of the caller's with its request, or null when it is not theirs or gone.</summary>
    public async Task<BacktestDetails?> GetAsync(Caller caller, long runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var summary = await Visible(db, caller).Where(r => r.Id == runId).Select(Summary).FirstOrDefaultAsync(cancellationToken);
        var row = summary is null ? null : await Visible(db, caller).Where(r => r.Id == runId)
            .Select(r => new { r.InputJson, r.Processed, r.Total, r.OwnerId }).FirstOrDefaultAsync(cancellationToken);
        if (summary is null || row is null)
            return null;
        var sweep = summary.Kind == BacktestKind.Sweep ? BacktestJson.Read<SweepInput>(row.InputJson) : null;
        return new BacktestDetails(summary, sweep?.Backtest ?? BacktestJson.Read<BacktestInput>(row.InputJson), sweep, row.Processed, row.Total)
        {
            OwnerId = row.OwnerId,
        };
    }

    /// <summary>A completed single run's report (the CLI's RESULT.json), or null.</summary>
    public async Task<BacktestResultJson?> ReportAsync(Caller caller, long runId, CancellationToken cancellationToken) =>
        await ResultAsync(caller, runId, BacktestKind.Single, cancellationToken) is { } json ? BacktestJson.ReadReport(json) : null;

    /// <summary>A completed sweep's table and walk-forward check, or null.</summary>
    public async Task<SweepResultJson?> SweepResultAsync(Caller caller, long runId, CancellationToken cancellationToken) =>
        await ResultAsync(caller, runId, BacktestKind.Sweep, cancellationToken) is { } json ? BacktestJson.Read<SweepResultJson>(json) : null;

    /// <summary>Asks a run of the caller's to stop; false when it is not theirs or already finished.</summary>
    public async Task<bool> CancelAsync(Caller caller, long runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var changed = await Owned(db, caller).Where(r => r.Id == runId && r.Status != BacktestStatus.Completed
                && r.Status != BacktestStatus.Failed && r.Status != BacktestStatus.Cancelled)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.CancelRequested, true), cancellationToken);
        if (changed == 0)
            return false;
        if (!runner.TryCancel(runId))
        {
            // Not running here: a queued run ends now; one running on another instance sees the flag within a second.
            await db.Set<BacktestRun>().Where(r => r.Id == runId && r.Status == BacktestStatus.Queued)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, BacktestStatus.Cancelled).SetProperty(r => r.FinishedAt, time.GetUtcNow()), cancellationToken);
        }

        logger.LogInformation("Backtest {RunId} cancel asked by {UserId}", runId, caller.UserId);
        return true;
    }

    /// <summary>Deletes a finished run of the caller's; false when it is not theirs, gone, or still running (cancel it first).</summary>
    public async Task<bool> DeleteAsync(Caller caller, long runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await Owned(db, caller).Where(r => r.Id == runId && (r.Status == BacktestStatus.Completed
                || r.Status == BacktestStatus.Failed || r.Status == BacktestStatus.Cancelled))
            .ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>Runs a run of the caller's again with the same request; null when it is not theirs.</summary>
    public async Task<BacktestCreateResult?> RunAgainAsync(Caller caller, long runId, CancellationToken cancellationToken)
    {
        if (await GetAsync(caller, runId, cancellationToken) is not { } run)
            return null;
        return run.Sweep is { } sweep ? await CreateSweepAsync(caller, sweep, cancellationToken) : await CreateAsync(caller, run.Input, cancellationToken);
    }

    /// <summary>A full backtest of one set of a sweep of the caller's (its parameters over the whole range); null when not theirs.</summary>
    public async Task<BacktestCreateResult?> OpenSweepSetAsync(
        Caller caller, long sweepId, IReadOnlyDictionary<string, double> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (await GetAsync(caller, sweepId, cancellationToken) is not { Sweep: not null } sweep)
            return null;
        var input = sweep.Input.Clone();
        foreach (var (name, value) in parameters)
            Apply(input.Bot, name, value);
        return await CreateAsync(caller, input, cancellationToken, sweepId);
    }

    /// <summary>The backtest form for one of the caller's bots (its current settings over the last 90 days); null when not theirs.</summary>
    public async Task<BacktestInput?> InputFromBotAsync(Caller caller, long botId, CancellationToken cancellationToken)
    {
        if (await bots.GetAsync(caller, botId, cancellationToken) is not { } bot)
            return null;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return new BacktestInput { Bot = BotInput.From(bot.Config), From = today.AddDays(-90), To = today, SourceBotId = botId };
    }

    /// <summary>The report's price chart of <paramref name="run"/> (read with <see cref="GetAsync"/>): stored candles only, no download.</summary>
    public async Task<BacktestChart> ChartAsync(BacktestDetails run, BacktestResultJson report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var summary = run.Summary;
        var interval = Interval.Parse(summary.Interval);
        var fromMs = Math.Max(summary.FromMs, summary.ToMs - interval.DurationMs * BacktestReportView.ChartCandles);
        var candles = run.Input.UploadId is { } uploadId
            ? await uploads.ReadAsync(run.OwnerId, uploadId, fromMs, summary.ToMs, cancellationToken) ?? []
            : await candleStore.ReadAsync(summary.MarketType, summary.Symbol, interval, fromMs, summary.ToMs, cancellationToken);
        var chart = BacktestReportView.Chart(candles, run.Input.Bot.StrategyParameters ?? [], report);
        return chart with { IsCut = fromMs > summary.FromMs };
    }

    /// <summary>The caller's bots to start a backtest from: (id, name), by name.</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> BotChoicesAsync(Caller caller, CancellationToken cancellationToken) =>
        [.. (await bots.ListAsync(caller, cancellationToken)).Where(b => b.Config.OwnerId == caller.UserId)
            .Select(b => (b.Config.Id, b.Config.Name)).OrderBy(b => b.Name, StringComparer.CurrentCultureIgnoreCase)];

    /// <summary>The trades of a completed run as CSV, or null.</summary>
    public async Task<string?> TradesCsvAsync(Caller caller, long runId, CancellationToken cancellationToken)
    {
        if (await ReportAsync(caller, runId, cancellationToken) is not { } report)
            return null;
        var csv = new StringBuilder("side,entry_time,entry_price,exit_time,exit_price,quantity,fees,pnl,exit_reason\r\n");
        foreach (var t in report.Trades)
            csv.Append(CultureInfo.InvariantCulture, $"{t.Side},{Time(t.EntryTime)},{t.EntryPrice},{Time(t.ExitTime)},{t.ExitPrice},{t.Quantity},{t.Fees},{t.Pnl},{t.ExitReason}\r\n");
        return csv.ToString();
    }

    /// <summary>The daily results of a completed run as CSV, or null.</summary>
    public async Task<string?> DailyCsvAsync(Caller caller, long runId, CancellationToken cancellationToken)
    {
        if (await ReportAsync(caller, runId, cancellationToken) is not { } report)
            return null;
        var csv = new StringBuilder("date,pnl,trades,end_equity\r\n");
        foreach (var d in report.Daily)
            csv.Append(CultureInfo.InvariantCulture, $"{DateTimeOffset.FromUnixTimeMilliseconds(d.Date):yyyy-MM-dd},{d.Pnl},{d.Trades},{d.EndEquity}\r\n");
        return csv.ToString();
    }

    private static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static void Apply(BotInput input, string name, double value)
    {
        switch (name)
        {
            case "positionSizePerc": input.PositionSizePerc = value; input.PositionSizeFixed = 0; break;
            case "stopLossPerc": input.StopLossPerc = value; input.StopLossEnabled = value > 0; break;
            case "takeProfitPerc": input.TakeProfitPerc = value; input.TakeProfitEnabled = value > 0; break;
            case "trailingStopPerc": input.TrailingStopPerc = value; input.TrailingStopEnabled = value > 0; break;
            case "dailyTargetPerc": input.DailyTargetPerc = value; break;
            case "maxDailyLossPerc": input.MaxDailyLossPerc = value; break;
            case "maxDailyTrades": input.MaxDailyTrades = (int)value; break;
            case "leverage": input.Leverage = (int)value; break;
            default:
                input.StrategyParameters ??= [];
                input.StrategyParameters[name] = value;
                break;
        }
    }

    private async Task<string?> ResultAsync(Caller caller, long runId, BacktestKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await Visible(db, caller).Where(r => r.Id == runId && r.Kind == kind && r.Status == BacktestStatus.Completed)
            .Select(r => r.ResultJson).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<long> StoreAsync(
        Caller caller, BacktestKind kind, BacktestInput input, string inputJson, long? sweepId, CancellationToken cancellationToken)
    {
        var (fromMs, toMs) = input.RangeMs();
        var run = new BacktestRun
        {
            OwnerId = caller.UserId, Kind = kind, Status = BacktestStatus.Queued, MarketType = input.Bot.MarketType,
            Symbol = input.Bot.Symbol!.Trim().ToUpperInvariant(), Interval = input.Bot.Interval!, Strategy = input.Bot.Strategy!,
            FromMs = fromMs, ToMs = toMs, InputJson = inputJson, SourceBotId = input.SourceBotId, SweepId = sweepId,
            CreatedAt = time.GetUtcNow(), InitialCapital = input.Bot.InitialCapital,
        };
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            db.Add(run);
            await db.SaveChangesAsync(cancellationToken);
        }

        await scheduler.ScheduleAsync(run.Id, cancellationToken);
        logger.LogInformation("Backtest {RunId} ({Kind}) of {Symbol} {Interval} queued by {UserId}", run.Id, kind, run.Symbol, run.Interval, caller.UserId);
        return run.Id;
    }

    // An admin reads every user's runs (support); changes are the owner's alone, as with bots.
    private static IQueryable<BacktestRun> Visible(AppDbContext db, Caller caller) =>
        caller.IsAdmin ? db.Set<BacktestRun>().AsNoTracking() : Owned(db, caller);

    private static IQueryable<BacktestRun> Owned(AppDbContext db, Caller caller) =>
        db.Set<BacktestRun>().AsNoTracking().Where(r => r.OwnerId == caller.UserId);

    private static readonly System.Linq.Expressions.Expression<Func<BacktestRun, BacktestSummary>> Summary = r => new BacktestSummary(
        r.Id, r.Kind, r.Status, r.MarketType, r.Symbol, r.Interval, r.Strategy, r.FromMs, r.ToMs, r.Progress, r.CreatedAt, r.FinishedAt,
        r.Error, r.InitialCapital, r.FinalCapital, r.TotalReturnPerc, r.BuyAndHoldReturnPerc, r.MaxDrawdownPerc, r.TotalTrades,
        r.WinRatePerc, r.TotalFees, r.Sharpe, r.ProfitFactor, r.SourceBotId, r.SweepId);
}
