using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Trading;
using TradeBot.Web.Accounts;
using TradeBot.Web.Admin;
using TradeBot.Web.Data;

namespace TradeBot.Web.Api;

/// <summary>What the token page sends to create a token.</summary>
public sealed class ApiTokenInput
{
    public string? Name { get; set; }

    public ApiScopes Scopes { get; set; } = ApiScopes.Read;

    /// <summary>Days until it expires; null or 0 for never.</summary>
    public int? ExpiresInDays { get; set; } = 90;
}

/// <summary>A token as its owner's list shows it (never the token itself).</summary>
public sealed record ApiTokenSummary(
    long Id, string Name, string Prefix, ApiScopes Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>Usable now: not revoked and not expired at <paramref name="now"/>.</summary>
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is not { } expires || expires > now);
}

/// <summary>The outcome of a create: the token (its only appearance in plaintext) and its summary, or field errors.</summary>
public sealed record ApiTokenCreateResult(string? Token, ApiTokenSummary? Summary, IReadOnlyList<SettingsError> Errors)
{
    public bool Succeeded => Token is not null;
}

/// <summary>Who a valid token speaks for.</summary>
public sealed record ApiTokenOwner(long TokenId, string UserId, ApiScopes Scopes);

/// <summary>
/// Personal access tokens for <c>/api/v1</c>: create (shown once; only its SHA-256 hash is stored), list, revoke, and
/// check a presented token. Every query is scoped to the caller; another user's token is "not found", for admins too.
/// </summary>
public sealed class ApiTokenService(
    IDbContextFactory<AppDbContext> databases, AuditLog audit, TimeProvider time, ILogger<ApiTokenService> logger)
{
    public const string TokenPrefix = "tb_";

    /// <summary>Audit log actions of this service (the token's name and prefix go in the details, never the token).</summary>
    public const string AuditCreated = "api-token.created";

    public const string AuditRevoked = "api-token.revoked";

    public const int NameMaxLength = 64;

    /// <summary>Active tokens one user may hold.</summary>
    public const int MaxActivePerUser = 20;

    /// <summary>Longest expiry offered.</summary>
    public const int MaxExpiryDays = 366;

    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>Validates <paramref name="input"/> and stores a new token of the caller; the result holds the token once.</summary>
    public async Task<ApiTokenCreateResult> CreateAsync(Caller caller, ApiTokenInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var errors = Validate(input);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (errors.Count == 0)
        {
            var mine = await db.Set<ApiToken>().AsNoTracking().Where(t => t.OwnerId == caller.UserId && t.RevokedAt == null)
                .Select(t => t.ExpiresAt).ToListAsync(cancellationToken);
            if (mine.Count(expires => expires is null || expires > now) >= MaxActivePerUser)
                errors.Add(new("name", $"You have {MaxActivePerUser} active tokens: revoke one first."));
        }
        if (errors.Count > 0)
            return new ApiTokenCreateResult(null, null, errors);

        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var row = new ApiToken
        {
            OwnerId = caller.UserId, Name = input.Name!.Trim(), Prefix = token[..(TokenPrefix.Length + 6)], Hash = HashOf(token),
            Scopes = Normalise(input.Scopes), CreatedAt = now,
            ExpiresAt = input.ExpiresInDays is > 0 and { } days ? now.AddDays(days) : null,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AddAsync(db, Audit(caller, AuditCreated, row), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("API token {TokenId} ({Prefix}…, {Scopes}) created by user {UserId}", row.Id, row.Prefix, row.Scopes, caller.UserId);
        return new ApiTokenCreateResult(token, Summary(row), []);
    }

    /// <summary>The caller's tokens, newest first (revoked ones too, marked).</summary>
    public async Task<IReadOnlyList<ApiTokenSummary>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<ApiToken>().AsNoTracking().Where(t => t.OwnerId == caller.UserId).OrderByDescending(t => t.Id)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(Summary)];
    }

    /// <summary>Revokes one of the caller's tokens at once; false when it is not theirs or already revoked.</summary>
    public async Task<bool> RevokeAsync(Caller caller, long tokenId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<ApiToken>().FirstOrDefaultAsync(t => t.Id == tokenId && t.OwnerId == caller.UserId && t.RevokedAt == null, cancellationToken);
        if (row is null)
            return false;
        row.RevokedAt = time.GetUtcNow();
        await audit.AddAsync(db, Audit(caller, AuditRevoked, row), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("API token {TokenId} ({Prefix}…) revoked by user {UserId}", row.Id, row.Prefix, caller.UserId);
        return true;
    }

    /// <summary>
    /// The owner of <paramref name="token"/> when it is one of ours, not revoked and not expired; null otherwise. Looks up
    /// by hash (a unique index), so the presented token is never compared character by character with a stored one.
    /// </summary>
    public async Task<ApiTokenOwner?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || !token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 100)
            return null;
        var hash = HashOf(token);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<ApiToken>().FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        var now = time.GetUtcNow();
        if (row is null || !Summary(row).IsActiveAt(now))
            return null;
        if (row.LastUsedAt is not { } used || now - used >= LastUsedResolution)
        {
            row.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        return new ApiTokenOwner(row.Id, row.OwnerId, row.Scopes);
    }

    /// <summary>Whether the token <paramref name="tokenId"/> is still neither revoked nor expired.</summary>
    public async Task<bool> IsActiveAsync(long tokenId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<ApiToken>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == tokenId, cancellationToken);
        return row is not null && Summary(row).IsActiveAt(time.GetUtcNow());
    }

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes: what is stored.</summary>
    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Every problem with <paramref name="input"/>, by field (<c>name</c>, <c>scopes</c>, <c>expiresInDays</c>).</summary>
    public static List<SettingsError> Validate(ApiTokenInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<SettingsError>();
        if (string.IsNullOrWhiteSpace(input.Name))
            errors.Add(new("name", "Name the token after the script that uses it."));
        else if (input.Name.Trim().Length > NameMaxLength)
            errors.Add(new("name", $"At most {NameMaxLength} characters."));
        if ((input.Scopes & (ApiScopes.Read | ApiScopes.Write)) == ApiScopes.None || (input.Scopes & ~(ApiScopes.Read | ApiScopes.Write)) != 0)
            errors.Add(new("scopes", "Choose read, or read and write."));
        if (input.ExpiresInDays is < 0 or > MaxExpiryDays)
            errors.Add(new("expiresInDays", $"Between 1 and {MaxExpiryDays} days, or never."));
        return errors;
    }

    private static AuditRecord Audit(Caller caller, string action, ApiToken row) => new(
        caller.UserId, action, "api-token", row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), row.OwnerId,
        $"{row.Name} ({row.Prefix}…, {(row.Scopes.HasFlag(ApiScopes.Write) ? "read, write" : "read")})");

    // Write implies read: a script that may start a bot may also see it.
    private static ApiScopes Normalise(ApiScopes scopes) => scopes.HasFlag(ApiScopes.Write) ? ApiScopes.Read | ApiScopes.Write : scopes;

    private static ApiTokenSummary Summary(ApiToken t) => new(t.Id, t.Name, t.Prefix, t.Scopes, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
