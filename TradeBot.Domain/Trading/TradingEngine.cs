using TradeBot.Domain.Market;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Strategies;

namespace TradeBot.Domain.Trading;

/// <summary>
/// The one decision core (trading-semantics.md), shared by the backtester and live bots. It owns the bot's strategy
/// instance and advances a <see cref="BotState"/> in place for each market event: a closed candle (signals), a
/// candle's range (backtest protective exits) or a price tick (live protective exits), and the fills of its decisions.
/// Deterministic, no I/O, no clock (time comes with each event), no allocation per event.
/// </summary>
public sealed class TradingEngine
{
    private readonly IStrategy strategy;
    private readonly bool isFutures;
    private readonly double feeRate;
    private readonly DailyLimits limits;
    private readonly double trailingPerc;

    /// <summary>Creates an engine for <paramref name="settings"/>, building its strategy from the registry.</summary>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists every problem.</exception>
    public TradingEngine(BotSettings settings) : this(settings, CreateValidatedStrategy(settings))
    {
    }

    /// <summary>Creates an engine around a given strategy instance (tests and custom strategies).</summary>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists every problem.</exception>
    public TradingEngine(BotSettings settings, IStrategy strategy)
    {
        ThrowIfInvalid(settings);
        Settings = settings;
        this.strategy = strategy;
        isFutures = settings.MarketType == MarketType.Futures;
        feeRate = settings.EffectiveFeeRate;
        limits = DailyLimits.From(settings.InitialCapital, settings.DailyTargetPerc, settings.MaxDailyLossPerc, settings.MaxDailyTrades);
        trailingPerc = settings.TrailingStopActive ? settings.TrailingStopPerc : 0;
        SlippageFraction = settings.SlippageBps / 10_000;
    }

    /// <summary>The settings this engine decides by.</summary>
    public BotSettings Settings { get; }

    /// <summary>The strategy instance (its indicators' state lives here).</summary>
    public IStrategy Strategy => strategy;

    /// <summary>The fee rate charged on every fill's notional.</summary>
    public double FeeRate => feeRate;

    /// <summary>Slippage as a fraction (5 bps = 0.0005).</summary>
    public double SlippageFraction { get; }

    /// <summary>A new bot's state: initial capital in cash, no position.</summary>
    public BotState CreateInitialState() => BotState.Start(Settings.InitialCapital);

    /// <summary>Equity at <paramref name="price"/>: spot cash + quantity * price; futures wallet + unrealised PnL.</summary>
    public double Equity(in BotState state, double price) => state.Side switch
    {
        PositionSide.None => state.Cash,
        _ when !isFutures => state.Cash + state.Quantity * price,
        PositionSide.Long => state.Cash + (price - state.EntryPrice) * state.Quantity,
        _ => state.Cash + (state.EntryPrice - price) * state.Quantity,
    };

    /// <summary>The isolated-margin liquidation price of the open futures position, for display; NaN on spot or when flat.</summary>
    public double LiquidationPriceOf(in BotState state) => isFutures
        ? LiquidationPrice.Isolated(state.Side, state.EntryPrice, Settings.Leverage, Settings.MaintenanceMarginRate)
        : double.NaN;

    /// <summary>The effective stop of the open position (stop-loss or trailing, whichever is tighter); NaN if none.</summary>
    public double EffectiveStop(in BotState state) => ProtectiveExits.EffectiveStop(
        state.Side, state.StopLossPrice, ProtectiveExits.TrailingStopPrice(state.Side, state.ExtremePrice, trailingPerc));

    /// <summary>
    /// A candle closed: feeds it to the strategy and writes the resulting decisions into <paramref name="decisions"/>
    /// (room for 2): an exit when the signal closes the position (or, on futures, points the other way), then an entry
    /// when flat afterwards, not stopped manually, and the signal enters. Short signals are ignored on spot.
    /// Daily pauses are checked at the entry's fill, by its UTC day.
    /// </summary>
    /// <returns>How many decisions were written (0, 1 or 2).</returns>
    public int OnCandleClosed(ref BotState state, in Candle candle, Span<Decision> decisions)
    {
        var signal = strategy.OnCandle(candle);
        return signal == Signal.None ? 0 : Decide(ref state, signal, candle.Close, candle.OpenTimeMs, decisions);
    }

