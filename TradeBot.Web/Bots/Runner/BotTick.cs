using TradeBot.Domain.Market;
using TradeBot.Domain.Trading;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;

namespace TradeBot.Web.Bots.Runner;

/// <summary>
/// One check in progress: the bot's rows (tracked by the check's one context), the decision core's state, the engine
/// and the venue, and the events recorded since the last commit (published only once that commit succeeded).
/// </summary>
internal sealed class BotTick(AppDbContext db, BotConfig config, BotStateRow row, DateTimeOffset now)
{
    /// <summary>The core's state; a field so the engine can advance it by <c>ref</c>.</summary>
    public BotState State;

    private readonly List<(BotEventKind Kind, string Message, bool Stored)> _outbox = [];

    public AppDbContext Db => db;

    public BotConfig Config => config;

    public BotStateRow Row => row;

    public DateTimeOffset Now => now;

    public long NowMs => now.ToUnixTimeMilliseconds();

    public string CoreBotId => BotStateMapper.CoreBotId(config.Id);

    public MarketType Market => config.MarketType;

    public bool IsFutures => config.MarketType == MarketType.Futures;

    /// <summary>The status the bot had when the check began.</summary>
    public BotStatus StatusAtStart { get; } = row.Status;

    public BotEngine Engine { get; set; } = null!;

    public BotVenue Venue { get; set; } = null!;

    /// <summary>True once an order was booked in this check.</summary>
    public bool Traded { get; set; }

    /// <summary>True when the log table got rows since the last commit (then it is pruned in that commit).</summary>
    public bool HasStoredEvents => _outbox.Exists(e => e.Stored);

    /// <summary>Adds an event to the bot's log (saved with the next commit) and to the bus (published after it).</summary>
    public void AddEvent(BotEventKind kind, string message)
    {
        BotEvents.Add(db, config.Id, now, kind, message);
        _outbox.Add((kind, message, true));
    }

    /// <summary>An event for the bus only (a quiet check is not worth a row in the log).</summary>
    public void Announce(BotEventKind kind, string message) => _outbox.Add((kind, message, false));

    /// <summary>The events of the last commit, as bus messages with the bot's status after it; the outbox is emptied.</summary>
    public IReadOnlyList<BotEventMessage> TakeCommitted()
    {
        var messages = _outbox.ConvertAll(e => new BotEventMessage(config.Id, config.OwnerId, now, e.Kind, e.Message, row.Status));
        _outbox.Clear();
        return messages;
    }

    /// <summary>Forgets events of a commit that failed (they never happened).</summary>
    public void DropUncommitted() => _outbox.Clear();

    /// <summary>Marks the order of <paramref name="decision"/> as about to be sent.</summary>
    public void SetPending(string clientOrderId, in Decision decision)
    {
        row.PendingClientOrderId = clientOrderId;
        row.PendingAt = now;
        row.PendingSymbol = config.Symbol;
        row.PendingKind = decision.Kind;
        row.PendingPositionSide = decision.Side;
        row.PendingReason = decision.Reason;
    }

    public void ClearPending()
    {
        row.PendingClientOrderId = null;
        row.PendingAt = null;
        row.PendingSymbol = null;
        row.PendingKind = null;
        row.PendingPositionSide = null;
        row.PendingReason = null;
    }

    /// <summary>The trader's status from the state: paused, in position, waiting for warm-up, or running.</summary>
    public BotStatus CurrentStatus() =>
        State.PauseReason != Domain.Risk.PauseReason.None ? BotStatus.Paused
        : State.Side != PositionSide.None ? BotStatus.InPosition
        : Engine is { Engine.Strategy.IsReady: false } ? BotStatus.Waiting
        : BotStatus.Running;
}

/// <summary>Where a bot trades and where its candles and prices come from.</summary>
internal sealed record BotVenue(ITradingAccount Account, IMarketData MarketData);

/// <summary>Why a check stopped: an exchange failure or a refusal the trader must see; the bot goes to <c>error</c>.</summary>
internal sealed class BotTickFailure(string message) : Exception(message);
