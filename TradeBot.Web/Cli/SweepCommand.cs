using System.Diagnostics;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Strategies;

namespace TradeBot.Web.Cli;

/// <summary>
/// <c>sweep --candles FILE.csv --config CONFIG.json --grid GRID.json [--rank return|sharpe|profit-factor|drawdown] [--top N]</c>:
/// backtests every parameter set of the grid (a JSON object: name to array of values) on all cores and prints the
/// best N (default 10) as a ranked table. Invalid sets (e.g. emaFast &gt;= emaSlow) are skipped and counted.
/// </summary>
internal static class SweepCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // Held back until the run succeeds, so bad input still gives exactly one line.
        var warnings = new StringWriter();
        try
        {
            var options = CliInput.ParseOptions(args, "candles", "config", "grid", "rank", "top");
            var rank = ParseRank(options.GetValueOrDefault("rank", "return"));
            var top = int.TryParse(options.GetValueOrDefault("top", "10"), out var n) && n > 0
                ? n
                : throw new CliException($"--top must be a positive whole number (got {CliInput.Quote(options["top"])})");
            var config = CliInput.ReadConfig(CliInput.Required(options, "config"));
            var settings = CliInput.ToSettings(config);
            var grid = CliInput.ReadGrid(CliInput.Required(options, "grid"));
            var candles = CliInput.ReadCandles(CliInput.Required(options, "candles"), CliInput.IntervalOf(config), warnings);
            var timer = Stopwatch.StartNew();
            SweepResult result;
            try
            {
                result = ParameterSweep.Run(settings, grid.ToDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value),
                    candles, rank, null, cancellationToken);
            }
            catch (ArgumentException e)
            {
                throw new CliException($"grid: {CliInput.OneLine(e.Message)}");
            }

            if (result.Ranked.Count == 0)
                throw new CliException($"none of the grid's {result.Combinations} parameter sets is valid for this config (e.g. emaFast must stay below emaSlow); check the ranges");
            PrintTable(output, result, grid.Keys.ToList(), top, rank, timer.Elapsed);
            error.Write(warnings.ToString());
            return 0;
        }
        catch (CliException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    private static SweepRank ParseRank(string rank) => rank switch
    {
        "return" => SweepRank.Return,
        "sharpe" => SweepRank.Sharpe,
        "profit-factor" => SweepRank.ProfitFactor,
        "drawdown" => SweepRank.MaxDrawdown,
        _ => throw new CliException($"--rank must be return, sharpe, profit-factor or drawdown (got {CliInput.Quote(rank)})"),
    };

    private static void PrintTable(TextWriter output, SweepResult result, List<string> names, int top, SweepRank rank, TimeSpan elapsed)
    {
        output.WriteLine($"{result.Combinations} parameter sets, {result.SkippedInvalid} skipped as invalid, " +
                         $"{result.Ranked.Count} backtested in {elapsed.TotalSeconds:0.00} s; ranked by {rank}");
        var header = new[] { "#" }.Concat(names).Concat(["return%", "sharpe", "profitFactor", "maxDD%", "trades", "winRate%"]).ToList();
        var rows = result.Ranked.Take(top).Select((entry, i) =>
        {
            var m = entry.Report.Metrics;
            return new[] { (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) }
                .Concat(names.Select(name => CliInput.Number(entry.Parameters[name], "0.####")))
                .Concat([CliInput.Number(m.TotalReturnPerc), CliInput.Number(m.Sharpe), CliInput.Number(m.ProfitFactor),
                    CliInput.Number(m.MaxDrawdownPerc), m.TotalTrades.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    CliInput.Number(m.WinRatePerc)])
                .ToList();
        }).ToList();
        var widths = header.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToList();
        output.WriteLine(string.Join("  ", header.Select((h, c) => h.PadLeft(widths[c]))));
        foreach (var row in rows)
            output.WriteLine(string.Join("  ", row.Select((v, c) => v.PadLeft(widths[c]))));
    }
}
