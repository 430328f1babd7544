using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Tests.Bots;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;

namespace TradeBot.Tests.Components.Bots;

/// <summary>
/// bUnit context of the bot and backtest pages over the real bot and backtest services (a <see cref="BotsTestHost"/> on SQLite):
/// the pages read and switch bots in a real database and follow the host's event bus.
/// </summary>
public abstract class BotPagesTestContext : MudBlazorTestContext, IAsyncLifetime
{
    private readonly Setup _setup;

    protected BotPagesTestContext()
        : this(new Setup())
    {
    }

    private BotPagesTestContext(Setup setup)
        : base(services => setup.Register(services)) => _setup = setup;

    protected static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    protected BotsTestHost Host { get; private set; } = null!;

    protected Caller Alice { get; private set; } = null!;

    protected BotEventBus Bus => Host.Services.GetRequiredService<BotEventBus>();

    // Services are registered before the host exists (bUnit wants them first); they resolve once it does.
    private sealed class Setup
    {
        public BotsTestHost? Host { get; set; }

        public void Register(IServiceCollection services)
        {
            services.AddSingleton(_ => Host!.Services.GetRequiredService<BotOverviewService>());
            services.AddSingleton(_ => Host!.Bots);
            services.AddSingleton(_ => Host!.Services.GetRequiredService<BotEventBus>());
            services.AddSingleton(_ => Host!.Services.GetRequiredService<BotHistoryService>());
            services.AddSingleton(_ => Host!.Services.GetRequiredService<TradeBot.Web.Exchange.IMarketDataSource>());
            services.AddSingleton(_ => Host!.Services.GetRequiredService<TradeBot.Web.Backtests.BacktestService>());
            services.AddSingleton(_ => Host!.Services.GetRequiredService<TradeBot.Web.Backtests.BacktestProgressBus>());
            // The host's clock is a fake one; the pages' refresh interval runs on real time.
            services.AddSingleton(TimeProvider.System);
            services.AddLogging();
        }
    }

    public virtual async ValueTask InitializeAsync()
    {
        Host = await BotsTestHost.CreateAsync("Sqlite", null, Cancel, configure: ConfigureHost);
        _setup.Host = Host;
        Alice = await Host.CreateUserAsync("alice", Cancel);
    }

    /// <summary>Changes the host's registrations before it starts (e.g. a scheduler that holds backtests instead of running them).</summary>
    protected virtual void ConfigureHost(IServiceCollection services)
    {
    }

    /// <summary>Signs alice in as a trader.</summary>
    protected void SignInAlice()
    {
        Authorization.SetAuthorized("alice@example.com");
        Authorization.SetRoles(Roles.Trader);
        Authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, Alice.UserId)); // after SetRoles, which replaces the claims
    }

    /// <summary>Announces a change of alice's bot as the runner does after committing it.</summary>
    protected void Publish(long botId, BotEventKind kind, BotStatus status) =>
        Bus.Publish(new BotEventMessage(botId, Alice.UserId, Host.Time.GetUtcNow(), kind, $"{kind}", status));

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Host.DisposeAsync();
    }
}
