using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Trading;
using TradeBot.Web.Accounts;
using TradeBot.Web.Admin;
using TradeBot.Web.Data;

namespace TradeBot.Web.Bots;

/// <summary>The admin's emergency stop: the only way to change another user's bot.</summary>
public sealed partial class BotService
{
    /// <summary>Message of the event a stopped bot's owner sees in its log.</summary>
    public const string StoppedByAdminMessage = "Stopped by an admin.";

    // A running bot's checks write its state too: a stop that loses to one tries again with the fresh row.
    private const int AdminStopAttempts = 5;

    /// <summary>
    /// Stops every bot that is not stopped (only <paramref name="ownerId"/>'s when given), as its owner's stop does: the
    /// same state change and event (<see cref="StoppedByAdminMessage"/>), unscheduled, announced on the bus, one audit
    /// line per bot with the admin as actor and the owner as the user concerned. A bot in a position stays in it,
    /// unwatched. Returns how many were stopped. Refuses anyone but an admin.
    /// </summary>
    public async Task<int> StopAllAsync(Caller admin, string? ownerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        if (!admin.IsAdmin)
            throw new UnauthorizedAccessException("Only an admin may stop other users' bots.");
        List<long> ids;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            ids = await db.Set<BotConfig>().AsNoTracking()
                .Where(b => ownerId == null || b.OwnerId == ownerId)
                .Join(db.Set<BotStateRow>().AsNoTracking().Where(s => s.Status != BotStatus.Stopped), b => b.Id, s => s.BotId, (b, s) => b.Id)
                .OrderBy(id => id).ToListAsync(cancellationToken);
        }
        var stopped = 0;
        foreach (var botId in ids)
        {
            if (await StopByAdminAsync(admin, botId, cancellationToken))
                stopped++;
        }
        logger.LogWarning("Admin {UserId} stopped {Count} bots ({Scope})", admin.UserId, stopped, ownerId is null ? "all users" : $"user {ownerId}");
        return stopped;
    }

    // True when this call stopped it; false when it was stopped or deleted meanwhile.
    private async Task<bool> StopByAdminAsync(Caller admin, long botId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var config = await db.Set<BotConfig>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == botId, cancellationToken);
            var state = await db.Set<BotStateRow>().FirstOrDefaultAsync(s => s.BotId == botId, cancellationToken);
            if (config is null || state is null || state.Status == BotStatus.Stopped)
                return false;

            var now = time.GetUtcNow();
            var position = (state.PositionSide == PositionSide.None ? "" : $" The {state.PositionSide.ToString().ToLowerInvariant()} position stays open, unwatched.")
                + (state.PendingClientOrderId is null ? "" : " An order awaits its outcome: it is booked when the bot is started again.");
            Hold(state, BotStatus.Stopped);
            state.UpdatedAt = now;
            state.Version++;
            BotEvents.Add(db, botId, now, BotEventKind.Stopped, StoppedByAdminMessage + position);
            await audit.AddAsync(db, Audit(admin, AuditActions.AdminBotStopped, config, $"{config.Name}: stopped by an admin.{position}"), cancellationToken);
            if (!await TrySaveAsync(db, botId, cancellationToken))
            {
                if (attempt < AdminStopAttempts)
                    continue;
                throw new InvalidOperationException($"Bot {botId} kept changing; it was not stopped.");
            }
            bus.Publish(new BotEventMessage(botId, config.OwnerId, now, BotEventKind.Stopped, StoppedByAdminMessage + position, BotStatus.Stopped));
            await scheduler.UnscheduleAsync(botId, cancellationToken);
            logger.LogInformation("Bot {BotId} of user {OwnerId} stopped by admin {UserId}", botId, config.OwnerId, admin.UserId);
            return true;
        }
    }
}
