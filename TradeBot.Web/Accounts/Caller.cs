using System.Security.Claims;

namespace TradeBot.Web.Accounts;

/// <summary>Who asks a feature service for something: the signed-in user's id and whether they are an admin.</summary>
/// <param name="UserId">The user's id (AspNetUsers.Id).</param>
/// <param name="IsAdmin">Admins may read every user's bots (never their API keys).</param>
public sealed record Caller(string UserId, bool IsAdmin = false)
{
    /// <summary>The caller of a signed-in <paramref name="user"/>, or null when nobody is signed in.</summary>
    public static Caller? From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } id ? new Caller(id, user.IsInRole(Roles.Admin)) : null;
    }
}
