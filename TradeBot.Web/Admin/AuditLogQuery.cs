using Microsoft.EntityFrameworkCore;
using TradeBot.Web.Accounts;
using TradeBot.Web.Data;

namespace TradeBot.Web.Admin;

/// <summary>What to look for in the audit log; every part is optional and they combine with AND.</summary>
/// <param name="From">From this instant on (inclusive).</param>
/// <param name="To">Before this instant (exclusive).</param>
/// <param name="Action">An action (<c>bot.stopped</c>) or a group (<c>bot</c>: every <c>bot.*</c>).</param>
/// <param name="User">Part of an email: lines by that user, or about them (their bots, their account).</param>
/// <param name="ActorId">Lines by this user id.</param>
/// <param name="OwnerId">Lines about this user id.</param>
/// <param name="Text">Part of the details, the target id, the actor's email or the address (any case).</param>
public sealed record AuditFilter(
    DateTimeOffset? From = null, DateTimeOffset? To = null, string? Action = null, string? User = null, string? ActorId = null,
    string? OwnerId = null, string? Text = null);

/// <summary>A page of audit lines, newest first, and how many match in all.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int Total);

/// <summary>Reads the audit log for the admin page: filtered, newest first, paged. Admins only.</summary>
public sealed class AuditLogQuery(IDbContextFactory<AppDbContext> databases)
{
    public const int MaxPageSize = 200;

    public async Task<AuditPage> SearchAsync(Caller caller, AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        AdminAccess.Demand(caller);
        ArgumentNullException.ThrowIfNull(filter);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var lines = db.Set<AuditEntry>().AsNoTracking();
        if (filter.From is { } from)
        {
            var fromMs = from.ToUnixTimeMilliseconds();
            lines = lines.Where(e => e.AtUnixMs >= fromMs);
        }
        if (filter.To is { } to)
        {
            var toMs = to.ToUnixTimeMilliseconds();
            lines = lines.Where(e => e.AtUnixMs < toMs);
        }
        if (Trimmed(filter.Action) is { } action)
        {
            var group = action.TrimEnd('.', '*') + ".";
            lines = lines.Where(e => e.Action == action || e.Action.StartsWith(group));
        }
        if (Trimmed(filter.ActorId) is { } actorId)
            lines = lines.Where(e => e.ActorId == actorId);
        if (Trimmed(filter.OwnerId) is { } ownerId)
            lines = lines.Where(e => e.OwnerId == ownerId);
        if (Trimmed(filter.User) is { } user)
        {
            var normalized = user.ToUpperInvariant();
            var lower = user.ToLowerInvariant();
            // A deleted user's id resolves no more; the email copied into the line still matches.
            var ids = db.Users.Where(u => u.NormalizedEmail != null && u.NormalizedEmail.Contains(normalized)).Select(u => u.Id);
            lines = lines.Where(e => (e.ActorEmail != null && e.ActorEmail.ToLower().Contains(lower))
                || (e.OwnerId != null && ids.Contains(e.OwnerId)) || (e.ActorId != null && ids.Contains(e.ActorId)));
        }
        if (Trimmed(filter.Text) is { } text)
        {
            var lower = text.ToLowerInvariant();
            lines = lines.Where(e => (e.Details != null && e.Details.ToLower().Contains(lower)) || e.TargetId == text
                || (e.ActorEmail != null && e.ActorEmail.ToLower().Contains(lower)) || (e.IpAddress != null && e.IpAddress.Contains(text)));
        }
        var total = await lines.CountAsync(cancellationToken);
        var items = await lines.OrderByDescending(e => e.AtUnixMs).ThenByDescending(e => e.Id)
            .Skip(Math.Max(page, 0) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new AuditPage(items, total);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