    /// <summary>
    /// Backtest: checks the open position's stop and take-profit against a whole candle in the pessimistic order of
    /// section 6 (steps 1-4); if none fires, moves the best price seen with the candle (step 5, after the checks).
    /// </summary>
    /// <returns>True with the exit decision when a level was reached.</returns>
    public bool CheckProtectiveExits(ref BotState state, in Candle candle, out Decision exit)
    {
        if (state.Side == PositionSide.None)
        {
            exit = default;
            return false;
        }

        var trigger = ProtectiveExits.CheckCandle(state.Side, candle, EffectiveStop(state), state.TakeProfitPrice);
        if (trigger.IsTriggered)
        {
            exit = Next(ref state, DecisionKind.Exit, state.Side, trigger.Reason, trigger.Price, candle.OpenTimeMs, trigger.WithSlippage);
            return true;
        }

        state.ExtremePrice = ProtectiveExits.UpdateExtreme(state.Side, state.ExtremePrice, candle.High, candle.Low);
        exit = default;
        return false;
    }

    /// <summary>Live: compares the current price with the stop and take-profit, then moves the best price seen with it.</summary>
    /// <returns>True with the exit decision (at market) when a level was reached.</returns>
    public bool OnPriceTick(ref BotState state, double price, long timeMs, out Decision exit)
    {
        var trigger = ProtectiveExits.CheckPrice(state.Side, price, EffectiveStop(state), state.TakeProfitPrice);
        if (trigger.IsTriggered)
        {
            exit = Next(ref state, DecisionKind.Exit, state.Side, trigger.Reason, price, timeMs, trigger.WithSlippage);
            return true;
        }

        if (state.Side != PositionSide.None)
        {
            state.ExtremePrice = ProtectiveExits.UpdateExtreme(state.Side, state.ExtremePrice, price, price);
        }

        exit = default;
        return false;
    }

    /// <summary>The trader's "close now": an exit of the open position at market, with slippage like any market exit.</summary>
    public Decision CloseNow(ref BotState state, double price, long timeMs) =>
        Next(ref state, DecisionKind.Exit, state.Side, DecisionReason.Manual, price, timeMs, withSlippage: true);

    /// <summary>An end-of-data exit of the open position at <paramref name="price"/> (no slippage).</summary>
    public Decision EndOfData(ref BotState state, double price, long timeMs) =>
        Next(ref state, DecisionKind.Exit, state.Side, DecisionReason.EndOfData, price, timeMs, withSlippage: false);

    /// <summary>
    /// The daily reset (00:00 UTC): when <paramref name="timeMs"/> is in a new UTC day, the counters start again and a
    /// daily pause is lifted. A manual stop stays.
    /// </summary>
    public static void RollDay(ref BotState state, long timeMs) => state.Daily = DailyLimits.Roll(state.Daily, timeMs);

    /// <summary>Marks the bot stopped by its user: no new entries, never undone by the daily reset.</summary>
    public static void StopManually(ref BotState state) => state.IsStoppedManually = true;

    /// <summary>
    /// Sizes an entry at <paramref name="fillPrice"/> and time <paramref name="timeMs"/> without changing the position:
    /// rolls the UTC day and refuses while paused (manual stop or a daily limit), then sizes (section 5), then refuses a
    /// futures position whose stop is beyond its liquidation price.
    /// </summary>
    public PositionSize PlanEntry(ref BotState state, PositionSide side, double fillPrice, long timeMs)
    {
        state.Daily = limits.BeforeEntry(state.Daily, timeMs);
        if (state.PauseReason != PauseReason.None)
        {
            return new(0, 0, state.PauseReason.ToText());
        }

        var equity = Equity(state, fillPrice);
        var size = isFutures
            ? PositionSizer.Futures(equity, state.Cash, fillPrice, Settings.Leverage, Settings.PositionSizePerc, Settings.PositionSizeFixed, Settings.SymbolRules)
            : PositionSizer.Spot(equity, state.Cash, fillPrice, feeRate, Settings.PositionSizePerc, Settings.PositionSizeFixed, Settings.SymbolRules);
        if (size.IsAllowed && isFutures && IsStopBeyondLiquidation(side, fillPrice))
        {
            return new(0, 0, LiquidationPrice.StopBeyondLiquidation);
        }

        return size;
    }

    /// <summary>The engine's whole entry fill: <see cref="PlanEntry"/>, then <see cref="ApplyEntryFill"/> with the fee on the notional.</summary>
    public EntryResult Enter(ref BotState state, PositionSide side, double fillPrice, long timeMs)
    {
        var size = PlanEntry(ref state, side, fillPrice, timeMs);
        if (!size.IsAllowed)
        {
            return new(0, 0, size.RefusalReason);
        }

        var fee = size.Notional * feeRate;
        ApplyEntryFill(ref state, side, fillPrice, size.Quantity, fee, timeMs);
        return new(size.Quantity, fee, null);
    }

