using Microsoft.EntityFrameworkCore;
using TradeBot.Web.Data;

namespace TradeBot.Web.Bots;

/// <summary>Writes a bot's event log inside the caller's unit of work, keeping the newest <see cref="KeepPerBot"/>.</summary>
public static class BotEvents
{
    /// <summary>Events kept per bot.</summary>
    public const int KeepPerBot = 500;

    /// <summary>Longest stored message.</summary>
    public const int MessageMaxLength = 1000;

    /// <summary>Adds an event to <paramref name="db"/>; it is saved by the caller's SaveChanges, with the change it records.</summary>
    public static BotEvent Add(AppDbContext db, long botId, DateTimeOffset at, BotEventKind kind, string message, string? data = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = new BotEvent
        {
            BotId = botId, At = at, Kind = kind, Data = data,
            Message = message.Length <= MessageMaxLength ? message : message[..MessageMaxLength],
        };
        db.Set<BotEvent>().Add(row);
        return row;
    }

    /// <summary>Deletes a bot's events older than the newest <see cref="KeepPerBot"/> (call inside the write's transaction).</summary>
    public static async Task PruneAsync(AppDbContext db, long botId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var events = db.Set<BotEvent>().Where(e => e.BotId == botId);
        var oldestKept = await events.OrderByDescending(e => e.Id).Skip(KeepPerBot - 1).Select(e => (long?)e.Id).FirstOrDefaultAsync(cancellationToken);
        if (oldestKept is { } cutoff)
            await events.Where(e => e.Id < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
