using System.Globalization;
using System.Text;
using System.Text.Json;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Indicators;
using TradeBot.Domain.Market;
using TradeBot.Domain.Strategies;
using TradeBot.Domain.Trading;

namespace TradeBot.Web.Cli;

/// <summary>
/// <c>backtest --candles FILE.csv --config CONFIG.json [--out RESULT.json] [--indicators FILE.csv]</c>: runs one
/// backtest, writes RESULT.json (or prints a summary), and optionally every candle's indicator values.
/// Bad input prints one <c>error: ...</c> line and returns 2 without writing anything.
/// </summary>
internal static class BacktestCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // Held back until the run succeeds, so bad input still gives exactly one line.
        var warnings = new StringWriter();
        var summary = new StringWriter();
        try
        {
            var options = CliInput.ParseOptions(args, "candles", "config", "out", "indicators");
            var config = CliInput.ReadConfig(CliInput.Required(options, "config"));
            var settings = CliInput.ToSettings(config);
            var candles = CliInput.ReadCandles(CliInput.Required(options, "candles"), CliInput.IntervalOf(config), warnings);
            var report = Backtester.Run(settings, candles, null, cancellationToken);
            if (options.TryGetValue("out", out var outPath))
            {
                Write(outPath, stream => JsonSerializer.Serialize(stream, ToJson(report), CliJsonContext.Default.BacktestResultJson));
            }
            else
            {
                PrintSummary(summary, config, settings, candles.Length, report.Metrics);
            }

            if (options.TryGetValue("indicators", out var indicatorsPath))
            {
                Write(indicatorsPath, stream => WriteIndicators(stream, settings, candles));
            }

            output.Write(summary.ToString());
            error.Write(warnings.ToString());
            return 0;
        }
        catch (CliException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    public static BacktestResultJson ToJson(BacktestReport report)
    {
        var m = report.Metrics;
        return new BacktestResultJson(
            new MetricsJson(m.InitialCapital, m.FinalCapital, m.TotalReturnPerc, m.BuyAndHoldReturnPerc, m.TotalTrades,
                m.WinningTrades, m.LosingTrades, m.WinRatePerc, m.TotalFees, m.AvgProfit, Finite(m.ProfitFactor),
                Finite(m.Expectancy), m.MaxDrawdownPerc, Finite(m.Sharpe), Finite(m.Sortino), m.ExposurePerc),
            report.Trades.Select(t => new TradeJson(t.Side.ToCode(), t.EntryTimeMs, t.EntryPrice, t.ExitTimeMs, t.ExitPrice,
                t.Quantity, t.Fees, t.Pnl, t.ExitReason.ToCode())).ToList(),
            report.Daily.Select(d => new DailyJson(UnixMs(d.Date), d.Pnl, d.Trades, d.EndEquity)).ToList(),
            report.Monthly.Select(m => new MonthlyJson(UnixMs(new DateOnly(m.Year, m.Month, 1)), m.Pnl, m.ReturnPerc)).ToList(),
            report.Equity.Select(p => new EquityJson(p.TimeMs, p.Equity)).ToList());
    }

    /// <summary>Writes all of a file or none of it: to a temporary file first, then moved into place.</summary>
    private static void Write(string path, Action<Stream> write)
    {
        var temporary = path + ".tmp";
        try
        {
            using (var stream = File.Create(temporary))
            {
                write(stream);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // Nothing was written where it could not be written; the reason below is the one that matters.
            }
            throw new CliException($"cannot write {CliInput.Quote(path)}: {CliInput.OneLine(e.Message)}");
        }
    }

    private static void WriteIndicators(Stream stream, BotSettings settings, Candle[] candles)
    {
        var p = StrategyRegistry.EmaRsi.WithDefaults(
            settings.Strategy == EmaRsiStrategy.StrategyName ? settings.StrategyParameters : new Dictionary<string, double>());
        var fast = new ExponentialMovingAverage((int)p["emaFast"]);
        var slow = new ExponentialMovingAverage((int)p["emaSlow"]);
        var rsi = new RelativeStrengthIndex((int)p["rsiPeriod"]);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        writer.Write("openTime,emaFast,emaSlow,rsi\n");
        foreach (var candle in candles)
        {
            fast.Update(candle);
            slow.Update(candle);
            rsi.Update(candle);
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{candle.OpenTimeMs},{Cell(fast)},{Cell(slow)},{Cell(rsi)}\n"));
        }
    }

    private static string Cell(Indicator indicator) =>
        indicator.IsReady ? indicator.Current.ToString(CultureInfo.InvariantCulture) : "";

    private static void PrintSummary(TextWriter output, BacktestConfig config, BotSettings settings, int candles, BacktestMetrics m)
    {
        output.WriteLine($"{config.Symbol ?? "symbol?"} {config.Interval ?? "1h"} {settings.MarketType.ToString().ToLowerInvariant()} {settings.Strategy}: {candles} candles");
        output.WriteLine($"capital      {CliInput.Number(m.InitialCapital)} -> {CliInput.Number(m.FinalCapital)} ({CliInput.Number(m.TotalReturnPerc)}%; buy and hold {CliInput.Number(m.BuyAndHoldReturnPerc)}%)");
        output.WriteLine($"trades       {m.TotalTrades} ({m.WinningTrades} won, {m.LosingTrades} lost, win rate {CliInput.Number(m.WinRatePerc)}%)");
        output.WriteLine($"fees         {CliInput.Number(m.TotalFees)}; avg profit {CliInput.Number(m.AvgProfit)}; profit factor {CliInput.Number(m.ProfitFactor)}; expectancy {CliInput.Number(m.Expectancy)}");
        output.WriteLine($"risk         max drawdown {CliInput.Number(m.MaxDrawdownPerc)}%; sharpe {CliInput.Number(m.Sharpe)}; sortino {CliInput.Number(m.Sortino)}; exposure {CliInput.Number(m.ExposurePerc)}%");
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static long UnixMs(DateOnly date) =>
        new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
}
