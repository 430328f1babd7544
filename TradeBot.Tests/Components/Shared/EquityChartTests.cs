using Bunit;
using Microsoft.JSInterop;
using TradeBot.Web.Components.Shared;

namespace TradeBot.Tests.Components.Shared;

/// <summary>
/// What <see cref="EquityChart"/> asks of <c>wwwroot/js/charts.js</c>: one equity chart, every series in one call (a list
/// stays one argument), drawdown in the library's Unix seconds, only changes pushed again, the chart removed once.
/// </summary>
public sealed class EquityChartTests : MudBlazorTestContext
{
    private static readonly EquitySeries Run1 = new("Run 1", [new ChartPoint(1_700_000_000_000, 10_000), new ChartPoint(1_700_003_600_000, 9_000)], "#1565c0");
    private static readonly EquitySeries Run2 = new("Run 2", [new ChartPoint(1_700_000_000_000, 10_000)], "#ff9800");

    private readonly BunitJSInterop module;

    public EquityChartTests()
    {
        module = JSInterop.SetupModule(ChartConnection.ModulePath);
        module.SetupModule("createEquity", _ => true);
    }

    [Fact]
    public void Render_TwoSeriesAndDrawdown_OneChartOneCallEach()
    {
        var drawdown = EquityChart.DrawdownOf(Run1.Points);
        var cut = Render<EquityChart>(p => p.Add(c => c.Series, [Run1, Run2]).Add(c => c.Drawdown, drawdown));

        cut.Render();

        module.Invocations["createEquity"].Count.ShouldBe(1);
        var call = module.Invocations["setEquitySeries"].ShouldHaveSingleItem().Arguments;
        call.Count.ShouldBe(2, "the chart's handle, then the series as one list");
        var series = call[1].ShouldBeAssignableTo<Array>()!;
        series.Length.ShouldBe(2);
        var points = module.Invocations["setDrawdown"].ShouldHaveSingleItem().Arguments[1].ShouldBeOfType<PriceChart.JsPoint[]>();
        points.Select(p => p.Time).ShouldBe([1_700_000_000, 1_700_003_600]);
        points.Select(p => p.Value).ShouldBe([0, -10], tolerance: 1e-9);
    }

    [Fact]
    public void ParametersChange_PushesOnlyWhatChanged()
    {
        IReadOnlyList<EquitySeries> series = [Run1];
        var cut = Render<EquityChart>(p => p.Add(c => c.Series, series));

        cut.Render(p => p.Add(c => c.Series, series).Add(c => c.Dark, true));
        cut.Render(p => p.Add(c => c.Series, [Run1, Run2]).Add(c => c.Dark, false));

        module.Invocations["setTheme"].Select(i => i.Arguments[1]).ShouldBe([true, false]);
        module.Invocations["setEquitySeries"].Select(i => ((Array)i.Arguments[1]!).Length).ShouldBe([1, 2]);
        module.Invocations["setDrawdown"].ShouldBeEmpty("no drawdown pane was asked for");
    }

    [Fact]
    public async Task DisposeAsync_RemovesTheChartOnce()
    {
        var cut = Render<EquityChart>(p => p.Add(c => c.Series, [Run1]));
        var handle = module.Invocations["setEquitySeries"][0].Arguments[0].ShouldBeAssignableTo<IJSObjectReference>();

        await cut.InvokeAsync(() => cut.Instance.DisposeAsync().AsTask());
        await cut.InvokeAsync(() => cut.Instance.DisposeAsync().AsTask());

        module.Invocations["dispose"].ShouldHaveSingleItem().Arguments[0].ShouldBeSameAs(handle);
    }
}
