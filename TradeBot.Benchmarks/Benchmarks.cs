using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Domain.Trading;

namespace TradeBot.Benchmarks;

/// <summary>A backtest of the seeded year; times and allocations are per CANDLE (OperationsPerInvoke).</summary>
[MemoryDiagnoser]
public class BacktestBenchmarks
{
    private Candle[] candles = [];

    [GlobalSetup]
    public void Setup() => candles = MinuteSeries.Year();

    [Benchmark(OperationsPerInvoke = MinuteSeries.YearOfMinutes, Description = "backtest year, per candle (sweep mode: no equity curve)")]
    public BacktestReport BacktestWithoutCurve() => Backtester.Run(MinuteSeries.AllExitsOn, candles, includeEquityCurve: false);

    [Benchmark(OperationsPerInvoke = MinuteSeries.YearOfMinutes, Description = "backtest year, per candle (with equity curve)")]
    public BacktestReport BacktestWithCurve() => Backtester.Run(MinuteSeries.AllExitsOn, candles);
}

/// <summary>The engine's per-candle step alone (signal + protective exits + fills), per candle.</summary>
[MemoryDiagnoser]
public class EngineStepBenchmarks
{
    private Candle[] candles = [];
    private readonly Decision[] decisions = new Decision[2];

    [GlobalSetup]
    public void Setup() => candles = MinuteSeries.Year();

    [Benchmark(OperationsPerInvoke = MinuteSeries.YearOfMinutes, Description = "engine step, per candle")]
    public double Step()
    {
        var engine = new TradingEngine(MinuteSeries.AllExitsOn);
        var state = engine.CreateInitialState();
        var pending = 0;
        foreach (ref readonly var candle in candles.AsSpan())
        {
            for (var k = 0; k < pending; k++)
            {
                ref readonly var d = ref decisions[k];
                if (d.Kind == DecisionKind.Exit) engine.Exit(ref state, d.Reason, candle.Open, candle.OpenTimeMs);
                else engine.Enter(ref state, d.Side, candle.Open, candle.OpenTimeMs);
            }

            if (engine.CheckProtectiveExits(ref state, candle, out var exit))
                engine.Exit(ref state, exit.Reason, exit.PriceHint, candle.OpenTimeMs);
            pending = engine.OnCandleClosed(ref state, candle, decisions);
        }

        return state.Cash;
    }
}

/// <summary>1,000 parameter sets over the year on all cores: one measured run (it takes seconds).</summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
public class SweepBenchmarks
{
    private Candle[] candles = [];

    [GlobalSetup]
    public void Setup() => candles = MinuteSeries.Year();

    [Benchmark(Description = "sweep 1,000 sets over the year")]
    public int Sweep() => ParameterSweep.Run(MinuteSeries.AllExitsOn, MinuteSeries.Grid, candles, SweepRank.Sharpe).Ranked.Count;
}
