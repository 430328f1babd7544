namespace TradeBot.Domain.Trading;

/// <summary>Which way a bot's position points, if it holds one.</summary>
public enum PositionSide
{
    /// <summary>No open position.</summary>
    None,

    /// <summary>Long: bought, profits when the price rises.</summary>
    Long,

    /// <summary>Short (futures only): sold, profits when the price falls.</summary>
    Short,
}

/// <summary>Why a decision was taken; for exits this is the trade's exit reason.</summary>
public enum DecisionReason
{
    /// <summary>The strategy's signal at a candle close (code <c>signal</c>).</summary>
    Signal,

    /// <summary>The effective stop (stop-loss or trailing stop) was reached (code <c>stop</c>).</summary>
    Stop,

    /// <summary>The take-profit price was reached (code <c>take-profit</c>).</summary>
    TakeProfit,

    /// <summary>A backtest ended with the position open; closed at the last close (code <c>end of data</c>).</summary>
    EndOfData,

    /// <summary>The trader asked to close the position now, at market (code <c>manual</c>).</summary>
    Manual,
}

/// <summary>The codes reports, the API and the CLI use for <see cref="DecisionReason"/> and <see cref="PositionSide"/>.</summary>
public static class TradingCodes
{
    /// <summary><c>signal</c>, <c>stop</c>, <c>take-profit</c>, <c>end of data</c> or <c>manual</c>.</summary>
    public static string ToCode(this DecisionReason reason) => reason switch
    {
        DecisionReason.Signal => "signal",
        DecisionReason.Stop => "stop",
        DecisionReason.TakeProfit => "take-profit",
        DecisionReason.EndOfData => "end of data",
        DecisionReason.Manual => "manual",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    /// <summary><c>long</c>, <c>short</c> or <c>none</c>.</summary>
    public static string ToCode(this PositionSide side) => side switch
    {
        PositionSide.Long => "long",
        PositionSide.Short => "short",
        _ => "none",
    };
}
