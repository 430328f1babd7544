using TradeBot.Domain.Market;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Trading;
using TradeBot.Web.Exchange;

namespace TradeBot.Web.Bots;

/// <summary>Where a bot's orders go: the paper exchange, Binance testnet, or Binance with real money.</summary>
public enum ExchangeMode
{
    /// <summary>A paper wallet priced by the configured market data; needs nothing.</summary>
    Paper,

    /// <summary>Binance testnet with a testnet API key.</summary>
    Testnet,

    /// <summary>Binance mainnet with a mainnet API key; only when <c>Trading:LiveEnabled</c> is true.</summary>
    Live,
}

/// <summary>What a bot is doing, as the trader sees it.</summary>
public enum BotStatus
{
    /// <summary>Not scheduled (new, or stopped by the user).</summary>
    Stopped,

    /// <summary>Scheduled and looking for an entry.</summary>
    Running,

    /// <summary>Scheduled, waiting for something before it can decide (warm-up, a filter, funds).</summary>
    Waiting,

    /// <summary>Scheduled and holding a position.</summary>
    InPosition,

    /// <summary>No new entries (see <see cref="BotStateRow.PauseReason"/>); protective exits keep working.</summary>
    Paused,

    /// <summary>The last tick failed (see <see cref="BotStateRow.LastError"/>); retried with back-off.</summary>
    Error,
}

/// <summary>A trader's bot: what it trades and how. Owned by one user; the runner reads it at every tick.</summary>
public sealed class BotConfig
{
    public long Id { get; set; }

    /// <summary>The owning user's id (AspNetUsers).</summary>
    public required string OwnerId { get; set; }

    public required string Name { get; set; }

    public ExchangeMode ExchangeMode { get; set; } = ExchangeMode.Paper;

    public MarketType MarketType { get; set; }

    public required string Symbol { get; set; }

    /// <summary>Kline interval code, e.g. <c>1h</c>.</summary>
    public required string Interval { get; set; }

    /// <summary>Strategy registry name, e.g. <c>ema-rsi</c>.</summary>
    public required string Strategy { get; set; }

    /// <summary>Strategy parameters by name (a JSON column).</summary>
    public Dictionary<string, double> StrategyParameters { get; set; } = [];

    public double InitialCapital { get; set; }

    /// <summary>Percent of equity per entry; 0 = use <see cref="PositionSizeFixed"/>.</summary>
    public double PositionSizePerc { get; set; }

    /// <summary>Fixed quote amount per entry when <see cref="PositionSizePerc"/> is 0.</summary>
    public double PositionSizeFixed { get; set; }

    public bool StopLossEnabled { get; set; }

    public double StopLossPerc { get; set; }

    public bool TakeProfitEnabled { get; set; }

    public double TakeProfitPerc { get; set; }

    public bool TrailingStopEnabled { get; set; }

    public double TrailingStopPerc { get; set; }

    /// <summary>0 = none.</summary>
    public double DailyTargetPerc { get; set; }

    /// <summary>0 = none.</summary>
    public double MaxDailyLossPerc { get; set; }

    /// <summary>0 = no limit.</summary>
    public int MaxDailyTrades { get; set; }

    /// <summary>Futures leverage (spot: 1).</summary>
    public int Leverage { get; set; } = 1;

    public MarginType MarginType { get; set; } = MarginType.Isolated;

    /// <summary>How often the runner checks, in seconds (at least 5).</summary>
    public int CheckIntervalSeconds { get; set; }

    /// <summary>The API key used for Testnet and Live; null for Paper.</summary>
    public long? ApiKeyId { get; set; }

    /// <summary>Moves <see cref="AutoTransferAmount"/> between the spot and futures wallets once before trading.</summary>
    public bool AutoTransferEnabled { get; set; }

    public double AutoTransferAmount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Changes with every write: two editors cannot both win.</summary>
    public long Version { get; set; }
}

/// <summary>
/// A bot's state between ticks: <see cref="BotState"/> of the decision core plus what the trader is shown (status,
/// last run, last error). One row per bot; see <see cref="BotStateMapper"/>.
/// </summary>
public sealed class BotStateRow
{
    public long BotId { get; set; }

    public BotStatus Status { get; set; } = BotStatus.Stopped;

    /// <summary>Why no new entries are taken (with <see cref="BotStatus.Paused"/>).</summary>
    public PauseReason PauseReason { get; set; }

    /// <summary>The user stopped or paused the bot: the daily reset never resumes it.</summary>
    public bool IsStoppedManually { get; set; }

    public PositionSide PositionSide { get; set; }

    /// <summary>Null when flat.</summary>
    public double? EntryPrice { get; set; }

    /// <summary>Entry fill time, Unix ms UTC.</summary>
    public long EntryTimeMs { get; set; }

    public double EntryFee { get; set; }

    public double Quantity { get; set; }

    public double? StopLossPrice { get; set; }

    public double? TakeProfitPrice { get; set; }

    /// <summary>The trailing stop at the last tick (for display; derived from <see cref="ExtremePrice"/>).</summary>
    public double? TrailingStopPrice { get; set; }

