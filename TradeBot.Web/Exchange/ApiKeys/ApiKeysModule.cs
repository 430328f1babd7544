using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TradeBot.Web.Admin;
using TradeBot.Web.Data;

namespace TradeBot.Web.Exchange.ApiKeys;

/// <summary>API keys and the Data Protection key ring they are encrypted with.</summary>
public static class ApiKeysModule
{
    /// <summary>
    /// Keeps the Data Protection key ring in the database under one application name, so every instance (and a
    /// restarted one) decrypts the stored API keys and reads the others' cookies; with <see cref="KeyRingOptions"/>'
    /// certificate, the ring's keys are stored encrypted to it. Needs AddData and AddExchange.
    /// </summary>
    public static IHostApplicationBuilder AddApiKeys(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(KeyRingOptions.Section);
        builder.Services.AddOptions<KeyRingOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KeyRingOptions>, KeyRingOptionsValidation>();
        var dataProtection = builder.Services.AddDataProtection().PersistKeysToDbContext<AppDbContext>().SetApplicationName("TradeBot");
        // A certificate that cannot be loaded is left to the validation above, which stops startup saying why.
        if ((section.Get<KeyRingOptions>() ?? new KeyRingOptions()).Load().Certificate is { } certificate)
            dataProtection.ProtectKeysWithCertificate(certificate);
        builder.Services.TryAddSingleton<ITradingAccountFactory, BinanceTradingAccountFactory>();
        builder.Services.AddAuditLog();
        builder.Services.AddSingleton<ApiKeyService>();
        return builder;
    }
}
