namespace TradeBot.Domain.Strategies;

/// <summary>
/// Every strategy a bot or backtest can run, with its parameter schema. The UI builds its forms from
/// <see cref="All"/>; forms, API and CLI validate with <see cref="Validate"/> and build with <see cref="Create"/>.
/// </summary>
public static class StrategyRegistry
{
    /// <summary>The "ema-rsi" strategy: EMA crossover filtered by RSI (trading-semantics.md section 3).</summary>
    public static StrategyDefinition EmaRsi { get; } = new(
        EmaRsiStrategy.StrategyName,
        "Enters long when the fast EMA crosses above the slow EMA and RSI is below overbought; exits when it " +
        "crosses below and RSI is above oversold. On futures the cross down also enters a short.",
        [
            new("emaFast", "Period of the fast EMA, in candles.", 12, 2, 200, IsInteger: true),
            new("emaSlow", "Period of the slow EMA, in candles.", 26, 3, 400, IsInteger: true),
            new("rsiPeriod", "Period of the RSI (Wilder), in candles.", 14, 2, 100, IsInteger: true),
            new("rsiOversold", "RSI level a cross down must be above to exit a long or enter a short.", 30, 0, 100, IsInteger: false),
            new("rsiOverbought", "RSI level a cross up must be below to enter a long or exit a short.", 70, 0, 100, IsInteger: false),
        ],
        [new("emaFast", "emaSlow"), new("rsiOversold", "rsiOverbought")],
        p => new EmaRsiStrategy(
            (int)p["emaFast"], (int)p["emaSlow"], (int)p["rsiPeriod"], p["rsiOversold"], p["rsiOverbought"]));

    /// <summary>The "ema-price-cross" strategy: the close crossing one EMA.</summary>
    public static StrategyDefinition EmaPriceCross { get; } = new(
        EmaPriceCrossStrategy.StrategyName,
        "Enters long when the close crosses above its EMA and exits when it crosses below. " +
        "On futures the cross below also enters a short.",
        [new("emaPeriod", "Period of the EMA, in candles.", 20, 2, 400, IsInteger: true)],
        [],
        p => new EmaPriceCrossStrategy((int)p["emaPeriod"]));

    /// <summary>Every strategy, in the order a picker shows them.</summary>
    public static IReadOnlyList<StrategyDefinition> All { get; } = [EmaRsi, EmaPriceCross];

    /// <summary>The strategy with that registry name, or null.</summary>
    public static StrategyDefinition? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>
    /// Every problem with running strategy <paramref name="name"/> with <paramref name="parameters"/>, as sentences;
    /// empty when valid. See <see cref="StrategyDefinition.Validate"/>.
    /// </summary>
    public static IReadOnlyList<string> Validate(string name, IReadOnlyDictionary<string, double> parameters) =>
        Find(name) is { } definition ? definition.Validate(parameters) : [UnknownStrategy(name)];

    /// <summary>Builds a fresh strategy by name (missing parameters take their defaults).</summary>
    /// <exception cref="ArgumentException">Unknown strategy or invalid parameters; the message says which.</exception>
    public static IStrategy Create(string name, IReadOnlyDictionary<string, double> parameters) =>
        Find(name) is { } definition
            ? definition.Create(parameters)
            : throw new ArgumentException(UnknownStrategy(name), nameof(name));

    private static string UnknownStrategy(string name) =>
        $"Unknown strategy '{name}'. Available strategies: {string.Join(", ", All.Select(s => s.Name))}.";
}
