using Bunit;
using TradeBot.Web.Components.Shared;

namespace TradeBot.Tests.Components.Shared;

/// <summary>The shared heatmap: diverging colours with readable text, headers, empty cells, and clickable cells as buttons.</summary>
public sealed class HeatmapTests : MudBlazorTestContext
{
    private static (int R, int G, int B) Rgb(string hex) =>
        (Convert.ToInt32(hex[1..3], 16), Convert.ToInt32(hex[3..5], 16), Convert.ToInt32(hex[5..7], 16));

    [Fact]
    public void Colors_Zero_White()
    {
        HeatmapColors.Of(0, 10).Background.ShouldBe("#ffffff");
        HeatmapColors.Of(5, 0).Background.ShouldBe("#ffffff", "no scale (every value 0): nothing to colour");
    }

    [Fact]
    public void Colors_SignPicksTheHue_FullScaleIsTheFullColour_BeyondIsClamped()
    {
        var (gain, _) = HeatmapColors.Of(10, 10);
        var (loss, _) = HeatmapColors.Of(-10, 10);
        gain.ShouldBe("#1b7f3b");
        loss.ShouldBe("#c02425");
        HeatmapColors.Of(25, 10).Background.ShouldBe(gain);
        var half = Rgb(HeatmapColors.Of(5, 10).Background);
        half.G.ShouldBeGreaterThan(half.R, "above 0 leans green");
        Rgb(HeatmapColors.Of(-5, 10).Background).R.ShouldBeGreaterThan(Rgb(HeatmapColors.Of(-5, 10).Background).G, "below 0 leans red");
        Rgb(HeatmapColors.Of(2, 10).Background).R.ShouldBeGreaterThan(half.R, "a smaller value is paler");
    }

    [Fact]
    public void Colors_TextReadsOnEveryShade_AtLeastAA()
    {
        // Every shade from full red through white to full green, in 1% steps (a dark grey text instead of black fails near 80% red).
        for (var value = -100; value <= 100; value++)
        {
            var (background, text) = HeatmapColors.Of(value, 100);
            HeatmapColors.Contrast(Rgb(background), Rgb(text)).ShouldBeGreaterThanOrEqualTo(4.5, $"{value}: {text} on {background}");
        }
    }

    [Fact]
    public void Contrast_BlackOnWhite_21()
    {
        HeatmapColors.Contrast((0, 0, 0), (255, 255, 255)).ShouldBe(21, 0.01);
        HeatmapColors.Contrast((119, 119, 119), (119, 119, 119)).ShouldBe(1, 1e-9);
    }

    private IRenderedComponent<Heatmap> RenderMap(Action<(int Row, int Column)>? clicked = null)
    {
        var values = new double?[,] { { 1.5, null }, { -3, 6 } };
        return Render<Heatmap>(p =>
        {
            p.Add(c => c.Id, "map").Add(c => c.Rows, ["5", "9"]).Add(c => c.Columns, ["21", "30"]).Add(c => c.Values, values)
             .Add(c => c.Corner, "EMA fast / EMA slow").Add(c => c.Caption, "Return %");
            if (clicked is not null)
                p.Add(c => c.OnCellClick, clicked);
        });
    }

    [Fact]
    public void Render_HeadersCellTextAndEmptyCells()
    {
        var map = RenderMap();

        map.FindAll("#map thead th").Select(th => th.TextContent).ShouldBe(["EMA fast / EMA slow", "21", "30"]);
        map.FindAll("#map tbody th[scope=row]").Select(th => th.TextContent).ShouldBe(["5", "9"]);
        map.FindAll("#map td.heatmap-cell").Select(td => td.TextContent).ShouldBe(["1.5", "–", "-3.0", "6.0"]);
        var empty = map.Find("#map td.empty");
        empty.GetAttribute("data-row").ShouldBe("0");
        empty.GetAttribute("data-column").ShouldBe("1");
        map.Find("#map td[data-row='1'][data-column='1']").GetAttribute("style")!.ShouldContain("background-color: #1b7f3b", Case.Sensitive, "6 is the largest magnitude: full green");
        map.Find("#map caption").TextContent.ShouldBe("Return %");
        map.FindAll("#map td[role=button]").ShouldBeEmpty("not clickable without a callback");
    }

    [Fact]
    public async Task Click_FilledCell_CallsBackWithRowAndColumn_KeyboardToo()
    {
        var clicks = new List<(int Row, int Column)>();
        var map = RenderMap(clicks.Add);

        await map.Find("#map td[data-row='1'][data-column='0']").ClickAsync(new());
        await map.Find("#map td[data-row='0'][data-column='0']").KeyDownAsync(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });
        await map.Find("#map td[data-row='1'][data-column='1']").KeyDownAsync(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "a" });

        clicks.ShouldBe([(1, 0), (0, 0)]);
        map.FindAll("#map td[role=button]").Count.ShouldBe(3, "the filled cells are buttons, the empty one is not");
        map.Find("#map td.empty").HasAttribute("tabindex").ShouldBeFalse();
    }
}
