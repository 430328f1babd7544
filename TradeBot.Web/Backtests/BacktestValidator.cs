using System.Globalization;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Strategies;
using TradeBot.Domain.Trading;
using TradeBot.Web.Bots;

namespace TradeBot.Web.Backtests;

/// <summary>
/// The one validator of backtest and sweep requests, for the form, the API and the jobs: the bot settings through
/// <see cref="BotValidator.ValidateTradingSettingsAsync"/> (the same messages as the bot form), plus the range, fee,
/// slippage and grid. Field names are camelCase; hostile input gives messages, never exceptions.
/// </summary>
public sealed class BacktestValidator(BotValidator bots, TimeProvider time)
{
    /// <summary>Most candles one backtest may read (about 2 years of 1m, 114 years of 1h).</summary>
    public const int MaxCandles = 1_100_000;

    /// <summary>Most backtests one sweep may run.</summary>
    public const int MaxSweepRuns = 5_000;

    /// <summary>Most parameters a sweep may vary.</summary>
    public const int MaxSweepAxes = 3;

    /// <summary>Largest slippage accepted, basis points (10%).</summary>
    public const double MaxSlippageBps = 1_000;

    /// <summary>Every problem with <paramref name="input"/>; empty when it can run.</summary>
    public async Task<IReadOnlyList<SettingsError>> ValidateAsync(BacktestInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Bot ??= new BotInput();
        var errors = await bots.ValidateTradingSettingsAsync(input.Bot, cancellationToken);
        ValidateRange(input, errors);
        if (input.FeeRate is { } fee && !(double.IsFinite(fee) && fee >= 0 && fee < 0.1))
            Add(errors, "feeRate", "The fee must be from 0 to 10% of each fill's notional.");
        if (!double.IsFinite(input.SlippageBps) || input.SlippageBps < 0 || input.SlippageBps > MaxSlippageBps)
            Add(errors, "slippageBps", Invariant($"Slippage must be from 0 to {MaxSlippageBps} basis points."));
        return errors;
    }

    /// <summary>Every problem with <paramref name="input"/>: its backtest's, then the grid's (field <c>axes</c>, or <c>axes[i]</c>).</summary>
    public async Task<IReadOnlyList<SettingsError>> ValidateAsync(SweepInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Backtest ??= new BacktestInput();
        input.Axes ??= [];
        var errors = (await ValidateAsync(input.Backtest, cancellationToken)).ToList();
        if (!Enum.IsDefined(input.Rank))
            errors.Add(new("rank", "Rank by return, Sharpe, profit factor or drawdown."));
        if (input.Axes.Count is 0 or > MaxSweepAxes)
        {
            errors.Add(new("axes", $"Choose 1 to {MaxSweepAxes} parameters to vary."));
            return errors;
        }

        var allowed = ParameterSweep.SettingNames
            .Concat(StrategyRegistry.Find(input.Backtest.Bot.Strategy ?? "")?.Parameters.Select(p => p.Name) ?? []).ToHashSet();
        for (var i = 0; i < input.Axes.Count; i++)
            ValidateAxis(input.Axes[i], $"axes[{i}]", allowed, input.Axes.Take(i).Select(a => a.Name), errors);
        if (!errors.Any(e => e.Field.StartsWith("axes", StringComparison.Ordinal)))
        {
            var runs = input.RunCount();
            if (runs > MaxSweepRuns)
                errors.Add(new("axes", Invariant($"The grid holds {runs} backtests; at most {MaxSweepRuns} run in one sweep. Widen a step or narrow a range.")));
        }

        return errors;
    }

    private void ValidateRange(BacktestInput input, List<SettingsError> errors)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (input.From is not { } from)
            Add(errors, "from", "Choose the first day of the range.");
        else if (from.Year < 2010)
            Add(errors, "from", "The range cannot start before 2010.");
        if (input.To is not { } to)
            Add(errors, "to", "Choose the last day of the range.");
        else if (to > today)
            Add(errors, "to", "The range cannot end after today (UTC).");
        if (input.From is { } first && input.To is { } last && !errors.Any(e => e.Field is "from" or "to"))
        {
            if (last < first)
                Add(errors, "to", "The last day must not be before the first.");
            else if (input.IntervalOrNull() is { } interval)
            {
                var (fromMs, toMs) = input.RangeMs();
                var candles = (toMs - fromMs + 1) / interval.DurationMs;
                if (candles > MaxCandles)
                    Add(errors, "to", Invariant($"The range holds {candles} {interval.Code} candles; at most {MaxCandles} fit one backtest. Shorten it or pick a longer interval."));
            }
        }
    }

    private static void ValidateAxis(SweepAxis? axis, string field, HashSet<string> allowed, IEnumerable<string?> earlier, List<SettingsError> errors)
    {
        if (axis is null || string.IsNullOrWhiteSpace(axis.Name) || !allowed.Contains(axis.Name))
        {
            errors.Add(new(field, $"Choose a parameter to vary: one of {string.Join(", ", allowed.Order(StringComparer.Ordinal))}."));
            return;
        }

        if (earlier.Contains(axis.Name))
            errors.Add(new(field, $"{axis.Name} is varied twice; choose another parameter."));
        else if (!double.IsFinite(axis.From) || !double.IsFinite(axis.To) || Math.Abs(axis.From) > 1_000_000 || Math.Abs(axis.To) > 1_000_000)
            errors.Add(new(field, $"The range of {axis.Name} must be numbers between -1000000 and 1000000."));
        else if (axis.To < axis.From)
            errors.Add(new(field, $"The range of {axis.Name} must not end below its start."));
        else if (!double.IsFinite(axis.Step) || axis.Step <= 0)
            errors.Add(new(field, $"The step of {axis.Name} must be above 0."));
        else if (axis.Values().Count == 0)
            errors.Add(new(field, Invariant($"{axis.Name} from {axis.From} to {axis.To} by {axis.Step} gives more than {MaxSweepRuns} values; widen the step.")));
    }

    private static void Add(List<SettingsError> errors, string field, string message)
    {
        if (!errors.Any(e => e.Field == field))
            errors.Add(new(field, message));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
