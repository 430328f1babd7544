using System.Globalization;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Web.Bots;

namespace TradeBot.Web.Backtests;

/// <summary>A parameter a sweep may vary, with the name the trader reads.</summary>
/// <param name="Name">The grid name (a strategy parameter or one of <see cref="ParameterSweep.SettingNames"/>).</param>
/// <param name="Label">How the pages write it.</param>
public sealed record SweepParameterChoice(string Name, string Label);

/// <summary>The sweep pages' words for parameters, their values and the metric ranked by.</summary>
public static class SweepParameters
{
    private static readonly Dictionary<string, string> SettingLabels = new()
    {
        ["positionSizePerc"] = "Position size %",
        ["stopLossPerc"] = "Stop-loss %",
        ["takeProfitPerc"] = "Take-profit %",
        ["trailingStopPerc"] = "Trailing stop %",
        ["dailyTargetPerc"] = "Daily target %",
        ["maxDailyLossPerc"] = "Max daily loss %",
        ["maxDailyTrades"] = "Max trades a day",
        ["leverage"] = "Leverage",
    };

    /// <summary>
    /// What a sweep of <paramref name="strategy"/> may vary: its parameters (the bot form's labels), then the settings.
    /// Leverage is offered on futures only (spot is always 1x).
    /// </summary>
    public static IReadOnlyList<SweepParameterChoice> Choices(string? strategy, MarketType market) =>
    [
        .. BotFormService.ParameterFields(strategy).Select(f => new SweepParameterChoice(f.Name, f.Label)),
        .. ParameterSweep.SettingNames.Where(n => market == MarketType.Futures || n != "leverage").Select(n => new SweepParameterChoice(n, SettingLabels[n])),
    ];

    private static readonly Dictionary<string, (double From, double To, double Step)> SettingRanges = new()
    {
        ["positionSizePerc"] = (25, 100, 25),
        ["stopLossPerc"] = (1, 5, 1),
        ["takeProfitPerc"] = (2, 10, 2),
        ["trailingStopPerc"] = (0.5, 3, 0.5),
        ["dailyTargetPerc"] = (1, 5, 1),
        ["maxDailyLossPerc"] = (1, 5, 1),
        ["maxDailyTrades"] = (2, 10, 2),
        ["leverage"] = (1, 5, 1),
    };

    /// <summary>
    /// A first range for <paramref name="name"/> that a sweep can run as is: a strategy parameter from half to one and a
    /// half times its default (within its limits) in about five steps; a setting over a range traders commonly try.
    /// </summary>
    public static SweepAxis Suggested(string name, string? strategy)
    {
        if (SettingRanges.TryGetValue(name, out var range))
            return new SweepAxis { Name = name, From = range.From, To = range.To, Step = range.Step };
        if (BotFormService.ParameterFields(strategy).FirstOrDefault(f => f.Name == name) is not { } field)
            return new SweepAxis { Name = name, From = 1, To = 5, Step = 1 };
        var from = Math.Max(field.Min, field.Default / 2);
        var to = Math.Min(field.Max, field.Default * 1.5);
        var step = (to - from) / 4;
        if (field.IsInteger)
            (from, to, step) = (Math.Ceiling(from), Math.Floor(to), Math.Max(1, Math.Round(step)));
        return new SweepAxis { Name = name, From = from, To = Math.Max(from, to), Step = step > 0 ? step : 1 };
    }

    /// <summary>A new axis for a sweep that already varies <paramref name="used"/>: the first parameter not yet varied, or null when none is left.</summary>
    public static SweepAxis? NextAxis(string? strategy, MarketType market, IEnumerable<string?> used)
    {
        var taken = used.ToHashSet();
        return Choices(strategy, market).FirstOrDefault(c => !taken.Contains(c.Name)) is { } choice ? Suggested(choice.Name, strategy) : null;
    }

    /// <summary>The label of <paramref name="name"/>; the name itself when it is neither a setting nor a parameter of the strategy.</summary>
    public static string Label(string name, string? strategy) =>
        SettingLabels.TryGetValue(name, out var label) ? label
        : BotFormService.ParameterFields(strategy).FirstOrDefault(f => f.Name == name)?.Label ?? name;

    /// <summary>A value as the tables write it: up to 4 decimals, no trailing zeros, invariant.</summary>
    public static string Value(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>A set in words, in the sweep's parameter order: "EMA fast 9 · Stop-loss % 2".</summary>
    public static string Describe(IReadOnlyDictionary<string, double> set, IEnumerable<string> order, string? strategy)
    {
        ArgumentNullException.ThrowIfNull(set);
        return string.Join(" · ", order.Where(set.ContainsKey).Select(n => $"{Label(n, strategy)} {Value(set[n])}"));
    }

    /// <summary>The metric ranked by, in words.</summary>
    public static string RankLabel(SweepRank rank) => rank switch
    {
        SweepRank.Return => "Total return",
        SweepRank.Sharpe => "Sharpe ratio",
        SweepRank.ProfitFactor => "Profit factor",
        SweepRank.MaxDrawdown => "Smallest drawdown",
        _ => rank.ToString(),
    };
}
