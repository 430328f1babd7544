using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TradeBot.Web.Accounts;
using TradeBot.Web.Data;

namespace TradeBot.Tests.Accounts;

/// <summary>A migrated SQLite file in a temp folder with the account services on it, deleted afterwards.</summary>
public sealed class TempSqliteAccounts : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tradebot-accounts-").FullName;
    private readonly List<IHost> hosts = [];

    /// <summary>No pooling, so the file can be deleted when the test ends.</summary>
    public string ConnectionString => $"Data Source={Path.Combine(folder, "tradebot.db")};Pooling=False";

    /// <summary>Configuration for the app's commands, as they take it on their command line.</summary>
    public string ConnectionArgument => $"--ConnectionStrings:Sqlite={ConnectionString}";

    /// <summary>Services as the app builds them, with extra configuration (e.g. <c>Admin:Email</c>).</summary>
    public async Task<IServiceProvider> ServicesAsync(params (string Key, string Value)[] configuration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(
            [new("ConnectionStrings:Sqlite", ConnectionString), .. configuration.Select(c => new KeyValuePair<string, string?>(c.Key, c.Value))]);
        builder.AddData().AddAccountStore();
        var host = builder.Build();
        hosts.Add(host);
        await host.Services.MigrateDatabaseAsync(CancellationToken.None);
        return host.Services;
    }

    public async Task<(ApplicationUser? User, IList<string> Roles)> FindAsync(string email)
    {
        var services = await ServicesAsync();
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email);
        return (user, user is null ? [] : await users.GetRolesAsync(user));
    }

    public async Task<bool> CheckPasswordAsync(string email, string password)
    {
        var services = await ServicesAsync();
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"no user {email}");
        return await users.CheckPasswordAsync(user, password);
    }

    public Task CreateUserAsync(string email, string password, params string[] roles) => CreateUserAsync(email, password, confirmed: false, roles);

    public async Task CreateUserAsync(string email, string password, bool confirmed, params string[] roles)
    {
        var services = await ServicesAsync();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountSeeder>().EnsureRolesAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = confirmed };
        (await users.CreateAsync(user, password)).Succeeded.ShouldBeTrue();
        if (roles.Length > 0)
            (await users.AddToRolesAsync(user, roles)).Succeeded.ShouldBeTrue();
    }

    /// <summary>How many accounts exist (after migrating, so also on a fresh file).</summary>
    public async Task<int> CountUsersAsync()
    {
        var services = await ServicesAsync();
        await using var scope = services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().Users.Count();
    }

    public ValueTask DisposeAsync()
    {
        foreach (var host in hosts)
            host.Dispose();
        Directory.Delete(folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
