using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace TradeBot.Web.Components.Shared;

/// <summary>One equity curve of an <see cref="EquityChart"/>.</summary>
/// <param name="Name">Legend title, and the key the chart redraws the line by.</param>
/// <param name="Points">Equity per time, ascending.</param>
/// <param name="Color">CSS colour of the line.</param>
public sealed record EquitySeries(string Name, IReadOnlyList<ChartPoint> Points, string Color);

/// <summary>
/// Equity curves over time (one for a report, several overlaid for a comparison) with an optional drawdown pane under
/// them, drawn by TradingView Lightweight Charts through <c>wwwroot/js/charts.js</c> like <see cref="PriceChart"/>.
/// Parameters are pushed after a render when they change (compared by reference).
/// </summary>
public sealed partial class EquityChart : IAsyncDisposable
{
    private static int lastId;

    private ElementReference element;
    private ChartConnection? chart;
    private IReadOnlyList<EquitySeries>? seriesShown;
    private IReadOnlyList<ChartPoint>? drawdownShown;
    private bool? darkShown;
    private bool seriesDirty, drawdownDirty;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILogger<EquityChart> Logger { get; set; } = default!;

    /// <summary>The equity curves.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<EquitySeries> Series { get; set; } = [];

    /// <summary>Drawdown in % below the running peak (values &lt;= 0); null for no drawdown pane.</summary>
    [Parameter]
    public IReadOnlyList<ChartPoint>? Drawdown { get; set; }

    /// <summary>Dark palette.</summary>
    [Parameter]
    public bool Dark { get; set; }

    /// <summary>Height in CSS pixels.</summary>
    [Parameter]
    public int Height { get; set; } = 360;

    /// <summary>The element id (browser tests find the chart by it).</summary>
    [Parameter]
    public string Id { get; set; } = $"equity-chart-{Interlocked.Increment(ref lastId)}";

    /// <summary>
    /// The drawdown of <paramref name="equity"/>: at each point, how far (in %, 0 or below) it stands under the highest
    /// equity seen so far.
    /// </summary>
    public static IReadOnlyList<ChartPoint> DrawdownOf(IReadOnlyList<ChartPoint> equity)
    {
        ArgumentNullException.ThrowIfNull(equity);
        var peak = double.MinValue;
        var result = new ChartPoint[equity.Count];
        for (var i = 0; i < equity.Count; i++)
        {
            peak = Math.Max(peak, equity[i].Value);
            result[i] = new ChartPoint(equity[i].TimeMs, peak > 0 ? (equity[i].Value / peak - 1) * 100 : 0);
        }

        return result;
    }

    /// <inheritdoc/>
    protected override void OnInitialized() => chart = new ChartConnection(JS, Logger, "Equity");

    /// <inheritdoc/>
    protected override void OnParametersSet()
    {
        seriesDirty |= !ReferenceEquals(Series, seriesShown);
        seriesShown = Series;
        drawdownDirty |= !ReferenceEquals(Drawdown, drawdownShown);
        drawdownShown = Drawdown;
    }

    /// <inheritdoc/>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!RendererInfo.IsInteractive)
            return;
        if (firstRender && chart is not null)
        {
            var dark = Dark;
            await chart.CreateAsync("createEquity", element, new { dark }, Id);
            darkShown = dark;
        }
        if (chart is not { IsReady: true })
            return;
        if (darkShown != Dark)
        {
            darkShown = Dark;
            await chart.InvokeAsync("setTheme", Dark);
        }
        if (seriesDirty)
        {
            seriesDirty = false;
            await chart.InvokeAsync("setEquitySeries",
                Series.Select(s => new { name = s.Name, color = s.Color, points = PriceChart.JsPoint.FromAll(s.Points) }).ToArray());
        }
        if (drawdownDirty)
        {
            drawdownDirty = false;
            await chart.InvokeAsync("setDrawdown", PriceChart.JsPoint.FromAll(Drawdown ?? []));
        }
    }

    /// <summary>Removes the chart and releases the JS module; quiet when the circuit is already gone.</summary>
    public ValueTask DisposeAsync() => chart?.DisposeAsync() ?? ValueTask.CompletedTask;
}
