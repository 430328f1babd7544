using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TradeBot.Web.Admin;

/// <summary>The admin area: the audit log and the admin pages' services. Needs AddData and AddAccounts.</summary>
public static class AdminModule
{
    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuditLog();
        return builder;
    }

    /// <summary>The audit log alone; the features that record into it (accounts, keys, bots) add it too, so each stands alone in tests.</summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditLog>();
        return services;
    }
}
