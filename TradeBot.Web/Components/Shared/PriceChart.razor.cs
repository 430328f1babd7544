using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using TradeBot.Domain.Market;

namespace TradeBot.Web.Components.Shared;

/// <summary>
/// The price chart of the bot detail page and the backtest report: candles, overlay lines (fast/slow EMA), an RSI
/// pane, trade markers and price levels, drawn by TradingView Lightweight Charts through <c>wwwroot/js/charts.js</c>.
/// Parameters are pushed to the chart after a render when they change (compared by reference, so pass a new list to
/// redraw); live pages call <see cref="UpdateCandleAsync"/>, <see cref="SetMarkersAsync"/> and
/// <see cref="SetPriceLinesAsync"/> instead. Rendered statically (no circuit) it is an empty box of the same size.
/// </summary>
public sealed partial class PriceChart : IAsyncDisposable
{
    /// <summary>The JS module the component imports (relative to the app's base address).</summary>
    public const string ModulePath = ChartConnection.ModulePath;

    private static int lastId;

    private ElementReference element;
    private ChartConnection? chart;

    // What was last pushed (or must be pushed once the chart exists).
    private IReadOnlyList<Candle>? candlesShown;
    private IReadOnlyList<ChartLine>? linesShown;
    private readonly HashSet<string> lineNamesDrawn = [];
    private IReadOnlyList<ChartPoint>? rsiShown;
    private IReadOnlyList<ChartMarker>? markersParameter;
    private IReadOnlyList<ChartMarker> markers = [];
    private IReadOnlyList<ChartPriceLine>? priceLinesParameter;
    private IReadOnlyList<ChartPriceLine> priceLines = [];
    private bool? darkShown;
    private bool candlesDirty, linesDirty, rsiDirty, markersDirty, priceLinesDirty;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILogger<PriceChart> Logger { get; set; } = default!;

    /// <summary>The candles, ascending open time.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<Candle> Candles { get; set; } = [];

    /// <summary>Lines over the candles (e.g. fast and slow EMA); non-finite values (warm-up NaNs) are skipped.</summary>
    [Parameter]
    public IReadOnlyList<ChartLine>? Lines { get; set; }

    /// <summary>RSI values for the pane under the candles; null or empty shows no RSI pane.</summary>
    [Parameter]
    public IReadOnlyList<ChartPoint>? Rsi { get; set; }

    /// <summary>Buy and sell markers; replaced later by <see cref="SetMarkersAsync"/> on live pages.</summary>
    [Parameter]
    public IReadOnlyList<ChartMarker>? Markers { get; set; }

    /// <summary>Entry, stop-loss, take-profit and trailing-stop levels; replaced later by <see cref="SetPriceLinesAsync"/>.</summary>
    [Parameter]
    public IReadOnlyList<ChartPriceLine>? PriceLines { get; set; }

    /// <summary>Dark palette (follows the app's dark mode).</summary>
    [Parameter]
    public bool Dark { get; set; }

    /// <summary>Height of the chart in CSS pixels; the width follows the container.</summary>
    [Parameter]
    public int Height { get; set; } = 420;

    /// <summary>Element id of the chart box; unique by default.</summary>
    [Parameter]
    public string Id { get; set; } = $"price-chart-{Interlocked.Increment(ref lastId)}";

    /// <summary>
    /// A live tick: the same open time as the last candle updates the forming candle, a newer one appends a candle.
    /// Ignored before the chart exists (the <see cref="Candles"/> it is created with already hold the history).
    /// </summary>
    public async Task UpdateCandleAsync(Candle candle)
    {
        if (chart is not null)
            await chart.InvokeAsync("updateCandle", JsCandle.From(candle));
    }

    /// <summary>Replaces the trade markers (kept and shown once the chart exists, if it does not yet).</summary>
    public Task SetMarkersAsync(IReadOnlyList<ChartMarker> newMarkers)
    {
        markers = newMarkers;
        markersDirty = true;
        return PushChangesAsync();
    }

    /// <summary>Replaces the price levels (kept and shown once the chart exists, if it does not yet).</summary>
    public Task SetPriceLinesAsync(IReadOnlyList<ChartPriceLine> newPriceLines)
    {
        priceLines = newPriceLines;
        priceLinesDirty = true;
        return PushChangesAsync();
    }

