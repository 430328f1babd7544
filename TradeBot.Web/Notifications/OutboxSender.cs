using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;
using TradeBot.Web.Notifications.Email;

namespace TradeBot.Web.Notifications;

/// <summary>
/// Delivers the outbox. A pass claims due messages one by one (a lease column set with a conditional update: two
/// instances never both take one), sends each, and marks it delivered in its own write right after the send. A failure
/// waits <see cref="NotificationOptions.FirstRetryDelay"/> doubling up to <see cref="NotificationOptions.MaxRetryDelay"/>,
/// until <see cref="NotificationOptions.GiveUpAfter"/> after the message was written; then it is failed with the last error.
/// A sender that dies mid-send leaves its lease to run out, and the message is sent again with the same id.
/// </summary>
public sealed class OutboxSender(
    IDbContextFactory<AppDbContext> databases,
    SmtpEmailSender email,
    WebhookSender webhooks,
    IDataProtectionProvider protection,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<OutboxSender> logger)
{
    public const int ErrorMaxLength = 1000;

    private const int BatchSize = 20;

    /// <summary>One pass: delivers (or reschedules) every message due now; returns how many it attempted.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        List<(long Id, long Lease)> due;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            due = (await db.Set<OutboxMessage>().AsNoTracking()
                    .Where(m => m.Status == DeliveryStatus.Pending && m.NextAttemptAtMs <= nowMs && m.LeaseUntilMs <= nowMs)
                    .OrderBy(m => m.Id).Take(BatchSize).Select(m => new { m.Id, m.LeaseUntilMs }).ToListAsync(cancellationToken))
                .ConvertAll(m => (m.Id, m.LeaseUntilMs));
        }

        var attempted = 0;
        foreach (var (id, lease) in due)
        {
            if (await ClaimAsync(id, lease, cancellationToken))
            {
                await DeliverAsync(id, cancellationToken);
                attempted++;
            }
        }
        return attempted;
    }

    /// <summary>
    /// Deletes delivered and failed messages whose last attempt is older than <see cref="NotificationOptions.KeepHistory"/>
    /// (by the attempt time in milliseconds: SQLite cannot compare the DateTimeOffset columns in SQL); returns how many.
    /// </summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = (time.GetUtcNow() - options.Value.KeepHistory).ToUnixTimeMilliseconds();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Set<OutboxMessage>()
            .Where(m => m.Status != DeliveryStatus.Pending && m.NextAttemptAtMs < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The wait after <paramref name="attempts"/> failed attempts.</summary>
    public static TimeSpan RetryDelay(int attempts, TimeSpan first, TimeSpan max)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 30);
        var delay = first * Math.Pow(2, doublings);
        return delay < max ? delay : max;
    }

    private async Task<bool> ClaimAsync(long id, long lease, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow().Add(options.Value.Lease).ToUnixTimeMilliseconds();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var claimed = await db.Set<OutboxMessage>()
            .Where(m => m.Id == id && m.LeaseUntilMs == lease && m.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntilMs, until), cancellationToken);
        return claimed == 1;
    }

    private async Task DeliverAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var message = await db.Set<OutboxMessage>().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null)
            return;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["OutboxId"] = id, ["UserId"] = message.UserId });
        DeliveryOutcome outcome;
        try
        {
            outcome = await AttemptAsync(db, message, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down mid-send: the lease runs out and the message goes again (same Message-Id / delivery id).
            throw;
        }
        catch (MailKit.Net.Smtp.SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            // A 5xx answer (no such mailbox, sender refused) is the server's final word: retrying cannot change it.
            outcome = DeliveryOutcome.GiveUp($"The mail server refused it: {(int)e.StatusCode} {e.Message}");
        }
        catch (Exception e)
        {
            outcome = DeliveryOutcome.Retry(e.GetBaseException().Message);
        }

        // Recorded even when shutdown begins now: a send that went out must not go out again.
        Record(message, outcome);
        await db.SaveChangesAsync(CancellationToken.None);
        if (outcome.IsDelivered)
            logger.LogInformation("Notification {OutboxId} ({Event}, {Channel}) delivered after {Attempts} attempt(s)", id, message.Event, message.Channel, message.Attempts);
        else
            logger.LogWarning("Notification {OutboxId} ({Event}, {Channel}) attempt {Attempts} failed: {Reason}; {Next}",
                id, message.Event, message.Channel, message.Attempts, outcome.Error, message.Status == DeliveryStatus.Failed ? "given up" : "retried later");
    }

    private void Record(OutboxMessage message, DeliveryOutcome outcome)
    {
        var now = time.GetUtcNow();
        message.Attempts++;
        message.LeaseUntilMs = 0;
        message.NextAttemptAtMs = now.ToUnixTimeMilliseconds(); // for a finished message: when it finished (history pruning)
        if (outcome.IsDelivered)
        {
            message.Status = DeliveryStatus.Delivered;
            message.DeliveredAt = now;
            message.LastError = null;
            return;
        }

        var settings = options.Value;
        var error = outcome.Error ?? "unknown error";
        message.LastError = error.Length <= ErrorMaxLength ? error : error[..ErrorMaxLength];
        var giveUpAt = message.CreatedAt + settings.GiveUpAfter;
        if (outcome.IsPermanent || now >= giveUpAt)
        {
            message.Status = DeliveryStatus.Failed;
            return;
        }
        var next = now + RetryDelay(message.Attempts, settings.FirstRetryDelay, settings.MaxRetryDelay);
        message.NextAttemptAtMs = (next < giveUpAt ? next : giveUpAt).ToUnixTimeMilliseconds();
    }

    private async Task<DeliveryOutcome> AttemptAsync(AppDbContext db, OutboxMessage message, CancellationToken cancellationToken)
    {
        var facts = NotificationFacts.FromJson(message.Facts);
        var botName = message.BotId is { } botId
            ? await db.Set<BotConfig>().AsNoTracking().Where(b => b.Id == botId).Select(b => b.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        var text = NotificationText.For(message.Event, facts, botName, new Uri(options.Value.PublicBaseUrl.TrimEnd('/') + "/"));
        if (message.Channel == NotificationChannel.Webhook)
        {
            var webhook = await db.Set<Webhook>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == message.WebhookId && w.OwnerId == message.UserId, cancellationToken);
            if (webhook is null)
                return DeliveryOutcome.GiveUp("The webhook was deleted.");
            var secret = WebhookSecrets.Unprotect(protection, webhook.EncryptedSecret);
            var url = WebhookUrls.Unprotect(protection, webhook.EncryptedUrl);
            return await webhooks.SendAsync(url, secret, message, facts, text, botName, cancellationToken);
        }

        if (!email.IsConfigured)
            return DeliveryOutcome.GiveUp("Email is not configured on this server (Smtp:Host is empty).");
        var to = message.Recipient ?? await db.Set<ApplicationUser>().AsNoTracking()
            .Where(u => u.Id == message.UserId && u.EmailConfirmed).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        if (string.IsNullOrEmpty(to))
            return DeliveryOutcome.GiveUp("The account has no confirmed email address.");
        await email.SendAsync(to, text, message.Id, cancellationToken);
        return DeliveryOutcome.Delivered;
    }
}
