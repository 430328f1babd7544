using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Trading;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange.ApiKeys;

namespace TradeBot.Web.Admin;

/// <summary>One account on the admin's users page. Counts only: never a key, a secret or a webhook URL.</summary>
public sealed record AdminUserRow(
    string Id, string Email, bool EmailConfirmed, bool IsLocked, DateTimeOffset? LockedUntil, bool TwoFactorEnabled,
    IReadOnlyList<string> Roles, int BotCount, int ActiveBotCount, int ApiKeyCount)
{
    public bool IsAdmin => Roles.Contains(Accounts.Roles.Admin);
}

/// <summary>A page of users and how many match in all.</summary>
public sealed record AdminUserPage(IReadOnlyList<AdminUserRow> Items, int Total);

/// <summary>
/// The admin's users: search, roles, lock/unlock, confirm email, reset two-factor, delete with their bots. Each action
/// is in the audit log (<c>admin.*</c>) with the admin as actor and the user as the one concerned. Every method refuses
/// a caller who is not an admin; the actions also check the admin still holds the role in the database (a demoted
/// admin's cookie says Admin until it is revalidated). An admin cannot lock or delete themselves, and the last admin
/// cannot lose the role.
/// </summary>
public sealed class AdminUserService(
    IServiceScopeFactory scopes, IDbContextFactory<AppDbContext> databases, BotService bots, IBotScheduler scheduler, AuditLog audit,
    TimeProvider time, ILogger<AdminUserService> logger)
{
    public const int MaxPageSize = 100;

    // Identity's store keeps the recovery codes as this token of this provider.
    private const string RecoveryCodesProvider = "[AspNetUserStore]";
    private const string RecoveryCodesName = "RecoveryCodes";

    /// <summary>Users whose email contains <paramref name="search"/> (any case), by email, one page.</summary>
    public async Task<AdminUserPage> SearchAsync(Caller caller, string? search, int page, int pageSize, CancellationToken cancellationToken)
    {
        AdminAccess.Demand(caller);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var normalized = search.Trim().ToUpperInvariant();
            users = users.Where(u => u.NormalizedEmail != null && u.NormalizedEmail.Contains(normalized));
        }
        var total = await users.CountAsync(cancellationToken);
        var rows = await users.OrderBy(u => u.NormalizedEmail).Skip(Math.Max(page, 0) * pageSize).Take(pageSize)
            .Select(u => new { u.Id, u.Email, u.EmailConfirmed, u.LockoutEnd, u.TwoFactorEnabled }).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var roles = (await db.UserRoles.AsNoTracking().Where(ur => ids.Contains(ur.UserId))
                .Join(db.Roles.AsNoTracking(), ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
                .ToListAsync(cancellationToken))
            .ToLookup(r => r.UserId, r => r.Name ?? "");
        var botCounts = await db.Set<BotConfig>().AsNoTracking().Where(b => ids.Contains(b.OwnerId))
            .Join(db.Set<BotStateRow>().AsNoTracking(), b => b.Id, s => s.BotId, (b, s) => new { b.OwnerId, Active = s.Status != BotStatus.Stopped })
            .GroupBy(x => x.OwnerId).Select(g => new { OwnerId = g.Key, All = g.Count(), Active = g.Count(x => x.Active) })
            .ToDictionaryAsync(x => x.OwnerId, cancellationToken);
        var keyCounts = await db.Set<ApiKey>().AsNoTracking().Where(k => ids.Contains(k.OwnerId)).GroupBy(k => k.OwnerId)
            .Select(g => new { OwnerId = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.OwnerId, x => x.Count, cancellationToken);
        var now = time.GetUtcNow();
        return new AdminUserPage(rows.ConvertAll(r => new AdminUserRow(
            r.Id, r.Email ?? "", r.EmailConfirmed, r.LockoutEnd > now, r.LockoutEnd > now ? r.LockoutEnd : null, r.TwoFactorEnabled,
            roles[r.Id].Order(StringComparer.Ordinal).ToList(),
            botCounts.TryGetValue(r.Id, out var b) ? b.All : 0, b?.Active ?? 0, keyCounts.GetValueOrDefault(r.Id))), total);
    }

    /// <summary>Locks the account for good and ends its open sessions (new security stamp). Not oneself.</summary>
    public Task<AdminResult> LockAsync(Caller caller, string userId, CancellationToken cancellationToken) =>
        ActAsync(caller, userId, AuditActions.AdminUserLocked, cancellationToken, async (users, user) =>
        {
            if (user.Id == caller.UserId)
                return AdminResult.Refused("You cannot lock your own account.");
            Check(await users.SetLockoutEnabledAsync(user, true));
            Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
            Check(await users.UpdateSecurityStampAsync(user));
            return AdminResult.Ok($"{user.Email} is locked and signed out.");
        });

    /// <summary>Lifts a lock (an admin's or the one after failed sign-ins) and forgets the failed attempts.</summary>
    public Task<AdminResult> UnlockAsync(Caller caller, string userId, CancellationToken cancellationToken) =>
        ActAsync(caller, userId, AuditActions.AdminUserUnlocked, cancellationToken, async (users, user) =>
        {
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
            return AdminResult.Ok($"{user.Email} is unlocked.");
        });

    /// <summary>Gives the user a role (<see cref="Roles.All"/>).</summary>
    public Task<AdminResult> AddRoleAsync(Caller caller, string userId, string role, CancellationToken cancellationToken) =>
        ActAsync(caller, userId, AuditActions.AdminRoleAdded, cancellationToken, async (users, user) =>
        {
            if (!Roles.All.Contains(role))
                return AdminResult.Refused($"There is no role \"{role}\".");
            if (await users.IsInRoleAsync(user, role))
                return AdminResult.Refused($"{user.Email} is already {role}.");
            Check(await users.AddToRoleAsync(user, role));
            Check(await users.UpdateSecurityStampAsync(user)); // sessions end at their next validation; the next sign-in carries the role
            return AdminResult.Ok($"{user.Email} is now {role}.");
        }, details: role);

    /// <summary>Takes a role away; the last admin keeps the Admin role.</summary>
    public Task<AdminResult> RemoveRoleAsync(Caller caller, string userId, string role, CancellationToken cancellationToken) =>
        ActAsync(caller, userId, AuditActions.AdminRoleRemoved, cancellationToken, async (users, user) =>
        {
            if (!await users.IsInRoleAsync(user, role))
                return AdminResult.Refused($"{user.Email} is not {role}.");
            if (role == Roles.Admin && (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1)
                return AdminResult.Refused($"{user.Email} is the last admin: make someone else an admin first.");
            Check(await users.RemoveFromRoleAsync(user, role));
            Check(await users.UpdateSecurityStampAsync(user)); // sessions end at their next validation, and the role with them
            return AdminResult.Ok($"{user.Email} is no longer {role}.");
        }, details: role);

    /// <summary>Marks the email confirmed (the user could not receive the link).</summary>
    public Task<AdminResult> ConfirmEmailAsync(Caller caller, string userId, CancellationToken cancellationToken) =>
        ActAsync(caller, userId, AuditActions.AdminEmailConfirmed, cancellationToken, async (users, user) =>
        {
            if (user.EmailConfirmed)
                return AdminResult.Refused($"{user.Email} is already confirmed.");
            user.EmailConfirmed = true;
            Check(await users.UpdateAsync(user));
            return AdminResult.Ok($"{user.Email} is confirmed.");
        });

    /// <summary>
    /// Turns two-factor sign-in off (a lost phone): new authenticator key, recovery codes gone, sessions ended. The user
    /// signs in with the password and can set an authenticator up again.
    /// </summary>
    public Task<AdminResult> ResetTwoFactorAsync(Caller caller, string userId, CancellationToken cancellationToken) =>
        ActAsync(caller, userId, AuditActions.AdminTwoFactorReset, cancellationToken, async (users, user) =>
        {
            Check(await users.SetTwoFactorEnabledAsync(user, false));
            Check(await users.ResetAuthenticatorKeyAsync(user));
            Check(await users.RemoveAuthenticationTokenAsync(user, RecoveryCodesProvider, RecoveryCodesName));
            Check(await users.UpdateSecurityStampAsync(user));
            return AdminResult.Ok($"Two-factor sign-in of {user.Email} is reset.");
        });

    /// <summary>
    /// Deletes the account with its bots (stopped first; their trades, events and paper wallets), backtests, API keys,
    /// webhooks and settings. Refused while any bot holds a position or an order not yet booked (money is never left
    /// behind silently), for oneself, and for the last admin. The bots and the account go in one transaction.
    /// </summary>
    public async Task<AdminResult> DeleteAsync(Caller caller, string userId, CancellationToken cancellationToken)
    {
        AdminAccess.Demand(caller);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await RefusalAsync(users, caller) is { } refused)
            return refused;
        if (await users.FindByIdAsync(userId) is not { } user)
            return AdminResult.Refused("That user no longer exists.");
        if (user.Id == caller.UserId)
            return AdminResult.Refused("You cannot delete your own account.");
        if (await users.IsInRoleAsync(user, Roles.Admin) && (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1)
            return AdminResult.Refused($"{user.Email} is the last admin.");
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>(); // the one the user store writes with
        if (await HoldingAsync(db, user.Id, cancellationToken) is { Count: > 0 } holding)
            return HoldingRefusal(user, holding);

        // Stopped first, so no check can enter a position between the look and the delete.
        await bots.StopAllAsync(caller, user.Id, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await HoldingAsync(db, user.Id, cancellationToken) is { Count: > 0 } holdingNow)
            return HoldingRefusal(user, holdingNow);
        var owned = await db.Set<BotConfig>().Where(b => b.OwnerId == user.Id).OrderBy(b => b.Id).ToListAsync(cancellationToken);
        var email = user.Email;
        try
        {
            foreach (var bot in owned)
            {
                db.Remove(bot);
                await audit.AddAsync(db, new AuditRecord(caller.UserId, AuditActions.AdminBotDeleted, "bot", Id(bot.Id), user.Id,
                    $"{bot.Name}: {bot.ExchangeMode} {bot.MarketType} {bot.Symbol}, deleted with its user"), cancellationToken);
            }
            await BotService.RemovePaperWalletsAsync(db, owned.ConvertAll(b => b.Id), cancellationToken);
            await db.SaveChangesAsync(cancellationToken); // the bots before the keys they point at
            await audit.AddAsync(db, new AuditRecord(caller.UserId, AuditActions.AdminUserDeleted, "user", user.Id, user.Id,
                $"{email}: {owned.Count} bots deleted with it"), cancellationToken);
            Check(await users.DeleteAsync(user)); // saves the audit lines too; the rest goes by cascade
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or IdentityFailure)
        {
            logger.LogError(e, "Admin {UserId}: deleting user {TargetId} failed and was rolled back", caller.UserId, user.Id);
            return AdminResult.Refused($"{email} could not be deleted, so nothing was deleted ({Reason(e)}); their bots are stopped. Try again.");
        }
        foreach (var bot in owned)
            await scheduler.UnscheduleAsync(bot.Id, cancellationToken);
        logger.LogWarning("User {TargetId} deleted with {Count} bots by admin {UserId}", user.Id, owned.Count, caller.UserId);
        return AdminResult.Ok($"{email} is deleted with {owned.Count} bots.");
    }

    private async Task<AdminResult> ActAsync(
        Caller caller, string userId, string action, CancellationToken cancellationToken,
        Func<UserManager<ApplicationUser>, ApplicationUser, Task<AdminResult>> act, string? details = null)
    {
        AdminAccess.Demand(caller);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await RefusalAsync(users, caller) is { } refused)
            return refused;
        if (await users.FindByIdAsync(userId) is not { } user)
            return AdminResult.Refused("That user no longer exists.");
        // The change and its audit line commit together, or neither: Identity saves each step on the scope's context,
        // inside this transaction (a lock's three steps are one change too).
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        AdminResult result;
        try
        {
            result = await act(users, user);
            if (!result.Succeeded)
                return result;
            await audit.AddAsync(db, new AuditRecord(caller.UserId, action, "user", user.Id, user.Id,
                details is null ? user.Email : $"{user.Email}: {details}"), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or IdentityFailure)
        {
            logger.LogError(e, "Admin {UserId}: {Action} on user {TargetId} failed and was rolled back", caller.UserId, action, user.Id);
            return AdminResult.Refused($"{user.Email}: the change could not be saved, so nothing changed ({Reason(e)}). Try again.");
        }
        logger.LogInformation("Admin {UserId}: {Action} on user {TargetId}", caller.UserId, action, user.Id);
        return result;
    }

    // The cookie may be older than a demotion: the database has the last word.
    private static async Task<AdminResult?> RefusalAsync(UserManager<ApplicationUser> users, Caller caller) =>
        await users.FindByIdAsync(caller.UserId) is { } admin && await users.IsInRoleAsync(admin, Roles.Admin)
            ? null
            : AdminResult.Refused(AdminAccess.NoLongerAdmin);

    private static Task<List<string>> HoldingAsync(AppDbContext db, string userId, CancellationToken cancellationToken) =>
        db.Set<BotConfig>().AsNoTracking().Where(b => b.OwnerId == userId)
            .Join(db.Set<BotStateRow>().AsNoTracking().Where(s => s.PositionSide != PositionSide.None || s.PendingClientOrderId != null),
                b => b.Id, s => s.BotId, (b, s) => b.Name)
            .OrderBy(name => name).ToListAsync(cancellationToken);

    private static AdminResult HoldingRefusal(ApplicationUser user, List<string> holding) => AdminResult.Refused(
        $"{user.Email} cannot be deleted: {string.Join(", ", holding.Select(n => $"\"{n}\""))} "
        + $"{(holding.Count == 1 ? "holds" : "hold")} a position or an order not yet booked. Close the positions first.");

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new IdentityFailure(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    private static string Reason(Exception e) => e is IdentityFailure ? e.Message : "the database refused it";

    /// <summary>Identity refused a step (a concurrent change of the user, a store error): the action is rolled back.</summary>
    private sealed class IdentityFailure(string message) : InvalidOperationException(message);
}