    /// <inheritdoc/>
    protected override void OnInitialized() => chart = new ChartConnection(JS, Logger, "Price");

    /// <inheritdoc/>
    protected override void OnParametersSet()
    {
        candlesDirty |= !ReferenceEquals(Candles, candlesShown);
        candlesShown = Candles;
        linesDirty |= !ReferenceEquals(Lines, linesShown);
        linesShown = Lines;
        rsiDirty |= !ReferenceEquals(Rsi, rsiShown);
        rsiShown = Rsi;
        if (!ReferenceEquals(Markers, markersParameter))
        {
            markersParameter = Markers;
            markers = Markers ?? [];
            markersDirty = true;
        }
        if (!ReferenceEquals(PriceLines, priceLinesParameter))
        {
            priceLinesParameter = PriceLines;
            priceLines = PriceLines ?? [];
            priceLinesDirty = true;
        }
    }

    /// <inheritdoc/>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!RendererInfo.IsInteractive)
            return; // no circuit, no JS: the box stays empty
        if (firstRender && chart is not null)
        {
            var dark = Dark;
            await chart.CreateAsync("create", element, new { dark }, Id);
            darkShown = dark;
        }
        await PushChangesAsync();
    }

    // Flags are cleared before each call, so a render that arrives while a call is in flight does not send it twice.
    private async Task PushChangesAsync()
    {
        if (chart is not { IsReady: true })
            return;
        if (darkShown != Dark)
        {
            darkShown = Dark;
            await chart.InvokeAsync("setTheme", Dark);
        }
        if (candlesDirty)
        {
            candlesDirty = false;
            await chart.InvokeAsync("setCandles", Candles.Select(JsCandle.From).ToArray());
        }
        if (linesDirty)
        {
            linesDirty = false;
            await PushLinesAsync(chart);
        }
        if (rsiDirty)
        {
            rsiDirty = false;
            await chart.InvokeAsync("setRsi", JsPoint.FromAll(Rsi ?? []));
        }
        if (markersDirty)
        {
            markersDirty = false;
            await chart.InvokeAsync("setMarkers", markers.Select(JsMarker.From).ToArray());
        }
        if (priceLinesDirty)
        {
            priceLinesDirty = false;
            await chart.InvokeAsync("setPriceLines", priceLines);
        }
    }

    private async Task PushLinesAsync(ChartConnection connection)
    {
        var lines = Lines ?? [];
        foreach (var removed in lineNamesDrawn.Except(lines.Select(line => line.Name)).ToList())
        {
            lineNamesDrawn.Remove(removed);
            await connection.InvokeAsync("setLine", removed, Array.Empty<JsPoint>(), null);
        }
        foreach (var line in lines)
        {
            lineNamesDrawn.Add(line.Name);
            await connection.InvokeAsync("setLine", line.Name, JsPoint.FromAll(line.Points), line.Color);
        }
    }

    /// <summary>Removes the chart from the page and releases the JS module; quiet when the circuit is already gone.</summary>
    public ValueTask DisposeAsync() => chart?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>A candle as the library takes it: time in Unix seconds.</summary>
    internal readonly record struct JsCandle(long Time, double Open, double High, double Low, double Close)
    {
        public static JsCandle From(Candle candle) =>
            new(candle.OpenTimeMs / 1000, candle.Open, candle.High, candle.Low, candle.Close);
    }

    /// <summary>A line value as the library takes it: time in Unix seconds.</summary>
    internal readonly record struct JsPoint(long Time, double Value)
    {
        // JSON has no NaN; values from before an indicator is warm are simply not drawn.
        public static JsPoint[] FromAll(IEnumerable<ChartPoint> points) =>
            points.Where(point => double.IsFinite(point.Value)).Select(point => new JsPoint(point.TimeMs / 1000, point.Value)).ToArray();
    }

    /// <summary>A marker as <c>charts.js</c> takes it: time in Unix seconds.</summary>
    internal readonly record struct JsMarker(long Time, bool IsBuy, string Text)
    {
        public static JsMarker From(ChartMarker marker) => new(marker.TimeMs / 1000, marker.IsBuy, marker.Text);
    }
}
