using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Domain.Strategies;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Domain.Trading;

namespace TradeBot.Tests.Domain.Backtesting;

/// <summary>
/// Properties over 300 seeded random cases (random walk, random script of signals, random settings): the accounts
/// balance, every trade has a cause, and no decision depends on a later candle.
/// </summary>
public sealed class BacktesterPropertyTests
{
    private const int Cases = 300;
    private const int Candles = 400;

    public static TheoryData<int> Seeds => new(Enumerable.Range(0, Cases));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomCase_AccountsBalance_TradesHaveCauses_NoLookAhead(int seed)
    {
        var (settings, candles, script) = RandomCase(seed);
        var recording = new RecordingStrategy(new ScriptedStrategy(script));

        var report = Backtester.Run(new TradingEngine(settings, recording), candles, cancellationToken: TestContext.Current.CancellationToken);

        report.Metrics.FinalCapital.ShouldBe(settings.InitialCapital + report.Trades.Sum(t => t.Pnl), 1e-6);
        foreach (var trade in report.Trades)
        {
            AssertHasCause(trade, settings, recording.Signals, candles);
        }

        var cut = 50 + seed % (Candles - 60);
        var prefix = Scenario.Run(settings, candles[..cut], script).Trades;
        var settled = prefix.Where(t => t.ExitReason != DecisionReason.EndOfData).ToList();
        report.Trades.Take(settled.Count).ShouldBe(settled, $"cut at {cut}");
        if (prefix.Count > settled.Count)
        {
            var open = prefix[^1];
            var same = report.Trades[settled.Count];
            (same.Side, same.EntryTimeMs, same.EntryPrice, same.Quantity).ShouldBe((open.Side, open.EntryTimeMs, open.EntryPrice, open.Quantity));
        }
    }

    private static void AssertHasCause(ClosedTrade trade, BotSettings settings, List<Signal> signals, Candle[] candles)
    {
        var entryIndex = IndexOf(candles, trade.EntryTimeMs);
        var exitIndex = IndexOf(candles, trade.ExitTimeMs);
        entryIndex.ShouldBeGreaterThan(0);
        exitIndex.ShouldBeGreaterThanOrEqualTo(entryIndex);
        var (enter, exit, opposite) = trade.Side == PositionSide.Long
            ? (Signal.EnterLong, Signal.ExitLong, Signal.EnterShort)
            : (Signal.EnterShort, Signal.ExitShort, Signal.EnterLong);
        (signals[entryIndex - 1] & enter).ShouldBe(enter, "an entry needs an entry signal at the previous close");
        switch (trade.ExitReason)
        {
            case DecisionReason.Signal:
                (signals[exitIndex - 1] & (exit | opposite)).ShouldNotBe(Signal.None);
                break;
            case DecisionReason.Stop:
                (settings.StopLossPerc > 0 || settings.TrailingStopActive).ShouldBeTrue();
                break;
            case DecisionReason.TakeProfit:
                settings.TakeProfitPerc.ShouldBeGreaterThan(0);
                break;
            default:
                exitIndex.ShouldBe(candles.Length - 1);
                trade.ExitPrice.ShouldBe(candles[^1].Close);
                break;
        }
    }

    private static int IndexOf(Candle[] candles, long timeMs) => Array.FindIndex(candles, c => c.OpenTimeMs == timeMs);

    private static (BotSettings, Candle[], Dictionary<int, Signal>) RandomCase(int seed)
    {
        var random = new Random(seed);
        var futures = random.Next(2) == 0;
        var settings = new BotSettings
        {
            MarketType = futures ? MarketType.Futures : MarketType.Spot,
            Leverage = futures ? random.Next(1, 4) : 1,
            PositionSizePerc = random.Next(3) == 0 ? 0 : random.Next(10, 101),
            PositionSizeFixed = 300,
            StopLossPerc = random.Next(3) == 0 ? 0 : random.Next(1, 6) * 0.3,
            TakeProfitPerc = random.Next(3) == 0 ? 0 : random.Next(1, 8) * 0.4,
            TrailingStopActive = random.Next(2) == 0,
            TrailingStopPerc = random.Next(1, 5) * 0.25,
            SlippageBps = random.Next(0, 20),
            MaxDailyTrades = random.Next(4) == 0 ? random.Next(1, 4) : 0,
            DailyTargetPerc = random.Next(4) == 0 ? 0.5 : 0,
            MaxDailyLossPerc = random.Next(4) == 0 ? 0.5 : 0,
            SymbolRules = new SymbolRules(0.01m, 0.001m, 0m, 0m, random.Next(4) == 0 ? 150m : 0m),
        };
        if (settings.PositionSizePerc > 0)
        {
            settings = settings with { PositionSizeFixed = 0 };
        }

        var candles = RandomSeries.Walk(seed, Candles, Scenario.StartMs, stepMs: 600_000, volatility: 0.01);
        Signal[] choices = [Signal.EnterLong | Signal.ExitShort, Signal.ExitLong | Signal.EnterShort, Signal.EnterLong, Signal.ExitLong, Signal.EnterShort, Signal.ExitShort];
        var script = new Dictionary<int, Signal>();
        for (var i = 0; i < Candles; i++)
        {
            if (random.NextDouble() < 0.08)
            {
                script[i] = choices[random.Next(choices.Length)];
            }
        }

        return (settings, candles, script);
    }
}
