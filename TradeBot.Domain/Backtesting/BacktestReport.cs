using TradeBot.Domain.Trading;

namespace TradeBot.Domain.Backtesting;

/// <summary>A backtest's result, trading-semantics.md section 8.</summary>
/// <param name="Metrics">The summary figures.</param>
/// <param name="Trades">Every closed trade, in exit order.</param>
/// <param name="Daily">One row per UTC day with candles, in date order.</param>
/// <param name="Monthly">One row per UTC month with candles, in order.</param>
/// <param name="Equity">Equity marked at every candle close (empty when not asked for, as in sweeps).</param>
/// <param name="RefusedEntries">Entry decisions not filled (paused, size below exchange filters, stop beyond liquidation).</param>
public sealed record BacktestReport(
    BacktestMetrics Metrics,
    IReadOnlyList<ClosedTrade> Trades,
    IReadOnlyList<DailyResult> Daily,
    IReadOnlyList<MonthlyResult> Monthly,
    IReadOnlyList<EquityPoint> Equity,
    int RefusedEntries);

/// <summary>
/// The summary figures of a backtest. Money is in the quote asset, percentages in percent.
/// </summary>
/// <param name="InitialCapital">Starting balance.</param>
/// <param name="FinalCapital">Balance after the last candle (every position closed by then).</param>
/// <param name="TotalReturnPerc">(final / initial - 1) * 100.</param>
/// <param name="BuyAndHoldReturnPerc">(last close / first open - 1) * 100: buying at the start and holding.</param>
/// <param name="TotalTrades">Closed trades.</param>
/// <param name="WinningTrades">Trades with net PnL (after both fees) &gt; 0.</param>
/// <param name="LosingTrades">The other trades (net PnL &lt;= 0).</param>
/// <param name="WinRatePerc">Winning / total * 100; 0 without trades.</param>
/// <param name="TotalFees">Sum of all fees.</param>
/// <param name="AvgProfit">Mean net PnL per trade; 0 without trades.</param>
/// <param name="ProfitFactor">Gross profit / gross loss of trades; +∞ with profits and no losses, 0 without profits.</param>
/// <param name="Expectancy">
/// Expectancy ratio (freqtrade's): (1 + average win / average loss) * win rate - 1, the expected profit per unit
/// risked; +∞ with wins and no losses, 0 without trades.
/// </param>
/// <param name="MaxDrawdownPerc">Largest fall from a peak of the equity marked at every candle close, % of that peak.</param>
/// <param name="Sharpe">Mean / standard deviation (sample) of daily returns, times sqrt(365); 0 when undefined.</param>
/// <param name="Sortino">Mean daily return / downside deviation (root mean square of negative daily returns), times sqrt(365); 0 when undefined, +∞ with a positive mean and no losing day.</param>
/// <param name="ExposurePerc">Share of candles that closed with a position open, %.</param>
public sealed record BacktestMetrics(
    double InitialCapital,
    double FinalCapital,
    double TotalReturnPerc,
    double BuyAndHoldReturnPerc,
    int TotalTrades,
    int WinningTrades,
    int LosingTrades,
    double WinRatePerc,
    double TotalFees,
    double AvgProfit,
    double ProfitFactor,
    double Expectancy,
    double MaxDrawdownPerc,
    double Sharpe,
    double Sortino,
    double ExposurePerc);

/// <summary>One UTC day of a backtest.</summary>
/// <param name="Date">The UTC date.</param>
/// <param name="Pnl">Net PnL of the trades closed that day (the daily limits' realised PnL).</param>
/// <param name="Trades">Trades closed that day.</param>
/// <param name="EndEquity">Equity at the day's last candle close.</param>
public readonly record struct DailyResult(DateOnly Date, double Pnl, int Trades, double EndEquity);

/// <summary>One UTC month of a backtest.</summary>
/// <param name="Year">Calendar year.</param>
/// <param name="Month">Month, 1-12.</param>
/// <param name="Pnl">Net PnL of the trades closed that month.</param>
/// <param name="ReturnPerc">Equity change over the month, % of the equity at its start.</param>
public readonly record struct MonthlyResult(int Year, int Month, double Pnl, double ReturnPerc)
{
    /// <summary>The month as <c>yyyy-MM</c>.</summary>
    public override string ToString() => $"{Year:D4}-{Month:D2}";
}

/// <summary>A point of the equity curve.</summary>
/// <param name="TimeMs">Open time of the candle whose close marked it, Unix ms UTC.</param>
/// <param name="Equity">Equity at that close (after an end-of-data exit on the last candle).</param>
public readonly record struct EquityPoint(long TimeMs, double Equity);
