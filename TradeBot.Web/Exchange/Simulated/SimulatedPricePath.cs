using TradeBot.Domain.Market;

namespace TradeBot.Web.Exchange.Simulated;

/// <summary>
/// The seeded price of one symbol as a pure function of time: log price = log base price + a sum of value-noise octaves
/// at scales of 1, 4, 16 … 4^10 minutes (about two years), each with an amplitude of volatility * sqrt(scale), the way a
/// random walk's deviation grows. The long octaves are the trends; the short ones are scaled by a slow "regime" noise
/// (ten-day scale, x0.5 to x2) so calm and wild stretches alternate.
/// <para>
/// Candles of every interval are aggregated from the same one-minute path (open = price at the open time, close = price
/// at the close time, high/low over the minutes plus a seeded wick), so a 1h candle equals its sixty 1m candles and any
/// time range can be computed on demand without replaying history.
/// </para>
/// </summary>
internal sealed class SimulatedPricePath
{
    private const long MinuteMs = 60_000;
    private const int Octaves = 11;
    private const int ShortOctaves = 7; // scales up to 4096 minutes (~3 days) follow the volatility regime
    private const double RegimeScaleMinutes = 14_400; // regimes last days to weeks
    private const int RegimeStream = 100, WickUpStream = 101, WickDownStream = 102, VolumeStream = 103;

    private readonly ulong _key;
    private readonly double _logBase;
    private readonly double[] _amplitudes = new double[Octaves];

    public SimulatedPricePath(long seed, SimulatedSymbol symbol)
    {
        Symbol = symbol;
        _key = Mix(unchecked((ulong)seed) ^ Fnv1a(symbol.Symbol));
        _logBase = Math.Log(symbol.BasePrice);
        for (var octave = 0; octave < Octaves; octave++)
            _amplitudes[octave] = symbol.MinuteVolatility * (1 << octave); // sqrt(4^octave)
    }

    public SimulatedSymbol Symbol { get; }

    /// <summary>The price at <paramref name="timeMs"/> (any millisecond; continuous between minutes).</summary>
    public double PriceAt(long timeMs) => PriceAt(timeMs, out _, new NoiseCells());

    /// <summary>
    /// The candle opening at <paramref name="openMs"/>; when <paramref name="nowMs"/> falls inside it, the forming
    /// candle as it stands at that moment.
    /// </summary>
    /// <param name="cells">Hashes of the noise cells last used; pass the same instance for consecutive candles (one caller at a time).</param>
    public Candle Candle(long openMs, long durationMs, long nowMs, double tickSize, NoiseCells cells)
    {
        var endMs = Math.Min(openMs + durationMs, Math.Max(nowMs, openMs + 1));
        var open = PriceAt(openMs, out _, cells);
        double high = open, low = open, price = open, volume = 0;
        for (var t = openMs; t < endMs; t += MinuteMs)
        {
            var next = Math.Min(t + MinuteMs, endMs);
            var close = PriceAt(next, out var regime, cells);
            var minute = t / MinuteMs;
            var wick = Symbol.MinuteVolatility * regime * 0.6;
            high = Math.Max(high, Math.Max(price, close) * (1 + wick * Unit(Hash(WickUpStream, minute))));
            low = Math.Min(low, Math.Min(price, close) * (1 - wick * Unit(Hash(WickDownStream, minute))));
            volume += Symbol.MinuteVolume * regime * (0.3 + 1.4 * Unit(Hash(VolumeStream, minute))) * (next - t) / MinuteMs;
            price = close;
        }

        return new Candle(openMs, Round(open, tickSize), Round(high, tickSize), Round(low, tickSize), Round(price, tickSize), Math.Round(volume, 3));
    }

    /// <summary>Rounds to the nearest tick; monotone, so low &lt;= open, close &lt;= high survives it.</summary>
    public static double Round(double price, double tickSize) => Math.Round(Math.Round(price / tickSize) * tickSize, 8);

    private double PriceAt(long timeMs, out double regime, NoiseCells cells)
    {
        var minute = timeMs / (double)MinuteMs;
        regime = Math.Exp(0.8 * Noise(RegimeStream, Octaves, minute / RegimeScaleMinutes, cells));
        var sum = 0.0;
        var scale = 1.0;
        for (var octave = 0; octave < Octaves; octave++, scale *= 4)
            sum += _amplitudes[octave] * (octave < ShortOctaves ? regime : 1.0) * Noise(octave, octave, minute / scale, cells);
        return Math.Exp(_logBase + sum);
    }

    private double Noise(int stream, int slot, double x, NoiseCells cells)
    {
        var floor = Math.Floor(x);
        var cell = (long)floor;
        var f = x - floor;
        if (cells.Cell[slot] != cell)
        {
            cells.Cell[slot] = cell;
            cells.A[slot] = Signed(Hash(stream, cell));
            cells.B[slot] = Signed(Hash(stream, cell + 1));
        }

        var a = cells.A[slot];
        return a + (cells.B[slot] - a) * (f * f * (3 - 2 * f));
    }

    private ulong Hash(int stream, long cell) => Mix(_key ^ Mix(unchecked((ulong)cell + (ulong)stream * 0x9E3779B97F4A7C15UL)));

    private static double Signed(ulong hash) => (hash >> 11) * (2.0 / (1UL << 53)) - 1.0;

    private static double Unit(ulong hash) => (hash >> 11) * (1.0 / (1UL << 53));

    // SplitMix64's finaliser: every input bit affects every output bit.
    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    // string.GetHashCode is randomised per process; the seed must mean the same market in every run.
    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
            hash = unchecked((hash ^ c) * 1099511628211UL);
        return hash;
    }

    /// <summary>
    /// The two hashed values of the cell each octave used last. Sequential minutes stay in the same cell of every slow
    /// octave, so this turns ~24 hashes a minute into ~6 without changing any value (a cache of a pure function).
    /// </summary>
    internal sealed class NoiseCells
    {
        public readonly long[] Cell = [.. Enumerable.Repeat(long.MinValue, Octaves + 1)];
        public readonly double[] A = new double[Octaves + 1];
        public readonly double[] B = new double[Octaves + 1];
    }
}
