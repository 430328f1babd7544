using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;
using TradeBot.Web.Notifications;

namespace TradeBot.Tests.Notifications;

/// <summary>Email notifications through a real SMTP conversation with a local server: one mail per fill, outages, restarts.</summary>
[Collection(PostgresCollection.Name)]
public sealed class EmailNotificationTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Fill_ExactlyOneEmail_WithSubjectBodyAndLinkToTheBot(string provider)
    {
        await using var smtp = SmtpServer.Start();
        await using var harness = await NotificationsHarness.CreateAsync(provider, postgres, smtp.Port, Cancel);
        await harness.ChooseAsync(harness.Owner, NotificationEvent.OrderFilled, NotificationEvent.None, Cancel);
        var botId = await harness.Runner.StartBotAsync(Bots.RunnerHarness.Input(stops: true), Cancel);

        await harness.Runner.TickUntilInPositionAsync(1, Cancel);
        (await harness.Sender.SendDueAsync(Cancel)).ShouldBe(1);
        (await harness.Sender.SendDueAsync(Cancel)).ShouldBe(0, "a delivered message is not sent again");

        var trade = (await harness.Runner.TradesAsync(Cancel)).ShouldHaveSingleItem();
        var mail = smtp.Received.ShouldHaveSingleItem();
        var quantity = trade.Quantity.ToString("0.########", System.Globalization.CultureInfo.InvariantCulture);
        var price = trade.Price.ToString("0.########", System.Globalization.CultureInfo.InvariantCulture);
        mail.Subject.ShouldBe($"runner test: Buy {quantity} BTCUSDT at {price}");
        mail.To.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe("trader@example.com");
        mail.From.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe("bots@tradebot.test");
        mail.TextBody.ShouldNotBeNull().ShouldContain($"Order {trade.ClientOrderId}.");
        mail.TextBody.ShouldNotBeNull().ShouldContain($"https://tradebot.test/bots/{botId}");
        mail.HtmlBody.ShouldNotBeNull().ShouldContain($"href=\"https://tradebot.test/bots/{botId}\"");
        mail.HtmlBody.ShouldNotBeNull().ShouldContain("Open the bot");
        var sent = (await harness.OutboxAsync(Cancel)).ShouldHaveSingleItem();
        sent.Status.ShouldBe(DeliveryStatus.Delivered);
        mail.MessageId.ShouldBe($"outbox-{sent.Id}@tradebot.test");
    }

    [Fact]
    public async Task NothingChosen_FillWritesNoOutboxRow()
    {
        await using var smtp = SmtpServer.Start();
        await using var harness = await NotificationsHarness.CreateAsync("Sqlite", postgres, smtp.Port, Cancel);
        await harness.ChooseAsync(harness.Owner, NotificationEvent.PositionClosed, NotificationEvent.None, Cancel);
        await harness.Runner.StartBotAsync(Bots.RunnerHarness.Input(stops: true), Cancel);

        await harness.Runner.TickUntilInPositionAsync(1, Cancel);

        (await harness.OutboxAsync(Cancel)).ShouldBeEmpty("an entry closes no position, and order fills were not chosen");
    }

    [Fact]
    public async Task SmtpDown_MailWaitsInTheOutbox_DeliveredOnceItIsBack()
    {
        await using var smtp = SmtpServer.Start();
        await using var harness = await NotificationsHarness.CreateAsync("Sqlite", postgres, smtp.Port, Cancel);
        await harness.ChooseAsync(harness.Owner, NotificationEvent.OrderFilled, NotificationEvent.None, Cancel);
        await harness.Runner.StartBotAsync(Bots.RunnerHarness.Input(stops: true), Cancel);
        await smtp.StopAsync();

        await harness.Runner.TickUntilInPositionAsync(1, Cancel);
        (await harness.Runner.TradesAsync(Cancel)).ShouldHaveSingleItem("the fill is booked whatever the mail server does");
        (await harness.Sender.SendDueAsync(Cancel)).ShouldBe(1);
        var waiting = (await harness.OutboxAsync(Cancel)).ShouldHaveSingleItem();
        waiting.Status.ShouldBe(DeliveryStatus.Pending);
        waiting.Attempts.ShouldBe(1);
        waiting.LastError.ShouldNotBeNullOrEmpty();
        var visible = (await harness.Settings.DeliveriesAsync(harness.Owner, Cancel)).ShouldHaveSingleItem();
        visible.LastError.ShouldBe(waiting.LastError);

        harness.Host.Time.Advance(TimeSpan.FromSeconds(59));
        (await harness.Sender.SendDueAsync(Cancel)).ShouldBe(0, "the first retry waits a minute");
        smtp.Resume();
        harness.Host.Time.Advance(TimeSpan.FromSeconds(1));
        (await harness.Sender.SendDueAsync(Cancel)).ShouldBe(1);

        smtp.Received.ShouldHaveSingleItem().Subject.ShouldStartWith("runner test: Buy");
        var delivered = (await harness.OutboxAsync(Cancel)).ShouldHaveSingleItem();
        delivered.Status.ShouldBe(DeliveryStatus.Delivered);
        delivered.Attempts.ShouldBe(2);
        delivered.LastError.ShouldBeNull();
    }

    [Fact]
    public async Task RestartMidSend_SentOnceAfterTheLease_AndNeverAgainOnceDelivered()
    {
        await using var smtp = SmtpServer.Start();
        await using var harness = await NotificationsHarness.CreateAsync("Sqlite", postgres, smtp.Port, Cancel);
        await harness.ChooseAsync(harness.Owner, NotificationEvent.OrderFilled, NotificationEvent.None, Cancel);
        await harness.Runner.StartBotAsync(Bots.RunnerHarness.Input(stops: true), Cancel);
        await harness.Runner.TickUntilInPositionAsync(1, Cancel);

        // The app goes down while the server has the message but has not yet said "250".
        smtp.HoldAnswers();
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var sending = harness.Sender.SendDueAsync(shutdown.Token);
        await smtp.DataArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        await shutdown.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(sending);
        smtp.ReleaseAnswers();
        var claimed = (await harness.OutboxAsync(Cancel)).ShouldHaveSingleItem();
        claimed.Status.ShouldBe(DeliveryStatus.Pending);

        await using var restarted = await harness.SecondInstanceAsync(Cancel);
        var sender = restarted.Services.GetRequiredService<OutboxSender>();
        (await sender.SendDueAsync(Cancel)).ShouldBe(0, "the dead sender's lease still holds it");
        restarted.Time.Advance(TimeSpan.FromMinutes(2));
        (await sender.SendDueAsync(Cancel)).ShouldBe(1);
        restarted.Time.Advance(TimeSpan.FromHours(2));
        (await sender.SendDueAsync(Cancel)).ShouldBe(0);
        (await harness.Sender.SendDueAsync(Cancel)).ShouldBe(0);

        var mail = smtp.Received.ShouldHaveSingleItem();
        mail.MessageId.ShouldBe($"outbox-{claimed.Id}@tradebot.test");
        (await harness.OutboxAsync(Cancel)).ShouldHaveSingleItem().Status.ShouldBe(DeliveryStatus.Delivered);
    }

    [Fact]
    public async Task MailServerHangsMidSend_BotChecksGoOnAndCommit_TheirMailFollowsLater()
    {
        await using var smtp = SmtpServer.Start();
        await using var harness = await NotificationsHarness.CreateAsync("Sqlite", postgres, smtp.Port, Cancel);
        await harness.ChooseAsync(harness.Owner, NotificationEvent.OrderFilled, NotificationEvent.None, Cancel);
        await harness.Runner.StartBotAsync(Bots.RunnerHarness.Input(stops: true), Cancel);
        await harness.Settings.SendTestAsync(harness.Owner, null, Cancel);
        smtp.HoldAnswers();
        var sending = harness.Sender.SendDueAsync(Cancel);
        await smtp.DataArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel);

        // While the sender waits on the mail server (SQLite: one writer at a time), the bot trades and commits.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var checks = await harness.Runner.TickUntilInPositionAsync(1, Cancel);
        TestContext.Current.TestOutputHelper?.WriteLine($"{checks} checks while a mail hung: {clock.ElapsedMilliseconds} ms");
        sending.IsCompleted.ShouldBeFalse("the test mail is still in flight");
        (await harness.Runner.TradesAsync(Cancel)).ShouldHaveSingleItem();
        (await harness.OutboxAsync(Cancel)).Select(m => m.Event).ShouldBe([NotificationEvent.Test, NotificationEvent.OrderFilled]);

        smtp.ReleaseAnswers();
        (await sending).ShouldBe(1);
        (await harness.Sender.SendDueAsync(Cancel)).ShouldBe(1);
        smtp.Received.Count.ShouldBe(2);
        smtp.Received[0].Subject.ShouldBe("TradeBot test notification");
        smtp.Received[1].Subject.ShouldStartWith("runner test: Buy");
    }

    [Fact]
    public async Task MailboxRefused_FailedAtOnceWithTheServersAnswer()
    {
        await using var smtp = SmtpServer.Start();
        smtp.RejectedRecipient = "trader@example.com";
        await using var harness = await NotificationsHarness.CreateAsync("Sqlite", postgres, smtp.Port, Cancel);
        (await harness.Settings.SendTestAsync(harness.Owner, null, Cancel)).ShouldBeTrue();

        (await harness.Sender.SendDueAsync(Cancel)).ShouldBe(1);

        var failed = (await harness.OutboxAsync(Cancel)).ShouldHaveSingleItem();
        failed.Status.ShouldBe(DeliveryStatus.Failed);
        failed.LastError.ShouldNotBeNull().ShouldStartWith("The mail server refused it: 550");
        smtp.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task IdentityEmails_GoThroughTheOutboxToSmtp_WithTheDecodedLink()
    {
        await using var smtp = SmtpServer.Start();
        await using var harness = await NotificationsHarness.CreateAsync("Sqlite", postgres, smtp.Port, Cancel);
        var identity = harness.Host.Services.GetRequiredService<IEmailSender<ApplicationUser>>();
        identity.ShouldBeOfType<IdentityOutboxEmailSender>();
        var link = "https://tradebot.test/Account/ConfirmEmail?userId=u1&code=a+b/c&returnUrl=%2F";

        await identity.SendConfirmationLinkAsync(new ApplicationUser { Id = harness.Owner.UserId }, "new@example.com",
            System.Text.Encodings.Web.HtmlEncoder.Default.Encode(link));
        (await harness.Sender.SendDueAsync(Cancel)).ShouldBe(1);

        var mail = smtp.Received.ShouldHaveSingleItem();
        mail.Subject.ShouldBe("Confirm your email");
        mail.To.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe("new@example.com");
        mail.TextBody.ShouldNotBeNull().ShouldContain(link);
        mail.HtmlBody.ShouldNotBeNull().ShouldContain($"href=\"{System.Text.Encodings.Web.HtmlEncoder.Default.Encode(link)}\"", Case.Sensitive);
    }

    [Fact]
    public void SmtpNotConfigured_IdentityKeepsTheNoOpSender_SoRegistrationShowsTheLink()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IEmailSender<ApplicationUser>, IdentityNoOpEmailSender>();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(NotificationsHarness.ConfigurationFor(null)).Build();

        services.AddNotifications(configuration);

        services.Single(s => s.ServiceType == typeof(IEmailSender<ApplicationUser>)).ImplementationType.ShouldBe(typeof(IdentityNoOpEmailSender));
    }
}
