using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Market;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Trading;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;

namespace TradeBot.Web.Bots.Runner;

/// <summary>
/// One check of one bot (<see cref="IBotTicker"/>): pick the venue, warm the engine up, reconcile a pending order, feed
/// the new closed candles (only the newest one may trade: the first check after it closed is the moment the backtester
/// fills at the next open), execute the decisions at the current price, check the protective exits on that price, and
/// save. Failures put the bot in <c>error</c> with the message; the next good check puts it back to running.
/// </summary>
public sealed class BotRunner : IBotTicker
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<long, SemaphoreSlim> _running = new();
    private readonly IDbContextFactory<AppDbContext> _databases;
    private readonly BotVenues _venues;
    private readonly BotEngines _engines;
    private readonly BotReconciler _reconciler;
    private readonly BotOrders _orders;
    private readonly BotTickStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<BotRunner> _logger;

    internal BotRunner(
        IDbContextFactory<AppDbContext> databases, BotVenues venues, BotEngines engines, BotReconciler reconciler, BotOrders orders,
        BotTickStore store, TimeProvider time, ILogger<BotRunner> logger)
    {
        _databases = databases;
        _venues = venues;
        _engines = engines;
        _reconciler = reconciler;
        _orders = orders;
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>The wait before the next check after <paramref name="consecutiveErrors"/> failed ones: 5 s doubling to 5 min.</summary>
    public static TimeSpan NextRetryDelay(int consecutiveErrors)
    {
        if (consecutiveErrors <= 0)
            return TimeSpan.Zero;
        var doublings = Math.Min(consecutiveErrors - 1, 16);
        var delay = FirstRetryDelay * Math.Pow(2, doublings);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    /// <inheritdoc />
    public async Task<TickOutcome> TickAsync(long botId, CancellationToken cancellationToken)
    {
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["BotId"] = botId });
        var gate = _running.GetOrAdd(botId, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(0, cancellationToken))
        {
            _logger.LogInformation("Bot {BotId}: a check is already running; this trigger is skipped", botId);
            return TickOutcome.NothingToDo;
        }

        try
        {
            return await CheckAsync(botId, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<TickOutcome> CheckAsync(long botId, CancellationToken cancellationToken)
    {
        await using var db = await _databases.CreateDbContextAsync(cancellationToken);
        var config = await db.Set<BotConfig>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == botId, cancellationToken);
        var row = config is null ? null : await db.Set<BotStateRow>().FirstOrDefaultAsync(s => s.BotId == botId, cancellationToken);
        if (config is null || row is null || row.Status == BotStatus.Stopped)
            return TickOutcome.NotActive;

        var tick = new BotTick(db, config, row, _time.GetUtcNow()) { State = BotStateMapper.ToState(row) };
        try
        {
            await RunAsync(tick, cancellationToken);
            return tick.Traded ? TickOutcome.Traded : TickOutcome.NothingToDo;
        }
        catch (BotTickFailure failure)
        {
            _logger.LogWarning("Bot {BotId} check failed: {Reason}", botId, failure.Message);
            await _store.RecordErrorAsync(botId, config.OwnerId, failure.Message, cancellationToken);
            return TickOutcome.Failed;
        }
        catch (DbUpdateConcurrencyException)
        {
            _logger.LogInformation("Bot {BotId} was changed during its check (an edit, pause or another instance); the next check starts afresh", botId);
            return tick.Traded ? TickOutcome.Traded : TickOutcome.NothingToDo;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Bot {BotId} check failed unexpectedly", botId);
            await _store.RecordErrorAsync(botId, config.OwnerId, $"The check failed: {e.GetBaseException().Message}", cancellationToken);
            return TickOutcome.Failed;
        }
    }

    private async Task RunAsync(BotTick tick, CancellationToken cancellationToken)
    {
        tick.Venue = await _venues.ResolveAsync(tick.Config, cancellationToken);
        var candles = await _engines.PrepareAsync(tick, cancellationToken);
        await _reconciler.ReconcileAsync(tick, cancellationToken);
        var price = await tick.Venue.MarketData.GetLastPriceAsync(tick.Market, tick.Config.Symbol, cancellationToken);
        if (!price.IsSuccess)
            throw new BotTickFailure($"The price could not be read: {price.Error!.Message}");
        if (!tick.IsFutures)
            await _orders.AutoTransferAsync(tick, TransferDirection.FuturesToSpot, cancellationToken);

        TradingEngine.RollDay(ref tick.State, tick.NowMs);
        await CloseIfAskedAsync(tick, price.Value, cancellationToken);
        var decisions = Feed(tick, candles);
        foreach (var decision in decisions)
            await _orders.ExecuteAsync(tick, decision, price.Value, cancellationToken);
        if (tick.Engine.Engine.OnPriceTick(ref tick.State, (double)price.Value, tick.NowMs, out var exit))
            await _orders.ExecuteAsync(tick, exit, price.Value, cancellationToken);

        await CompleteAsync(tick, price.Value, cancellationToken);
    }

    // The trader's "close now" (the bot was paused with it, so nothing enters afterwards). The request is cleared in the
    // commit that saves the order as pending: an unknown outcome is then reconciled like any exit, and a refused order
    // puts the bot in error for the trader to see (and ask again), rather than retrying a market order unseen.
    private async Task CloseIfAskedAsync(BotTick tick, decimal price, CancellationToken cancellationToken)
    {
        if (tick.Row.CloseRequestedAt is null)
            return;
        if (tick.State.Side != Domain.Trading.PositionSide.None)
        {
            var exit = tick.Engine.Engine.CloseNow(ref tick.State, (double)price, tick.NowMs);
            tick.Row.CloseRequestedAt = null;
            await _orders.ExecuteAsync(tick, exit, price, cancellationToken);
        }
        else
        {
            tick.Row.CloseRequestedAt = null;
            tick.AddEvent(BotEventKind.Tick, "Nothing to close: the bot is flat.");
        }
    }

    // Every new closed candle moves the strategy on; only the newest may trade, and not on the first check ever.
    private static List<Decision> Feed(BotTick tick, IReadOnlyList<Candle> candles)
    {
        var decisions = new List<Decision>(2);
        var engine = tick.Engine;
        Span<Decision> found = stackalloc Decision[2];
        for (var i = 0; i < candles.Count; i++)
        {
            var candle = candles[i];
            if (i == candles.Count - 1)
            {
                var count = engine.Engine.OnCandleClosed(ref tick.State, candle, found);
                for (var k = 0; k < count; k++)
                    decisions.Add(found[k]);
            }
            else
            {
                engine.Engine.Strategy.OnCandle(candle);
            }

            engine.LastFedOpenTimeMs = candle.OpenTimeMs;
        }

        return decisions;
    }

    private async Task CompleteAsync(BotTick tick, decimal price, CancellationToken cancellationToken)
    {
        var row = tick.Row;
        var wasFailing = row.ConsecutiveErrors > 0;
        row.Status = tick.CurrentStatus();
        row.LastRunAt = tick.Now;
        row.LastError = null;
        row.ConsecutiveErrors = 0;
        row.LastCandleOpenTimeMs = tick.Engine.LastFedOpenTimeMs ?? row.LastCandleOpenTimeMs;
        if (wasFailing)
            tick.AddEvent(BotEventKind.Tick, $"Recovered: {row.Status}.");
        else if (row.Status == BotStatus.Paused && tick.StatusAtStart != BotStatus.Paused)
            tick.AddEvent(BotEventKind.Paused, $"Paused: {tick.State.PauseReason.ToText()}; protective exits keep working.");
        else if (tick.StatusAtStart == BotStatus.Paused && row.Status != BotStatus.Paused)
            tick.AddEvent(BotEventKind.Resumed, $"Resumed (new UTC day): {row.Status}.");
        else if (row.Status != tick.StatusAtStart)
            tick.AddEvent(BotEventKind.Tick, $"Status {row.Status}.");
        else
            tick.Announce(BotEventKind.Tick, string.Create(CultureInfo.InvariantCulture, $"Checked at {price}: {row.Status}."));
        await _store.CommitAsync(tick, cancellationToken, skipIfQuiet: true);
    }
}
