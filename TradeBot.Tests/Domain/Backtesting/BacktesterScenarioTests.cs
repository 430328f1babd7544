using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Domain.Strategies;
using TradeBot.Domain.Trading;
using static TradeBot.Domain.Strategies.Signal;
using static TradeBot.Domain.Trading.DecisionReason;
using static TradeBot.Domain.Trading.PositionSide;

namespace TradeBot.Tests.Domain.Backtesting;

/// <summary>
/// trading-semantics.md sections 4, 6 and 8 as scenario tables (freqtrade's test_backtest_detail.py style):
/// OHLC rows, signals at candle closes, expected trades. No fees or slippage here, so prices read as written;
/// a signal at the close of candle i fills at the open of i+1.
/// </summary>
public sealed class BacktesterScenarioTests
{
    private const DecisionReason BySignal = DecisionReason.Signal;
    private static readonly BotSettings Spot = Scenario.Costless();
    private static readonly BotSettings Futures = Scenario.Costless(MarketType.Futures);

    private static readonly Dictionary<string, Scenario> Scenarios = new()
    {
        ["stop-loss touched: exit at the stop price"] = new(
            [(100, 100, 100, 100), (100, 102, 95, 100), (99, 100, 89, 95), (95, 95, 95, 95)],
            new() { [0] = EnterLong }, Spot with { StopLossPerc = 10 },
            [new(Long, 1, 100, 2, 90, Stop)]),
        ["take-profit touched: exit at the take-profit price"] = new(
            [(100, 100, 100, 100), (100, 102, 95, 100), (101, 111, 100, 105), (105, 105, 105, 105)],
            new() { [0] = EnterLong }, Spot with { TakeProfitPerc = 10 },
            [new(Long, 1, 100, 2, 110, TakeProfit)]),
        ["gap through the stop: exit at the open"] = new(
            [(100, 100, 100, 100), (100, 102, 95, 100), (85, 88, 80, 86), (86, 86, 86, 86)],
            new() { [0] = EnterLong }, Spot with { StopLossPerc = 10 },
            [new(Long, 1, 100, 2, 85, Stop)]),
        ["gap over the take-profit: exit at the open"] = new(
            [(100, 100, 100, 100), (100, 102, 95, 100), (115, 120, 112, 118), (118, 118, 118, 118)],
            new() { [0] = EnterLong }, Spot with { TakeProfitPerc = 10 },
            [new(Long, 1, 100, 2, 115, TakeProfit)]),
        ["stop and take-profit on one candle: the stop wins"] = new(
            [(100, 100, 100, 100), (100, 102, 95, 100), (100, 111, 89, 100), (100, 100, 100, 100)],
            new() { [0] = EnterLong }, Spot with { StopLossPerc = 10, TakeProfitPerc = 10 },
            [new(Long, 1, 100, 2, 90, Stop)]),
        ["stop on the entry candle itself"] = new(
            [(100, 100, 100, 100), (100, 101, 88, 95), (95, 95, 95, 95)],
            new() { [0] = EnterLong }, Spot with { StopLossPerc = 10 },
            [new(Long, 1, 100, 1, 90, Stop)]),
        ["trailing stop: the candle's own high never stops it out"] = new(
            [(100, 100, 100, 100), (100, 110, 104, 105), (105, 106, 104, 105), (105, 105, 105, 105)],
            new() { [0] = EnterLong }, Spot with { TrailingStopActive = true, TrailingStopPerc = 5 },
            [new(Long, 1, 100, 2, 104.5, Stop)]),
        ["trailing stop only moves in the trader's favour"] = new(
            [(100, 100, 100, 100), (100, 110, 105, 108), (108, 109, 105, 106), (106, 107, 104, 105), (105, 105, 105, 105)],
            new() { [0] = EnterLong }, Spot with { TrailingStopActive = true, TrailingStopPerc = 5 },
            [new(Long, 1, 100, 3, 104.5, Stop)]),
        ["trailing stop above the stop-loss is the effective stop"] = new(
            [(100, 100, 100, 100), (100, 120, 101, 115), (115, 116, 110, 112), (112, 112, 112, 112)],
            new() { [0] = EnterLong }, Spot with { StopLossPerc = 10, TrailingStopActive = true, TrailingStopPerc = 5 },
            [new(Long, 1, 100, 2, 114, Stop)]),
        ["exit signal fills at the next open"] = new(
            [(100, 100, 100, 100), (100, 102, 99, 101), (101, 104, 100, 103), (104, 105, 103, 104), (104, 104, 104, 104)],
            new() { [0] = EnterLong, [2] = ExitLong }, Spot,
            [new(Long, 1, 100, 3, 104, BySignal)]),
        ["open at the last candle: closed at its close, end of data"] = new(
            [(100, 100, 100, 100), (100, 102, 99, 101), (101, 104, 100, 103)],
            new() { [0] = EnterLong }, Spot,
            [new(Long, 1, 100, 2, 103, EndOfData)]),
        ["signal on the last candle is not taken"] = new(
            [(100, 100, 100, 100), (100, 102, 99, 101), (101, 104, 100, 103)],
            new() { [2] = EnterLong }, Spot,
            []),
        ["spot ignores short signals"] = new(
            [(100, 100, 100, 100), (100, 102, 99, 101), (101, 104, 100, 103)],
            new() { [0] = EnterShort }, Spot,
            []),
        ["a second entry signal while in a position is ignored"] = new(
            [(100, 100, 100, 100), (100, 102, 99, 101), (101, 104, 100, 103), (103, 103, 103, 103)],
            new() { [0] = EnterLong, [1] = EnterLong }, Spot,
            [new(Long, 1, 100, 3, 103, EndOfData)]),
        ["futures short: stop above the entry"] = new(
            [(100, 100, 100, 100), (100, 102, 95, 100), (100, 111, 95, 100), (100, 100, 100, 100)],
            new() { [0] = EnterShort }, Futures with { StopLossPerc = 10 },
            [new(Short, 1, 100, 2, 110, Stop)]),
        ["futures short: gap through the stop"] = new(
            [(100, 100, 100, 100), (100, 102, 95, 100), (115, 118, 112, 116), (116, 116, 116, 116)],
            new() { [0] = EnterShort }, Futures with { StopLossPerc = 10 },
            [new(Short, 1, 100, 2, 115, Stop)]),
        ["futures short: take-profit below the entry"] = new(
            [(100, 100, 100, 100), (100, 102, 95, 100), (98, 101, 89, 95), (95, 95, 95, 95)],
            new() { [0] = EnterShort }, Futures with { TakeProfitPerc = 10 },
            [new(Short, 1, 100, 2, 90, TakeProfit)]),
        ["futures short: gap under the take-profit"] = new(
            [(100, 100, 100, 100), (100, 102, 95, 100), (85, 88, 80, 86), (86, 86, 86, 86)],
            new() { [0] = EnterShort }, Futures with { TakeProfitPerc = 10 },
            [new(Short, 1, 100, 2, 85, TakeProfit)]),
        ["futures short: trailing behind the lowest price, after the checks"] = new(
            [(100, 100, 100, 100), (100, 101, 90, 95), (94, 95, 93, 94), (94, 95, 94, 94)],
            new() { [0] = EnterShort }, Futures with { TrailingStopActive = true, TrailingStopPerc = 5 },
            [new(Short, 1, 100, 2, 94.5, Stop)]),
        ["futures: an opposite signal flips the position on the same fill"] = new(
            [(100, 100, 100, 100), (100, 102, 99, 101), (101, 104, 100, 103), (104, 105, 103, 104), (102, 102, 102, 102)],
            new() { [0] = EnterLong | ExitShort, [2] = ExitLong | EnterShort }, Futures,
            [new(Long, 1, 100, 3, 104, BySignal), new(Short, 3, 104, 4, 102, EndOfData)]),
        ["futures: an entry signal alone also closes the opposite position"] = new(
            [(100, 100, 100, 100), (100, 102, 99, 101), (101, 104, 100, 103), (104, 105, 103, 104), (102, 102, 102, 102)],
            new() { [0] = EnterShort, [2] = EnterLong }, Futures,
            [new(Short, 1, 100, 3, 104, BySignal), new(Long, 3, 104, 4, 102, EndOfData)]),
    };

    public static TheoryData<string> ScenarioNames => new(Scenarios.Keys);

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Backtest_Scenario_GivesTheExpectedTrades(string name)
    {
        var scenario = Scenarios[name];

        var report = scenario.Run();

        var actual = report.Trades.Select(t => (t.Side, t.EntryTimeMs, t.EntryPrice, t.ExitTimeMs, Math.Round(t.ExitPrice, 9), t.ExitReason));
        var expected = scenario.Trades.Select(t =>
            (t.Side, Scenario.TimeOf(t.EntryIndex), t.EntryPrice, Scenario.TimeOf(t.ExitIndex), t.ExitPrice, t.Reason));
        actual.ShouldBe(expected);
        report.Metrics.FinalCapital.ShouldBe(1000 + report.Trades.Sum(t => t.Pnl), 1e-9);
    }
}
