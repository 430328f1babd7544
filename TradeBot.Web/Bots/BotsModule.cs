using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TradeBot.Web.Bots;

/// <summary>Bots: settings, validation, state and the trading switches. Needs AddData, AddExchange and AddApiKeys.</summary>
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
        return builder;
    }
}
