using TradeBot.Domain.Market;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Strategies;
using TradeBot.Domain.Trading;
using TradeBot.Web.Backtests;
using TradeBot.Web.Bots;
using TradeBot.Web.Exchange;

namespace TradeBot.Web.Api;

/// <summary>A bot as the API shows it: its settings (the same fields a create or update sends) and its state.</summary>
public sealed record ApiBot(long Id, string OwnerId, BotInput Settings, ApiBotState State, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ApiBot From(BotDetails bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        return new(bot.Config.Id, bot.Config.OwnerId, BotInput.From(bot.Config), ApiBotState.From(bot.State), bot.Config.CreatedAt, bot.Config.UpdatedAt);
    }
}

/// <summary>Where a bot stands: status, position, today's counters and its last check.</summary>
public sealed record ApiBotState(
    BotStatus Status, PauseReason PauseReason, PositionSide PositionSide, double? EntryPrice, double Quantity, double? StopLossPrice,
    double? TakeProfitPrice, double? TrailingStopPrice, double Cash, double DailyPnl, int DailyTrades, DateTimeOffset? LastRunAt,
    string? LastError, bool IsCloseRequested)
{
    public static ApiBotState From(BotStateRow s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Status, s.PauseReason, s.PositionSide, s.EntryPrice, s.Quantity, s.StopLossPrice, s.TakeProfitPrice,
            s.TrailingStopPrice, s.Cash, s.DailyPnl, s.DailyTrades, s.LastRunAt, s.LastError, s.CloseRequestedAt is not null);
    }
}

/// <summary>One fill of a bot.</summary>
public sealed record ApiTrade(
    long Id, string Symbol, OrderSide Side, decimal Price, decimal Quantity, decimal QuoteQuantity, decimal Commission,
    string CommissionAsset, decimal? RealizedPnl, string? ExitReason, string ClientOrderId, long ExchangeOrderId, DateTimeOffset ExecutedAt)
{
    public static ApiTrade From(Trade t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(t.Id, t.Symbol, t.Side, t.Price, t.Quantity, t.QuoteQuantity, t.Commission, t.CommissionAsset, t.RealizedPnl, t.ExitReason,
            t.ClientOrderId, t.ExchangeOrderId, t.ExecutedAt);
    }
}

/// <summary>A page of fills, newest first, and how many match in all.</summary>
public sealed record ApiTradePage(IReadOnlyList<ApiTrade> Items, int Total, int Page, int PageSize);

/// <summary>One entry of a bot's event log (stored) or of its live stream.</summary>
public sealed record ApiBotEvent(long? Id, long BotId, DateTimeOffset At, BotEventKind Kind, string Message, BotStatus? Status)
{
    public static ApiBotEvent From(BotEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Id, e.BotId, e.At, e.Kind, e.Message, null);
    }

    public static ApiBotEvent From(BotEventMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(null, m.BotId, m.At, m.Kind, m.Message, m.Status);
    }
}

/// <summary>A backtest or sweep with its progress (0..1) and, once done, its summary figures.</summary>
public sealed record ApiBacktest(BacktestSummary Summary, long Processed, long Total, BacktestInput? Input, SweepInput? Sweep);

/// <summary>The answer to a backtest request: the job's id and where to follow it.</summary>
public sealed record ApiBacktestAccepted(long Id, string StatusUrl, string ResultUrl);

/// <summary>A strategy and its parameter schema (names, defaults, ranges, help).</summary>
public sealed record ApiStrategy(string Name, string Description, IReadOnlyList<StrategyParameter> Parameters, IReadOnlyList<ParameterOrderRule> OrderRules)
{
    public static ApiStrategy From(StrategyDefinition s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Name, s.Description, s.Parameters, s.OrderRules);
    }
}

/// <summary>A tradable symbol with its exchange rules.</summary>
public sealed record ApiSymbol(MarketType Market, string Symbol, string BaseAsset, string QuoteAsset, bool IsTrading, SymbolRules Rules, int MaxLeverage)
{
    public static ApiSymbol From(ExchangeSymbol s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Market, s.Symbol, s.BaseAsset, s.QuoteAsset, s.IsTrading, s.Rules, s.MaxLeverage);
    }
}
