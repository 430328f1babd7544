using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TradeBot.Tests.Data;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;
using TradeBot.Web.Data;

namespace TradeBot.Tests.Accounts;

/// <summary>
/// The authenticator key and the recovery codes are stored encrypted (a copy of the users' tables gives no second
/// factor) and work as before through Identity; a plain value stored before is still read.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoFactorSecretsAtRestTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task AuthenticatorKeyAndRecoveryCodes_StoredEncrypted_WorkThroughIdentity(string provider)
    {
        using var folder = TestEnvironment.CreateTempFolder("twofactor");
        using var host = await DatabaseTestHost.ForProviderAsync(provider, postgres, folder.Path, Cancel);
        await host.Services.MigrateDatabaseAsync(Cancel);
        string key;
        List<string> codes;
        string userId;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = "ada@example.com", Email = "ada@example.com" };
            (await users.CreateAsync(user, "Correct-horse-9")).Succeeded.ShouldBeTrue();
            userId = user.Id;
            (await users.ResetAuthenticatorKeyAsync(user)).Succeeded.ShouldBeTrue();
            key = (await users.GetAuthenticatorKeyAsync(user)).ShouldNotBeNull();
            codes = [.. (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!];
        }

        var stored = await TokenValuesAsync(host, userId);
        stored.Count.ShouldBe(2);
        stored.ShouldAllBe(value => value.StartsWith("dp1:"));
        stored.ShouldAllBe(value => !value.Contains(key) && !codes.Any(code => value.Contains(code)));

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByIdAsync(userId))!;
            (await users.GetAuthenticatorKeyAsync(user)).ShouldBe(key);
            (await users.RedeemTwoFactorRecoveryCodeAsync(user, codes[3])).Succeeded.ShouldBeTrue();
            (await users.RedeemTwoFactorRecoveryCodeAsync(user, codes[3])).Succeeded.ShouldBeFalse("a code works once");
            (await users.CountRecoveryCodesAsync(user)).ShouldBe(9);
        }
    }

    [Fact]
    public async Task PlainValueStoredBefore_StillRead_EncryptedWhenNextWritten()
    {
        using var folder = TestEnvironment.CreateTempFolder("twofactor");
        using var host = DatabaseTestHost.Sqlite(folder.Path);
        await host.Services.MigrateDatabaseAsync(Cancel);
        string userId;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = "old@example.com", Email = "old@example.com" };
            (await users.CreateAsync(user, "Correct-horse-9")).Succeeded.ShouldBeTrue();
            userId = user.Id;
        }
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancel))
        {
            db.UserTokens.Add(new IdentityUserToken<string> { UserId = userId, LoginProvider = "[AspNetUserStore]", Name = "RecoveryCodes", Value = "aaaa-1111;bbbb-2222" });
            await db.SaveChangesAsync(Cancel);
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByIdAsync(userId))!;
            (await users.CountRecoveryCodesAsync(user)).ShouldBe(2);
            (await users.RedeemTwoFactorRecoveryCodeAsync(user, "aaaa-1111")).Succeeded.ShouldBeTrue();
        }

        (await TokenValuesAsync(host, userId)).ShouldHaveSingleItem().ShouldStartWith("dp1:", customMessage: "the rest of the codes, written again, encrypted");
    }

    private static async Task<List<string>> TokenValuesAsync(IHost host, string userId)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancel);
        return await db.UserTokens.AsNoTracking().Where(t => t.UserId == userId).Select(t => t.Value!).ToListAsync(Cancel);
    }
}
