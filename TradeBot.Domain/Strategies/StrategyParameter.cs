namespace TradeBot.Domain.Strategies;

/// <summary>One tunable input of a strategy, as a form or CLI shows and checks it.</summary>
/// <param name="Name">camelCase key, e.g. <c>emaFast</c>; the same key in settings, API and CLI.</param>
/// <param name="Description">What it changes, in a trader's words.</param>
/// <param name="Default">Value used when the parameter is not given.</param>
/// <param name="Min">Smallest allowed value (inclusive).</param>
/// <param name="Max">Largest allowed value (inclusive).</param>
/// <param name="IsInteger">True when only whole numbers are allowed (periods).</param>
public sealed record StrategyParameter(string Name, string Description, double Default, double Min, double Max, bool IsInteger);

/// <summary>A rule between two parameters: <paramref name="Lower"/> must be strictly less than <paramref name="Higher"/>.</summary>
/// <param name="Lower">Name of the parameter that must be smaller, e.g. <c>emaFast</c>.</param>
/// <param name="Higher">Name of the parameter that must be larger, e.g. <c>emaSlow</c>.</param>
public sealed record ParameterOrderRule(string Lower, string Higher);
