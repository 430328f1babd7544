using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Market;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Trading;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;

namespace TradeBot.Web.Admin;

/// <summary>One bot on the admin's bots page: whose it is, what it trades, how it is doing (the traders' figures).</summary>
public sealed record AdminBotRow(
    long Id, string OwnerId, string OwnerEmail, string Name, ExchangeMode Mode, MarketType Market, string Symbol, string Interval,
    BotStatus Status, PauseReason PauseReason, string? LastError, PositionSide PositionSide, double TodayPnl, decimal TotalPnl)
{
    /// <summary>Scheduled (anything but stopped): what "stop all" stops.</summary>
    public bool IsActive => Status != BotStatus.Stopped;
}

/// <summary>
/// Every user's bots, read-only, and the emergency stops. PnL as the traders' pages count it: today's realised PnL of
/// the current UTC day, and the sum of every closing fill. Admins only.
/// </summary>
public sealed class AdminBotService(IDbContextFactory<AppDbContext> databases, BotService bots, TimeProvider time)
{
    /// <summary>Every bot (only <paramref name="ownerId"/>'s when given), by owner email then id.</summary>
    public async Task<IReadOnlyList<AdminBotRow>> ListAsync(Caller caller, string? ownerId, CancellationToken cancellationToken)
    {
        AdminAccess.Demand(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<BotConfig>().AsNoTracking()
            .Where(b => ownerId == null || b.OwnerId == ownerId)
            .Join(db.Set<BotStateRow>().AsNoTracking(), b => b.Id, s => s.BotId, (b, s) => new { Config = b, State = s })
            .Join(db.Users.AsNoTracking(), p => p.Config.OwnerId, u => u.Id, (p, u) => new { p.Config, p.State, u.Email })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Config.Id).ToList();
        // Summed here: SQLite cannot sum a decimal column.
        var closes = await db.Set<Trade>().AsNoTracking().Where(t => ids.Contains(t.BotId) && t.RealizedPnl != null)
            .Select(t => new { t.BotId, Pnl = t.RealizedPnl!.Value }).ToListAsync(cancellationToken);
        var totals = closes.GroupBy(c => c.BotId).ToDictionary(g => g.Key, g => g.Sum(c => c.Pnl));
        var today = DailyLimits.UtcDay(time.GetUtcNow().ToUnixTimeMilliseconds());
        return rows.OrderBy(r => r.Email, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Config.Id)
            .Select(r => new AdminBotRow(
                r.Config.Id, r.Config.OwnerId, r.Email ?? "", r.Config.Name, r.Config.ExchangeMode, r.Config.MarketType, r.Config.Symbol,
                r.Config.Interval, r.State.Status, r.State.PauseReason, r.State.LastError, r.State.PositionSide,
                r.State.DailyDay == today ? r.State.DailyPnl : 0, totals.GetValueOrDefault(r.Config.Id)))
            .ToList();
    }

    /// <summary>
    /// Stops every active bot (of <paramref name="ownerId"/> when given); see <see cref="BotService.StopAllAsync"/>. The
    /// caller must still be an admin in the database (<see cref="UnauthorizedAccessException"/> otherwise).
    /// </summary>
    public async Task<int> StopAllAsync(Caller caller, string? ownerId, CancellationToken cancellationToken)
    {
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
            await AdminAccess.DemandInDatabaseAsync(caller, db, cancellationToken);
        return await bots.StopAllAsync(caller, ownerId, cancellationToken);
    }
}
