namespace TradeBot.Web.Bots;

/// <summary>
/// Puts a bot's checks on the scheduler and takes them off. <see cref="BotService"/> calls it after a start, stop,
/// pause, resume or edit is committed. The Quartz implementation (one job per active bot, triggered at its check
/// interval) lands with the trading loop; until then <see cref="UnscheduledBots"/> stands in and bots change status
/// without ticking.
/// </summary>
public interface IBotScheduler
{
    /// <summary>Runs the bot's check every <paramref name="checkInterval"/>, replacing an existing schedule.</summary>
    Task ScheduleAsync(long botId, TimeSpan checkInterval, CancellationToken cancellationToken);

    /// <summary>Stops running the bot's checks; nothing happens when it is not scheduled.</summary>
    Task UnscheduleAsync(long botId, CancellationToken cancellationToken);
}

/// <summary>The scheduler before the trading loop exists: it schedules nothing.</summary>
internal sealed class UnscheduledBots : IBotScheduler
{
    public Task ScheduleAsync(long botId, TimeSpan checkInterval, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task UnscheduleAsync(long botId, CancellationToken cancellationToken) => Task.CompletedTask;
}
