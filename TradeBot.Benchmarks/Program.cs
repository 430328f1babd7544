using System.Diagnostics;
using BenchmarkDotNet.Running;
using TradeBot.Benchmarks;
using TradeBot.Domain.Backtesting;

// --throughput: Stopwatch figures for the year backtest; --sweep-timing: one timed 1,000-set sweep;
// --bots N: the soak run of N scheduled paper bots (see BotLoad); --marker-latency: fill to chart marker in a browser
// (see MarkerLatency); else BenchmarkDotNet.
if (args is ["--bots", ..])
    return await BotLoad.RunAsync(args);

if (args is ["--marker-latency", ..])
    return await MarkerLatency.RunAsync(args);

if (args is ["--throughput"])
{
    var candles = MinuteSeries.Year();
    for (var run = 0; run < 8; run++)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var timer = Stopwatch.StartNew();
        var report = Backtester.Run(MinuteSeries.AllExitsOn, candles, includeEquityCurve: false);
        timer.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Console.WriteLine($"run {run}: {timer.Elapsed.TotalMilliseconds:0.0} ms, {candles.Length / timer.Elapsed.TotalSeconds / 1e6:0.0} M candles/s, " +
                          $"{allocated} B allocated in total ({(double)allocated / candles.Length:0.000} B/candle), {report.Metrics.TotalTrades} trades");
    }

    return 0;
}

if (args is ["--sweep-timing"])
{
    var candles = MinuteSeries.Year();
    var timer = Stopwatch.StartNew();
    var result = ParameterSweep.Run(MinuteSeries.AllExitsOn, MinuteSeries.Grid, candles, SweepRank.Sharpe);
    Console.WriteLine($"sweep: {result.Ranked.Count} sets x {candles.Length} candles on {Environment.ProcessorCount} cores in {timer.Elapsed.TotalSeconds:0.00} s " +
                      $"({(double)result.Ranked.Count * candles.Length / timer.Elapsed.TotalSeconds / 1e6:0.0} M candles/s)");
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(MinuteSeries).Assembly).Run(args);
return 0;
