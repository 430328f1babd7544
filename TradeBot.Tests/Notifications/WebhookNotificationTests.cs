using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Notifications;

namespace TradeBot.Tests.Notifications;

/// <summary>Webhooks to a local HTTP listener: signed payloads, retries on 5xx with back-off, giving up visibly.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhookNotificationTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Fill_SignedJsonPayload_SignatureVerifiesWithTheSecretShownOnce(string provider)
    {
        using var receiver = WebhookReceiver.Start();
        await using var harness = await NotificationsHarness.CreateAsync(provider, postgres, smtpPort: null, Cancel);
        var added = await harness.Settings.AddWebhookAsync(harness.Owner, receiver.Url, Cancel);
        added.Errors.ShouldBeEmpty();
        await harness.ChooseAsync(harness.Owner, NotificationEvent.None, NotificationEvent.OrderFilled, Cancel);
        var botId = await harness.Runner.StartBotAsync(Bots.RunnerHarness.Input(stops: true), Cancel);

        await harness.Runner.TickUntilInPositionAsync(1, Cancel);
        (await harness.Sender.SendDueAsync(Cancel)).ShouldBe(1);

        var request = receiver.Received.ShouldHaveSingleItem();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(added.Secret!), request.Body));
        request.Headers[WebhookSender.SignatureHeader].ShouldBe(expected);
        var outbox = (await harness.OutboxAsync(Cancel)).ShouldHaveSingleItem();
        request.Headers[WebhookSender.DeliveryHeader].ShouldBe(outbox.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers[WebhookSender.EventHeader].ShouldBe("order.filled");

        using var payload = JsonDocument.Parse(request.Body);
        var root = payload.RootElement;
        root.GetProperty("schema").GetString().ShouldBe("tradebot.notification");
        root.GetProperty("version").GetInt32().ShouldBe(1);
        root.GetProperty("event").GetString().ShouldBe("order.filled");
        root.GetProperty("bot").GetProperty("id").GetInt64().ShouldBe(botId);
        root.GetProperty("bot").GetProperty("name").GetString().ShouldBe("runner test");
        root.GetProperty("link").GetString().ShouldBe($"https://tradebot.test/bots/{botId}");
        root.GetProperty("text").GetString().ShouldStartWith("*runner test: Buy ");
        root.GetProperty("content").GetString().ShouldBe(root.GetProperty("text").GetString());
        var trade = (await harness.Runner.TradesAsync(Cancel)).ShouldHaveSingleItem();
        root.GetProperty("data").GetProperty("symbol").GetString().ShouldBe("BTCUSDT");
        root.GetProperty("data").GetProperty("side").GetString().ShouldBe("Buy");
        root.GetProperty("data").GetProperty("price").GetDecimal().ShouldBe(trade.Price);
        root.GetProperty("data").GetProperty("clientOrderId").GetString().ShouldBe(trade.ClientOrderId);
        outbox.Status.ShouldBe(DeliveryStatus.Delivered);
    }

    [Fact]
    public async Task ServerAnswers500_RetriedWithExponentialBackOff_SameDeliveryId_ThenDelivered()
    {
        using var receiver = WebhookReceiver.Start();
        receiver.Answers.Enqueue(HttpStatusCode.InternalServerError);
        receiver.Answers.Enqueue(HttpStatusCode.BadGateway);
        await using var harness = await NotificationsHarness.CreateAsync("Sqlite", postgres, smtpPort: null, Cancel);
        var webhook = (await harness.Settings.AddWebhookAsync(harness.Owner, receiver.Url, Cancel)).Webhook!;
        (await harness.Settings.SendTestAsync(harness.Owner, webhook.Id, Cancel)).ShouldBeTrue();

        (await harness.Sender.SendDueAsync(Cancel)).ShouldBe(1);
        var first = (await harness.OutboxAsync(Cancel)).ShouldHaveSingleItem();
        first.Status.ShouldBe(DeliveryStatus.Pending);
        first.LastError.ShouldBe("The webhook answered 500 Internal Server Error.");
        first.NextAttemptAtMs.ShouldBe(harness.Host.Time.GetUtcNow().AddMinutes(1).ToUnixTimeMilliseconds());

        harness.Host.Time.Advance(TimeSpan.FromMinutes(1));
        (await harness.Sender.SendDueAsync(Cancel)).ShouldBe(1);
        var second = (await harness.OutboxAsync(Cancel)).ShouldHaveSingleItem();
        second.NextAttemptAtMs.ShouldBe(harness.Host.Time.GetUtcNow().AddMinutes(2).ToUnixTimeMilliseconds(), "the wait doubles");
        harness.Host.Time.Advance(TimeSpan.FromSeconds(119));
        (await harness.Sender.SendDueAsync(Cancel)).ShouldBe(0);
        harness.Host.Time.Advance(TimeSpan.FromSeconds(1));
        (await harness.Sender.SendDueAsync(Cancel)).ShouldBe(1);

        receiver.Received.Count.ShouldBe(3);
        receiver.Received.Select(r => r.Headers[WebhookSender.DeliveryHeader]).Distinct().ShouldHaveSingleItem();
        var done = (await harness.OutboxAsync(Cancel)).ShouldHaveSingleItem();
        done.Status.ShouldBe(DeliveryStatus.Delivered);
        done.Attempts.ShouldBe(3);
    }

    [Fact]
    public async Task AlwaysFailing_GivesUpAfterTheLimit_FailureVisibleToTheUserAndAdmins_UrlOnlyInDisplayForm()
    {
        using var receiver = WebhookReceiver.Start();
        receiver.Always = HttpStatusCode.ServiceUnavailable;
        await using var harness = await NotificationsHarness.CreateAsync("Sqlite", postgres, smtpPort: null, Cancel);
        var url = receiver.UrlAt("/hook/T000/B000/SECRETPATHTOKEN");
        var webhook = (await harness.Settings.AddWebhookAsync(harness.Owner, url, Cancel)).Webhook!;
        await harness.Settings.SendTestAsync(harness.Owner, webhook.Id, Cancel);

        // 1 h limit: attempts at 0, 1, 3, 7, 15, 25, 35, 45, 55 and 60 min (doubling from 1 min, capped at 10, last one at the limit).
        for (var minute = 0; minute <= 61; minute++)
        {
            await harness.Sender.SendDueAsync(Cancel);
            harness.Host.Time.Advance(TimeSpan.FromMinutes(1));
        }

        receiver.Received.Count.ShouldBe(10);
        receiver.Received.ShouldAllBe(r => r.Path == "/hook/T000/B000/SECRETPATHTOKEN");
        var failed = (await harness.OutboxAsync(Cancel)).ShouldHaveSingleItem();
        failed.Status.ShouldBe(DeliveryStatus.Failed);
        failed.Attempts.ShouldBe(10);
        var mine = (await harness.Settings.DeliveriesAsync(harness.Owner, Cancel)).ShouldHaveSingleItem();
        mine.Status.ShouldBe(DeliveryStatus.Failed);
        mine.LastError.ShouldBe("The webhook answered 503 Service Unavailable.");
        mine.Target.ShouldBe(receiver.UrlAt("/…OKEN"));

        var admin = await harness.Host.CreateUserAsync("admin", Cancel, isAdmin: true);
        var other = await harness.Host.CreateUserAsync("other", Cancel);
        var seenByAdmin = (await harness.Settings.FailedDeliveriesAsync(admin, Cancel)).ShouldHaveSingleItem();
        seenByAdmin.UserEmail.ShouldBe("trader@example.com");
        seenByAdmin.Target.ShouldBe(mine.Target);
        (await harness.Settings.FailedDeliveriesAsync(other, Cancel)).ShouldBeEmpty();
        (await harness.Settings.DeliveriesAsync(other, Cancel)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ClientError_GivesUpAtOnce()
    {
        using var receiver = WebhookReceiver.Start();
        receiver.Always = HttpStatusCode.Gone;
        await using var harness = await NotificationsHarness.CreateAsync("Sqlite", postgres, smtpPort: null, Cancel);
        var webhook = (await harness.Settings.AddWebhookAsync(harness.Owner, receiver.Url, Cancel)).Webhook!;
        await harness.Settings.SendTestAsync(harness.Owner, webhook.Id, Cancel);

        await harness.Sender.SendDueAsync(Cancel);

        var failed = (await harness.OutboxAsync(Cancel)).ShouldHaveSingleItem();
        failed.Status.ShouldBe(DeliveryStatus.Failed);
        failed.LastError.ShouldBe("The webhook answered 410 Gone.");
    }

    [Fact]
    public async Task History_FinishedMessagesDeletedAfterTheKeepTime_PendingOnesKept()
    {
        using var receiver = WebhookReceiver.Start();
        receiver.Answers.Enqueue(HttpStatusCode.OK);
        receiver.Answers.Enqueue(HttpStatusCode.InternalServerError);
        await using var harness = await NotificationsHarness.CreateAsync("Sqlite", postgres, smtpPort: null, Cancel);
        var webhook = (await harness.Settings.AddWebhookAsync(harness.Owner, receiver.Url, Cancel)).Webhook!;
        await harness.Settings.SendTestAsync(harness.Owner, webhook.Id, Cancel);
        await harness.Settings.SendTestAsync(harness.Owner, webhook.Id, Cancel);
        (await harness.Sender.SendDueAsync(Cancel)).ShouldBe(2);

        harness.Host.Time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        (await harness.Sender.PruneAsync(Cancel)).ShouldBe(0);
        harness.Host.Time.Advance(TimeSpan.FromSeconds(2));
        (await harness.Sender.PruneAsync(Cancel)).ShouldBe(1);

        (await harness.OutboxAsync(Cancel)).ShouldHaveSingleItem().Status.ShouldBe(DeliveryStatus.Pending);
    }
}
