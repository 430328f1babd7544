using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TradeBot.Tests.Exchange;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Notifications;

namespace TradeBot.Tests.Notifications;

/// <summary>Settings and webhooks per user, input checks, the secret at rest, daily summaries.</summary>
[Collection(PostgresCollection.Name)]
public sealed class NotificationSettingsServiceTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Webhooks_ArePerUser_AnotherUsersWebhookIsNotFound()
    {
        await using var harness = await NotificationsHarness.CreateAsync("Sqlite", postgres, smtpPort: null, Cancel);
        var alice = harness.Owner;
        var bob = await harness.Host.CreateUserAsync("bob", Cancel);
        var alices = (await harness.Settings.AddWebhookAsync(alice, "https://hooks.example.com/alice", Cancel)).Webhook!;
        await harness.ChooseAsync(alice, NotificationEvent.BotError, NotificationEvent.OrderFilled, Cancel);
        await harness.Settings.SendTestAsync(alice, alices.Id, Cancel);

        var bobsView = await harness.Settings.GetAsync(bob, Cancel);
        bobsView.Webhooks.ShouldBeEmpty();
        bobsView.Settings.EmailEvents.ShouldBe(NotificationEvent.None);
        (await harness.Settings.DeleteWebhookAsync(bob, alices.Id, Cancel)).ShouldBeFalse();
        (await harness.Settings.SendTestAsync(bob, alices.Id, Cancel)).ShouldBeFalse();
        (await harness.Settings.DeliveriesAsync(bob, Cancel)).ShouldBeEmpty();

        var alicesView = await harness.Settings.GetAsync(alice, Cancel);
        alicesView.Webhooks.ShouldHaveSingleItem().DisplayUrl.ShouldBe("https://hooks.example.com/…e");
        alicesView.Settings.WebhookEvents.ShouldBe(NotificationEvent.OrderFilled);
        (await harness.Settings.DeliveriesAsync(alice, Cancel)).ShouldHaveSingleItem();
        (await harness.Settings.DeleteWebhookAsync(alice, alices.Id, Cancel)).ShouldBeTrue();
        (await harness.Settings.GetAsync(alice, Cancel)).Webhooks.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(24, "UTC", "summaryHour")]
    [InlineData(-1, "UTC", "summaryHour")]
    [InlineData(8, "Mars/Olympus_Mons", "timeZone")]
    [InlineData(8, "", "timeZone")]
    public async Task BadSettings_FieldError_NothingSaved(int hour, string zone, string field)
    {
        await using var harness = await NotificationsHarness.CreateAsync("Sqlite", postgres, smtpPort: null, Cancel);

        var errors = await harness.Settings.SaveAsync(harness.Owner,
            new NotificationSettingsInput { EmailEvents = NotificationEvent.OrderFilled, SummaryHour = hour, TimeZone = zone }, Cancel);

        errors.ShouldHaveSingleItem().Field.ShouldBe(field);
        (await harness.Settings.GetAsync(harness.Owner, Cancel)).Settings.EmailEvents.ShouldBe(NotificationEvent.None);
    }

    [Theory]
    [InlineData("http://hooks.example.com/x")]
    [InlineData("ftp://hooks.example.com/x")]
    [InlineData("hooks.example.com/x")]
    [InlineData("https://user:secret@hooks.example.com/x")]
    [InlineData("")]
    public async Task BadWebhookUrl_FieldError_NothingSaved(string url)
    {
        await using var harness = await NotificationsHarness.CreateAsync("Sqlite", postgres, smtpPort: null, Cancel);

        var result = await harness.Settings.AddWebhookAsync(harness.Owner, url, Cancel);

        result.Succeeded.ShouldBeFalse();
        result.Secret.ShouldBeNull();
        result.Errors.ShouldHaveSingleItem().Field.ShouldBe("url");
        (await harness.Settings.GetAsync(harness.Owner, Cancel)).Webhooks.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("https://hooks.slack.com/services/T000/B000/XXXX")]
    [InlineData("http://127.0.0.1:9000/hook")]
    [InlineData("http://localhost/hook")]
    public void GoodWebhookUrl_Accepted(string url) => NotificationSettingsService.CheckUrl(url).ShouldBeNull();

    [Fact]
    public async Task WebhookSecret_StoredEncrypted_NeverListedAgain()
    {
        await using var harness = await NotificationsHarness.CreateAsync("Sqlite", postgres, smtpPort: null, Cancel);

        var added = await harness.Settings.AddWebhookAsync(harness.Owner, "https://hooks.example.com/x", Cancel);

        added.Secret.ShouldNotBeNull().ShouldStartWith("whsec_");
        added.Secret.Length.ShouldBeGreaterThan(40);
        await using var db = await harness.Host.Databases.CreateDbContextAsync(Cancel);
        var row = await db.Set<Webhook>().SingleAsync(Cancel);
        row.EncryptedSecret.ShouldNotContain(added.Secret[6..]);
        (await harness.Settings.GetAsync(harness.Owner, Cancel)).ToString().ShouldNotContain(added.Secret[6..]);
    }

    [Theory]
    [InlineData("https://hooks.slack.com/services/T000/B000/abcdXy9z", "https://hooks.slack.com/…Xy9z")]
    [InlineData("http://127.0.0.1:9000/hook/T000/B000/SECRETPATHTOKEN", "http://127.0.0.1:9000/…OKEN")]
    [InlineData("https://hooks.example.com/alice", "https://hooks.example.com/…e")]
    [InlineData("https://hooks.example.com/x", "https://hooks.example.com/…")]
    public void WebhookUrlDisplay_OriginAndAtMostTheLastFourCharacters(string url, string shown) => WebhookUrls.Display(url).ShouldBe(shown);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task WebhookUrl_StoredEncrypted_OnlyTheDisplayFormReturned(string provider)
    {
        await using var harness = await NotificationsHarness.CreateAsync(provider, postgres, smtpPort: null, Cancel);
        var added = await harness.Settings.AddWebhookAsync(harness.Owner, SecretUrl, Cancel);

        added.Webhook.ShouldNotBeNull().DisplayUrl.ShouldBe("https://hooks.slack.com/…OKEN");
        var (encrypted, display) = await RawUrlColumnsAsync(harness);
        encrypted.ShouldNotContain(PathToken);
        display.ShouldBe("https://hooks.slack.com/…OKEN");
        WebhookUrls.Unprotect(harness.Host.Services.GetRequiredService<IDataProtectionProvider>(), encrypted).ShouldBe(SecretUrl);
        (await harness.Settings.GetAsync(harness.Owner, Cancel)).Webhooks.ShouldHaveSingleItem().DisplayUrl.ShouldBe(display);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task PlainUrlFromAnOlderVersion_EncryptedAtStartup_OnceAndStillDelivered(string provider)
    {
        using var receiver = WebhookReceiver.Start();
        var url = receiver.UrlAt("/hook/T000/B000/" + PathToken);
        await using var harness = await NotificationsHarness.CreateAsync(provider, postgres, smtpPort: null, Cancel);
        var webhook = (await harness.Settings.AddWebhookAsync(harness.Owner, url, Cancel)).Webhook!;
        await using (var db = await harness.Host.Databases.CreateDbContextAsync(Cancel))
            await db.Database.ExecuteSqlAsync($"UPDATE webhooks SET encrypted_url = {url}, display_url = ''", Cancel); // as the migration leaves it
        (await RawUrlColumnsAsync(harness)).Encrypted.ShouldBe(url);
        if (provider == "Sqlite")
            (await SqliteFilesContainAsync(harness, PathToken)).ShouldBeTrue("the files are read where the plain URL is");

        var logs = new CapturingLoggerProvider();
        using var logging = LoggerFactory.Create(l => l.AddProvider(logs));
        var startupStep = new WebhookUrlEncryption(harness.Host.Databases, harness.Host.Services.GetRequiredService<IDataProtectionProvider>(),
            logging.CreateLogger<WebhookUrlEncryption>());
        (await startupStep.EncryptPlainUrlsAsync(Cancel)).ShouldBe(1);
        (await harness.Host.Services.EncryptPlainWebhookUrlsAsync(Cancel)).ShouldBe(0, "a converted row is not encrypted twice");
        logs.Lines.ShouldHaveSingleItem().ShouldContain("Count=1");
        logs.Lines.ShouldNotContain(line => line.Contains(PathToken, StringComparison.Ordinal));

        var (encrypted, display) = await RawUrlColumnsAsync(harness);
        encrypted.ShouldNotContain(PathToken);
        display.ShouldBe(receiver.UrlAt("/…OKEN"));
        if (provider == "Sqlite")
            (await SqliteFilesContainAsync(harness, PathToken)).ShouldBeFalse("the plain URL is left in the file's free space or its write-ahead log");
        await harness.Settings.SendTestAsync(harness.Owner, webhook.Id, Cancel);
        (await harness.Sender.SendDueAsync(Cancel)).ShouldBe(1);
        receiver.Received.ShouldHaveSingleItem().Path.ShouldBe("/hook/T000/B000/" + PathToken);
        (await harness.OutboxAsync(Cancel)).ShouldHaveSingleItem().Status.ShouldBe(DeliveryStatus.Delivered);
    }

    private const string PathToken = "SECRETPATHTOKEN";

    private const string SecretUrl = "https://hooks.slack.com/services/T000/B000/" + PathToken;

    private static async Task<bool> SqliteFilesContainAsync(NotificationsHarness harness, string text)
    {
        await using var db = await harness.Host.Databases.CreateDbContextAsync(Cancel);
        var file = db.Database.GetDbConnection().DataSource;
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        foreach (var path in Directory.GetFiles(Path.GetDirectoryName(file)!, Path.GetFileName(file) + "*"))
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Cancel);
            if (copy.ToArray().AsSpan().IndexOf(needle) >= 0)
                return true;
        }
        return false;
    }

    /// <summary>The webhook row's URL columns as the database holds them (SQL, no entity mapping in between).</summary>
    private static async Task<(string Encrypted, string Display)> RawUrlColumnsAsync(NotificationsHarness harness)
    {
        await using var db = await harness.Host.Databases.CreateDbContextAsync(Cancel);
        var encrypted = await db.Database.SqlQueryRaw<string>("SELECT encrypted_url AS \"Value\" FROM webhooks").SingleAsync(Cancel);
        var display = await db.Database.SqlQueryRaw<string>("SELECT display_url AS \"Value\" FROM webhooks").SingleAsync(Cancel);
        return (encrypted, display);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task DailySummary_AtTheChosenHourInTheUsersTimeZone_OncePerDay(string provider)
    {
        await using var harness = await NotificationsHarness.CreateAsync(provider, postgres, smtpPort: null, Cancel);
        var summaries = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<DailySummaries>(harness.Host.Services);
        (await harness.Settings.SaveAsync(harness.Owner,
            new NotificationSettingsInput { EmailEvents = NotificationEvent.DailySummary, SummaryHour = 9, TimeZone = "Asia/Tokyo" }, Cancel)).ShouldBeEmpty();

        harness.Host.Time.SetUtcNow(new DateTimeOffset(2026, 3, 1, 23, 59, 0, TimeSpan.Zero)); // 08:59 in Tokyo
        (await summaries.WriteDueAsync(Cancel)).ShouldBe(0);
        harness.Host.Time.Advance(TimeSpan.FromMinutes(1)); // 09:00 in Tokyo
        (await summaries.WriteDueAsync(Cancel)).ShouldBe(1);
        harness.Host.Time.Advance(TimeSpan.FromHours(14)); // 23:00 in Tokyo, same day
        (await summaries.WriteDueAsync(Cancel)).ShouldBe(0);
        harness.Host.Time.Advance(TimeSpan.FromHours(10)); // 09:00 the next day
        (await summaries.WriteDueAsync(Cancel)).ShouldBe(1);

        await using var other = await harness.SecondInstanceAsync(Cancel);
        other.Time.SetUtcNow(harness.Host.Time.GetUtcNow());
        (await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<DailySummaries>(other.Services)
            .WriteDueAsync(Cancel)).ShouldBe(0, "another instance finds today's summary written");
        var written = await harness.OutboxAsync(Cancel);
        written.Count.ShouldBe(2);
        written.ShouldAllBe(m => m.Event == NotificationEvent.DailySummary && m.Channel == NotificationChannel.Email);
    }
}
