using Microsoft.EntityFrameworkCore;
using TradeBot.Web.Accounts;
using TradeBot.Web.Data;

namespace TradeBot.Web.Admin;

/// <summary>
/// The check at the top of every admin service method. The pages say <c>[Authorize(Roles = Admin)]</c> too, but a
/// component's handler can be invoked on a circuit whatever the page showed: the service decides.
/// </summary>
public static class AdminAccess
{
    /// <summary>Throws <see cref="UnauthorizedAccessException"/> unless <paramref name="caller"/> is an admin.</summary>
    public static void Demand(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAdmin)
            throw new UnauthorizedAccessException("Only an admin may do this.");
    }

    /// <summary>
    /// Like <see cref="Demand"/>, and the database must still give the caller the Admin role: a page opened before a
    /// demotion carries the old claim until the session is revalidated. For actions that change things.
    /// </summary>
    public static async Task DemandInDatabaseAsync(Caller caller, AppDbContext db, CancellationToken cancellationToken)
    {
        Demand(caller);
        ArgumentNullException.ThrowIfNull(db);
        var stillAdmin = await db.UserRoles.AsNoTracking()
            .Join(db.Roles.AsNoTracking(), ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .AnyAsync(x => x.UserId == caller.UserId && x.Name == Roles.Admin, cancellationToken);
        if (!stillAdmin)
            throw new UnauthorizedAccessException(NoLongerAdmin);
    }

    /// <summary>What a demoted admin is told.</summary>
    public const string NoLongerAdmin = "You are no longer an admin.";
}

/// <summary>What became of an admin's action: done, or why not, in words for the admin.</summary>
public sealed record AdminResult(bool Succeeded, string Message)
{
    public static AdminResult Ok(string message) => new(true, message);

    public static AdminResult Refused(string message) => new(false, message);
}
