using TradeBot.Domain.Market;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Trading;

namespace TradeBot.Domain.Backtesting;

/// <summary>
/// Runs the <see cref="TradingEngine"/> over candles with the fill model of trading-semantics.md section 4 and
/// builds the section 8 report. For each candle j: the decisions of candle j-1's close fill at j's open, with
/// slippage against the trader; then the protective exits are checked against j (including an entry candle); then
/// j closes, the strategy speaks, and equity is marked. A signal at the last close is not taken, and a position still
/// open is closed at the last close without slippage ("end of data"). Fills carry the open time of their candle.
/// The candle loop allocates nothing per candle (the trade list grows amortised, per trade); the report is built after it.
/// </summary>
public static class Backtester
{
    private const int MinCandlesBetweenChecks = 4096;

    /// <summary>Backtests <paramref name="settings"/> (strategy from the registry) over <paramref name="candles"/>.</summary>
    /// <param name="settings">Validated settings; invalid ones throw <see cref="ArgumentException"/>.</param>
    /// <param name="candles">Closed candles in time order.</param>
    /// <param name="progress">Receives the fraction done (0..1) about every 1% of candles (at least every 4,096), ending with 1.</param>
    /// <param name="cancellationToken">Checked about every 1% of candles; cancelling throws <see cref="OperationCanceledException"/>.</param>
    /// <param name="includeEquityCurve">False to skip the per-candle equity curve (sweeps): drawdown is still computed.</param>
    public static BacktestReport Run(
        BotSettings settings, ReadOnlySpan<Candle> candles, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default, bool includeEquityCurve = true) =>
        Run(new TradingEngine(settings), candles, progress, cancellationToken, includeEquityCurve);

    /// <summary>Backtests a given engine (e.g. with a custom strategy), which must be fresh.</summary>
    public static BacktestReport Run(
        TradingEngine engine, ReadOnlySpan<Candle> candles, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default, bool includeEquityCurve = true)
    {
        var simulation = new BacktestSimulation(engine, candles, includeEquityCurve);
        var stride = Math.Max(candles.Length / 100, MinCandlesBetweenChecks);
        for (var start = 0; start < candles.Length; start += stride)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = Math.Min(start + stride, candles.Length);
            simulation.Step(candles, start, end);
            progress?.Report((double)end / candles.Length);
        }

        if (candles.IsEmpty)
        {
            progress?.Report(1.0);
        }

        return simulation.Finish(candles);
    }
}

/// <summary>The mutable run behind <see cref="Backtester"/>: engine, state and the report's accumulators.</summary>
internal sealed class BacktestSimulation
{
    private readonly TradingEngine engine;
    private readonly double slippage;
    private readonly List<ClosedTrade> trades;
    private readonly List<DailyResult> daily;
    private readonly EquityPoint[] equity;
    private readonly Decision[] pending = new Decision[2];
    private BotState state;
    private int pendingCount;
    private int refusedEntries;
    private long exposureCandles;
    private double peakEquity;
    private double maxDrawdown;
    private long day = long.MinValue;
    private double dayPnl;
    private int dayTrades;
    private double lastEquity;

    /// <param name="engine">A fresh engine.</param>
    /// <param name="candles">The candles to be stepped (sizes the daily rows and the equity curve).</param>
    /// <param name="includeEquityCurve">False to skip the per-candle equity curve.</param>
    /// <param name="tradeCapacity">Initial room for trades; the list grows (amortised, per trade, not per candle) beyond it.</param>
    public BacktestSimulation(TradingEngine engine, ReadOnlySpan<Candle> candles, bool includeEquityCurve, int tradeCapacity = 64)
    {
        trades = new List<ClosedTrade>(tradeCapacity);
        this.engine = engine;
        slippage = engine.SlippageFraction;
        state = engine.CreateInitialState();
        peakEquity = lastEquity = state.Cash;
        equity = includeEquityCurve ? new EquityPoint[candles.Length] : [];
        var days = candles.IsEmpty ? 0 : (candles[^1].OpenTimeMs - candles[0].OpenTimeMs) / DailyLimits.DayMs + 2;
        daily = new List<DailyResult>((int)Math.Min(days, 100_000));
    }

