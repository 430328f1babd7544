using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Exchange;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;
using TradeBot.Web.Admin;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;

namespace TradeBot.Tests.Admin;

/// <summary>
/// The bots' test host (SQLite or PostgreSQL, fake clock, simulated market) with Identity's user store and the admin
/// services on top, and accounts made through Identity itself.
/// </summary>
public sealed class AdminTestHost : IAsyncDisposable
{
    private AdminTestHost(BotsTestHost bots, RecordingScheduler scheduler)
    {
        Bots = bots;
        Scheduler = scheduler;
    }

    public BotsTestHost Bots { get; }

    /// <summary>What the bot services asked of the scheduler.</summary>
    public RecordingScheduler Scheduler { get; }

    public AdminUserService Users => Bots.Services.GetRequiredService<AdminUserService>();

    public AdminBotService AdminBots => Bots.Services.GetRequiredService<AdminBotService>();

    public AuditLogQuery Audit => Bots.Services.GetRequiredService<AuditLogQuery>();

    public SystemStatusService Status => Bots.Services.GetRequiredService<SystemStatusService>();

    public static async Task<AdminTestHost> CreateAsync(string provider, PostgresServer? postgres, CancellationToken cancellationToken, FakeBinanceServer? binance = null)
    {
        var scheduler = new RecordingScheduler();
        var bots = await BotsTestHost.CreateAsync(provider, postgres, cancellationToken, binance, configure: services =>
        {
            services.AddSingleton<IBotScheduler>(scheduler);
            services.AddDataProtection();
            services.AddIdentityCore<ApplicationUser>(o => o.Lockout.AllowedForNewUsers = true)
                .AddRoles<IdentityRole>().AddEntityFrameworkStores<AppDbContext>().AddDefaultTokenProviders();
            services.AddAdminServices();
        });
        var host = new AdminTestHost(bots, scheduler);
        await using var scope = bots.Services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            (await roles.CreateAsync(new IdentityRole(role))).Succeeded.ShouldBeTrue();
        return host;
    }

    /// <summary>An account made by Identity (normalised email, security stamp), with the given roles; Trader always.</summary>
    public async Task<Caller> AccountAsync(string name, bool admin = false)
    {
        await using var scope = Bots.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = $"{name}@example.com", Email = $"{name}@example.com", EmailConfirmed = true };
        (await users.CreateAsync(user, "Sturdy-Passw0rd!")).Succeeded.ShouldBeTrue();
        (await users.AddToRolesAsync(user, admin ? [Roles.Trader, Roles.Admin] : [Roles.Trader])).Succeeded.ShouldBeTrue();
        return new Caller(user.Id, admin);
    }

    /// <summary>A fresh copy of the user's row (null when deleted).</summary>
    public async Task<ApplicationUser?> UserAsync(string id)
    {
        await using var db = await Bots.Databases.CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, TestContext.Current.CancellationToken);
    }

    /// <summary>Runs <paramref name="act"/> with a user manager of its own scope.</summary>
    public async Task<T> WithUsersAsync<T>(Func<UserManager<ApplicationUser>, Task<T>> act)
    {
        await using var scope = Bots.Services.CreateAsyncScope();
        return await act(scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>());
    }

    /// <summary>A running paper bot of <paramref name="owner"/>.</summary>
    public async Task<long> RunningBotAsync(Caller owner, string name)
    {
        var input = BotsTestHost.ValidInput();
        input.Name = name;
        var id = (await Bots.Bots.CreateAsync(owner, input, TestContext.Current.CancellationToken)).Bot!.Config.Id;
        (await Bots.Bots.StartAsync(owner, id, TestContext.Current.CancellationToken)).Succeeded.ShouldBeTrue();
        return id;
    }

    public async Task<BotStateRow> StateAsync(long botId)
    {
        await using var db = await Bots.Databases.CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.Set<BotStateRow>().AsNoTracking().SingleAsync(s => s.BotId == botId, TestContext.Current.CancellationToken);
    }

    /// <summary>The audit lines of the <c>admin.*</c> actions, oldest first.</summary>
    public async Task<List<AuditEntry>> AdminLinesAsync()
    {
        await using var db = await Bots.Databases.CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Action.StartsWith("admin.")).OrderBy(e => e.Id)
            .ToListAsync(TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => Bots.DisposeAsync();
}
