using System.Globalization;
using System.Text.Json;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Domain.Strategies;
using TradeBot.Domain.Trading;

namespace TradeBot.Web.Cli;

/// <summary>Bad input to a command: printed as one <c>error: ...</c> line, exit code 2.</summary>
internal sealed class CliException(string message) : Exception(message);

/// <summary>Reads and checks what <c>backtest</c> and <c>sweep</c> are given: options, config, candles, grid.</summary>
internal static class CliInput
{
    /// <summary>Parses <c>--name value</c> pairs; only the <paramref name="allowed"/> names are accepted.</summary>
    public static Dictionary<string, string> ParseOptions(string[] args, params string[] allowed)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || !allowed.Contains(name[2..]))
                throw new CliException($"unknown option {Quote(name)} (options: {string.Join(", ", allowed.Select(a => "--" + a))})");
            if (i + 1 >= args.Length)
                throw new CliException($"option {Quote(name)} needs a value");
            options[name[2..]] = args[++i];
        }

        return options;
    }

    /// <summary>Most parameter sets one <c>sweep</c> runs (the web form allows 5,000).</summary>
    public const int MaxGridSets = 1_000_000;

    public static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new CliException($"missing option --{name}");

    public static BacktestConfig ReadConfig(string path)
    {
        var text = ReadText(path, "config");
        try
        {
            return JsonSerializer.Deserialize(text, CliJsonContext.Default.BacktestConfig)
                   ?? throw new CliException($"config file {Quote(path)} is empty (null)");
        }
        catch (JsonException e)
        {
            throw new CliException($"config file {Quote(path)}: {Describe(e)}");
        }
    }

    public static Dictionary<string, double[]> ReadGrid(string path)
    {
        var text = ReadText(path, "grid");
        try
        {
            var grid = JsonSerializer.Deserialize(text, CliJsonContext.Default.DictionaryStringDoubleArray);
            if (grid is null || grid.Count == 0)
                throw new CliException($"grid file {Quote(path)} names no parameters");
            if (grid.FirstOrDefault(p => p.Value is null || p.Value.Length == 0) is { Key: not null } empty)
                throw new CliException($"grid file {Quote(path)}: parameter {Quote(empty.Key)} has no values");
            var sets = grid.Values.Aggregate(1.0, (product, values) => product * values.Length);
            if (sets > MaxGridSets)
                throw new CliException(string.Create(CultureInfo.InvariantCulture, $"grid file {Quote(path)} holds {sets:0} parameter sets; at most {MaxGridSets} run in one sweep"));
            return grid;
        }
        catch (JsonException e)
        {
            throw new CliException($"grid file {Quote(path)}: {Describe(e)}");
        }
    }

    /// <summary>
    /// Reads, sorts and de-duplicates the candles; what was odd about the file (gaps, duplicate rows) goes to
    /// <paramref name="warnings"/> as <c>warning:</c> lines, since the backtest runs across gaps rather than refusing.
    /// </summary>
    public static Candle[] ReadCandles(string path, Interval interval, TextWriter warnings)
    {
        using var reader = OpenText(path, "candles");
        try
        {
            var result = KlineCsv.Read(reader, interval);
            if (result.Candles.Count == 0)
                throw new CliException($"candles file {Quote(path)} has no candles");
            if (result.Gaps.Count > 0)
            {
                var largest = result.Gaps.MaxBy(g => g.MissingCandles);
                warnings.WriteLine($"warning: candles file has {result.Gaps.Count} gap(s), {result.MissingCandles} {interval} candle(s) missing " +
                                   $"(largest: {largest.MissingCandles} after {DateTimeOffset.FromUnixTimeMilliseconds(largest.AfterOpenTimeMs):yyyy-MM-dd HH:mm} UTC); the backtest runs across them");
            }
            if (result.ExactDuplicates + result.ConflictingDuplicates > 0)
            {
                warnings.WriteLine($"warning: candles file repeats open times: {result.ExactDuplicates} identical row(s) merged, " +
                                   $"{result.ConflictingDuplicates} conflicting row(s) dropped (the first row of each open time was kept)");
            }
            return [.. result.Candles];
        }
        catch (FormatException e)
        {
            throw new CliException($"candles file {Quote(path)} {OneLine(e.Message)}");
        }
        catch (IOException e)
        {
            throw new CliException($"candles file {Quote(path)} cannot be read: {OneLine(e.Message)}");
        }
    }

    /// <summary>The interval named by the config (default 1h, the sample's).</summary>
    public static Interval IntervalOf(BacktestConfig config) =>
        Interval.TryParse(config.Interval ?? "1h", out var interval)
            ? interval
            : throw new CliException($"config: unknown interval {Quote(config.Interval)} (use one of {string.Join(", ", Interval.All)})");

    /// <summary>Settings from the config, checked by the same validator as forms and the API.</summary>
    public static BotSettings ToSettings(BacktestConfig config)
    {
        var market = config.MarketType?.ToLowerInvariant() switch
        {
            null or "spot" => MarketType.Spot,
            "futures" => MarketType.Futures,
            _ => throw new CliException($"config: marketType must be \"spot\" or \"futures\" (got \"{config.MarketType}\")"),
        };
        var strategy = config.Strategy ?? EmaRsiStrategy.StrategyName;
        var parameters = new Dictionary<string, double>();
        Add(parameters, "emaFast", config.EmaFast);
        Add(parameters, "emaSlow", config.EmaSlow);
        Add(parameters, "rsiPeriod", config.RsiPeriod);
        Add(parameters, "rsiOversold", config.RsiOversold);
        Add(parameters, "rsiOverbought", config.RsiOverbought);
        Add(parameters, "emaPeriod", config.EmaPeriod);
        var fixedSize = config.PositionSizeFixed ?? 0;
        var settings = new BotSettings
        {
            MarketType = market,
            Strategy = strategy,
            StrategyParameters = parameters,
            InitialCapital = config.InitialCapital ?? 1000,
            PositionSizePerc = config.PositionSizePerc ?? (fixedSize != 0 ? 0 : 100),
            PositionSizeFixed = fixedSize,
            StopLossPerc = config.StopLossPerc ?? 0,
            TakeProfitPerc = config.TakeProfitPerc ?? 0,
            TrailingStopPerc = config.TrailingStopPerc ?? 0,
            TrailingStopActive = config.TrailingStopActive ?? config.TrailingStopPerc is > 0,
            DailyTargetPerc = config.DailyTargetPerc ?? 0,
            MaxDailyLossPerc = config.MaxDailyLossPerc ?? 0,
            MaxDailyTrades = config.MaxDailyTrades ?? 0,
            Leverage = config.Leverage ?? 1,
            FeeRate = config.FeeRate,
            SlippageBps = config.SlippageBps ?? 5,
            SymbolRules = ToRules(config),
        };
        var errors = settings.Validate();
        if (!(settings.SlippageBps <= Backtests.BacktestValidator.MaxSlippageBps))
            errors = [.. errors, new SettingsError("slippageBps", string.Create(CultureInfo.InvariantCulture, $"slippageBps must be at most {Backtests.BacktestValidator.MaxSlippageBps}."))];
        return errors.Count == 0 ? settings : throw new CliException("config: " + string.Join(" ", errors.Select(e => e.Message)));
    }

    private static SymbolRules ToRules(BacktestConfig config)
    {
        decimal[] values = [config.TickSize ?? 0, config.StepSize ?? 0, config.MinQty ?? 0, config.MinNotional ?? 0];
        if (values.Any(v => v < 0))
            throw new CliException("config: tickSize, stepSize, minQty and minNotional must not be negative");
        return new SymbolRules(values[0], values[1], values[2], 0m, values[3]);
    }

    private static void Add(Dictionary<string, double> parameters, string name, double? value)
    {
        if (value is { } v)
            parameters[name] = v;
    }

    private static string ReadText(string path, string what)
    {
        using var reader = OpenText(path, what);
        try
        {
            return reader.ReadToEnd();
        }
        catch (IOException e)
        {
            throw new CliException($"{what} file {Quote(path)} cannot be read: {OneLine(e.Message)}");
        }
    }

    private static StreamReader OpenText(string path, string what)
    {
        try
        {
            return File.OpenText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"{what} file {Quote(path)} cannot be read: {OneLine(e.Message)}");
        }
    }

    /// <summary>The JSON problem in a user's words: an unknown property by name, else the parser's message.</summary>
    private static string Describe(JsonException e)
    {
        const string unmapped = "The JSON property '";
        if (e.Message.StartsWith(unmapped, StringComparison.Ordinal) && e.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var name = e.Message[unmapped.Length..e.Message.IndexOf('\'', unmapped.Length)];
            return $"unknown property {Quote(name)}";
        }

        return OneLine(e.Message);
    }

    /// <summary>A message on one line, at most 300 characters (an exception's message may repeat a 1 MB argument).</summary>
    public static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim();
        return line.Length <= 300 ? line : string.Concat(line.AsSpan(0, 300), "…");
    }

    /// <summary>A value the user gave, quoted for an error line: at most 60 characters, control characters escaped.</summary>
    public static string Quote(string? value)
    {
        var text = value ?? "";
        var shown = text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 60), "…");
        var escaped = string.Concat(shown.Select(c => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069'
            ? $"\\u{(int)c:x4}" : c.ToString()));
        return $"'{escaped}'";
    }

    public static string Number(double value, string format = "0.##") =>
        double.IsPositiveInfinity(value) ? "inf" : value.ToString(format, CultureInfo.InvariantCulture);
}
