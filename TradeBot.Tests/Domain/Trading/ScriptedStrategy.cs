using TradeBot.Domain.Market;
using TradeBot.Domain.Strategies;

namespace TradeBot.Tests.Domain.Trading;

/// <summary>A test strategy that gives the signals of a script, keyed by candle index (0 = first candle fed).</summary>
internal sealed class ScriptedStrategy(IReadOnlyDictionary<int, Signal> script) : IStrategy
{
    private int index;

    public string Name => "scripted";

    public int WarmUpPeriod => 0;

    public bool IsReady => true;

    public Signal OnCandle(in Candle candle) => script.TryGetValue(index++, out var signal) ? signal : Signal.None;

    public void Reset() => index = 0;
}

/// <summary>Wraps a strategy and records every signal it gave, by candle index.</summary>
internal sealed class RecordingStrategy(IStrategy inner) : IStrategy
{
    public List<Signal> Signals { get; } = [];

    public string Name => inner.Name;

    public int WarmUpPeriod => inner.WarmUpPeriod;

    public bool IsReady => inner.IsReady;

    public Signal OnCandle(in Candle candle)
    {
        var signal = inner.OnCandle(candle);
        Signals.Add(signal);
        return signal;
    }

    public void Reset()
    {
        inner.Reset();
        Signals.Clear();
    }
}
