using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Web.Accounts;
using TradeBot.Web.Data;

namespace TradeBot.Tests.Accounts;

public sealed class UserPreferencesServiceTests : IAsyncLifetime
{
    private readonly TempSqliteAccounts database = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => database.DisposeAsync();

    private async Task<(UserPreferencesService Preferences, ClaimsPrincipal User)> SignedInUserAsync()
    {
        await database.CreateUserAsync("trader@example.com", "Trader123!", Roles.Trader);
        var userId = (await database.FindAsync("trader@example.com")).User!.Id;
        var services = await database.ServicesAsync();
        var preferences = new UserPreferencesService(services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test"));
        return (preferences, user);
    }

    [Fact]
    public async Task PrefersDarkMode_NewUser_IsFalse()
    {
        var (preferences, user) = await SignedInUserAsync();

        (await preferences.PrefersDarkModeAsync(user, TestContext.Current.CancellationToken)).ShouldBe(false);
    }

    [Fact]
    public async Task SetPrefersDarkMode_SignedIn_IsStoredOnTheAccount()
    {
        var (preferences, user) = await SignedInUserAsync();

        await preferences.SetPrefersDarkModeAsync(user, true, TestContext.Current.CancellationToken);

        (await preferences.PrefersDarkModeAsync(user, TestContext.Current.CancellationToken)).ShouldBe(true);
        (await database.FindAsync("trader@example.com")).User!.PrefersDarkMode.ShouldBeTrue();
    }

    [Fact]
    public async Task PrefersDarkMode_Anonymous_IsUnknownAndSetDoesNothing()
    {
        var (preferences, _) = await SignedInUserAsync();
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());

        await preferences.SetPrefersDarkModeAsync(anonymous, true, TestContext.Current.CancellationToken);

        (await preferences.PrefersDarkModeAsync(anonymous, TestContext.Current.CancellationToken)).ShouldBeNull();
        (await database.FindAsync("trader@example.com")).User!.PrefersDarkMode.ShouldBeFalse();
    }
}
