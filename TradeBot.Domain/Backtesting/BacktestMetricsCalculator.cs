using TradeBot.Domain.Trading;

namespace TradeBot.Domain.Backtesting;

/// <summary>Computes <see cref="BacktestMetrics"/> and the monthly rows once the candle loop is done.</summary>
internal static class BacktestMetricsCalculator
{
    private static readonly double AnnualisationFactor = Math.Sqrt(365);

    public static BacktestMetrics Compute(
        double initialCapital, double finalCapital, double buyAndHoldReturnPerc, List<ClosedTrade> trades,
        List<DailyResult> daily, double maxDrawdownPerc, double exposurePerc)
    {
        int winning = 0;
        double fees = 0, grossProfit = 0, grossLoss = 0, pnlSum = 0;
        foreach (var trade in trades)
        {
            fees += trade.Fees;
            pnlSum += trade.Pnl;
            if (trade.IsWinning)
            {
                winning++;
                grossProfit += trade.Pnl;
            }
            else
            {
                grossLoss -= trade.Pnl;
            }
        }

        var total = trades.Count;
        var losing = total - winning;
        var winRate = total == 0 ? 0 : (double)winning / total;
        var (sharpe, sortino) = RiskRatios(initialCapital, daily);
        return new BacktestMetrics(
            initialCapital, finalCapital, (finalCapital / initialCapital - 1) * 100, buyAndHoldReturnPerc,
            total, winning, losing, winRate * 100, fees, total == 0 ? 0 : pnlSum / total,
            Ratio(grossProfit, grossLoss), Expectancy(winning, losing, grossProfit, grossLoss, winRate),
            maxDrawdownPerc, sharpe, sortino, exposurePerc);
    }

    public static List<MonthlyResult> Monthly(double initialCapital, List<DailyResult> daily)
    {
        var months = new List<MonthlyResult>();
        var startEquity = initialCapital;
        for (var i = 0; i < daily.Count;)
        {
            var (year, month) = (daily[i].Date.Year, daily[i].Date.Month);
            double pnl = 0, endEquity = startEquity;
            for (; i < daily.Count && daily[i].Date.Year == year && daily[i].Date.Month == month; i++)
            {
                pnl += daily[i].Pnl;
                endEquity = daily[i].EndEquity;
            }

            months.Add(new MonthlyResult(year, month, pnl, (endEquity / startEquity - 1) * 100));
            startEquity = endEquity;
        }

        return months;
    }

    private static double Ratio(double grossProfit, double grossLoss) =>
        grossLoss > 0 ? grossProfit / grossLoss : grossProfit > 0 ? double.PositiveInfinity : 0;

    private static double Expectancy(int winning, int losing, double grossProfit, double grossLoss, double winRate)
    {
        if (winning + losing == 0) return 0;
        if (losing == 0 || grossLoss == 0) return winning > 0 ? double.PositiveInfinity : -1;
        if (winning == 0) return -1;
        var ratio = grossProfit / winning / (grossLoss / losing);
        return (1 + ratio) * winRate - 1;
    }

    private static (double Sharpe, double Sortino) RiskRatios(double initialCapital, List<DailyResult> daily)
    {
        if (daily.Count < 2) return (0, 0);
        double previous = initialCapital, sum = 0, downsideSquares = 0;
        var returns = new double[daily.Count];
        for (var i = 0; i < daily.Count; i++)
        {
            returns[i] = previous > 0 ? daily[i].EndEquity / previous - 1 : 0;
            previous = daily[i].EndEquity;
            sum += returns[i];
            downsideSquares += returns[i] < 0 ? returns[i] * returns[i] : 0;
        }

        var mean = sum / returns.Length;
        double squares = 0;
        foreach (var r in returns) squares += (r - mean) * (r - mean);
        var deviation = Math.Sqrt(squares / (returns.Length - 1));
        var downside = Math.Sqrt(downsideSquares / returns.Length);
        var sharpe = deviation > 0 ? mean / deviation * AnnualisationFactor : 0;
        var sortino = downside > 0 ? mean / downside * AnnualisationFactor : mean > 0 ? double.PositiveInfinity : 0;
        return (sharpe, sortino);
    }
}
