using System.Globalization;
using TradeBot.Domain.Market;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Strategies;

namespace TradeBot.Domain.Trading;

/// <summary>A problem with one field of <see cref="BotSettings"/>, for a form to show beside that field.</summary>
/// <param name="Field">camelCase field name, e.g. <c>stopLossPerc</c> or a strategy parameter such as <c>emaFast</c>.</param>
/// <param name="Message">What is wrong, as a sentence.</param>
public sealed record SettingsError(string Field, string Message);

/// <summary>
/// How a bot trades: market, strategy, capital, sizing, protective exits, daily limits, leverage and costs.
/// Percentages are in percent (5 = 5%); a percentage or limit of 0 means "not used".
/// Forms, API and CLI all check it with <see cref="Validate"/>.
/// </summary>
public sealed record BotSettings
{
    /// <summary>Default taker fee on spot (0.10%).</summary>
    public const double DefaultSpotFeeRate = 0.001;

    /// <summary>Default taker fee on USD-M futures (0.05%).</summary>
    public const double DefaultFuturesFeeRate = 0.0005;

    /// <summary>Bot id used in client order ids (letters, digits, '-', '_').</summary>
    public string BotId { get; init; } = "bt";

    /// <summary>Spot or USD-M futures.</summary>
    public MarketType MarketType { get; init; } = MarketType.Spot;

    /// <summary>Registry name of the strategy, e.g. <c>ema-rsi</c>.</summary>
    public string Strategy { get; init; } = EmaRsiStrategy.StrategyName;

    /// <summary>Strategy parameters by name; missing ones take the registry's defaults.</summary>
    public IReadOnlyDictionary<string, double> StrategyParameters { get; init; } = new Dictionary<string, double>();

    /// <summary>Starting quote balance; also the base of the daily limits.</summary>
    public double InitialCapital { get; init; } = 1000;

    /// <summary>Percentage of equity committed per entry (margin on futures); 0 = use <see cref="PositionSizeFixed"/>.</summary>
    public double PositionSizePerc { get; init; } = 100;

    /// <summary>Fixed quote amount committed per entry, used when <see cref="PositionSizePerc"/> is 0.</summary>
    public double PositionSizeFixed { get; init; }

    /// <summary>Stop-loss distance from the entry, %; 0 = none.</summary>
    public double StopLossPerc { get; init; }

    /// <summary>Take-profit distance from the entry, %; 0 = none.</summary>
    public double TakeProfitPerc { get; init; }

    /// <summary>Trailing stop distance behind the best price seen, %; used when <see cref="TrailingStopActive"/>.</summary>
    public double TrailingStopPerc { get; init; }

    /// <summary>True to use the trailing stop.</summary>
    public bool TrailingStopActive { get; init; }

    /// <summary>Daily realised profit, % of initial capital, that pauses the bot for the day; 0 = none.</summary>
    public double DailyTargetPerc { get; init; }

    /// <summary>Daily realised loss, % of initial capital, that pauses the bot for the day; 0 = none.</summary>
    public double MaxDailyLossPerc { get; init; }

    /// <summary>Most entries per UTC day; 0 = no limit.</summary>
    public int MaxDailyTrades { get; init; }

    /// <summary>Futures leverage, 1..125 (spot: must be 1).</summary>
    public int Leverage { get; init; } = 1;

    /// <summary>Fee rate per fill's notional (0.001 = 0.1%); null = the market's default.</summary>
    public double? FeeRate { get; init; }

    /// <summary>Slippage against the trader on market fills, in basis points (default 5).</summary>
    public double SlippageBps { get; init; } = 5;

    /// <summary>Futures maintenance margin rate for the liquidation price (default 0.004, Binance's first BTCUSDT bracket).</summary>
    public double MaintenanceMarginRate { get; init; } = 0.004;

    /// <summary>The symbol's exchange filters.</summary>
    public SymbolRules SymbolRules { get; init; } = SymbolRules.None;

    /// <summary>The fee rate in force: <see cref="FeeRate"/>, else 0.001 on spot and 0.0005 on futures.</summary>
    public double EffectiveFeeRate => FeeRate ?? (MarketType == MarketType.Futures ? DefaultFuturesFeeRate : DefaultSpotFeeRate);

    /// <summary>A fresh strategy instance from <see cref="Strategy"/> and <see cref="StrategyParameters"/>.</summary>
    /// <exception cref="ArgumentException">Unknown strategy or invalid parameters.</exception>
    public IStrategy CreateStrategy() => StrategyRegistry.Create(Strategy, StrategyParameters);