    /// <summary>Highest price since entry for a long, lowest for a short.</summary>
    public double? ExtremePrice { get; set; }

    /// <summary>Highest price seen since entry of a long position.</summary>
    public double? HighestPriceSinceEntry => PositionSide == PositionSide.Long ? ExtremePrice : null;

    /// <summary>Lowest price seen since entry of a short position.</summary>
    public double? LowestPriceSinceEntry => PositionSide == PositionSide.Short ? ExtremePrice : null;

    /// <summary>Spot: free quote balance; futures: wallet balance.</summary>
    public double Cash { get; set; }

    /// <summary>UTC day number of the daily counters.</summary>
    public long DailyDay { get; set; }

    public double DailyPnl { get; set; }

    /// <summary>Entries opened on <see cref="DailyDay"/>.</summary>
    public int DailyTrades { get; set; }

    /// <summary>The daily limit that paused the bot on <see cref="DailyDay"/>.</summary>
    public PauseReason DailyPause { get; set; }

    /// <summary>Decisions taken so far (client order ids derive from it).</summary>
    public long DecisionSequence { get; set; }

    public DateTimeOffset? LastRunAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>Failed checks in a row, for the retry back-off; 0 after a good check.</summary>
    public int ConsecutiveErrors { get; set; }

    /// <summary>When the user asked to close the position at market; the next check closes it and clears this.</summary>
    public DateTimeOffset? CloseRequestedAt { get; set; }

    /// <summary>When the auto-transfer between wallets was made (it is made once); null before.</summary>
    public DateTimeOffset? AutoTransferredAt { get; set; }

    /// <summary>Open time (Unix ms) of the last closed candle the engine saw; the next tick starts after it.</summary>
    public long? LastCandleOpenTimeMs { get; set; }

    /// <summary>
    /// The client order id of an order about to be sent or sent but not yet booked; saved BEFORE the order is sent, so a
    /// crash between sending and booking is resolved by looking the order up at the next check, never by sending again.
    /// </summary>
    public string? PendingClientOrderId { get; set; }

    /// <summary>The symbol of the pending order (the bot's symbol may change while it is flat).</summary>
    public string? PendingSymbol { get; set; }

    /// <summary>Whether the pending order enters or exits a position.</summary>
    public DecisionKind? PendingKind { get; set; }

    /// <summary>The position side the pending order opens or closes.</summary>
    public PositionSide? PendingPositionSide { get; set; }

    /// <summary>Why the pending order was decided (the exit reason of an exit).</summary>
    public DecisionReason? PendingReason { get; set; }

    /// <summary>
    /// When the pending order was saved, just before it was sent: until <see cref="Runner.PendingOrders.NotFoundGrace"/>
    /// after it, "not found" means "not yet"; an order found by its id from well before it is not this decision's. Null
    /// for orders saved before this was kept.
    /// </summary>
    public DateTimeOffset? PendingAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Changes with every write.</summary>
    public long Version { get; set; }
}

/// <summary>One fill of a bot's order, stored once (the client order id is unique).</summary>
public sealed class Trade
{
    public long Id { get; set; }

    public long BotId { get; set; }

    /// <summary>The symbol traded (a flat bot may later change symbol; its history keeps the one it traded).</summary>
    public required string Symbol { get; set; }

    public long ExchangeOrderId { get; set; }

    public required string ClientOrderId { get; set; }

    public OrderSide Side { get; set; }

    public decimal Price { get; set; }

    public decimal Quantity { get; set; }

    public decimal QuoteQuantity { get; set; }

    public decimal Commission { get; set; }

    public required string CommissionAsset { get; set; }

    /// <summary>Net PnL of the position this fill closed; null for an entry.</summary>
    public decimal? RealizedPnl { get; set; }

    /// <summary>Exit reason code (<c>signal</c>, <c>stop</c>, <c>take-profit</c>); null for an entry.</summary>
    public string? ExitReason { get; set; }

    public DateTimeOffset ExecutedAt { get; set; }
}

/// <summary>What a bot event is about.</summary>
public enum BotEventKind
{
    /// <summary>The bot was created.</summary>
    Created,

    /// <summary>Its settings were changed.</summary>
    Updated,

    /// <summary>The user started it.</summary>
    Started,

    /// <summary>The user stopped it.</summary>
    Stopped,

    /// <summary>The user paused it, or a daily limit did.</summary>
    Paused,

    /// <summary>The user resumed it, or the daily reset did.</summary>
    Resumed,

    /// <summary>A check ran (the trading loop).</summary>
    Tick,

    /// <summary>An order filled.</summary>
    Fill,

    /// <summary>A check failed.</summary>
    Error,
}

/// <summary>One line of a bot's event log (the last <see cref="BotEvents.KeepPerBot"/> are kept).</summary>
public sealed class BotEvent
{
    public long Id { get; set; }

    public long BotId { get; set; }

    public DateTimeOffset At { get; set; }

    public BotEventKind Kind { get; set; }

    public required string Message { get; set; }

    /// <summary>Details as JSON, or null.</summary>
    public string? Data { get; set; }
}
