using System.Globalization;

namespace TradeBot.Domain.Strategies;

/// <summary>
/// A strategy as the registry lists it: its name, what it does, its parameters and their rules, and how to build
/// one. Forms, API and CLI all validate through <see cref="Validate"/>, so they give the same messages.
/// </summary>
public sealed class StrategyDefinition
{
    private readonly Func<IReadOnlyDictionary<string, double>, IStrategy> factory;

    /// <summary>Describes a strategy; <paramref name="factory"/> receives every parameter, defaults filled in.</summary>
    public StrategyDefinition(
        string name,
        string description,
        IReadOnlyList<StrategyParameter> parameters,
        IReadOnlyList<ParameterOrderRule> orderRules,
        Func<IReadOnlyDictionary<string, double>, IStrategy> factory)
    {
        Name = name;
        Description = description;
        Parameters = parameters;
        OrderRules = orderRules;
        this.factory = factory;
    }

    /// <summary>Registry name, e.g. <c>ema-rsi</c>.</summary>
    public string Name { get; }

    /// <summary>One or two sentences on when it enters and exits.</summary>
    public string Description { get; }

    /// <summary>Its parameters, in the order a form shows them.</summary>
    public IReadOnlyList<StrategyParameter> Parameters { get; }

    /// <summary>Rules between parameters, e.g. emaFast &lt; emaSlow.</summary>
    public IReadOnlyList<ParameterOrderRule> OrderRules { get; }

    /// <summary>
    /// Checks the given parameters (missing ones take their defaults) and returns every problem as a sentence:
    /// unknown parameter, not a number, not a whole number, out of range, or an order rule broken.
    /// </summary>
    /// <returns>An empty list when the parameters are valid.</returns>
    public IReadOnlyList<string> Validate(IReadOnlyDictionary<string, double> parameters)
    {
        var problems = new List<string>();
        foreach (var name in parameters.Keys)
        {
            if (FindParameter(name) is null)
            {
                problems.Add($"Unknown parameter '{name}' for strategy {Name}. Its parameters are: " +
                             $"{string.Join(", ", Parameters.Select(p => p.Name))}.");
            }
        }

        var values = WithDefaults(parameters);
        foreach (var parameter in Parameters)
        {
            if (CheckValue(parameter, values[parameter.Name]) is { } problem)
            {
                problems.Add(problem);
            }
        }

        foreach (var rule in OrderRules)
        {
            if (!(values[rule.Lower] < values[rule.Higher]))
            {
                problems.Add(Invariant($"{rule.Lower} ({values[rule.Lower]}) must be less than {rule.Higher} ({values[rule.Higher]})."));
            }
        }

        return problems;
    }

    /// <summary>Every parameter's value: the given one, else its default.</summary>
    public IReadOnlyDictionary<string, double> WithDefaults(IReadOnlyDictionary<string, double> parameters) =>
        Parameters.ToDictionary(p => p.Name, p => parameters.TryGetValue(p.Name, out var value) ? value : p.Default);

    /// <summary>Builds a fresh strategy from the given parameters (missing ones take their defaults).</summary>
    /// <exception cref="ArgumentException">The parameters are invalid; the message lists every problem.</exception>
    public IStrategy Create(IReadOnlyDictionary<string, double> parameters)
    {
        var problems = Validate(parameters);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(parameters));
        }

        return factory(WithDefaults(parameters));
    }

    private StrategyParameter? FindParameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    private static string? CheckValue(StrategyParameter parameter, double value)
    {
        if (!double.IsFinite(value))
        {
            return Invariant($"{parameter.Name} must be a number (got {value}).");
        }

        if (parameter.IsInteger && value != Math.Floor(value))
        {
            return Invariant($"{parameter.Name} must be a whole number (got {value}).");
        }

        return value < parameter.Min || value > parameter.Max
            ? Invariant($"{parameter.Name} must be between {parameter.Min} and {parameter.Max} (got {value}).")
            : null;
    }

    private static string Invariant(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
