using System.Diagnostics.CodeAnalysis;

namespace TradeBot.Domain.Market;

/// <summary>
/// A Binance kline interval that TradeBot supports: its exchange code (e.g. <c>1h</c>) and its length.
/// Only the instances listed in <see cref="All"/> exist; get one by name with <see cref="Parse"/>.
/// </summary>
public sealed record Interval
{
    private const long MinuteMs = 60_000;

    private Interval(string code, long durationMs)
    {
        Code = code;
        DurationMs = durationMs;
    }

    /// <summary>One minute (<c>1m</c>).</summary>
    public static Interval OneMinute { get; } = new("1m", MinuteMs);

    /// <summary>Three minutes (<c>3m</c>).</summary>
    public static Interval ThreeMinutes { get; } = new("3m", 3 * MinuteMs);

    /// <summary>Five minutes (<c>5m</c>).</summary>
    public static Interval FiveMinutes { get; } = new("5m", 5 * MinuteMs);

    /// <summary>Fifteen minutes (<c>15m</c>).</summary>
    public static Interval FifteenMinutes { get; } = new("15m", 15 * MinuteMs);

    /// <summary>Thirty minutes (<c>30m</c>).</summary>
    public static Interval ThirtyMinutes { get; } = new("30m", 30 * MinuteMs);

    /// <summary>One hour (<c>1h</c>).</summary>
    public static Interval OneHour { get; } = new("1h", 60 * MinuteMs);

    /// <summary>Two hours (<c>2h</c>).</summary>
    public static Interval TwoHours { get; } = new("2h", 120 * MinuteMs);

    /// <summary>Four hours (<c>4h</c>).</summary>
    public static Interval FourHours { get; } = new("4h", 240 * MinuteMs);

    /// <summary>Six hours (<c>6h</c>).</summary>
    public static Interval SixHours { get; } = new("6h", 360 * MinuteMs);

    /// <summary>Eight hours (<c>8h</c>).</summary>
    public static Interval EightHours { get; } = new("8h", 480 * MinuteMs);

    /// <summary>Twelve hours (<c>12h</c>).</summary>
    public static Interval TwelveHours { get; } = new("12h", 720 * MinuteMs);

    /// <summary>One UTC day (<c>1d</c>).</summary>
    public static Interval OneDay { get; } = new("1d", 1440 * MinuteMs);

    /// <summary>Every supported interval, shortest first.</summary>
    public static IReadOnlyList<Interval> All { get; } =
    [
        OneMinute, ThreeMinutes, FiveMinutes, FifteenMinutes, ThirtyMinutes, OneHour,
        TwoHours, FourHours, SixHours, EightHours, TwelveHours, OneDay,
    ];

    /// <summary>The Binance code, e.g. <c>15m</c>, <c>4h</c>, <c>1d</c>.</summary>
    public string Code { get; }

    /// <summary>Length of one candle in milliseconds.</summary>
    public long DurationMs { get; }

    /// <summary>Length of one candle.</summary>
    public TimeSpan Duration => TimeSpan.FromMilliseconds(DurationMs);

    /// <summary>Finds the interval with the given Binance code (case-sensitive: <c>1m</c> is not <c>1M</c>).</summary>
    /// <returns>False when the code is not a supported interval.</returns>
    public static bool TryParse(string? code, [NotNullWhen(true)] out Interval? interval)
    {
        foreach (var candidate in All)
        {
            if (candidate.Code == code)
            {
                interval = candidate;
                return true;
            }
        }

        interval = null;
        return false;
    }

    /// <summary>Finds the interval with the given Binance code.</summary>
    /// <exception cref="FormatException">The code is not a supported interval; the message lists those that are.</exception>
    public static Interval Parse(string? code) =>
        TryParse(code, out var interval)
            ? interval
            : throw new FormatException(
                $"Unknown interval '{code}'. Supported intervals: {string.Join(", ", All.Select(i => i.Code))}.");

    /// <summary>The Binance code.</summary>
    public override string ToString() => Code;
}
