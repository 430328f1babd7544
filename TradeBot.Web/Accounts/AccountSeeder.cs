using Microsoft.AspNetCore.Identity;

namespace TradeBot.Web.Accounts;

/// <summary>Creates the roles and the administrators: at startup (from <see cref="AdminOptions"/>) and from <c>create-admin</c>.</summary>
public sealed class AccountSeeder(
    RoleManager<IdentityRole> roleManager,
    UserManager<ApplicationUser> userManager,
    ILogger<AccountSeeder> logger)
{
    /// <summary>Creates the roles that are missing.</summary>
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (await roleManager.RoleExistsAsync(role))
                continue;
            Check(await roleManager.CreateAsync(new IdentityRole(role)), $"create role {role}");
            logger.LogInformation("Created role {Role}", role);
        }
    }

    /// <summary>
    /// Makes <paramref name="email"/> an admin. A new user gets <paramref name="password"/>; an existing one gets it
    /// when <paramref name="resetPassword"/> is true, or when its email was never confirmed: anyone may have registered
    /// the address before it was named admin, and must not become admin with their own password. Either way the email
    /// is confirmed, the account unlocked and in roles Admin and Trader. Throws <see cref="AccountSeedingException"/> with Identity's messages on failure.
    /// </summary>
    public async Task<AdminSeedResult> EnsureAdminAsync(string email, string password, bool resetPassword)
    {
        await EnsureRolesAsync();
        var user = await userManager.FindByEmailAsync(email);
        var created = user is null;
        if (user is null)
        {
            user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            Check(await userManager.CreateAsync(user, password), $"create admin {email}");
        }
        else
        {
            if (!resetPassword && !user.EmailConfirmed)
            {
                logger.LogWarning("Admin {Email} was registered but never confirmed: its password is replaced by the configured one", email);
                resetPassword = true;
            }
            if (resetPassword)
            {
                var token = await userManager.GeneratePasswordResetTokenAsync(user);
                Check(await userManager.ResetPasswordAsync(user, token, password), $"set the password of {email}");
            }
            if (!user.EmailConfirmed)
            {
                user.EmailConfirmed = true;
                Check(await userManager.UpdateAsync(user), $"confirm the email of {email}");
            }
            if (await userManager.IsLockedOutAsync(user))
                Check(await userManager.SetLockoutEndDateAsync(user, null), $"unlock {email}");
        }

        var missingRoles = new List<string>();
        foreach (var role in Roles.All)
        {
            if (!await userManager.IsInRoleAsync(user, role))
                missingRoles.Add(role);
        }
        if (missingRoles.Count > 0)
            Check(await userManager.AddToRolesAsync(user, missingRoles), $"add {email} to {string.Join(", ", missingRoles)}");

        logger.LogInformation("Admin {Email} {Action}", email, created ? "created" : "promoted");
        return created ? AdminSeedResult.Created : AdminSeedResult.Promoted;
    }

    private static void Check(IdentityResult result, string action)
    {
        if (!result.Succeeded)
            throw new AccountSeedingException($"Could not {action}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}

/// <summary>What <see cref="AccountSeeder.EnsureAdminAsync"/> did.</summary>
public enum AdminSeedResult
{
    Created,
    Promoted,
}

/// <summary>Seeding failed for a reason an operator can fix (a password the policy rejects, say).</summary>
public sealed class AccountSeedingException(string message) : Exception(message);
