using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using TradeBot.Web.Data;

namespace TradeBot.Web.Accounts;

/// <summary>Reads and stores a user's display preferences (today: dark mode), one context per operation.</summary>
public sealed class UserPreferencesService(IDbContextFactory<AppDbContext> contextFactory)
{
    /// <summary>The stored choice of a signed-in user, or null for anonymous or unknown users.</summary>
    public async Task<bool?> PrefersDarkModeAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (UserId(user) is not { } userId)
            return null;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.Where(u => u.Id == userId)
            .Select(u => (bool?)u.PrefersDarkMode)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Remembers the choice of a signed-in user; does nothing for anonymous users.</summary>
    public async Task SetPrefersDarkModeAsync(ClaimsPrincipal user, bool prefersDarkMode, CancellationToken cancellationToken = default)
    {
        if (UserId(user) is not { } userId)
            return;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.PrefersDarkMode, prefersDarkMode), cancellationToken);
    }

    private static string? UserId(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
}
