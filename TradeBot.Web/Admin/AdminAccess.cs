using TradeBot.Web.Accounts;

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
}

/// <summary>What became of an admin's action: done, or why not, in words for the admin.</summary>
public sealed record AdminResult(bool Succeeded, string Message)
{
    public static AdminResult Ok(string message) => new(true, message);

    public static AdminResult Refused(string message) => new(false, message);
}
