using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;

namespace TradeBot.Web.Notifications;

/// <summary>
/// Writes each user's daily summary to the outbox once per local day, at the first pass at or after their chosen hour in
/// their time zone. The summary and the "written for this date" mark are saved together, so it is written once.
/// </summary>
public sealed class DailySummaries(IDbContextFactory<AppDbContext> databases, NotificationPreferences preferences, TimeProvider time, ILogger<DailySummaries> logger)
{
    /// <summary>Writes the summaries due now; returns how many.</summary>
    public async Task<int> WriteDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var wanted = await db.Set<NotificationSettingsRow>().AsNoTracking()
            .Where(s => (s.EmailEvents & NotificationEvent.DailySummary) != 0 || (s.WebhookEvents & NotificationEvent.DailySummary) != 0)
            .ToListAsync(cancellationToken);
        var written = 0;
        foreach (var settings in wanted)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(settings.TimeZone, out var zone))
                continue;
            var local = TimeZoneInfo.ConvertTime(now, zone);
            var date = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (local.Hour < settings.SummaryHour || settings.LastSummaryDate == date || preferences.For(settings.UserId) is not { } choices)
                continue;
            if (await WriteAsync(db, settings, date, choices, now, cancellationToken))
                written++;
        }

        if (written > 0)
            logger.LogInformation("Daily summaries written: {Count}", written);
        return written;
    }

    // The date mark is claimed with a conditional update in the summary's transaction: when two instances get here at
    // once, one claims it and writes the summary, the other updates nothing and writes nothing.
    private static async Task<bool> WriteAsync(
        AppDbContext db, NotificationSettingsRow settings, string date, UserNotificationChoices choices, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.Set<NotificationSettingsRow>()
            .Where(s => s.UserId == settings.UserId && s.LastSummaryDate == settings.LastSummaryDate)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastSummaryDate, date), cancellationToken);
        if (claimed != 1)
            return false;
        var (pnl, fills) = await LastDayAsync(db, settings.UserId, now, cancellationToken);
        NotificationOutbox.Add(db, settings.UserId, choices, NotificationEvent.DailySummary, new NotificationFacts { At = now, DayPnl = pnl, DayFills = fills });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<(decimal Pnl, int Fills)> LastDayAsync(AppDbContext db, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var bots = db.Set<BotConfig>().Where(b => b.OwnerId == userId).Select(b => b.Id);
        // Newest first and cut in memory: SQLite cannot compare DateTimeOffset columns in SQL.
        var recent = await db.Set<Trade>().AsNoTracking().Where(t => bots.Contains(t.BotId)).OrderByDescending(t => t.Id).Take(5000)
            .Select(t => new { t.ExecutedAt, t.RealizedPnl }).ToListAsync(cancellationToken);
        var day = recent.Where(t => t.ExecutedAt > now.AddDays(-1)).ToList();
        return (day.Sum(t => t.RealizedPnl ?? 0m), day.Count);
    }
}
