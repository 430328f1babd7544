using System.Text.Json;
using System.Threading.Channels;
using Npgsql;
using TradeBot.Web.Backtests;
using TradeBot.Web.Bots;

namespace TradeBot.Web.Data;

/// <summary>
/// Carries the in-process buses' messages (bot events, backtest progress) to every other instance on the same
/// PostgreSQL database with LISTEN/NOTIFY, so a page on instance A follows a bot that instance B checks. Each message is
/// sent once, after its transaction committed (the buses publish only then), tagged with this instance's id; each
/// instance delivers the others' messages to its own subscribers. Sending never waits: messages queue (the oldest
/// dropped past <see cref="QueueCapacity"/>) and one connection sends them in batches. A listener that lost its
/// connection reconnects; messages sent meanwhile are missed, and pages catch up from the database at their next event.
/// </summary>
public sealed class PostgresEventFanOut : BackgroundService
{
    /// <summary>The NOTIFY channel.</summary>
    public const string Channel = "tradebot_events";

    /// <summary>Messages waiting to be sent before the oldest are dropped.</summary>
    public const int QueueCapacity = 10_000;

    private const int MaxPayloadBytes = 7_900; // PostgreSQL refuses payloads of 8,000 bytes and more

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly NpgsqlDataSource _dataSource;
    private readonly BotEventBus _bots;
    private readonly BacktestProgressBus _backtests;
    private readonly ILogger<PostgresEventFanOut> _logger;
    private readonly Channel<string> _outgoing = System.Threading.Channels.Channel.CreateBounded<string>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public PostgresEventFanOut(IConfiguration configuration, BotEventBus bots, BacktestProgressBus backtests, ILogger<PostgresEventFanOut> logger)
    {
        _dataSource = NpgsqlDataSource.Create(configuration.GetConnectionString("Postgres") ?? ""); // not the app's defaults: its listener must be reset in the pool
        _bots = bots;
        _backtests = backtests;
        _logger = logger;
        _bots.Relay = message => Enqueue(new Envelope(InstanceId, message, null));
        _backtests.Relay = message => Enqueue(new Envelope(InstanceId, null, message));
    }

    /// <summary>This process's id in the messages it sends.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Messages sent to the other instances so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Messages received from the other instances so far.</summary>
    public long Received => Interlocked.Read(ref _received);

    private long _sent;
    private long _received;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken));

    public override void Dispose()
    {
        _bots.Relay = null;
        _backtests.Relay = null;
        _dataSource.Dispose();
        base.Dispose();
    }

    private void Enqueue(Envelope envelope)
    {
        var payload = JsonSerializer.Serialize(envelope, Json);
        if (System.Text.Encoding.UTF8.GetByteCount(payload) > MaxPayloadBytes && envelope.Bot is { } bot)
            payload = JsonSerializer.Serialize(envelope with { Bot = bot with { Message = bot.Message[..Math.Min(bot.Message.Length, 2000)] + "…" } }, Json);
        _outgoing.Writer.TryWrite(payload);
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        var batch = new List<string>();
        while (await WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < 100 && _outgoing.Reader.TryRead(out var payload))
                batch.Add(payload);
            try
            {
                await using var command = _dataSource.CreateBatch();
                foreach (var payload in batch)
                    command.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)") { Parameters = { new() { Value = Channel }, new() { Value = payload } } });
                await command.ExecuteNonQueryAsync(stoppingToken);
                Interlocked.Add(ref _sent, batch.Count);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                _logger.LogWarning("{Count} live update(s) for other instances could not be sent: {Reason}", batch.Count, e.Message);
                await DelayAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task<bool> WaitToReadAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await _outgoing.Reader.WaitToReadAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                _logger.LogInformation("Listening for live updates of other instances (instance {InstanceId})", InstanceId);
                while (!stoppingToken.IsCancellationRequested)
                {
                    // A quiet connection is checked now and then: a dead one would otherwise wait forever.
                    if (!await connection.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or System.IO.IOException)
            {
                _logger.LogWarning("Live updates of other instances are interrupted ({Reason}); reconnecting", e.Message);
                await DelayAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private void Receive(string payload)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(payload, Json);
            if (envelope is null || envelope.Origin == InstanceId)
                return;
            Interlocked.Increment(ref _received);
            if (envelope.Bot is { } bot)
                _bots.Deliver(bot);
            else if (envelope.Backtest is { } progress)
                _backtests.Deliver(progress);
        }
        catch (JsonException e)
        {
            _logger.LogWarning("A live update from another instance could not be read: {Reason}", e.Message);
        }
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record Envelope(string Origin, BotEventMessage? Bot, BacktestProgressMessage? Backtest);
}

/// <summary>Registration of the cross-instance fan-out.</summary>
public static class EventFanOutModule
{
    /// <summary>On PostgreSQL, relays bot events and backtest progress between instances; with SQLite (one instance) nothing.</summary>
    public static IHostApplicationBuilder AddEventFanOut(this IHostApplicationBuilder builder)
    {
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.Provider == DatabaseProvider.Postgres)
        {
            builder.Services.AddSingleton<PostgresEventFanOut>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<PostgresEventFanOut>());
        }
        return builder;
    }
}
