using TradeBot.Domain.Trading;

namespace TradeBot.Web.Bots;

/// <summary>A stored bot: its settings and its state (detached copies; change them through <see cref="BotService"/>).</summary>
public sealed record BotDetails(BotConfig Config, BotStateRow State);

/// <summary>The bot after a write, or why there was none: field-level errors, or no such bot for this user.</summary>
public sealed record BotResult(BotDetails? Bot, IReadOnlyList<SettingsError> Errors, bool IsNotFound = false)
{
    public bool Succeeded => Bot is not null && Errors.Count == 0;

    internal static BotResult NotFound { get; } = new(null, [], IsNotFound: true);

    internal static BotResult Ok(BotDetails bot) => new(bot, []);

    internal static BotResult Failed(IReadOnlyList<SettingsError> errors) => new(null, errors);

    internal static BotResult Failed(string field, string message) => new(null, [new SettingsError(field, message)]);
}

/// <summary>What became of a delete.</summary>
public enum BotDeleteOutcome
{
    Deleted,

    /// <summary>No such bot for this user.</summary>
    NotFound,

    /// <summary>The bot is not stopped; stop it first.</summary>
    Running,

    /// <summary>The bot holds a position (or an order not yet booked); close it first.</summary>
    InPosition,
}
