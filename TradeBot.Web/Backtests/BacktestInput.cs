using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Web.Bots;

namespace TradeBot.Web.Backtests;

/// <summary>
/// What a backtest runs: a market, a UTC date range and the bot settings to test (the same fields as the bot form, in
/// <see cref="Bot"/>: strategy and parameters, capital, sizing, exits, daily limits, leverage), plus the fee and slippage
/// of the fill model. Checked by <see cref="BacktestValidator"/> before anything is stored.
/// </summary>
public sealed class BacktestInput
{
    /// <summary>The settings tested; its name, mode, key and check interval play no part.</summary>
    public BotInput Bot { get; set; } = new() { Symbol = "BTCUSDT" };

    /// <summary>First UTC day of the range.</summary>
    public DateOnly? From { get; set; }

    /// <summary>Last UTC day of the range (included).</summary>
    public DateOnly? To { get; set; }

    /// <summary>Taker fee as a fraction of notional per fill; null for the market's default (spot 0.1%, futures 0.05%).</summary>
    public double? FeeRate { get; set; }

    /// <summary>Slippage against the trader at each fill, in basis points.</summary>
    public double SlippageBps { get; set; } = 5;

    /// <summary>An uploaded kline CSV (<see cref="BacktestUpload"/>) to run on instead of the candle store; null for the store.</summary>
    public long? UploadId { get; set; }

    /// <summary>The bot whose settings this started from, if any (shown on the report).</summary>
    public long? SourceBotId { get; set; }

    /// <summary>A copy (the bot settings and their parameters included), so an edited form never changes a stored run.</summary>
    public BacktestInput Clone()
    {
        var copy = (BacktestInput)MemberwiseClone();
        copy.Bot = BotInput.From(ToConfig(Bot));
        copy.Bot.Name = Bot.Name;
        return copy;
    }

    /// <summary>The range as Unix ms: [00:00 UTC of <see cref="From"/>, the last ms of <see cref="To"/>].</summary>
    public (long FromMs, long ToMs) RangeMs()
    {
        var from = From ?? DateOnly.MinValue;
        var to = To ?? DateOnly.MinValue;
        return (UnixMs(from), UnixMs(to.AddDays(1)) - 1);
    }

    internal static long UnixMs(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    internal static BotConfig ToConfig(BotInput input)
    {
        var config = new BotConfig { OwnerId = "", Name = "", Symbol = "", Interval = "", Strategy = "" };
        input.ApplyTo(config);
        return config;
    }

    /// <summary>The interval, or null when it is not one.</summary>
    public Interval? IntervalOrNull() => Interval.TryParse(Bot.Interval, out var interval) ? interval : null;
}

/// <summary>One parameter a sweep varies: every value from <see cref="From"/> to <see cref="To"/> in steps of <see cref="Step"/>.</summary>
public sealed class SweepAxis
{
    /// <summary>A strategy parameter (e.g. <c>emaFast</c>) or one of <see cref="ParameterSweep.SettingNames"/>.</summary>
    public string? Name { get; set; }

    public double From { get; set; }

    public double To { get; set; }

    public double Step { get; set; } = 1;

    /// <summary>The values, ascending; empty when the range or step is not usable.</summary>
    public IReadOnlyList<double> Values()
    {
        if (!double.IsFinite(From) || !double.IsFinite(To) || !double.IsFinite(Step) || Step <= 0 || To < From)
            return [];
        var count = (long)Math.Floor((To - From) / Step + 1e-9) + 1;
        if (count > BacktestValidator.MaxSweepRuns)
            return [];
        return [.. Enumerable.Range(0, (int)count).Select(i => Math.Round(From + i * Step, 10))];
    }
}

/// <summary>A parameter sweep: the base backtest, up to three axes, and the metric to rank by.</summary>
public sealed class SweepInput
{
    public BacktestInput Backtest { get; set; } = new();

    public List<SweepAxis> Axes { get; set; } = [];

    public SweepRank Rank { get; set; } = SweepRank.Return;

    /// <summary>How many backtests the grid holds (the product of the axes' value counts); 0 when an axis is empty.</summary>
    public long RunCount() => Axes.Count == 0 ? 0 : Axes.Aggregate(1L, (product, axis) => product * axis.Values().Count);

    /// <summary>The grid for <see cref="ParameterSweep"/>.</summary>
    public Dictionary<string, IReadOnlyList<double>> Grid() =>
        Axes.Where(a => !string.IsNullOrWhiteSpace(a.Name)).ToDictionary(a => a.Name!, a => a.Values());
}
