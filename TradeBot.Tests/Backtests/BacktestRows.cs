using System.Text.Json;
using TradeBot.Domain.Market;
using TradeBot.Web.Backtests;
using TradeBot.Web.Cli;

namespace TradeBot.Tests.Backtests;

/// <summary>Stored runs in the state a page test needs (running, completed with a report, failed), written without running them.</summary>
internal static class BacktestRows
{
    /// <summary>A run of <paramref name="ownerId"/>'s over <see cref="BacktestJobTests.YearInput"/>; a completed single run gets <paramref name="report"/> (or a small one).</summary>
    public static BacktestRun New(
        string ownerId, BacktestStatus status, DateTimeOffset createdAt, BacktestKind kind = BacktestKind.Single, string symbol = "BTCUSDT",
        double returnPerc = 5, double progress = 0, BacktestResultJson? report = null, double initialCapital = 1000)
    {
        var input = BacktestJobTests.YearInput();
        input.Bot.Symbol = symbol;
        input.Bot.InitialCapital = initialCapital;
        var (fromMs, toMs) = input.RangeMs();
        var completed = status == BacktestStatus.Completed;
        report ??= Report(initialCapital, returnPerc, fromMs);
        return new BacktestRun
        {
            OwnerId = ownerId, Kind = kind, Status = status, MarketType = MarketType.Spot, Symbol = symbol, Interval = "1h",
            Strategy = "ema-rsi", FromMs = fromMs, ToMs = toMs, CreatedAt = createdAt, InitialCapital = initialCapital,
            InputJson = kind == BacktestKind.Sweep
                ? BacktestJson.Write(new SweepInput { Backtest = input, Axes = [new SweepAxis { Name = "emaFast", From = 5, To = 10, Step = 5 }] })
                : BacktestJson.Write(input),
            Progress = completed ? 1 : progress,
            FinalCapital = completed ? report.Metrics.FinalCapital : null,
            TotalReturnPerc = completed ? report.Metrics.TotalReturnPerc : null,
            BuyAndHoldReturnPerc = completed ? report.Metrics.BuyAndHoldReturnPerc : null,
            MaxDrawdownPerc = completed ? report.Metrics.MaxDrawdownPerc : null,
            TotalTrades = completed ? report.Metrics.TotalTrades : null,
            WinRatePerc = completed ? report.Metrics.WinRatePerc : null,
            Sharpe = completed ? report.Metrics.Sharpe : null,
            ResultJson = completed && kind == BacktestKind.Single ? JsonSerializer.Serialize(report, CliJsonContext.Default.BacktestResultJson) : null,
            Error = status == BacktestStatus.Failed ? "No candles in the range." : null,
        };
    }

    /// <summary>A report whose equity rises (or falls) in a straight line from <paramref name="capital"/> by <paramref name="returnPerc"/>.</summary>
    public static BacktestResultJson Report(double capital, double returnPerc, long fromMs, int points = 3)
    {
        var final = capital * (1 + returnPerc / 100);
        var metrics = new MetricsJson(capital, final, returnPerc, 12.5, 10, 6, 4, 60, 3.25, 1.5, 1.8, 0.5, 7.5, 1.1, 1.6, 42);
        var equity = Enumerable.Range(0, points).Select(i => new EquityJson(fromMs + i * 3_600_000L, capital + (final - capital) * i / (points - 1))).ToList();
        return new BacktestResultJson(metrics, [], [], [], equity);
    }
}
