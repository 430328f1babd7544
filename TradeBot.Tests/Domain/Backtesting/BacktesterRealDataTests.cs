using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Domain.Strategies;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Domain.Trading;

namespace TradeBot.Tests.Domain.Backtesting;

/// <summary>ema-rsi on the real BTCUSDT 1h sample, progress and cancellation, and the sweep.</summary>
public sealed class BacktesterRealDataTests
{
    private static readonly BotSettings EmaRsiAllExits = new()
    {
        StopLossPerc = 4, TakeProfitPerc = 8, TrailingStopActive = true, TrailingStopPerc = 3,
        StrategyParameters = new Dictionary<string, double> { ["emaFast"] = 9, ["emaSlow"] = 21 },
    };

    [Theory]
    [InlineData(MarketType.Spot)]
    [InlineData(MarketType.Futures)]
    public void EmaRsi_Sample_TradesFollowSignalsAndAccountsBalance(MarketType market)
    {
        var settings = EmaRsiAllExits with { MarketType = market, Leverage = market == MarketType.Futures ? 2 : 1 };
        var candles = SampleData.BtcUsdtHourly;
        var recording = new RecordingStrategy(settings.CreateStrategy());

        var report = Backtester.Run(new TradingEngine(settings, recording), candles, cancellationToken: TestContext.Current.CancellationToken);

        report.Trades.Count.ShouldBeGreaterThan(20);
        report.Metrics.FinalCapital.ShouldBe(1000 + report.Trades.Sum(t => t.Pnl), 1e-6);
        report.Metrics.TotalTrades.ShouldBe(report.Metrics.WinningTrades + report.Metrics.LosingTrades);
        report.Metrics.TotalFees.ShouldBe(report.Trades.Sum(t => t.Fees), 1e-9);
        report.Trades.Select(t => t.ExitReason).Distinct().Count().ShouldBeGreaterThanOrEqualTo(3);
        foreach (var trade in report.Trades)
        {
            var entry = Array.FindIndex(candles, c => c.OpenTimeMs == trade.EntryTimeMs);
            var wanted = trade.Side == PositionSide.Long ? Signal.EnterLong : Signal.EnterShort;
            (recording.Signals[entry - 1] & wanted).ShouldBe(wanted);
        }

        report.Equity.Count.ShouldBe(candles.Length);
        report.Daily.Select(d => d.Date).ShouldBeUnique();
        report.Daily[^1].EndEquity.ShouldBe(report.Metrics.FinalCapital, 1e-9);
        report.Monthly.Select(m => m.ToString()).ShouldBe(["2020-11", "2020-12", "2021-01", "2021-02", "2021-03", "2021-04", "2021-05"]);
        report.Monthly.Sum(m => m.Pnl).ShouldBe(report.Trades.Sum(t => t.Pnl), 1e-6);
        report.Metrics.BuyAndHoldReturnPerc.ShouldBe((candles[^1].Close / candles[0].Open - 1) * 100, 1e-9);
    }

    [Fact]
    public void Run_ReportsProgressAndHonoursCancellation()
    {
        var candles = RandomSeries.Walk(3, 50_000, 0);
        var fractions = new List<double>();

        Backtester.Run(EmaRsiAllExits, candles, new SynchronousProgress(fractions.Add), TestContext.Current.CancellationToken);

        fractions.ShouldNotBeEmpty();
        fractions.ShouldBeInOrder();
        fractions[^1].ShouldBe(1.0);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Should.Throw<OperationCanceledException>(() => Backtester.Run(EmaRsiAllExits, candles, null, cancellation.Token));
    }

    [Fact]
    public void Sweep_EqualsIndividualBacktests_RankedAndInvalidSkipped()
    {
        var candles = SampleData.BtcUsdtHourly;
        var grid = new Dictionary<string, IReadOnlyList<double>>
        {
            ["emaFast"] = [5, 9, 12], ["emaSlow"] = [9, 21, 26], ["stopLossPerc"] = [0, 3],
        };

        var result = ParameterSweep.Run(EmaRsiAllExits, grid, candles, SweepRank.Sharpe, cancellationToken: TestContext.Current.CancellationToken);

        result.Combinations.ShouldBe(18);
        result.SkippedInvalid.ShouldBe(4);      // (9, 9) and (12, 9), each with two stops
        result.Ranked.Count.ShouldBe(14);
        result.Ranked.Select(e => e.Report.Metrics.Sharpe).ShouldBeInOrder(SortDirection.Descending);
        foreach (var entry in result.Ranked)
        {
            var single = Backtester.Run(entry.Settings, candles, null, TestContext.Current.CancellationToken, includeEquityCurve: false);
            entry.Report.Metrics.ShouldBe(single.Metrics);
            entry.Report.Trades.ShouldBe(single.Trades);
        }
    }

    [Fact]
    public void Sweep_ReportsProgressUpToOneAndHonoursCancellation()
    {
        var grid = new Dictionary<string, IReadOnlyList<double>> { ["emaFast"] = [5, 7, 9], ["rsiPeriod"] = [7, 14] };
        var fractions = new System.Collections.Concurrent.ConcurrentBag<double>();

        ParameterSweep.Run(EmaRsiAllExits, grid, SampleData.BtcUsdtHourly, SweepRank.Return,
            new SynchronousProgress(fractions.Add), TestContext.Current.CancellationToken);

        fractions.Count.ShouldBe(6);
        fractions.Max().ShouldBe(1.0);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Should.Throw<OperationCanceledException>(() =>
            ParameterSweep.Run(EmaRsiAllExits, grid, SampleData.BtcUsdtHourly, SweepRank.Return, null, cancellation.Token));
    }

    [Fact]
    public void Sweep_RankByDrawdown_LowestFirst()
    {
        var grid = new Dictionary<string, IReadOnlyList<double>> { ["emaFast"] = [5, 9], ["stopLossPerc"] = [1, 5] };

        var result = ParameterSweep.Run(EmaRsiAllExits, grid, SampleData.BtcUsdtHourly, SweepRank.MaxDrawdown, cancellationToken: TestContext.Current.CancellationToken);

        result.Ranked.Select(e => e.Report.Metrics.MaxDrawdownPerc).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public void Sweep_UnknownGridName_Throws() =>
        Should.Throw<ArgumentException>(() => ParameterSweep.Run(
            EmaRsiAllExits, new Dictionary<string, IReadOnlyList<double>> { ["emaFastest"] = [1] }, SampleData.BtcUsdtHourly, SweepRank.Return, cancellationToken: TestContext.Current.CancellationToken))
            .Message.ShouldContain("emaFastest");

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
