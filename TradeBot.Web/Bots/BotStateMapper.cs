using System.Globalization;
using TradeBot.Domain.Market;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Trading;

namespace TradeBot.Web.Bots;

/// <summary>
/// Between the stored bot (<see cref="BotConfig"/>, <see cref="BotStateRow"/>) and the decision core
/// (<see cref="BotSettings"/>, <see cref="BotState"/>). The core's "not set" prices are NaN; the table's are null.
/// </summary>
public static class BotStateMapper
{
    /// <summary>The id the decision core and client order ids use for a stored bot.</summary>
    public static string CoreBotId(long botId) => botId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The decision core's settings of <paramref name="config"/>; a switched-off exit becomes 0 ("not used").</summary>
    public static BotSettings ToSettings(BotConfig config, SymbolRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new BotSettings
        {
            BotId = CoreBotId(config.Id),
            MarketType = config.MarketType,
            Strategy = config.Strategy,
            StrategyParameters = new Dictionary<string, double>(config.StrategyParameters),
            InitialCapital = config.InitialCapital,
            PositionSizePerc = config.PositionSizePerc,
            PositionSizeFixed = config.PositionSizeFixed,
            StopLossPerc = config.StopLossEnabled ? config.StopLossPerc : 0,
            TakeProfitPerc = config.TakeProfitEnabled ? config.TakeProfitPerc : 0,
            TrailingStopPerc = config.TrailingStopEnabled ? config.TrailingStopPerc : 0,
            TrailingStopActive = config.TrailingStopEnabled,
            DailyTargetPerc = config.DailyTargetPerc,
            MaxDailyLossPerc = config.MaxDailyLossPerc,
            MaxDailyTrades = config.MaxDailyTrades,
            Leverage = config.Leverage,
            SymbolRules = rules ?? SymbolRules.None,
        };
    }

    /// <summary>The state a new bot starts with.</summary>
    public static BotStateRow NewRow(long botId, double initialCapital, DateTimeOffset now)
    {
        var row = new BotStateRow { BotId = botId, Status = BotStatus.Stopped, UpdatedAt = now };
        Apply(row, BotState.Start(initialCapital), settings: null);
        return row;
    }

    /// <summary>The decision core's state stored in <paramref name="row"/>.</summary>
    public static BotState ToState(BotStateRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new BotState
        {
            Side = row.PositionSide,
            Quantity = row.Quantity,
            EntryPrice = row.EntryPrice ?? double.NaN,
            EntryTimeMs = row.EntryTimeMs,
            EntryFee = row.EntryFee,
            ExtremePrice = row.ExtremePrice ?? double.NaN,
            StopLossPrice = row.StopLossPrice ?? double.NaN,
            TakeProfitPrice = row.TakeProfitPrice ?? double.NaN,
            Cash = row.Cash,
            Daily = new DailyCounters(row.DailyDay, row.DailyPnl, row.DailyTrades, row.DailyPause),
            IsStoppedManually = row.IsStoppedManually,
            Sequence = row.DecisionSequence,
        };
    }

    /// <summary>
    /// Stores <paramref name="state"/> in <paramref name="row"/> (status, last run and last error are the caller's).
    /// With <paramref name="settings"/>, the trailing stop price is worked out for display.
    /// </summary>
    public static void Apply(BotStateRow row, in BotState state, BotSettings? settings)
    {
        ArgumentNullException.ThrowIfNull(row);
        row.PositionSide = state.Side;
        row.Quantity = state.Quantity;
        row.EntryPrice = NullIfNaN(state.EntryPrice);
        row.EntryTimeMs = state.EntryTimeMs;
        row.EntryFee = state.EntryFee;
        row.ExtremePrice = NullIfNaN(state.ExtremePrice);
        row.StopLossPrice = NullIfNaN(state.StopLossPrice);
        row.TakeProfitPrice = NullIfNaN(state.TakeProfitPrice);
        row.Cash = state.Cash;
        row.DailyDay = state.Daily.Day;
        row.DailyPnl = state.Daily.RealizedPnl;
        row.DailyTrades = state.Daily.Entries;
        row.DailyPause = state.Daily.Pause;
        row.IsStoppedManually = state.IsStoppedManually;
        row.DecisionSequence = state.Sequence;
        row.PauseReason = state.PauseReason;
        row.TrailingStopPrice = settings is { TrailingStopActive: true } && state.Side != PositionSide.None && !double.IsNaN(state.ExtremePrice)
            ? ProtectiveExits.TrailingStopPrice(state.Side, state.ExtremePrice, settings.TrailingStopPerc)
            : null;
    }

    private static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;
}
