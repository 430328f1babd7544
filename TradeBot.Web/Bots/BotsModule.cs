using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TradeBot.Web.Bots.Runner;
using TradeBot.Web.Data;

namespace TradeBot.Web.Bots;

/// <summary>Bots: settings, validation, state, the trading switches, the runner behind each check and the event bus. Needs AddData, AddExchange and AddApiKeys.</summary>
public static class BotsModule
{
    public static IHostApplicationBuilder AddBots(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TradingOptions>().Bind(builder.Configuration.GetSection(TradingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IBotScheduler, UnscheduledBots>();
        services.AddSingleton<BotValidator>();
        services.AddSingleton<BotService>();
        services.AddSingleton<BotEventBus>();
        services.AddSingleton<BotVenues>();
        services.AddSingleton<BotEngines>();
        services.AddSingleton<BotTickStore>();
        services.AddSingleton<BotReconciler>();
        services.AddSingleton<BotOrders>();
        services.AddSingleton(sp => new BotRunner(
            sp.GetRequiredService<IDbContextFactory<AppDbContext>>(), sp.GetRequiredService<BotVenues>(), sp.GetRequiredService<BotEngines>(),
            sp.GetRequiredService<BotReconciler>(), sp.GetRequiredService<BotOrders>(), sp.GetRequiredService<BotTickStore>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BotRunner>>()));
        services.AddSingleton<IBotTicker>(sp => sp.GetRequiredService<BotRunner>());
        return builder;
    }
}
