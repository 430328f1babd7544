using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TradeBot.Web.Admin;

/// <summary>The admin area: the audit log and the admin pages' services. Needs AddData, AddAccounts, AddExchange and AddBots.</summary>
public static class AdminModule
{
    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuditLog();
        builder.Services.AddAdminServices();
        return builder;
    }

    /// <summary>The admin pages' services (users, bots, system status, audit reading) and the scheduler watch.</summary>
    public static IServiceCollection AddAdminServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AppStart>();
        services.TryAddSingleton<MisfireCounter>();
        services.AddHostedService<SchedulerWatchStartup>();
        services.TryAddSingleton<AdminUserService>();
        services.TryAddSingleton<AdminBotService>();
        services.TryAddSingleton<AuditLogQuery>();
        services.TryAddSingleton<SystemStatusService>();
        return services;
    }

    /// <summary>The audit log alone; the features that record into it (accounts, keys, bots) add it too, so each stands alone in tests.</summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditLog>();
        return services;
    }
}
