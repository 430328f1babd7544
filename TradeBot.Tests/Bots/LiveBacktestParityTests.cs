using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Bots;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Simulated;

namespace TradeBot.Tests.Bots;

/// <summary>
/// What you backtest is what you trade: the same candles of the simulated market replayed through the live runner
/// (paper exchange, the clock stepped to each candle's open with the price at that open: the first check after the
/// previous candle closed) and through the backtester with the same settings give the same fills: times, sides,
/// prices, quantities and exit reasons. Signal exits only: live protective exits watch the price at each check, the
/// backtester the whole candle's range, so they are compared in their own tests.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LiveBacktestParityTests(PostgresServer postgres)
{
    private const int Candles = 3000;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Replay_SimulatedCandles_RunnerFillsEqualBacktesterTrades(string provider)
    {
        await using var harness = await RunnerHarness.CreateAsync(provider, postgres, Candles, Cancel);
        await harness.StartBotAsync(RunnerHarness.Input(stops: false), Cancel);
        var candles = harness.Market.Candles;
        candles.Count.ShouldBe(Candles);

        var tickMs = new List<double>(candles.Count);
        for (var i = 1; i < candles.Count; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            (await harness.TickAtOpenAsync(i, Cancel)).ShouldNotBe(TickOutcome.Failed);
            tickMs.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var rules = SimulatedSymbol.All.Single(s => s.Symbol == "BTCUSDT").SpotRules;
        var report = Backtester.Run(BotStateMapper.ToSettings(harness.Config, rules), candles.ToArray(), cancellationToken: Cancel);
        var expected = ExpectedFills(report.Trades);
        var actual = (await harness.TradesAsync(Cancel))
            .Select(t => new Fill(t.Side, t.ExecutedAt.ToUnixTimeMilliseconds(), (double)t.Price, (double)t.Quantity, t.ExitReason))
            .ToList();

        report.Trades.Count.ShouldBeGreaterThan(10, "the replay should trade often enough to mean something");
        actual.Count.ShouldBe(expected.Count);
        for (var k = 0; k < expected.Count; k++)
        {
            var (want, got) = (expected[k], actual[k]);
            got.Side.ShouldBe(want.Side, $"fill {k}");
            got.TimeMs.ShouldBe(want.TimeMs, $"fill {k}");
            got.Quantity.ShouldBe(want.Quantity, $"fill {k}");
            got.ExitReason.ShouldBe(want.ExitReason, $"fill {k}");
            // The paper exchange fills in exact decimals, the backtester in doubles: the same formula, within rounding.
            got.Price.ShouldBe(want.Price, want.Price * 1e-12, $"fill {k}");
        }

        var realised = (double)(await harness.TradesAsync(Cancel)).Sum(t => t.RealizedPnl ?? 0m);
        realised.ShouldBe(report.Trades.Where(t => t.ExitReason != DecisionReason.EndOfData).Sum(t => t.Pnl), 1e-6);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{provider}: {candles.Count} candles, {report.Trades.Count} trades, {actual.Count} fills identical; realised PnL {realised:0.####}; "
            + $"check median {Percentile(tickMs, 0.5):0.00} ms, p99 {Percentile(tickMs, 0.99):0.00} ms");
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }

    private static List<Fill> ExpectedFills(IReadOnlyList<ClosedTrade> trades)
    {
        var fills = new List<Fill>();
        foreach (var trade in trades)
        {
            fills.Add(new Fill(OrderSide.Buy, trade.EntryTimeMs, trade.EntryPrice, trade.Quantity, null));
            // A position the backtester closes at the end of data is still open in the runner.
            if (trade.ExitReason != DecisionReason.EndOfData)
                fills.Add(new Fill(OrderSide.Sell, trade.ExitTimeMs, trade.ExitPrice, trade.Quantity, trade.ExitReason.ToCode()));
        }

        return fills;
    }

    private sealed record Fill(OrderSide Side, long TimeMs, double Price, double Quantity, string? ExitReason);
}
