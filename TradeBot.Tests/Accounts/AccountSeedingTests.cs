using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TradeBot.Web.Accounts;

namespace TradeBot.Tests.Accounts;

public sealed class AccountSeedingTests : IAsyncLifetime
{
    private readonly TempSqliteAccounts database = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task SeedAccounts_NoAdminConfigured_CreatesBothRolesAndNoUser()
    {
        var services = await database.ServicesAsync();

        await services.SeedAccountsAsync();

        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        (await roles.RoleExistsAsync(Roles.Admin)).ShouldBeTrue();
        (await roles.RoleExistsAsync(Roles.Trader)).ShouldBeTrue();
        scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().Users.Count().ShouldBe(0);
    }

    [Fact]
    public async Task SeedAccounts_AdminConfigured_CreatesConfirmedAdminAndTrader()
    {
        var services = await database.ServicesAsync(("Admin:Email", "root@example.com"), ("Admin:Password", "Admin123!"));

        await services.SeedAccountsAsync();

        var (user, roles) = await database.FindAsync("root@example.com");
        user.ShouldNotBeNull().EmailConfirmed.ShouldBeTrue();
        roles.ShouldBe([Roles.Admin, Roles.Trader], ignoreOrder: true);
        (await database.CheckPasswordAsync("root@example.com", "Admin123!")).ShouldBeTrue();
    }

    [Fact]
    public async Task SeedAccounts_RunTwice_LeavesOneAdmin()
    {
        var services = await database.ServicesAsync(("Admin:Email", "root@example.com"), ("Admin:Password", "Admin123!"));

        await services.SeedAccountsAsync();
        await services.SeedAccountsAsync();

        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().Users.Count().ShouldBe(1);
    }

    [Fact]
    public async Task SeedAccounts_AdminEmailBelongsToTrader_PromotesAndKeepsTheirPassword()
    {
        await database.CreateUserAsync("trader@example.com", "Trader123!", confirmed: true, Roles.Trader);
        var services = await database.ServicesAsync(("Admin:Email", "trader@example.com"), ("Admin:Password", "Other123!"));

        await services.SeedAccountsAsync();

        var (user, roles) = await database.FindAsync("trader@example.com");
        roles.ShouldBe([Roles.Admin, Roles.Trader], ignoreOrder: true);
        user.ShouldNotBeNull().EmailConfirmed.ShouldBeTrue();
        (await database.CheckPasswordAsync("trader@example.com", "Trader123!")).ShouldBeTrue();
    }

    [Fact]
    public async Task SeedAccounts_AdminEmailRegisteredButNeverConfirmed_PromotedWithTheConfiguredPasswordOnly()
    {
        // Someone registered the address before it was named admin; they never had its mail.
        await database.CreateUserAsync("root@example.com", "Squatter123!", Roles.Trader);
        var services = await database.ServicesAsync(("Admin:Email", "root@example.com"), ("Admin:Password", "Configured123!"));

        await services.SeedAccountsAsync();

        var (user, roles) = await database.FindAsync("root@example.com");
        roles.ShouldBe([Roles.Admin, Roles.Trader], ignoreOrder: true);
        user.ShouldNotBeNull().EmailConfirmed.ShouldBeTrue();
        (await database.CheckPasswordAsync("root@example.com", "Squatter123!")).ShouldBeFalse("the registrant's password must not open an admin account");
        (await database.CheckPasswordAsync("root@example.com", "Configured123!")).ShouldBeTrue();
    }

    [Fact]
    public async Task SeedAccounts_PasswordBreaksPolicy_FailsWithPolicyMessage()
    {
        var services = await database.ServicesAsync(("Admin:Email", "root@example.com"), ("Admin:Password", "short"));

        var failure = await Should.ThrowAsync<AccountSeedingException>(services.SeedAccountsAsync());

        failure.Message.ShouldContain("root@example.com");
        failure.Message.ShouldContain("at least 6 characters");
        (await database.FindAsync("root@example.com")).User.ShouldBeNull();
    }

    [Fact]
    public async Task AdminOptions_EmailWithoutPassword_AreInvalid()
    {
        var services = await database.ServicesAsync(("Admin:Email", "root@example.com"));

        var failure = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<AdminOptions>>().Value);

        failure.Message.ShouldContain("Admin:Password is empty");
    }

    [Fact]
    public async Task AdminOptions_EmptyAsInAppSettings_AreValidAndSeedNoAdmin()
    {
        var services = await database.ServicesAsync(("Admin:Email", ""), ("Admin:Password", ""));

        await services.SeedAccountsAsync();

        services.GetRequiredService<IOptions<AdminOptions>>().Value.IsConfigured.ShouldBeFalse();
    }
}
