using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Domain.Strategies;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Domain.Trading;

namespace TradeBot.Tests.Domain.Backtesting;

/// <summary>An expected trade of a scenario: candle indexes of the entry and exit fills, prices and reason.</summary>
internal sealed record ExpectedTrade(PositionSide Side, int EntryIndex, double EntryPrice, int ExitIndex, double ExitPrice, DecisionReason Reason);

/// <summary>
/// A freqtrade-style backtest scenario: hand-written hourly OHLC rows starting 2021-01-04 00:00 UTC, the signals a
/// scripted strategy gives at given candle closes, bot settings, and the trades expected.
/// </summary>
internal sealed record Scenario(
    (double Open, double High, double Low, double Close)[] Rows,
    Dictionary<int, Signal> Signals,
    BotSettings Settings,
    ExpectedTrade[] Trades)
{
    public const long StartMs = 1_609_718_400_000;
    public const long HourMs = 3_600_000;

    /// <summary>Costless settings, so that expected prices and PnL can be written by hand.</summary>
    public static BotSettings Costless(MarketType market = MarketType.Spot) =>
        new() { MarketType = market, FeeRate = 0, SlippageBps = 0, InitialCapital = 1000 };

    public static long TimeOf(int index) => StartMs + index * HourMs;

    public Candle[] Candles() => Rows
        .Select((r, i) => new Candle(TimeOf(i), r.Open, r.High, r.Low, r.Close, 1))
        .ToArray();

    public BacktestReport Run() => Backtester.Run(new TradingEngine(Settings, new ScriptedStrategy(Signals)), Candles());

    public static BacktestReport Run(BotSettings settings, Candle[] candles, Dictionary<int, Signal> signals) =>
        Backtester.Run(new TradingEngine(settings, new ScriptedStrategy(signals)), candles);

    /// <summary>An engine with a scripted strategy (silent when no script is given).</summary>
    public static TradingEngine Engine(BotSettings settings, Dictionary<int, Signal>? signals = null) =>
        new(settings, new ScriptedStrategy(signals ?? []));

    public static Candle[] Flat(int count, double price) =>
        Enumerable.Range(0, count).Select(i => new Candle(TimeOf(i), price, price, price, price, 1)).ToArray();
}