    /// <summary>Every problem, field by field; empty when the settings can run.</summary>
    public IReadOnlyList<SettingsError> Validate()
    {
        var errors = new List<SettingsError>();
        ValidateStrategy(errors);
        Require(errors, "initialCapital", InitialCapital > 0 && double.IsFinite(InitialCapital), "initialCapital must be above 0.");
        ValidateSizing(errors);
        NonNegative(errors, "stopLossPerc", StopLossPerc);
        NonNegative(errors, "takeProfitPerc", TakeProfitPerc);
        NonNegative(errors, "trailingStopPerc", TrailingStopPerc);
        NonNegative(errors, "dailyTargetPerc", DailyTargetPerc);
        NonNegative(errors, "maxDailyLossPerc", MaxDailyLossPerc);
        NonNegative(errors, "slippageBps", SlippageBps);
        Require(errors, "stopLossPerc", StopLossPerc < 100, "stopLossPerc must be below 100.");
        Require(errors, "trailingStopPerc", TrailingStopPerc < 100, "trailingStopPerc must be below 100.");
        Require(errors, "trailingStopPerc", !TrailingStopActive || TrailingStopPerc > 0, "trailingStopPerc must be above 0 when the trailing stop is active.");
        Require(errors, "maxDailyTrades", MaxDailyTrades >= 0, "maxDailyTrades must be 0 (no limit) or more.");
        Require(errors, "feeRate", FeeRate is null || FeeRate >= 0 && FeeRate < 0.1, "feeRate must be between 0 and 0.1 (10%).");
        Require(errors, "botId", BotId.Length is > 0 and <= 16 && BotId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'),
            "botId must be 1 to 16 letters, digits, '-' or '_'.");
        ValidateLeverage(errors);
        return errors;
    }

    private void ValidateStrategy(List<SettingsError> errors)
    {
        var definition = StrategyRegistry.Find(Strategy);
        foreach (var problem in StrategyRegistry.Validate(Strategy, StrategyParameters))
        {
            var firstWord = problem.Split(' ', 2)[0];
            var field = definition?.Parameters.Any(p => p.Name == firstWord) == true ? firstWord : definition is null ? "strategy" : "strategyParameters";
            errors.Add(new SettingsError(field, problem));
        }
    }

    private void ValidateSizing(List<SettingsError> errors)
    {
        NonNegative(errors, "positionSizePerc", PositionSizePerc);
        NonNegative(errors, "positionSizeFixed", PositionSizeFixed);
        Require(errors, "positionSizePerc", PositionSizePerc <= 100, "positionSizePerc must be at most 100.");
        Require(errors, "positionSizePerc", PositionSizePerc > 0 || PositionSizeFixed > 0, "Set positionSizePerc or positionSizeFixed.");
        Require(errors, "positionSizeFixed", PositionSizePerc == 0 || PositionSizeFixed == 0, "Set positionSizePerc or positionSizeFixed, not both.");
    }

    private void ValidateLeverage(List<SettingsError> errors)
    {
        if (MarketType == MarketType.Spot)
        {
            Require(errors, "leverage", Leverage == 1, "leverage must be 1 on spot.");
            return;
        }

        Require(errors, "leverage", Leverage is >= 1 and <= 125, "leverage must be between 1 and 125.");
        Require(errors, "maintenanceMarginRate", MaintenanceMarginRate is >= 0 and < 0.5, "maintenanceMarginRate must be between 0 and 0.5.");
        if (Leverage is < 1 or > 125 || StopLossPerc <= 0)
        {
            return;
        }

        // Stop and liquidation are both proportional to the entry, so the check needs no price.
        foreach (var side in (ReadOnlySpan<PositionSide>)[PositionSide.Long, PositionSide.Short])
        {
            var stop = ProtectiveExits.StopLossPrice(side, 1, StopLossPerc);
            var liquidation = LiquidationPrice.Isolated(side, 1, Leverage, MaintenanceMarginRate);
            if (LiquidationPrice.IsStopBeyond(side, stop, liquidation))
            {
                errors.Add(new SettingsError("stopLossPerc", string.Create(CultureInfo.InvariantCulture,
                    $"stopLossPerc {StopLossPerc}% is beyond the {side.ToCode()} liquidation price ({Math.Abs(1 - liquidation) * 100:0.##}% from entry at leverage {Leverage}): the position would be liquidated before its stop.")));
                return;
            }
        }
    }

    private static void NonNegative(List<SettingsError> errors, string field, double value) =>
        Require(errors, field, value >= 0 && double.IsFinite(value), $"{field} must not be negative.");

    private static void Require(List<SettingsError> errors, string field, bool condition, string message)
    {
        if (!condition)
        {
            errors.Add(new SettingsError(field, message));
        }
    }
}
