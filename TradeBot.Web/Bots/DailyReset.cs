using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Trading;
using TradeBot.Web.Data;

namespace TradeBot.Web.Bots;

/// <summary>What one run of <see cref="DailyReset"/> changed.</summary>
/// <param name="Rolled">Bots whose daily counters were moved to today.</param>
/// <param name="Resumed">Bots among them that a daily limit had paused and that run again.</param>
public readonly record struct DailyResetResult(int Rolled, int Resumed);

/// <summary>
/// The start of a UTC day (trading-semantics.md section 7): every bot whose daily counters are from an earlier day gets
/// fresh ones (<see cref="TradingEngine.RollDay"/>), and a bot a daily limit paused runs again, with a
/// <see cref="BotEventKind.Resumed"/> event. A bot its user stopped or paused stays so. Each bot changes in its own
/// transaction. Idempotent: a bot already on today is not touched, so it runs at 00:00 UTC and again at startup
/// (the app may have been down over midnight). Once committed, the change is published on the <see cref="BotEventBus"/>
/// (the resume, or a quiet note that today's counters start from zero) so open pages show it.
/// </summary>
public sealed class DailyReset(IDbContextFactory<AppDbContext> databases, BotEventBus bus, TimeProvider time, ILogger<DailyReset> logger)
{
    private const int Attempts = 3;

    /// <summary>Rolls every bot that is not on today's UTC day yet.</summary>
    public async Task<DailyResetResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DailyLimits.UtcDay(now.ToUnixTimeMilliseconds());
        List<long> due;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
            due = await db.Set<BotStateRow>().Where(s => s.DailyDay < today).OrderBy(s => s.BotId).Select(s => s.BotId).ToListAsync(cancellationToken);

        var result = new DailyResetResult();
        foreach (var botId in due)
        {
            if (await RollAsync(botId, today, now, cancellationToken) is { } resumed)
                result = new(result.Rolled + 1, result.Resumed + (resumed ? 1 : 0));
        }
        if (result.Rolled > 0)
            logger.LogInformation("Daily reset for UTC day {Day}: {Rolled} bots rolled, {Resumed} resumed", today, result.Rolled, result.Resumed);
        return result;
    }

    // True when the bot was resumed, false when only its counters rolled, null when it needed nothing (gone, or done already).
    private async Task<bool?> RollAsync(long botId, long today, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var state = await db.Set<BotStateRow>().FirstOrDefaultAsync(s => s.BotId == botId, cancellationToken);
            var config = await db.Set<BotConfig>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == botId, cancellationToken);
            if (state is null || config is null || state.DailyDay >= today)
                return null;

            var dailyPause = state.DailyPause;
            var resume = state.Status == BotStatus.Paused && !state.IsStoppedManually && dailyPause != PauseReason.None;
            var core = BotStateMapper.ToState(state);
            TradingEngine.RollDay(ref core, today * DailyLimits.DayMs);
            BotStateMapper.Apply(state, core, BotStateMapper.ToSettings(config));
            var message = resume
                ? $"Resumed: a new UTC day lifts the daily pause ({dailyPause.ToText()})."
                : "New UTC day: today's PnL and trade count start from zero.";
            if (resume)
            {
                state.Status = state.PositionSide != PositionSide.None ? BotStatus.InPosition : BotStatus.Running;
                BotEvents.Add(db, botId, now, BotEventKind.Resumed, message);
            }
            state.UpdatedAt = now;
            state.Version++;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                continue; // the bot's own check wrote meanwhile: read it again
            }
            if (resume)
                await BotEvents.PruneAsync(db, botId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            bus.Publish(new BotEventMessage(botId, config.OwnerId, now, resume ? BotEventKind.Resumed : BotEventKind.Tick, message, state.Status));
            if (resume)
                logger.LogInformation("Bot {BotId} resumed by the daily reset ({PauseReason} lifted)", botId, dailyPause);
            return resume;
        }
    }
}