    /// <summary>The bot state after the candles stepped so far.</summary>
    public BotState State => state;

    /// <summary>Runs candles [start, end): the allocation-free hot loop.</summary>
    public void Step(ReadOnlySpan<Candle> candles, int start, int end)
    {
        var last = candles.Length - 1;
        for (var i = start; i < end; i++)
        {
            ref readonly var candle = ref candles[i];
            RollDay(candle.OpenTimeMs);
            if (pendingCount > 0)
            {
                FillPending(candle);
            }

            if (state.Side != PositionSide.None && engine.CheckProtectiveExits(ref state, candle, out var exit))
            {
                Book(engine.Exit(ref state, exit.Reason, FillModel.FillPrice(exit, exit.PriceHint, slippage), candle.OpenTimeMs));
            }

            pendingCount = engine.OnCandleClosed(ref state, candle, pending);
            var inPosition = state.Side != PositionSide.None;
            if (i == last)
            {
                pendingCount = 0;
                if (state.Side != PositionSide.None)
                {
                    var endOfData = engine.EndOfData(ref state, candle.Close, candle.OpenTimeMs);
                    Book(engine.Exit(ref state, endOfData.Reason, candle.Close, candle.OpenTimeMs));
                }
            }

            Mark(i, candle, inPosition);
        }
    }

    /// <summary>Builds the report after the last candle.</summary>
    public BacktestReport Finish(ReadOnlySpan<Candle> candles)
    {
        if (day != long.MinValue)
        {
            daily.Add(new DailyResult(DateOnly.FromDayNumber(DayNumberOffset + (int)day), dayPnl, dayTrades, lastEquity));
        }

        var initial = engine.Settings.InitialCapital;
        var buyAndHold = candles.IsEmpty ? 0 : (candles[^1].Close / candles[0].Open - 1) * 100;
        var exposure = candles.IsEmpty ? 0 : 100.0 * exposureCandles / candles.Length;
        var metrics = BacktestMetricsCalculator.Compute(initial, state.Cash, buyAndHold, trades, daily, maxDrawdown * 100, exposure);
        return new BacktestReport(metrics, trades, daily, BacktestMetricsCalculator.Monthly(initial, daily), equity, refusedEntries);
    }

    private static readonly int DayNumberOffset = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    private void FillPending(in Candle candle)
    {
        for (var k = 0; k < pendingCount; k++)
        {
            ref readonly var decision = ref pending[k];
            var price = FillModel.FillPrice(decision, candle.Open, slippage);
            if (decision.Kind == DecisionKind.Exit)
            {
                if (state.Side == decision.Side)
                {
                    Book(engine.Exit(ref state, decision.Reason, price, candle.OpenTimeMs));
                }
            }
            else if (!engine.Enter(ref state, decision.Side, price, candle.OpenTimeMs).IsFilled)
            {
                refusedEntries++;
            }
        }

        pendingCount = 0;
    }

    private void Book(in ClosedTrade trade)
    {
        trades.Add(trade);
        dayPnl += trade.Pnl;
        dayTrades++;
    }

    private void RollDay(long timeMs)
    {
        var candleDay = DailyLimits.UtcDay(timeMs);
        if (candleDay == day)
        {
            return;
        }

        if (day != long.MinValue)
        {
            daily.Add(new DailyResult(DateOnly.FromDayNumber(DayNumberOffset + (int)day), dayPnl, dayTrades, lastEquity));
        }

        day = candleDay;
        dayPnl = 0;
        dayTrades = 0;
    }

    private void Mark(int index, in Candle candle, bool inPosition)
    {
        var value = engine.Equity(state, candle.Close);
        if (inPosition)
        {
            exposureCandles++;
        }

        if (value > peakEquity)
        {
            peakEquity = value;
        }
        else if (peakEquity > 0 && (peakEquity - value) / peakEquity > maxDrawdown)
        {
            maxDrawdown = (peakEquity - value) / peakEquity;
        }

        if (equity.Length > 0)
        {
            equity[index] = new EquityPoint(candle.OpenTimeMs, value);
        }

        lastEquity = value;
    }
}
