namespace TradeBot.Web.Bots;

/// <summary>
/// Puts a bot's checks on the scheduler and takes them off. <see cref="BotService"/> calls it after a start, stop,
/// pause, resume or edit is committed; <see cref="BotScheduleRestorer"/> calls it at startup for every active bot.
/// The app's implementation is <see cref="QuartzBotScheduler"/> (one Quartz job per active bot).
/// </summary>
public interface IBotScheduler
{
    /// <summary>Runs the bot's check every <paramref name="checkInterval"/>, replacing an existing schedule.</summary>
    Task ScheduleAsync(long botId, TimeSpan checkInterval, CancellationToken cancellationToken);

    /// <summary>Stops running the bot's checks; nothing happens when it is not scheduled.</summary>
    Task UnscheduleAsync(long botId, CancellationToken cancellationToken);
}