    /// <summary>Books an entry fill (live: the exchange's quantity and fee): position, levels, cash and the day's entry count.</summary>
    public void ApplyEntryFill(ref BotState state, PositionSide side, double fillPrice, double quantity, double fee, long timeMs)
    {
        state.Side = side;
        state.Quantity = quantity;
        state.EntryPrice = fillPrice;
        state.EntryTimeMs = timeMs;
        state.EntryFee = fee;
        state.ExtremePrice = fillPrice;
        state.StopLossPrice = ProtectiveExits.StopLossPrice(side, fillPrice, Settings.StopLossPerc);
        state.TakeProfitPrice = ProtectiveExits.TakeProfitPrice(side, fillPrice, Settings.TakeProfitPerc);
        state.Cash -= isFutures ? fee : quantity * fillPrice + fee;
        state.Daily = limits.AfterEntry(state.Daily);
    }

    /// <summary>The engine's whole exit fill, fee on the notional; see <see cref="ApplyExitFill"/>.</summary>
    public ClosedTrade Exit(ref BotState state, DecisionReason reason, double fillPrice, long timeMs) =>
        ApplyExitFill(ref state, reason, fillPrice, state.Quantity * fillPrice * feeRate, timeMs);

    /// <summary>
    /// Books an exit fill: realises PnL ((exit - entry) * quantity for a long, (entry - exit) * quantity for a short),
    /// charges the fee, flattens the position and updates the daily limits (which may pause the bot).
    /// </summary>
    /// <returns>The closed trade; its PnL is net of both fees.</returns>
    public ClosedTrade ApplyExitFill(ref BotState state, DecisionReason reason, double fillPrice, double fee, long timeMs)
    {
        var side = state.Side;
        var quantity = state.Quantity;
        var gross = side == PositionSide.Short ? (state.EntryPrice - fillPrice) * quantity : (fillPrice - state.EntryPrice) * quantity;
        var trade = new ClosedTrade(side, state.EntryTimeMs, state.EntryPrice, timeMs, fillPrice, quantity,
            state.EntryFee + fee, gross - state.EntryFee - fee, reason);
        state.Cash += isFutures ? gross - fee : quantity * fillPrice - fee;
        state.Side = PositionSide.None;
        state.Quantity = 0;
        state.EntryPrice = double.NaN;
        state.EntryFee = 0;
        state.ExtremePrice = double.NaN;
        state.StopLossPrice = double.NaN;
        state.TakeProfitPrice = double.NaN;
        state.Daily = limits.AfterExit(state.Daily, timeMs, trade.Pnl);
        return trade;
    }

    private static IStrategy CreateValidatedStrategy(BotSettings settings)
    {
        ThrowIfInvalid(settings);
        return settings.CreateStrategy();
    }

    private static void ThrowIfInvalid(BotSettings settings)
    {
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.Select(e => e.Message)), nameof(settings));
        }
    }

    private bool IsStopBeyondLiquidation(PositionSide side, double entryPrice)
    {
        var stop = ProtectiveExits.EffectiveStop(side,
            ProtectiveExits.StopLossPrice(side, entryPrice, Settings.StopLossPerc),
            ProtectiveExits.TrailingStopPrice(side, entryPrice, trailingPerc));
        var liquidation = LiquidationPrice.Isolated(side, entryPrice, Settings.Leverage, Settings.MaintenanceMarginRate);
        return LiquidationPrice.IsStopBeyond(side, stop, liquidation);
    }

    private int Decide(ref BotState state, Signal signal, double price, long timeMs, Span<Decision> decisions)
    {
        var count = 0;
        var side = state.Side;
        var entersLong = (signal & Signal.EnterLong) != 0;
        var entersShort = isFutures && (signal & Signal.EnterShort) != 0;
        if (side == PositionSide.Long && ((signal & Signal.ExitLong) != 0 || entersShort)
            || side == PositionSide.Short && ((signal & Signal.ExitShort) != 0 || entersLong))
        {
            decisions[count++] = Next(ref state, DecisionKind.Exit, side, DecisionReason.Signal, price, timeMs, withSlippage: true);
            side = PositionSide.None;
        }

        if (side != PositionSide.None || state.IsStoppedManually)
        {
            return count;
        }

        if (entersLong || entersShort)
        {
            var entrySide = entersLong ? PositionSide.Long : PositionSide.Short;
            decisions[count++] = Next(ref state, DecisionKind.Enter, entrySide, DecisionReason.Signal, price, timeMs, withSlippage: true);
        }

        return count;
    }

    private static Decision Next(ref BotState state, DecisionKind kind, PositionSide side, DecisionReason reason,
        double price, long timeMs, bool withSlippage)
    {
        state.Sequence++;
        return new Decision(kind, side, reason, price, timeMs, state.Sequence, withSlippage);
    }
}
