using Microsoft.Extensions.DependencyInjection;
using TradeBot.Web.Bots;

namespace TradeBot.Tests.Components.Bots;

/// <summary>
/// bUnit context of the bot pages (list, dashboard, detail) over the real bot services (a <see cref="Tests.Bots.BotsTestHost"/>
/// on SQLite): the pages read and switch bots in a real database and follow the host's event bus.
/// </summary>
public abstract class BotPagesTestContext : HostedTestContext
{
    protected BotPagesTestContext()
        : base((services, host) =>
        {
            services.AddSingleton(_ => host().Services.GetRequiredService<BotOverviewService>());
            services.AddSingleton(_ => host().Bots);
            services.AddSingleton(_ => host().Services.GetRequiredService<BotEventBus>());
            services.AddSingleton(_ => host().Services.GetRequiredService<BotHistoryService>());
            services.AddSingleton(_ => host().Services.GetRequiredService<TradeBot.Web.Exchange.IMarketDataSource>());
            services.AddSingleton(_ => host().Services.GetRequiredService<BotFormService>());
            services.AddSingleton(_ => host().Services.GetRequiredService<TradeBot.Web.Backtests.BacktestService>());
            services.AddSingleton(_ => host().Services.GetRequiredService<TradeBot.Web.Backtests.BacktestProgressBus>());
            // The host's clock is a fake one; the pages' refresh interval runs on real time.
            services.AddSingleton(TimeProvider.System);
            services.AddLogging();
        })
    {
    }

    protected BotEventBus Bus => Host.Services.GetRequiredService<BotEventBus>();

    /// <summary>Signs alice in as a trader.</summary>
    protected void SignInAlice() => SignInAs(Alice);

    /// <summary>Announces a change of alice's bot as the runner does after committing it.</summary>
    protected void Publish(long botId, BotEventKind kind, BotStatus status) =>
        Bus.Publish(new BotEventMessage(botId, Alice.UserId, Host.Time.GetUtcNow(), kind, $"{kind}", status));
}
