using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TradeBot.Web.Data;

namespace TradeBot.Web.Admin;

/// <summary>
/// One line of the audit log: who did what to which thing, and when. Rows outlive the users they name (no foreign
/// key), so the actor's email is copied in at the time of the action.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>When, as Unix milliseconds (SQLite cannot order or compare <see cref="DateTimeOffset"/> columns).</summary>
    public long AtUnixMs { get; set; }

    /// <summary>The signed-in user who acted; null for an anonymous attempt (a sign-in with an unknown email).</summary>
    public string? ActorId { get; set; }

    public string? ActorEmail { get; set; }

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    /// <summary>What was acted on: <c>user</c>, <c>bot</c>, <c>api-key</c>, ...; null when the action names it.</summary>
    public string? TargetType { get; set; }

    public string? TargetId { get; set; }

    /// <summary>The user whose thing it was (a bot's owner, a locked user), so that "everything about user X" is one filter.</summary>
    public string? OwnerId { get; set; }

    /// <summary>Words for a human, never a secret.</summary>
    public string? Details { get; set; }

    public string? IpAddress { get; set; }

    public DateTimeOffset At => DateTimeOffset.FromUnixTimeMilliseconds(AtUnixMs);
}

/// <summary>The actions the audit log records. Dotted names group them: <c>account.*</c>, <c>bot.*</c>, <c>admin.*</c>.</summary>
public static class AuditActions
{
    public const string SignIn = "account.sign-in";
    public const string SignInFailed = "account.sign-in-failed";
    public const string SignInLockedOut = "account.sign-in-locked-out";
    public const string SignInRefused = "account.sign-in-refused";
    public const string SignOut = "account.sign-out";

    public const string ApiKeyAdded = "api-key.added";
    public const string ApiKeyDeleted = "api-key.deleted";

    public const string BotCreated = "bot.created";
    public const string BotUpdated = "bot.updated";
    public const string BotDeleted = "bot.deleted";
    public const string BotStarted = "bot.started";
    public const string BotStopped = "bot.stopped";
    public const string BotPaused = "bot.paused";
    public const string BotResumed = "bot.resumed";
    public const string BotCloseRequested = "bot.close-requested";

    public const string AdminUserLocked = "admin.user-locked";
    public const string AdminUserUnlocked = "admin.user-unlocked";
    public const string AdminRoleAdded = "admin.role-added";
    public const string AdminRoleRemoved = "admin.role-removed";
    public const string AdminEmailConfirmed = "admin.email-confirmed";
    public const string AdminTwoFactorReset = "admin.two-factor-reset";
    public const string AdminUserDeleted = "admin.user-deleted";

    /// <summary>One line per bot an admin stopped ("stop all bots", "stop this user's bots").</summary>
    public const string AdminBotStopped = "admin.bot-stopped";

    /// <summary>One line per bot deleted with its user.</summary>
    public const string AdminBotDeleted = "admin.bot-deleted";

    /// <summary>The groups the audit page filters by: the part before the dot.</summary>
    public static readonly IReadOnlyList<string> Groups = ["account", "admin", "api-key", "bot"];
}

/// <summary>What to record; see <see cref="AuditEntry"/> for the fields.</summary>
public sealed record AuditRecord(
    string? ActorId, string Action, string? TargetType = null, string? TargetId = null, string? OwnerId = null, string? Details = null,
    string? IpAddress = null);

/// <summary>
/// Writes the audit log. <see cref="AddAsync"/> stages an entry in the caller's unit of work, so that it commits with the
/// change it describes (a stopped bot and its "bot.stopped" line, or neither); <see cref="RecordAsync"/> writes one on
/// its own, for actions with no row of ours to commit with (a sign-in attempt). Reading is the admin pages' business.
/// </summary>
public sealed class AuditLog(IDbContextFactory<AppDbContext> databases, TimeProvider time, ILogger<AuditLog> logger)
{
    public const int ActionMaxLength = 64;
    public const int IdMaxLength = 450;
    public const int EmailMaxLength = 256;
    public const int DetailsMaxLength = 1000;
    public const int IpMaxLength = 64;

    /// <summary>Adds the entry to <paramref name="db"/>; it is written by the caller's next SaveChanges.</summary>
    public async Task AddAsync(AppDbContext db, AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(record);
        db.Add(await EntryAsync(db, record, cancellationToken));
    }

    /// <summary>Writes the entry now. A failure is logged, never thrown: an audit write must not break a sign-in.</summary>
    public async Task RecordAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            db.Add(await EntryAsync(db, record, cancellationToken));
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
        {
            logger.LogError(e, "Audit entry {Action} by {ActorId} could not be written", record.Action, record.ActorId);
        }
    }

    private async Task<AuditEntry> EntryAsync(AppDbContext db, AuditRecord record, CancellationToken cancellationToken)
    {
        var email = record.ActorId is null ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == record.ActorId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        return new AuditEntry
        {
            AtUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
            ActorId = record.ActorId,
            ActorEmail = Cut(email, EmailMaxLength),
            Action = Cut(record.Action, ActionMaxLength)!,
            TargetType = Cut(record.TargetType, ActionMaxLength),
            TargetId = Cut(record.TargetId, IdMaxLength),
            OwnerId = Cut(record.OwnerId, IdMaxLength),
            Details = Cut(record.Details, DetailsMaxLength),
            IpAddress = Cut(record.IpAddress, IpMaxLength),
        };
    }

    private static string? Cut(string? text, int length) => text is null || text.Length <= length ? text : text[..(length - 1)] + "…";
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(e => e.Id);
        builder.Ignore(e => e.At);
        builder.Property(e => e.ActorId).HasMaxLength(AuditLog.IdMaxLength);
        builder.Property(e => e.ActorEmail).HasMaxLength(AuditLog.EmailMaxLength);
        builder.Property(e => e.Action).HasMaxLength(AuditLog.ActionMaxLength);
        builder.Property(e => e.TargetType).HasMaxLength(AuditLog.ActionMaxLength);
        builder.Property(e => e.TargetId).HasMaxLength(AuditLog.IdMaxLength);
        builder.Property(e => e.OwnerId).HasMaxLength(AuditLog.IdMaxLength);
        builder.Property(e => e.Details).HasMaxLength(AuditLog.DetailsMaxLength);
        builder.Property(e => e.IpAddress).HasMaxLength(AuditLog.IpMaxLength);
        // The admin page's questions: newest first, by time range, by actor, by user concerned, by action.
        builder.HasIndex(e => e.AtUnixMs);
        builder.HasIndex(e => e.ActorId);
        builder.HasIndex(e => e.OwnerId);
        builder.HasIndex(e => e.Action);
    }
}
