using System.Collections.Concurrent;
using System.Threading.Channels;

namespace TradeBot.Web.Bots;

/// <summary>One thing that happened to a bot, as UI components receive it: a tick's result, a fill, a status change.</summary>
/// <param name="BotId">The bot.</param>
/// <param name="OwnerId">The bot's owner (user id), so a user's pages can follow all of their bots.</param>
/// <param name="At">When it happened.</param>
/// <param name="Kind">What kind of event (the same kinds as the stored event log).</param>
/// <param name="Message">The sentence the trader reads.</param>
/// <param name="Status">The bot's status after the event.</param>
public sealed record BotEventMessage(long BotId, string OwnerId, DateTimeOffset At, BotEventKind Kind, string Message, BotStatus Status);

/// <summary>
/// The in-process bot event bus (a singleton), modelled on dotnet/eShop's <c>OrderStatusNotificationService</c>: pages
/// subscribe to one bot or to all bots of a user and dispose the subscription when they go away. Publishers only publish
/// after their transaction committed, so a subscriber never sees a change that was rolled back.
/// <para>
/// Each subscription has its own bounded queue and pump: <see cref="Publish"/> never waits for a subscriber, a slow one
/// loses its oldest messages rather than holding a tick up, and one that throws is logged and keeps its subscription.
/// </para>
/// </summary>
public sealed class BotEventBus(ILogger<BotEventBus> logger)
{
    /// <summary>Messages a subscriber may lag behind before its oldest are dropped.</summary>
    public const int QueueCapacity = 256;

    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();
    private readonly ILogger<BotEventBus> _logger = logger;

    /// <summary>
    /// Where published messages also go, to reach the other instances (PostgreSQL's LISTEN/NOTIFY, set by
    /// <see cref="Data.PostgresEventFanOut"/>); null with one instance.
    /// </summary>
    internal Action<BotEventMessage>? Relay { get; set; }

    /// <summary>
    /// Delivers <paramref name="message"/> to every matching subscriber of this instance, without waiting for any of
    /// them, and hands it to the relay for the other instances.
    /// </summary>
    public void Publish(BotEventMessage message)
    {
        Deliver(message);
        Relay?.Invoke(message);
    }

    /// <summary>Delivers a message another instance published to this instance's subscribers (not relayed again).</summary>
    public void Deliver(BotEventMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var subscription in _subscriptions.Keys)
        {
            if (subscription.Matches(message))
                subscription.Enqueue(message);
        }
    }

    /// <summary>Calls <paramref name="callback"/> with every event of bot <paramref name="botId"/> until the result is disposed.</summary>
    public IDisposable Subscribe(long botId, Func<BotEventMessage, Task> callback) =>
        Add(new Subscription(this, m => m.BotId == botId, callback));

    /// <summary>Calls <paramref name="callback"/> with every event of the bots of user <paramref name="ownerId"/> until disposed.</summary>
    public IDisposable SubscribeToUser(string ownerId, Func<BotEventMessage, Task> callback)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        return Add(new Subscription(this, m => string.Equals(m.OwnerId, ownerId, StringComparison.Ordinal), callback));
    }

    /// <summary>How many subscriptions are open (for tests and the admin page).</summary>
    public int SubscriberCount => _subscriptions.Count;

    private Subscription Add(Subscription subscription)
    {
        _subscriptions.TryAdd(subscription, 0);
        subscription.Start();
        return subscription;
    }

    private sealed class Subscription(BotEventBus bus, Func<BotEventMessage, bool> filter, Func<BotEventMessage, Task> callback) : IDisposable
    {
        private readonly Channel<BotEventMessage> _queue = Channel.CreateBounded<BotEventMessage>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public bool Matches(BotEventMessage message) => filter(message);

        public void Enqueue(BotEventMessage message) => _queue.Writer.TryWrite(message);

        public void Start() => _ = Task.Run(PumpAsync);

        public void Dispose()
        {
            bus._subscriptions.TryRemove(this, out _);
            _queue.Writer.TryComplete();
        }

        private async Task PumpAsync()
        {
            await foreach (var message in _queue.Reader.ReadAllAsync())
            {
                try
                {
                    await callback(message);
                }
                catch (Exception e)
                {
                    bus._logger.LogWarning(e, "A subscriber of bot {BotId} events failed on a {Kind} event", message.BotId, message.Kind);
                }
            }
        }
    }
}
