using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Tests.Bots;
using TradeBot.Web.Accounts;

namespace TradeBot.Tests.Components;

/// <summary>
/// The bUnit context of pages over the real services of a <see cref="BotsTestHost"/> (SQLite, simulated market): the
/// pages read and write a real database. The page services a test registers come from the host; bUnit wants them
/// registered before the host exists, so they are handed a way to reach it once it does.
/// </summary>
public abstract class HostedTestContext : MudBlazorTestContext, IAsyncLifetime
{
    private readonly HostReference _reference;

    /// <param name="services">Registers the page's services, resolving them from the host (the function) when asked.</param>
    protected HostedTestContext(Action<IServiceCollection, Func<BotsTestHost>> services)
        : this(new HostReference(), services)
    {
    }

    private HostedTestContext(HostReference reference, Action<IServiceCollection, Func<BotsTestHost>> services)
        : base(collection => services(collection, reference.Get)) => _reference = reference;

    protected static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    protected BotsTestHost Host { get; private set; } = null!;

    /// <summary>A user of the host, not signed in until a test calls <see cref="SignInAs"/>.</summary>
    protected Caller Alice { get; private set; } = null!;

    /// <summary>Starts the host of each test; override for another kind (a fake Binance behind it).</summary>
    protected virtual Task<BotsTestHost> CreateHostAsync() => BotsTestHost.CreateAsync("Sqlite", null, Cancel);

    public virtual async ValueTask InitializeAsync()
    {
        Host = await CreateHostAsync();
        _reference.Host = Host;
        Alice = await Host.CreateUserAsync("alice", Cancel);
    }

    /// <summary>Signs <paramref name="caller"/> in as a trader, and an admin if the caller is one.</summary>
    protected void SignInAs(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        Authorization.SetAuthorized(caller.UserId);
        Authorization.SetRoles(caller.IsAdmin ? [Roles.Trader, Roles.Admin] : [Roles.Trader]);
        Authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, caller.UserId)); // after SetRoles, which replaces the claims
    }

    /// <summary>Stops the host; override to stop what <see cref="CreateHostAsync"/> started beside it.</summary>
    protected virtual ValueTask DisposeHostAsync() => Host.DisposeAsync();

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Host is not null)
            await DisposeHostAsync();
    }

    private sealed class HostReference
    {
        public BotsTestHost? Host { get; set; }

        public BotsTestHost Get() => Host ?? throw new InvalidOperationException("The host starts in InitializeAsync; a page resolved a service before.");
    }
}
