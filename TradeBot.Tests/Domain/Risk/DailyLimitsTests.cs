using TradeBot.Domain.Market;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Strategies;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Domain.Backtesting;

namespace TradeBot.Tests.Domain.Risk;

/// <summary>
/// Section 7 in backtests: hourly candles from 2021-01-04 00:00 UTC at 100 (candle 24 opens the next UTC day).
/// Trade 1 enters at candle 1 and exits at candle 3; an entry signal at the close of 4 fills at 5 (same day), one at
/// the close of 23 fills at 24 (next day); a still-open position closes at the end of data.
/// </summary>
public sealed class DailyLimitsTests
{
    private static readonly Dictionary<int, Signal> TwoDays = new()
    {
        [0] = Signal.EnterLong, [2] = Signal.ExitLong, [4] = Signal.EnterLong, [23] = Signal.EnterLong,
    };

    [Theory]
    // settings, price of candle 3 (the first exit), pause reason after trade 1
    [InlineData("dailyTargetPerc", 102, PauseReason.DailyTargetReached)]     // +20 >= 1% of 1000
    [InlineData("maxDailyLossPerc", 98, PauseReason.MaxDailyLossHit)]        // -20 <= -1% of 1000
    [InlineData("maxDailyTrades", 100, PauseReason.MaxDailyTradesReached)]   // 1 entry of 1 allowed
    public void Limit_Reached_NoEntryThatDay_ResumesAtUtcMidnight(string limit, double exitPrice, PauseReason reason)
    {
        var settings = limit switch
        {
            "dailyTargetPerc" => Scenario.Costless() with { DailyTargetPerc = 1 },
            "maxDailyLossPerc" => Scenario.Costless() with { MaxDailyLossPerc = 1 },
            _ => Scenario.Costless() with { MaxDailyTrades = 1 },
        };
        var candles = Scenario.Flat(30, 100);
        candles[3] = candles[3] with { Open = exitPrice, High = exitPrice, Low = exitPrice, Close = exitPrice };

        var report = Scenario.Run(settings, candles, TwoDays);

        report.Trades.Select(t => (t.EntryTimeMs, t.ExitTimeMs)).ShouldBe(
            [(Scenario.TimeOf(1), Scenario.TimeOf(3)), (Scenario.TimeOf(24), Scenario.TimeOf(29))]);
        report.RefusedEntries.ShouldBe(1);
        var engine = Scenario.Engine(settings, TwoDays);
        var state = engine.CreateInitialState();
        engine.Enter(ref state, PositionSide.Long, 100, Scenario.TimeOf(1));
        engine.Exit(ref state, DecisionReason.Signal, exitPrice, Scenario.TimeOf(3));
        engine.PlanEntry(ref state, PositionSide.Long, 100, Scenario.TimeOf(5)).RefusalReason.ShouldBe(reason.ToText());
        state.PauseReason.ShouldBe(reason);
        engine.PlanEntry(ref state, PositionSide.Long, 100, Scenario.TimeOf(24)).IsAllowed.ShouldBeTrue();
        state.PauseReason.ShouldBe(PauseReason.None);
    }

    [Fact]
    public void Paused_ProtectiveExitsKeepWorking()
    {
        var settings = Scenario.Costless() with { MaxDailyTrades = 1, StopLossPerc = 10 };
        var candles = Scenario.Flat(6, 100);
        candles[3] = candles[3] with { Low = 85 };

        var report = Scenario.Run(settings, candles, new() { [0] = Signal.EnterLong });

        var trade = report.Trades.ShouldHaveSingleItem();
        (trade.ExitReason, trade.ExitPrice).ShouldBe((DecisionReason.Stop, 90));
    }

    [Fact]
    public void ManualStop_NeverUndoneByTheDailyReset()
    {
        var engine = Scenario.Engine(Scenario.Costless(), new() { [0] = Signal.EnterLong, [1] = Signal.EnterLong });
        var state = engine.CreateInitialState();
        TradingEngine.StopManually(ref state);
        Span<Decision> decisions = stackalloc Decision[2];

        engine.OnCandleClosed(ref state, Scenario.Flat(1, 100)[0], decisions).ShouldBe(0);
        TradingEngine.RollDay(ref state, Scenario.TimeOf(24));
        state.PauseReason.ShouldBe(PauseReason.ManualStop);
        engine.PlanEntry(ref state, PositionSide.Long, 100, Scenario.TimeOf(48)).RefusalReason.ShouldBe("stopped manually");
        state.PauseReason.ShouldBe(PauseReason.ManualStop);
    }

    [Fact]
    public void ManualStop_OpenPosition_SignalExitStillDecided()
    {
        var engine = Scenario.Engine(Scenario.Costless(), new() { [0] = Signal.ExitLong });
        var state = engine.CreateInitialState();
        engine.Enter(ref state, PositionSide.Long, 100, Scenario.TimeOf(0));
        TradingEngine.StopManually(ref state);
        Span<Decision> decisions = stackalloc Decision[2];

        engine.OnCandleClosed(ref state, Scenario.Flat(1, 100)[0], decisions).ShouldBe(1);

        decisions[0].Kind.ShouldBe(DecisionKind.Exit);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(86_399_999, 0)]
    [InlineData(86_400_000, 1)]
    [InlineData(-1, -1)]
    public void UtcDay_SplitsAtMidnightUtc(long timeMs, long day) => DailyLimits.UtcDay(timeMs).ShouldBe(day);

    [Fact]
    public void AfterExit_NewUtcDay_CountersStartAgain()
    {
        var limits = DailyLimits.From(1000, 0, 1, 0);
        var counters = limits.AfterExit(default, Scenario.TimeOf(1), -15);
        counters.Pause.ShouldBe(PauseReason.MaxDailyLossHit);

        var nextDay = limits.AfterExit(counters, Scenario.TimeOf(25), -5);

        nextDay.ShouldBe(new DailyCounters(DailyLimits.UtcDay(Scenario.TimeOf(25)), -5, 0, PauseReason.None));
    }
}
