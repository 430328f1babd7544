using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Trading;
using TradeBot.Web.Accounts;
using TradeBot.Web.Admin;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;

namespace TradeBot.Web.Exchange.ApiKeys;

/// <summary>
/// A user's Binance API keys: add (checked against the exchange, encrypted at rest), list, delete. Every query is
/// scoped to the caller; another user's key is "not found", for admins too. The secret never leaves this class except
/// as <see cref="ExchangeCredentials"/> for the bot runner. Adds and deletes are in the audit log (label and last 4
/// characters only).
/// </summary>
public sealed class ApiKeyService(
    IDbContextFactory<AppDbContext> databases,
    IDataProtectionProvider protection,
    ITradingAccountFactory accounts,
    AuditLog audit,
    TimeProvider time,
    ILogger<ApiKeyService> logger)
{
    /// <summary>Data Protection purpose of the key and secret columns; changing it makes stored keys unreadable.</summary>
    public const string ProtectorPurpose = "TradeBot.Exchange.ApiKeys.v1";

    public const int LabelMaxLength = 64;

    public const int CredentialMaxLength = 256;

    /// <summary>Why a withdrawal-enabled key is refused for live trading.</summary>
    public const string WithdrawRefusal =
        "This key can withdraw funds, so it is not used for live trading. Create a key with withdrawals disabled on Binance.";

    private readonly IDataProtector _protector = protection.CreateProtector(ProtectorPurpose);

    /// <summary>Checks the key against Binance (mainnet or testnet), then stores it encrypted with its permissions.</summary>
    public async Task<ApiKeySaveResult> AddAsync(Caller caller, ApiKeyInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var errors = Validate(input);
        if (errors.Count > 0)
            return new ApiKeySaveResult(null, errors);

        var credentials = new ExchangeCredentials(input.ApiKey!, input.Secret!, input.IsTestnet);
        var permissions = await accounts.Create(credentials).GetPermissionsAsync(cancellationToken);
        if (!permissions.IsSuccess)
        {
            logger.LogInformation("API key check failed for user {UserId}: {ErrorKind}", caller.UserId, permissions.Error!.Kind);
            return new ApiKeySaveResult(null, [new SettingsError("apiKey", CheckFailure(permissions.Error!))]);
        }

        var now = time.GetUtcNow();
        var row = new ApiKey
        {
            OwnerId = caller.UserId,
            Label = input.Label!.Trim(),
            IsTestnet = input.IsTestnet,
            KeyLast4 = input.ApiKey![^4..],
            EncryptedKey = _protector.Protect(input.ApiKey),
            EncryptedSecret = _protector.Protect(input.Secret!),
            CanTradeSpot = permissions.Value.CanTradeSpot,
            CanTradeFutures = permissions.Value.CanTradeFutures,
            CanWithdraw = permissions.Value.CanWithdraw,
            IsIpRestricted = permissions.Value.IsIpRestricted,
            PermissionsCheckedAt = now,
            CreatedAt = now,
        };
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Set<ApiKey>().Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AddAsync(db, Audit(caller, AuditActions.ApiKeyAdded, row), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("API key {ApiKeyId} added for user {UserId} (testnet: {IsTestnet}, can withdraw: {CanWithdraw})",
            row.Id, caller.UserId, row.IsTestnet, row.CanWithdraw);
        return new ApiKeySaveResult(Summary(row), []);
    }

    /// <summary>The caller's keys, newest first.</summary>
    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<ApiKey>().AsNoTracking().Where(k => k.OwnerId == caller.UserId).OrderByDescending(k => k.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(Summary)];
    }

    /// <summary>One of the caller's keys, or null when the caller has no such key.</summary>
    public async Task<ApiKeySummary?> GetAsync(Caller caller, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<ApiKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Id == id && k.OwnerId == caller.UserId, cancellationToken);
        return row is null ? null : Summary(row);
    }

    /// <summary>Deletes one of the caller's keys unless a bot uses it.</summary>
    public async Task<ApiKeyDeleteOutcome> DeleteAsync(Caller caller, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<ApiKey>().FirstOrDefaultAsync(k => k.Id == id && k.OwnerId == caller.UserId, cancellationToken);
        if (row is null)
            return ApiKeyDeleteOutcome.NotFound;
        if (await db.Set<BotConfig>().AnyAsync(b => b.ApiKeyId == id, cancellationToken))
            return ApiKeyDeleteOutcome.InUse;
        db.Remove(row);
        await audit.AddAsync(db, Audit(caller, AuditActions.ApiKeyDeleted, row), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("API key {ApiKeyId} deleted by user {UserId}", id, caller.UserId);
        return ApiKeyDeleteOutcome.Deleted;
    }

    private static AuditRecord Audit(Caller caller, string action, ApiKey row) =>
        new(caller.UserId, action, "api-key", row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), row.OwnerId,
            $"{row.Label} (…{row.KeyLast4}, {(row.IsTestnet ? "testnet" : "mainnet")})");

    /// <summary>
    /// The decrypted credentials of a key owned by <paramref name="ownerId"/>, for the bot runner only; null when there
    /// is no such key or it cannot be decrypted (a lost key ring).
    /// </summary>
    internal async Task<ExchangeCredentials?> GetCredentialsAsync(string ownerId, long id, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<ApiKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Id == id && k.OwnerId == ownerId, cancellationToken);
        if (row is null)
            return null;
        try
        {
            return new ExchangeCredentials(_protector.Unprotect(row.EncryptedKey), _protector.Unprotect(row.EncryptedSecret), row.IsTestnet);
        }
        catch (CryptographicException e)
        {
            logger.LogError("API key {ApiKeyId} cannot be decrypted ({Reason}); the Data Protection key ring may be missing", id, e.Message);
            return null;
        }
    }

    /// <summary>Field-level problems of <paramref name="input"/>; empty when it can be checked with the exchange.</summary>
    public static IReadOnlyList<SettingsError> Validate(ApiKeyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<SettingsError>();
        var label = input.Label?.Trim();
        if (string.IsNullOrEmpty(label))
            errors.Add(new SettingsError("label", "Give the key a label."));
        else if (label.Length > LabelMaxLength)
            errors.Add(new SettingsError("label", $"The label must be at most {LabelMaxLength} characters."));
        else if (UserText.Problem(label) is { } problem)
            errors.Add(new SettingsError("label", $"The label must not contain {problem}."));
        CheckCredential(errors, "apiKey", "API key", input.ApiKey);
        CheckCredential(errors, "secret", "secret", input.Secret);
        return errors;
    }

    private static void CheckCredential(List<SettingsError> errors, string field, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
            errors.Add(new SettingsError(field, $"Paste the {name}."));
        else if (value.Length is < 8 or > CredentialMaxLength)
            errors.Add(new SettingsError(field, $"The {name} must be 8 to {CredentialMaxLength} characters."));
        else if (!value.All(c => c is > ' ' and <= '~'))
            errors.Add(new SettingsError(field, $"The {name} may only hold letters, digits and symbols, without spaces."));
    }

    private static string CheckFailure(ExchangeError error) => error.Kind switch
    {
        ExchangeErrorKind.AuthFailure => $"Binance refused this key: {error.Message}",
        ExchangeErrorKind.Unreachable or ExchangeErrorKind.RateLimited or ExchangeErrorKind.OutcomeUnknown =>
            $"Binance could not be asked about this key right now ({error.Message}); try again.",
        _ => $"Binance did not accept this key: {error.Message}",
    };

    private static ApiKeySummary Summary(ApiKey row) => new(row.Id, row.Label, row.IsTestnet, row.KeyLast4, row.Permissions, row.CreatedAt);
}
