using Bunit;
using Microsoft.JSInterop;
using TradeBot.Domain.Market;
using TradeBot.Tests.Domain;
using TradeBot.Web.Components.Shared;

namespace TradeBot.Tests.Components.Shared;

/// <summary>
/// What <see cref="PriceChart"/> asks of <c>wwwroot/js/charts.js</c>: one chart per component, data in the library's
/// Unix seconds, only changed parameters pushed again, live calls forwarded, the chart removed on dispose.
/// (That the module really draws is <see cref="Browser.PriceChartBrowserTests"/>.)
/// </summary>
public sealed class PriceChartTests : MudBlazorTestContext
{
    private static readonly Candle[] Candles = SampleData.BtcUsdtHourly[..200];

    private readonly BunitJSInterop module;

    public PriceChartTests()
    {
        module = JSInterop.SetupModule(PriceChart.ModulePath);
        module.SetupModule("create", _ => true);
    }

    [Fact]
    public void Render_Interactive_CreatesOneChartAndSendsCandlesInSeconds()
    {
        var cut = Render<PriceChart>(p => p.Add(c => c.Candles, Candles).Add(c => c.Height, 300));

        cut.Render(); // a re-render must neither create a second chart nor resend unchanged candles
        module.Invocations["create"].Count.ShouldBe(1);
        var sent = module.Invocations["setCandles"].ShouldHaveSingleItem().Arguments[1].ShouldBeOfType<PriceChart.JsCandle[]>();
        sent.Length.ShouldBe(200);
        sent[0].ShouldBe(new PriceChart.JsCandle(Candles[0].OpenTimeMs / 1000, Candles[0].Open, Candles[0].High, Candles[0].Low, Candles[0].Close));
        sent.Select(c => c.Time).ShouldBe(Candles.Select(c => c.OpenTimeMs / 1000));
        cut.Find("div.price-chart").GetAttribute("style")!.ShouldContain("height: 300px");
    }

    [Fact]
    public void Render_OverlaysMarkersAndLevels_AreSentInSecondsWithoutWarmUpNaNs()
    {
        var ema = new ChartLine("EMA 3", [new(Candles[0].OpenTimeMs, double.NaN), new(Candles[1].OpenTimeMs, 101.5)], "#1565c0");
        var marker = new ChartMarker(Candles[1].OpenTimeMs, IsBuy: true, "Buy");
        var stop = new ChartPriceLine("stop", 95.5m, "Stop-loss", "#ef5350");

        Render<PriceChart>(p => p
            .Add(c => c.Candles, Candles)
            .Add(c => c.Lines, [ema])
            .Add(c => c.Rsi, [new ChartPoint(Candles[1].OpenTimeMs, 55)])
            .Add(c => c.Markers, [marker])
            .Add(c => c.PriceLines, [stop]));

        var line = module.Invocations["setLine"].ShouldHaveSingleItem().Arguments;
        line[1].ShouldBe("EMA 3");
        line[2].ShouldBeOfType<PriceChart.JsPoint[]>().ShouldBe([new PriceChart.JsPoint(Candles[1].OpenTimeMs / 1000, 101.5)]);
        line[3].ShouldBe("#1565c0");
        module.Invocations["setRsi"].ShouldHaveSingleItem().Arguments[1].ShouldBeOfType<PriceChart.JsPoint[]>().Length.ShouldBe(1);
        module.Invocations["setMarkers"].ShouldHaveSingleItem().Arguments[1]
            .ShouldBeOfType<PriceChart.JsMarker[]>().ShouldBe([new PriceChart.JsMarker(Candles[1].OpenTimeMs / 1000, true, "Buy")]);
        module.Invocations["setPriceLines"].ShouldHaveSingleItem().Arguments[1].ShouldBe(new[] { stop });
    }

    [Fact]
    public void ParametersChange_PushesOnlyWhatChangedAndRemovesDroppedLines()
    {
        var fast = new ChartLine("EMA 12", [new(Candles[0].OpenTimeMs, 100)], "#1565c0");
        var slow = new ChartLine("EMA 26", [new(Candles[0].OpenTimeMs, 99)], "#ff9800");
        var cut = Render<PriceChart>(p => p.Add(c => c.Candles, Candles).Add(c => c.Lines, [fast, slow]));

        cut.Render(p => p.Add(c => c.Lines, [fast]).Add(c => c.Dark, true));

        module.Invocations["setCandles"].Count.ShouldBe(1);
        module.Invocations["setTheme"].ShouldHaveSingleItem().Arguments[1].ShouldBe(true);
        var lineCalls = module.Invocations["setLine"].Select(i => (Name: (string)i.Arguments[1]!, Points: ((Array)i.Arguments[2]!).Length)).ToList();
        lineCalls.ShouldBe([("EMA 12", 1), ("EMA 26", 1), ("EMA 26", 0), ("EMA 12", 1)]);
    }

    [Fact]
    public async Task LiveCalls_AfterRender_AreForwardedToTheChart()
    {
        var cut = Render<PriceChart>(p => p.Add(c => c.Candles, Candles));
        var tick = Candles[^1] with { Close = Candles[^1].Close + 10 };

        await cut.InvokeAsync(() => cut.Instance.UpdateCandleAsync(tick));
        await cut.InvokeAsync(() => cut.Instance.SetMarkersAsync([new ChartMarker(tick.OpenTimeMs, IsBuy: false, "Sell")]));
        await cut.InvokeAsync(() => cut.Instance.SetPriceLinesAsync([]));

        module.Invocations["updateCandle"].ShouldHaveSingleItem().Arguments[1].ShouldBe(PriceChart.JsCandle.From(tick));
        PriceChart.JsCandle.From(tick).Time.ShouldBe(tick.OpenTimeMs / 1000);
        module.Invocations["setMarkers"].ShouldHaveSingleItem().Arguments[1]
            .ShouldBeOfType<PriceChart.JsMarker[]>().ShouldHaveSingleItem().IsBuy.ShouldBeFalse();
        module.Invocations["setPriceLines"].ShouldHaveSingleItem().Arguments[1].ShouldBeAssignableTo<IReadOnlyList<ChartPriceLine>>()!.ShouldBeEmpty();
    }

    [Fact]
    public async Task DisposeAsync_RemovesTheChartOnce()
    {
        var cut = Render<PriceChart>(p => p.Add(c => c.Candles, Candles));
        var handle = module.Invocations["setCandles"][0].Arguments[0].ShouldBeAssignableTo<IJSObjectReference>();

        await cut.InvokeAsync(() => cut.Instance.DisposeAsync().AsTask());
        await cut.InvokeAsync(() => cut.Instance.DisposeAsync().AsTask());

        module.Invocations["dispose"].ShouldHaveSingleItem().Arguments[0].ShouldBeSameAs(handle);
    }

    [Fact]
    public void Render_Statically_DrawsAnEmptyBoxWithoutJavaScript()
    {
        RenderStatically();

        var cut = Render<PriceChart>(p => p.Add(c => c.Candles, Candles).Add(c => c.Id, "bot-chart"));

        cut.Find("#bot-chart").ClassList.ShouldContain("price-chart");
        JSInterop.Invocations.ShouldBeEmpty();
    }
}
