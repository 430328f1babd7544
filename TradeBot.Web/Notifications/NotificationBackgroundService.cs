using Microsoft.Extensions.Options;

namespace TradeBot.Web.Notifications;

/// <summary>
/// The background side of notifications: loads the users' choices before the bots start checking, then, unless
/// <see cref="NotificationOptions.SenderEnabled"/> is off, delivers the outbox every <see cref="NotificationOptions.PollInterval"/>,
/// writes the daily summaries each minute, deletes old history each hour and reloads the choices every <see cref="NotificationOptions.PreferencesRefresh"/>.
/// It runs beside the bot checks and never holds one up: they only add rows.
/// </summary>
public sealed class NotificationBackgroundService(
    NotificationPreferences preferences,
    OutboxSender sender,
    DailySummaries summaries,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<NotificationBackgroundService> logger) : BackgroundService
{
    private static readonly TimeSpan SummaryCheck = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await preferences.ReloadAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Notification choices could not be loaded ({Reason}); retried in the background", e.GetBaseException().Message);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var lastReload = time.GetUtcNow();
        var lastSummaries = DateTimeOffset.MinValue;
        var lastPrune = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                if (now - lastReload >= settings.PreferencesRefresh)
                {
                    await preferences.ReloadAsync(stoppingToken);
                    lastReload = now;
                }
                if (settings.SenderEnabled)
                {
                    if (now - lastSummaries >= SummaryCheck)
                    {
                        await summaries.WriteDueAsync(stoppingToken);
                        lastSummaries = now;
                    }
                    await sender.SendDueAsync(stoppingToken);
                    if (now - lastPrune >= PruneEvery)
                    {
                        await sender.PruneAsync(stoppingToken);
                        lastPrune = now;
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The notification pass failed; the next one tries again");
            }

            try
            {
                await Task.Delay(settings.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
