using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TradeBot.Web.Accounts;

namespace TradeBot.Web.Api;

/// <summary>
/// The <c>/api/v1</c> authentication: <c>Authorization: Bearer tb_...</c> with a personal access token, and nothing else
/// (the app's cookie is not accepted there, so a browser session cannot be ridden across sites). The principal carries
/// the owner's id, name and roles, the token's id and its scopes. Revoked or expired tokens and users locked by an admin
/// get 401 (not the short lockout after failed passwords).
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokenService tokens, UserManager<ApplicationUser> users, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    public const string ScopeClaim = "tradebot:scope";

    public const string TokenIdClaim = "tradebot:token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Not a bearer token.");
        var owner = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (owner is null)
            return AuthenticateResult.Fail("Unknown, revoked or expired token.");
        var user = await users.FindByIdAsync(owner.UserId);
        if (user is null || IsLockedByAnAdmin(user, users, TimeProvider))
            return AuthenticateResult.Fail("The token's user is locked out or gone.");

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.UserName ?? user.Id),
            new(TokenIdClaim, owner.TokenId.ToString(CultureInfo.InvariantCulture)),
        };
        claims.AddRange((await users.GetRolesAsync(user)).Select(role => new Claim(ClaimTypes.Role, role)));
        if (owner.Scopes.HasFlag(ApiScopes.Read))
            claims.Add(new(ScopeClaim, "read"));
        if (owner.Scopes.HasFlag(ApiScopes.Write))
            claims.Add(new(ScopeClaim, "write"));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    // A lock longer than the one failed passwords set (an admin's lock is for good) stops the tokens. The short lockout
    // after failed passwords guards the password, not the tokens: anyone who knows a trader's email could otherwise cut
    // their scripts off (and with them a script's stop or close) by typing wrong passwords.
    internal static bool IsLockedByAnAdmin(ApplicationUser user, UserManager<ApplicationUser> users, TimeProvider time) =>
        user.LockoutEnabled && user.LockoutEnd is { } end && end > time.GetUtcNow() + users.Options.Lockout.DefaultLockoutTimeSpan;

    /// <summary>
    /// The caller <paramref name="principal"/> (a token's) is now: null when the token was revoked or expired, or its user
    /// is gone or locked by an admin; the roles as they are now otherwise.
    /// </summary>
    internal static async Task<Caller?> CallerNowAsync(
        ClaimsPrincipal principal, ApiTokenService tokens, UserManager<ApplicationUser> users, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!long.TryParse(principal.FindFirstValue(TokenIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var tokenId)
            || !await tokens.IsActiveAsync(tokenId, cancellationToken)
            || await users.FindByIdAsync(principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "") is not { } user
            || IsLockedByAnAdmin(user, users, time))
            return null;
        return new Caller(user.Id, await users.IsInRoleAsync(user, Roles.Admin));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync("Unauthorized", "Send a personal access token: Authorization: Bearer tb_... (create one on /settings/api-tokens).");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteProblemAsync("Forbidden", "This token may only read: create one with the write scope to change things.");
    }

    private Task WriteProblemAsync(string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = Response.StatusCode, Title = title, Detail = detail },
        }).AsTask();
}
