namespace TradeBot.Web.Components.Shared;

/// <summary>One value of an indicator line on a <see cref="PriceChart"/> (an EMA, the RSI).</summary>
/// <param name="TimeMs">Open time of the candle the value belongs to, Unix milliseconds, UTC.</param>
/// <param name="Value">The indicator value.</param>
public readonly record struct ChartPoint(long TimeMs, double Value);

/// <summary>An overlay line drawn over the candles of a <see cref="PriceChart"/>, such as the fast or slow EMA.</summary>
/// <param name="Name">Label shown on the price scale, and the key the chart redraws the line by.</param>
/// <param name="Points">The values, ascending time.</param>
/// <param name="Color">CSS colour of the line.</param>
public sealed record ChartLine(string Name, IReadOnlyList<ChartPoint> Points, string Color);

/// <summary>A trade marker on a <see cref="PriceChart"/>: buys are green arrows below the bar, sells red arrows above.</summary>
/// <param name="TimeMs">Open time of the candle to mark, Unix milliseconds, UTC.</param>
/// <param name="IsBuy">True for a buy, false for a sell.</param>
/// <param name="Text">Short label beside the arrow (e.g. "Buy 0.01").</param>
public sealed record ChartMarker(long TimeMs, bool IsBuy, string Text);

/// <summary>A horizontal level on a <see cref="PriceChart"/>: entry, stop-loss, take-profit or trailing stop.</summary>
/// <param name="Id">Stable key, so that a moving level (the trailing stop) is moved rather than redrawn.</param>
/// <param name="Price">The level.</param>
/// <param name="Title">Label on the price scale.</param>
/// <param name="Color">CSS colour of the line.</param>
public sealed record ChartPriceLine(string Id, decimal Price, string Title, string Color);
