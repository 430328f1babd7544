using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TradeBot.Domain.Market;
using TradeBot.Tests.Backtests;
using TradeBot.Tests.Components.Bots;
using TradeBot.Web.Accounts;
using TradeBot.Web.Backtests;
using TradeBot.Web.Cli;

namespace TradeBot.Tests.Components.Backtests;

/// <summary>
/// The bot pages' context for the backtest pages, with a scheduler that only records: runs are stored rows the tests
/// write in the state they need (running, completed with a report, failed), never run behind the test's back.
/// </summary>
public abstract class BacktestPagesTestContext : BotPagesTestContext
{
    protected HeldBacktestScheduler Scheduler { get; } = new();

    protected BacktestService Backtests => Host.Services.GetRequiredService<BacktestService>();

    protected override void ConfigureHost(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IBacktestScheduler>(Scheduler));

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        SignInAlice();
    }

    /// <summary>A stored run of <paramref name="owner"/>'s; a completed single run gets <paramref name="report"/> (or a small one).</summary>
    protected async Task<long> AddRunAsync(
        Caller owner, BacktestStatus status, BacktestKind kind = BacktestKind.Single, string symbol = "BTCUSDT", double returnPerc = 5,
        double progress = 0, BacktestResultJson? report = null, double initialCapital = 1000)
    {
        var input = BacktestJobTests.YearInput();
        input.Bot.Symbol = symbol;
        input.Bot.InitialCapital = initialCapital;
        var (fromMs, toMs) = input.RangeMs();
        var completed = status == BacktestStatus.Completed;
        report ??= Report(initialCapital, returnPerc, fromMs);
        var run = new BacktestRun
        {
            OwnerId = owner.UserId, Kind = kind, Status = status, MarketType = MarketType.Spot, Symbol = symbol, Interval = "1h",
            Strategy = "ema-rsi", FromMs = fromMs, ToMs = toMs, CreatedAt = Host.Time.GetUtcNow(), InitialCapital = initialCapital,
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
        await using var db = await Host.Databases.CreateDbContextAsync(Cancel);
        db.Add(run);
        await db.SaveChangesAsync(Cancel);
        return run.Id;
    }

    /// <summary>A report whose equity rises in a straight line from <paramref name="capital"/> by <paramref name="returnPerc"/>.</summary>
    protected static BacktestResultJson Report(double capital, double returnPerc, long fromMs)
    {
        var final = capital * (1 + returnPerc / 100);
        var metrics = new MetricsJson(capital, final, returnPerc, 12.5, 10, 6, 4, 60, 3.25, 1.5, 1.8, 0.5, 7.5, 1.1, 1.6, 42);
        EquityJson[] equity = [new(fromMs, capital), new(fromMs + 3_600_000, (capital + final) / 2), new(fromMs + 7_200_000, final)];
        return new BacktestResultJson(metrics, [], [], [], equity);
    }

    /// <summary>Records the runs scheduled instead of running them.</summary>
    protected sealed class HeldBacktestScheduler : IBacktestScheduler
    {
        public List<long> Scheduled { get; } = [];

        public Task ScheduleAsync(long runId, CancellationToken cancellationToken)
        {
            lock (Scheduled)
                Scheduled.Add(runId);
            return Task.CompletedTask;
        }
    }
}
