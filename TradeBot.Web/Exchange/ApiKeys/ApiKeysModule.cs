using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TradeBot.Web.Admin;
using TradeBot.Web.Data;

namespace TradeBot.Web.Exchange.ApiKeys;

/// <summary>API keys and the Data Protection key ring they are encrypted with.</summary>
public static class ApiKeysModule
{
    /// <summary>
    /// Keeps the Data Protection key ring in the database under one application name, so every instance (and a
    /// restarted one) decrypts the stored API keys and reads the others' cookies. Needs AddData and AddExchange.
    /// </summary>
    public static IHostApplicationBuilder AddApiKeys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().PersistKeysToDbContext<AppDbContext>().SetApplicationName("TradeBot");
        builder.Services.TryAddSingleton<ITradingAccountFactory, BinanceTradingAccountFactory>();
        builder.Services.AddAuditLog();
        builder.Services.AddSingleton<ApiKeyService>();
        return builder;
    }
}
