using AngleSharp.Dom;
using Bunit;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Tests.Backtests;
using TradeBot.Tests.Bots;
using TradeBot.Web.Backtests;
using TradeBot.Web.Backtests.Pages;

namespace TradeBot.Tests.Components.Backtests;

/// <summary>The sweep grid editor: a first axis to start from, the live run count, adding and removing axes, the validator's messages.</summary>
public sealed class SweepAxesEditorTests : MudBlazorTestContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private int changes;

    private static SweepInput Sweep(params SweepAxis[] axes) => new() { Backtest = BacktestJobTests.YearInput(), Axes = [.. axes] };

    private IRenderedComponent<SweepAxesEditor> RenderEditor(SweepInput sweep, Func<string, string?>? errorOf = null) =>
        Render<SweepAxesEditor>(p => p.Add(c => c.Sweep, sweep).Add(c => c.ErrorOf, errorOf ?? (_ => null)).Add(c => c.Changed, () => changes++));

    private static IElement InputOf(IRenderedComponent<SweepAxesEditor> editor, string id)
    {
        var element = editor.Find(id);
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    private static string FieldText(IRenderedComponent<SweepAxesEditor> editor, string id) =>
        InputOf(editor, id).Closest(".mud-input-control")?.TextContent ?? "";

    private static string RunCount(IRenderedComponent<SweepAxesEditor> editor) => editor.Find("#sweep-run-count").TextContent.Trim();

    [Fact]
    public void Render_EmptyGrid_StartsWithTheStrategysFirstParameterAndItsRunCount()
    {
        var sweep = Sweep();

        var editor = RenderEditor(sweep);

        sweep.Axes.Count.ShouldBe(1);
        sweep.Axes[0].Name.ShouldBe("emaFast");
        InputOf(editor, "#sweep-axis-0-from").GetAttribute("value").ShouldBe("6");
        InputOf(editor, "#sweep-axis-0-to").GetAttribute("value").ShouldBe("18");
        InputOf(editor, "#sweep-axis-0-step").GetAttribute("value").ShouldBe("3");
        RunCount(editor).ShouldBe("5 backtests");
        editor.FindAll("#sweep-remove-axis-0").ShouldBeEmpty("a sweep varies at least one parameter");
        editor.FindAll("#sweep-too-many").ShouldBeEmpty();
    }

    [Fact]
    public void EditStep_RunCountFollowsAtOnce_AndChangedIsCalled()
    {
        var sweep = Sweep(new SweepAxis { Name = "emaFast", From = 5, To = 20, Step = 5 });
        var editor = RenderEditor(sweep);
        RunCount(editor).ShouldBe("4 backtests");

        InputOf(editor, "#sweep-axis-0-step").Input("1");

        editor.WaitForAssertion(() => RunCount(editor).ShouldBe("16 backtests"), Wait);
        sweep.Axes[0].Step.ShouldBe(1);
        changes.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task AddAndRemoveAxes_UpToThree_RunCountIsTheProduct()
    {
        var sweep = Sweep(new SweepAxis { Name = "emaFast", From = 5, To = 20, Step = 5 });
        var editor = RenderEditor(sweep);

        await editor.Find("#sweep-add-axis").ClickAsync(new());
        await editor.Find("#sweep-add-axis").ClickAsync(new());

        sweep.Axes.Select(a => a.Name).ShouldBe(["emaFast", "emaSlow", "rsiPeriod"], "each new axis takes the next parameter not yet varied");
        editor.FindAll("#sweep-add-axis").ShouldBeEmpty($"at most {BacktestValidator.MaxSweepAxes} parameters");
        RunCount(editor).ShouldBe($"{4 * 5 * 4} backtests", "emaFast 5-20 by 5, emaSlow 13-37 by 6, rsiPeriod 7-21 by 4");
        editor.Find("#sweep-axis-2-step").ShouldNotBeNull();

        await editor.Find("#sweep-remove-axis-1").ClickAsync(new());

        sweep.Axes.Select(a => a.Name).ShouldBe(["emaFast", "rsiPeriod"]);
        RunCount(editor).ShouldBe("16 backtests");
        editor.FindAll("#sweep-add-axis").Count.ShouldBe(1);
        changes.ShouldBe(3);
    }

    [Fact]
    public void Render_GridAboveTheLimit_WarnsWithTheCount()
    {
        var sweep = Sweep(new SweepAxis { Name = "emaFast", From = 2, To = 101, Step = 1 }, new SweepAxis { Name = "emaSlow", From = 103, To = 202, Step = 1 });

        var editor = RenderEditor(sweep);

        RunCount(editor).ShouldBe("10,000 backtests");
        editor.Find("#sweep-run-count").ClassList.ShouldContain("mud-error-text");
        editor.Find("#sweep-too-many").TextContent.ShouldContain("At most 5,000 backtests run in one sweep");
    }

    [Fact]
    public void Render_EmptyRange_SaysNoBacktests()
    {
        var editor = RenderEditor(Sweep(new SweepAxis { Name = "emaFast", From = 20, To = 5, Step = 1 }));

        RunCount(editor).ShouldBe("No backtests: check the ranges and steps");
        editor.Find(".sweep-axis-values").TextContent.ShouldBe("no values");
    }

    [Fact]
    public async Task Render_ValidatorMessages_OnTheirFields()
    {
        var sweep = Sweep(new SweepAxis { Name = "emaFast", From = 5, To = 20, Step = 5 }, new SweepAxis { Name = "emaFast", From = 5, To = 20, Step = 5 });
        sweep.Rank = (SweepRank)42;
        var cancel = Xunit.TestContext.Current.CancellationToken;
        await using var host = await BotsTestHost.CreateAsync("Sqlite", null, cancel);
        var errors = await host.Services.GetRequiredService<BacktestValidator>().ValidateAsync(sweep, cancel);
        errors.ShouldContain(e => e.Field == "axes[1]");

        var editor = RenderEditor(sweep, field => errors.FirstOrDefault(e => e.Field == field)?.Message);

        FieldText(editor, "#sweep-axis-1-name").ShouldContain("emaFast is varied twice; choose another parameter.");
        FieldText(editor, "#sweep-axis-0-name").ShouldNotContain("varied twice");
        FieldText(editor, "#sweep-rank").ShouldContain("Rank by return, Sharpe, profit factor or drawdown.");
    }

    [Fact]
    public void Render_GridMessage_Shown()
    {
        var editor = RenderEditor(Sweep(new SweepAxis { Name = "emaFast", From = 5, To = 20, Step = 5 }),
            field => field == "axes" ? "The grid holds 6000 backtests; at most 5000 run in one sweep." : null);

        editor.Find("#sweep-axes-error").TextContent.ShouldContain("The grid holds 6000 backtests");
    }

    [Fact]
    public void Render_Futures_OffersLeverage_Spot_DoesNot()
    {
        SweepParameters.Choices("ema-rsi", MarketType.Spot).ShouldNotContain(c => c.Name == "leverage");
        var sweep = Sweep(new SweepAxis { Name = "leverage", From = 1, To = 3, Step = 1 });
        sweep.Backtest.Bot.MarketType = MarketType.Futures;

        var editor = RenderEditor(sweep);

        InputOf(editor, "#sweep-axis-0-name").GetAttribute("value").ShouldBe("Leverage");
    }
}
