using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TradeBot.Web.Accounts;
using TradeBot.Web.Notifications.Email;

namespace TradeBot.Web.Notifications;

/// <summary>
/// Notifications: the outbox the bot runner writes to, the background sender (email through MailKit, signed webhooks),
/// the users' settings, and Identity's emails. Needs AddData, AddAccounts and AddApiKeys (the Data Protection key ring).
/// </summary>
public static class NotificationsModule
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddNotifications(builder.Configuration);
        return builder;
    }

    /// <summary>The registrations, for hosts that have a configuration but no application builder (tests).</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(WebhookSender.HttpClientName, (sp, client) =>
        {
            client.Timeout = sp.GetRequiredService<IOptions<NotificationOptions>>().Value.WebhookTimeout;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("TradeBot-Webhooks/1");
        }).RemoveAllLoggers(); // its request logs and their scope carry the URL, whose path is the webhook's token
        services.AddSingleton<WebhookUrlEncryption>();
        services.AddSingleton<NotificationPreferences>();
        services.AddSingleton<INotificationOutbox, NotificationOutbox>();
        services.AddSingleton<SmtpEmailSender>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<OutboxSender>();
        services.AddSingleton<DailySummaries>();
        services.AddSingleton<NotificationSettingsService>();
        services.AddHostedService<NotificationBackgroundService>();

        var smtp = configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>() ?? new SmtpOptions();
        if (smtp.IsConfigured)
            services.Replace(ServiceDescriptor.Singleton<IEmailSender<ApplicationUser>, IdentityOutboxEmailSender>());
        return services;
    }

    /// <summary>Encrypts webhook URLs left in plain text by older versions (startup, after the migrations).</summary>
    public static Task<int> EncryptPlainWebhookUrlsAsync(this IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<WebhookUrlEncryption>().EncryptPlainUrlsAsync(cancellationToken);
}
