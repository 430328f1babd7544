using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;
using TradeBot.Web.Notifications;

namespace TradeBot.Tests.Notifications;

/// <summary>
/// A <see cref="RunnerHarness"/> (one paper bot on replayed candles, fake clock) with notifications registered, email
/// going to a local <see cref="SmtpServer"/>. The background sender is off: tests run its passes by hand, so retries
/// and back-off follow the fake clock.
/// </summary>
public sealed class NotificationsHarness : IAsyncDisposable
{
    private NotificationsHarness(RunnerHarness runner, IConfiguration configuration)
    {
        Runner = runner;
        Configuration = configuration;
    }

    public RunnerHarness Runner { get; }

    public IConfiguration Configuration { get; }

    public BotsTestHost Host => Runner.Host;

    public Caller Owner => Runner.Owner;

    public NotificationSettingsService Settings => Host.Services.GetRequiredService<NotificationSettingsService>();

    public OutboxSender Sender => Host.Services.GetRequiredService<OutboxSender>();

    /// <summary>The sender's settings: first retry after 1 min, doubling to 10 min, given up 1 h after writing, 2 min lease.</summary>
    public static Dictionary<string, string?> ConfigurationFor(int? smtpPort) => new()
    {
        ["Smtp:Host"] = smtpPort is null ? "" : "127.0.0.1",
        ["Smtp:Port"] = (smtpPort ?? 25).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Tls"] = "None",
        ["Smtp:From"] = "TradeBot <bots@tradebot.test>",
        ["Smtp:Timeout"] = "00:00:10",
        ["Notifications:PublicBaseUrl"] = "https://tradebot.test/",
        ["Notifications:SenderEnabled"] = "false",
        ["Notifications:FirstRetryDelay"] = "00:01:00",
        ["Notifications:MaxRetryDelay"] = "00:10:00",
        ["Notifications:GiveUpAfter"] = "01:00:00",
        ["Notifications:Lease"] = "00:02:00",
    };

    public static async Task<NotificationsHarness> CreateAsync(string provider, PostgresServer postgres, int? smtpPort, CancellationToken cancellationToken, int candles = 600)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(ConfigurationFor(smtpPort)).Build();
        var runner = await RunnerHarness.CreateAsync(provider, postgres, candles, cancellationToken, configure: services => services.AddNotifications(configuration));
        var harness = new NotificationsHarness(runner, configuration);
        await harness.ConfirmEmailAsync(runner.Owner, cancellationToken);
        return harness;
    }

    /// <summary>The app restarted (or another instance) on the same database, with the same settings and the clock where this one's is.</summary>
    public async Task<BotsTestHost> SecondInstanceAsync(CancellationToken cancellationToken) =>
        (await Runner.SecondInstanceAsync(cancellationToken, services => services.AddNotifications(Configuration))).Host;

    public async Task ConfirmEmailAsync(Caller user, CancellationToken cancellationToken)
    {
        await using var db = await Host.Databases.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == user.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, true), cancellationToken);
    }

    /// <summary>Sends <paramref name="email"/> events by email and <paramref name="webhook"/> events to the user's webhooks.</summary>
    public async Task ChooseAsync(Caller user, NotificationEvent email, NotificationEvent webhook, CancellationToken cancellationToken)
    {
        var errors = await Settings.SaveAsync(user, new NotificationSettingsInput { EmailEvents = email, WebhookEvents = webhook, TimeZone = "UTC" }, cancellationToken);
        errors.ShouldBeEmpty();
    }

    public async Task<List<OutboxMessage>> OutboxAsync(CancellationToken cancellationToken)
    {
        await using var db = await Host.Databases.CreateDbContextAsync(cancellationToken);
        return await db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Id).ToListAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => Runner.DisposeAsync();
}
