using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TradeBot.Web.Admin;

namespace TradeBot.Web.Accounts;

/// <summary>
/// Identity's sign-in manager, recording every sign-in attempt (password, 2FA code, recovery code) and sign-out in the
/// audit log with the client address. A password that passes but still needs the second factor is not a sign-in yet:
/// the 2FA step records the outcome.
/// </summary>
public sealed class AuditingSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    AuditLog audit)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            await RecordAsync(null, AuditActions.SignInFailed, $"No account named {Shown(userName)}");
            return SignInResult.Failed;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    // What was typed into the email field goes into the audit log only when it looks like an address (a host with a
    // dot): a password typed into the wrong field ("P@ssw0rd" passes the form's email check) must not be kept for admins.
    internal static string Shown(string? typed) =>
        System.Net.Mail.MailAddress.TryCreate(typed, out var address) && address.Address == typed?.Trim() && address.Host.Contains('.', StringComparison.Ordinal)
            && !address.Host.EndsWith('.')
            ? address.Address
            : "(not shown: it is not an email address)";

    public override async Task<SignInResult> PasswordSignInAsync(ApplicationUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        if (!result.RequiresTwoFactor)
            await RecordAsync(user, result, "password");
        return result;
    }

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
        if (user is not null)
            await RecordAsync(user, result, "authenticator code");
        return result;
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        if (user is not null)
            await RecordAsync(user, result, "recovery code");
        return result;
    }

    public override async Task SignOutAsync()
    {
        var userId = UserManager.GetUserId(Context.User);
        await base.SignOutAsync();
        if (userId is not null)
            await RecordAsync(userId, AuditActions.SignOut, null);
    }

    private Task RecordAsync(ApplicationUser user, SignInResult result, string method)
    {
        var action = result.Succeeded ? AuditActions.SignIn
            : result.IsLockedOut ? AuditActions.SignInLockedOut
            : result.IsNotAllowed ? AuditActions.SignInRefused
            : AuditActions.SignInFailed;
        var details = result.Succeeded ? $"With {method}"
            : result.IsLockedOut ? "The account is locked out"
            : result.IsNotAllowed ? "The email is not confirmed"
            : $"Wrong {method}";
        return RecordAsync(user.Id, action, details);
    }

    // A failed attempt names the account in OwnerId, not as the actor: whoever typed the password is not known. Not
    // cancelled with the request: an attempt whose client hung up still counts.
    private Task RecordAsync(string? userId, string action, string? details) =>
        audit.RecordAsync(
            new AuditRecord(action is AuditActions.SignIn or AuditActions.SignOut ? userId : null, action, "user", userId, userId, details,
                Context.Connection.RemoteIpAddress?.ToString()),
            CancellationToken.None);
}
