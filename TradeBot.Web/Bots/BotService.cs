using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Trading;
using TradeBot.Web.Accounts;
using TradeBot.Web.Admin;
using TradeBot.Web.Bots.Runner;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange.Paper;

namespace TradeBot.Web.Bots;

/// <summary>
/// A user's bots: create, edit, delete, read, and start/stop/pause/resume. Every query is scoped to the caller
/// (admins may read every bot, but change only their own): another user's bot is "not found", never its data. Each
/// write that changes a bot adds a <see cref="BotEvent"/> in the same transaction. Edits of a running bot apply at its
/// next check; its symbol or market type change only while it is flat. Each change is in the audit log, in the same
/// transaction.
/// </summary>
public sealed partial class BotService(
    IDbContextFactory<AppDbContext> databases, BotValidator validator, IBotScheduler scheduler, BotEventBus bus, AuditLog audit,
    TimeProvider time, ILogger<BotService> logger)
{
    private const string ChangedElsewhere = "The bot was changed elsewhere meanwhile; reload it and try again.";

    /// <summary>Validates <paramref name="input"/> and stores a new, stopped bot of the caller.</summary>
    public async Task<BotResult> CreateAsync(Caller caller, BotInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var errors = await validator.ValidateAsync(caller, input, botId: null, cancellationToken);
        if (errors.Count > 0)
            return BotResult.Failed(errors);

        var now = time.GetUtcNow();
        var config = new BotConfig { OwnerId = caller.UserId, Name = "", Symbol = "", Interval = "", Strategy = "", CreatedAt = now, UpdatedAt = now, Version = 1 };
        input.ApplyTo(config);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(config);
        await db.SaveChangesAsync(cancellationToken);
        var state = BotStateMapper.NewRow(config.Id, config.InitialCapital, now);
        db.Add(state);
        BotEvents.Add(db, config.Id, now, BotEventKind.Created,
            $"Created: {config.ExchangeMode} {config.MarketType} {config.Symbol} {config.Interval}, strategy {config.Strategy}.");
        await audit.AddAsync(db, Audit(caller, AuditActions.BotCreated, config, $"{config.Name}: {config.ExchangeMode} {config.MarketType} {config.Symbol}"), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Bot {BotId} created by user {UserId} ({Symbol}, {ExchangeMode})", config.Id, caller.UserId, config.Symbol, config.ExchangeMode);
        return BotResult.Ok(new BotDetails(config, state));
    }

    /// <summary>Validates and stores new settings for one of the caller's bots; a running bot uses them from its next check.</summary>
    public async Task<BotResult> UpdateAsync(Caller caller, long botId, BotInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var config = await db.Set<BotConfig>().FirstOrDefaultAsync(b => b.Id == botId && b.OwnerId == caller.UserId, cancellationToken);
        if (config is null)
            return BotResult.NotFound;
        if (input.Version is { } version && version != config.Version)
            return BotResult.Failed("version", ChangedElsewhere);
        var errors = await validator.ValidateAsync(caller, input, botId, cancellationToken);
        if (errors.Count > 0)
            return BotResult.Failed(errors);

        var state = await db.Set<BotStateRow>().FirstAsync(s => s.BotId == botId, cancellationToken);
        if (input.VenueChanges(config).Count > 0)
        {
            // A check may have entered since the validator looked; and bumping the state's version makes a check that
            // enters from here on fail its save before it sends, or this save fail if it was first.
            if (BotValidator.VenueRefusals(config, state, input).ToList() is { Count: > 0 } refusals)
                return BotResult.Failed(refusals);
            state.Version++;
        }
        var now = time.GetUtcNow();
        input.ApplyTo(config);
        config.Version++;
        config.UpdatedAt = now;
        BotEvents.Add(db, botId, now, BotEventKind.Updated,
            IsScheduled(state.Status) ? "Settings changed; they apply at the next check." : "Settings changed.");
        await audit.AddAsync(db, Audit(caller, AuditActions.BotUpdated, config, $"{config.Name}: version {config.Version}"), cancellationToken);
        if (!await TrySaveAsync(db, botId, cancellationToken))
            return BotResult.Failed("version", ChangedElsewhere);
        if (IsScheduled(state.Status))
            await scheduler.ScheduleAsync(botId, TimeSpan.FromSeconds(config.CheckIntervalSeconds), cancellationToken);
        logger.LogInformation("Bot {BotId} settings changed by user {UserId}", botId, caller.UserId);
        return BotResult.Ok(new BotDetails(config, state));
    }

    /// <summary>
    /// Deletes one of the caller's stopped bots with its trades, events and paper wallet, unless it holds a position. Only
    /// a stopped bot: a running one could enter a position between the check and the delete.
    /// </summary>
    public async Task<BotDeleteOutcome> DeleteAsync(Caller caller, long botId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var config = await db.Set<BotConfig>().FirstOrDefaultAsync(b => b.Id == botId && b.OwnerId == caller.UserId, cancellationToken);
        if (config is null)
            return BotDeleteOutcome.NotFound;
        var state = await db.Set<BotStateRow>().AsNoTracking().FirstAsync(s => s.BotId == botId, cancellationToken);
        if (state.Status != BotStatus.Stopped)
            return BotDeleteOutcome.Running;
        // An order sent but not yet booked may hold a position the state does not show yet.
        if (state.PositionSide != PositionSide.None || state.PendingClientOrderId is not null)
            return BotDeleteOutcome.InPosition;
        db.Remove(config);
        await RemovePaperWalletsAsync(db, [botId], cancellationToken);
        await audit.AddAsync(db, Audit(caller, AuditActions.BotDeleted, config, $"{config.Name}: {config.ExchangeMode} {config.MarketType} {config.Symbol}"), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await scheduler.UnscheduleAsync(botId, cancellationToken);
        logger.LogInformation("Bot {BotId} deleted by user {UserId}", botId, caller.UserId);
        return BotDeleteOutcome.Deleted;
    }

    /// <summary>
    /// Stages the removal of the bots' paper wallets (balances, orders, positions and fills go by cascade) in
    /// <paramref name="db"/>, to be saved with the bots' own removal. A stopped bot with no order pending writes to its
    /// wallet no more: a check that began before the stop fails to save its pending order against the stop's version.
    /// </summary>
    internal static async Task RemovePaperWalletsAsync(AppDbContext db, IReadOnlyCollection<long> botIds, CancellationToken cancellationToken)
    {
        var walletIds = botIds.Select(BotVenues.PaperWalletId).ToList();
        db.RemoveRange(await db.Set<PaperWallet>().Where(w => walletIds.Contains(w.Id)).ToListAsync(cancellationToken));
    }

    /// <summary>One bot the caller may see (their own; any for an admin), or null.</summary>
    public async Task<BotDetails?> GetAsync(Caller caller, long botId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await Visible(db, caller, allUsers: true).Where(d => d.Config.Id == botId)
            .Select(d => new BotDetails(d.Config, d.State)).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The caller's bots, oldest first; with <paramref name="allUsers"/>, an admin gets every user's.</summary>
    public async Task<IReadOnlyList<BotDetails>> ListAsync(Caller caller, CancellationToken cancellationToken, bool allUsers = false)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await Visible(db, caller, allUsers).OrderBy(d => d.Config.Id)
            .Select(d => new BotDetails(d.Config, d.State)).ToListAsync(cancellationToken);
    }

    /// <summary>Starts a stopped bot after checking its settings again (a Live bot needs <c>Trading:LiveEnabled</c>).</summary>
    public Task<BotResult> StartAsync(Caller caller, long botId, CancellationToken cancellationToken) =>
        TransitionAsync(caller, botId, BotEventKind.Started, AuditActions.BotStarted, cancellationToken,
            state => state.Status == BotStatus.Stopped ? null : "The bot is already running.",
            Resume,
            recheck: true);

    /// <summary>
    /// Stops a bot: it is unscheduled and the daily reset never starts it again. Refused while an order awaits its
    /// outcome: only a check books it, and a stopped bot has none (a check that saves an order after this one read the
    /// state makes this save fail, so the order is seen).
    /// </summary>
    public Task<BotResult> StopAsync(Caller caller, long botId, CancellationToken cancellationToken) =>
        TransitionAsync(caller, botId, BotEventKind.Stopped, AuditActions.BotStopped, cancellationToken,
            state => state.Status == BotStatus.Stopped ? "The bot is already stopped."
                : state.PendingClientOrderId is not null ? PendingOrderStopRefusal : null,
            state => Hold(state, BotStatus.Stopped));

    /// <summary>Why a bot whose order awaits its outcome is not stopped.</summary>
    public const string PendingOrderStopRefusal =
        "An order of this bot awaits its outcome, and only a check can book it: stop after the next check has, or pause the bot now (no new entries).";

    /// <summary>Pauses a running bot: no new entries until resumed; protective exits keep working.</summary>
    public Task<BotResult> PauseAsync(Caller caller, long botId, CancellationToken cancellationToken) =>
        TransitionAsync(caller, botId, BotEventKind.Paused, AuditActions.BotPaused, cancellationToken,
            state => state.Status == BotStatus.Stopped ? "The bot is stopped; start it first."
                : state.IsStoppedManually ? "The bot is already paused." : null,
            state => Hold(state, BotStatus.Paused));

    /// <summary>
    /// Resumes a bot the user paused (a daily-limit pause still lasts until 00:00 UTC), checking its settings again as
    /// a start does: the server's switches or the key may have changed meanwhile.
    /// </summary>
    public Task<BotResult> ResumeAsync(Caller caller, long botId, CancellationToken cancellationToken) =>
        TransitionAsync(caller, botId, BotEventKind.Resumed, AuditActions.BotResumed, cancellationToken,
            state => state.Status == BotStatus.Paused && state.IsStoppedManually ? null : "The bot is not paused by you.",
            Resume,
            recheck: true);

    /// <summary>
    /// Asks the bot to close its position at market at its next check, and pauses it (no new entries) so it stays flat; a
    /// stopped bot is scheduled for that check and stays paused afterwards. The close is booked like any exit, with exit
    /// reason <c>manual</c>.
    /// </summary>
    public Task<BotResult> ClosePositionAsync(Caller caller, long botId, CancellationToken cancellationToken) =>
        TransitionAsync(caller, botId, BotEventKind.Paused, AuditActions.BotCloseRequested, cancellationToken,
            state => state.PositionSide == PositionSide.None && state.PendingClientOrderId is null ? "The bot holds no position."
                : state.CloseRequestedAt is not null ? "A close is already asked for; it happens at the next check." : null,
            state =>
            {
                state.CloseRequestedAt = time.GetUtcNow();
                Hold(state, BotStatus.Paused);
            },
            message: "Close asked for: the position is closed at market at the next check; no new entries until resumed.");

    private async Task<BotResult> TransitionAsync(
        Caller caller, long botId, BotEventKind kind, string auditAction, CancellationToken cancellationToken,
        Func<BotStateRow, string?> refusal, Action<BotStateRow> apply, bool recheck = false, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var config = await db.Set<BotConfig>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == botId && b.OwnerId == caller.UserId, cancellationToken);
        if (config is null)
            return BotResult.NotFound;
        var state = await db.Set<BotStateRow>().FirstAsync(s => s.BotId == botId, cancellationToken);
        if (refusal(state) is { } reason)
            return BotResult.Failed("status", reason);
        if (recheck && await validator.ValidateAsync(caller, BotInput.From(config), botId, cancellationToken) is { Count: > 0 } errors)
            return BotResult.Failed(errors);

        var now = time.GetUtcNow();
        apply(state);
        state.UpdatedAt = now;
        state.Version++;
        var text = message ?? $"{kind}: status {state.Status}.";
        BotEvents.Add(db, botId, now, kind, text);
        await audit.AddAsync(db, Audit(caller, auditAction, config, $"{config.Name}: status {state.Status}"), cancellationToken);
        if (!await TrySaveAsync(db, botId, cancellationToken))
            return BotResult.Failed("status", ChangedElsewhere);
        bus.Publish(new BotEventMessage(botId, config.OwnerId, now, kind, text, state.Status)); // other open pages of the bot follow

        if (IsScheduled(state.Status))
            await scheduler.ScheduleAsync(botId, TimeSpan.FromSeconds(config.CheckIntervalSeconds), cancellationToken);
        else
            await scheduler.UnscheduleAsync(botId, cancellationToken);
        logger.LogInformation("Bot {BotId} {Transition} by user {UserId}: {Status}", botId, kind, caller.UserId, state.Status);
        return BotResult.Ok(new BotDetails(config, state));
    }

    private static AuditRecord Audit(Caller caller, string action, BotConfig config, string details) =>
        new(caller.UserId, action, "bot", config.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), config.OwnerId, details);

    private static void Resume(BotStateRow state)
    {
        state.IsStoppedManually = false;
        state.PauseReason = state.DailyPause;
        state.Status = state.DailyPause != PauseReason.None ? BotStatus.Paused
            : state.PositionSide != PositionSide.None ? BotStatus.InPosition
            : BotStatus.Running;
    }

    private static void Hold(BotStateRow state, BotStatus status)
    {
        state.IsStoppedManually = true;
        state.PauseReason = PauseReason.ManualStop;
        state.Status = status;
    }

    private static bool IsScheduled(BotStatus status) => status != BotStatus.Stopped;

    // The change and its event commit together; pruning the log is part of the same transaction.
    private static async Task<bool> TrySaveAsync(AppDbContext db, long botId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
        await BotEvents.PruneAsync(db, botId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static IQueryable<BotPair> Visible(AppDbContext db, Caller caller, bool allUsers)
    {
        var bots = db.Set<BotConfig>().AsNoTracking();
        if (!(allUsers && caller.IsAdmin))
            bots = bots.Where(b => b.OwnerId == caller.UserId);
        return bots.Join(db.Set<BotStateRow>().AsNoTracking(), b => b.Id, s => s.BotId, (b, s) => new BotPair { Config = b, State = s });
    }

    // A member-init pair EF can filter and order on (a record's constructor it cannot see through).
    private sealed class BotPair
    {
        public required BotConfig Config { get; init; }

        public required BotStateRow State { get; init; }
    }
}
