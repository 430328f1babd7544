using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using TradeBot.Web.Data;

namespace TradeBot.Web.Accounts;

/// <summary>
/// Identity's user store with the two-factor secrets (the authenticator key and the recovery codes, which Identity keeps
/// as tokens of its own) encrypted at rest with Data Protection, like API keys: a copy of the users' table does not
/// give anyone a second factor. Values written before are plain and still read; they are encrypted when next written.
/// </summary>
public sealed class ProtectedTokenUserStore(AppDbContext context, IDataProtectionProvider protection, IdentityErrorDescriber? describer = null)
    : UserStore<ApplicationUser, IdentityRole, AppDbContext>(context, describer)
{
    // Identity's own provider name for the tokens it keeps, and the two it keeps there that are secrets.
    private const string IdentityProvider = "[AspNetUserStore]";
    private const string Marker = "dp1:";
    private static readonly string[] SecretTokens = ["AuthenticatorKey", "RecoveryCodes"];

    private readonly IDataProtector _protector = protection.CreateProtector("TradeBot.Accounts.TwoFactorSecrets");

    public override async Task<string?> GetTokenAsync(ApplicationUser user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        var stored = await base.GetTokenAsync(user, loginProvider, name, cancellationToken);
        return stored is not null && IsSecret(loginProvider, name) && stored.StartsWith(Marker, StringComparison.Ordinal)
            ? _protector.Unprotect(stored[Marker.Length..])
            : stored;
    }

    public override Task SetTokenAsync(ApplicationUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken) =>
        base.SetTokenAsync(user, loginProvider, name, value is not null && IsSecret(loginProvider, name) ? Marker + _protector.Protect(value) : value,
            cancellationToken);

    private static bool IsSecret(string loginProvider, string name) => loginProvider == IdentityProvider && SecretTokens.Contains(name);
}
