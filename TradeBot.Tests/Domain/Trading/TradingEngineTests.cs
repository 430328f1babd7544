using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Domain.Strategies;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Domain.Backtesting;

namespace TradeBot.Tests.Domain.Trading;

public sealed class TradingEngineTests
{
    private static readonly BotSettings AllExitsOn = new()
    {
        StopLossPerc = 3, TakeProfitPerc = 6, TrailingStopActive = true, TrailingStopPerc = 2,
        StrategyParameters = new Dictionary<string, double> { ["emaFast"] = 5, ["emaSlow"] = 13, ["rsiPeriod"] = 7 },
    };

    [Fact]
    public void OnPriceTick_Live_SameLevelsAndTrailingMovesWithThePrice()
    {
        var engine = Scenario.Engine(Scenario.Costless() with { StopLossPerc = 10, TrailingStopActive = true, TrailingStopPerc = 5 });
        var state = engine.CreateInitialState();
        engine.Enter(ref state, PositionSide.Long, 100, 0);

        engine.OnPriceTick(ref state, 96, 1, out _).ShouldBeFalse();     // stop 95 (trailing from 100)
        engine.OnPriceTick(ref state, 120, 2, out _).ShouldBeFalse();    // best price 120 -> stop 114
        engine.OnPriceTick(ref state, 115, 3, out _).ShouldBeFalse();
        engine.OnPriceTick(ref state, 113.9, 4, out var exit).ShouldBeTrue();

        (exit.Kind, exit.Side, exit.Reason, exit.PriceHint).ShouldBe((DecisionKind.Exit, PositionSide.Long, DecisionReason.Stop, 113.9));
    }

    [Fact]
    public void Decisions_CarryIncreasingSequence_ForIdempotentClientOrderIds()
    {
        var engine = Scenario.Engine(Scenario.Costless(MarketType.Futures), new() { [0] = Signal.EnterLong, [1] = Signal.ExitLong | Signal.EnterShort });
        var state = engine.CreateInitialState();
        Span<Decision> decisions = stackalloc Decision[2];
        var candles = Scenario.Flat(2, 100);

        engine.OnCandleClosed(ref state, candles[0], decisions).ShouldBe(1);
        engine.Enter(ref state, decisions[0].Side, 100, candles[1].OpenTimeMs);
        engine.OnCandleClosed(ref state, candles[1], decisions).ShouldBe(2);

        decisions[0].ShouldBe(new Decision(DecisionKind.Exit, PositionSide.Long, DecisionReason.Signal, 100, candles[1].OpenTimeMs, 2, true));
        decisions[1].ShouldBe(new Decision(DecisionKind.Enter, PositionSide.Short, DecisionReason.Signal, 100, candles[1].OpenTimeMs, 3, true));
        decisions[1].ClientOrderId("bot42").ShouldBe("tb-bot42-3");
        state.Sequence.ShouldBe(3);
    }

    [Theory]
    [InlineData("abc", 7, "tb-abc-7")]
    [InlineData("a_b-C9", 9_223_372_036_854_775_807, "tb-a_b-C9-9223372036854775807")]
    public void ClientOrderId_BotAndSequence_LegalForBinance(string botId, long sequence, string expected)
    {
        var id = ClientOrderId.For(botId, sequence);

        id.ShouldBe(expected);
        id.Length.ShouldBeLessThanOrEqualTo(36);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("a-very-long-bot-identifier-xyz")]
    public void ClientOrderId_IllegalOrTooLong_Throws(string botId) =>
        Should.Throw<ArgumentException>(() => ClientOrderId.For(botId, 1_000_000_000));

    [Fact]
    public void CandleStep_AfterWarmUp_AllocatesNothing()
    {
        var candles = RandomSeries.Walk(seed: 7, count: 20_000, startMs: 0);
        var engine = new TradingEngine(AllExitsOn);
        var state = engine.CreateInitialState();
        Span<Decision> decisions = stackalloc Decision[2];
        Step(engine, ref state, candles.AsSpan(0, 5_000), decisions);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var trades = Step(engine, ref state, candles.AsSpan(5_000), decisions);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        trades.ShouldBeGreaterThan(10);
        allocated.ShouldBe(0);
    }

    [Fact]
    public void BacktestLoop_AfterWarmUp_AllocatesNothing()
    {
        var candles = RandomSeries.Walk(seed: 11, count: 6_000, startMs: 0);
        var simulation = new BacktestSimulation(new TradingEngine(AllExitsOn with { TakeProfitPerc = 30 }), candles, includeEquityCurve: true, tradeCapacity: 4_096);
        simulation.Step(candles, 0, 1_000);

        var before = GC.GetAllocatedBytesForCurrentThread();
        simulation.Step(candles, 1_000, candles.Length);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.ShouldBe(0);
    }

    [Fact]
    public void Constructor_InvalidSettings_ThrowsWithEveryProblem()
    {
        var settings = new BotSettings { StopLossPerc = -1, StrategyParameters = new Dictionary<string, double> { ["emaFast"] = 30 } };

        var error = Should.Throw<ArgumentException>(() => new TradingEngine(settings));

        error.Message.ShouldContain("stopLossPerc must not be negative");
        error.Message.ShouldContain("emaFast (30) must be less than emaSlow (26)");
    }

    private static int Step(TradingEngine engine, ref BotState state, ReadOnlySpan<Candle> candles, Span<Decision> decisions)
    {
        var trades = 0;
        var count = 0;
        foreach (ref readonly var candle in candles)
        {
            for (var k = 0; k < count; k++)
            {
                if (decisions[k].Kind == DecisionKind.Exit)
                {
                    engine.Exit(ref state, decisions[k].Reason, candle.Open, candle.OpenTimeMs);
                    trades++;
                }
                else
                {
                    engine.Enter(ref state, decisions[k].Side, candle.Open, candle.OpenTimeMs);
                }
            }

            if (engine.CheckProtectiveExits(ref state, candle, out var exit))
            {
                engine.Exit(ref state, exit.Reason, exit.PriceHint, candle.OpenTimeMs);
                trades++;
            }

            count = engine.OnCandleClosed(ref state, candle, decisions);
        }

        return trades;
    }
}
