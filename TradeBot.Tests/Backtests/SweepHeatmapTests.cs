using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Web.Backtests;

namespace TradeBot.Tests.Backtests;

/// <summary>The sweep report's plain logic: the heatmap grid from ranked rows, parameter words, and the walk-forward warning.</summary>
public sealed class SweepHeatmapTests
{
    private const long Day = 86_400_000;

    private static SweepRowJson Row(double returnPerc, params (string Name, double Value)[] set) =>
        new(set.ToDictionary(p => p.Name, p => p.Value), new SweepMetricsJson(returnPerc, 5, 10, 50, 1, 1.2));

    private static SweepResultJson Result(IReadOnlyList<string> parameters, params SweepRowJson[] ranked) =>
        new(SweepRank.Return, parameters, 0, 70 * Day, 70 * Day + 1, 100 * Day, ranked.Length, 0, ranked, []);

    private static SweepResultJson WalkForward(double inSample, double heldOut, long inSampleDays = 70, long heldOutDays = 30)
    {
        var row = new WalkForwardRowJson(1, new Dictionary<string, double> { ["emaFast"] = 9 },
            new SweepMetricsJson(inSample, 5, 10, 50, 1, 1.2), new SweepMetricsJson(heldOut, 5, 4, 50, 1, 1.2));
        var end = (inSampleDays + heldOutDays) * Day;
        return new SweepResultJson(SweepRank.Return, ["emaFast"], 0, inSampleDays * Day, inSampleDays * Day, end, 1, 0, [], [row]);
    }

    [Fact]
    public void Build_TwoParameters_RowsAndColumnsAscending_EachCellItsSetsReturn_MissingSetsEmpty()
    {
        var result = Result(["emaFast", "emaSlow"],
            Row(30, ("emaFast", 9), ("emaSlow", 21)),
            Row(-12, ("emaFast", 5), ("emaSlow", 30)),
            Row(4, ("emaFast", 5), ("emaSlow", 21)));

        var map = SweepHeatmap.Build(result, "emaFast", "emaSlow");

        map.RowValues.ShouldBe([5, 9]);
        map.ColumnValues.ShouldBe([21, 30]);
        map.Returns[0, 0].ShouldBe(4);
        map.Returns[0, 1].ShouldBe(-12);
        map.Returns[1, 0].ShouldBe(30);
        map.Returns[1, 1].ShouldBeNull("emaFast 9 with emaSlow 30 was not run (or was invalid)");
        map.Sets[1, 1].ShouldBeNull();
        map.Sets[0, 1]!["emaSlow"].ShouldBe(30);
    }

    [Fact]
    public void Build_SwappedAxes_Transposed()
    {
        var result = Result(["emaFast", "emaSlow"], Row(30, ("emaFast", 9), ("emaSlow", 21)), Row(4, ("emaFast", 5), ("emaSlow", 21)));

        var map = SweepHeatmap.Build(result, "emaSlow", "emaFast");

        map.RowParameter.ShouldBe("emaSlow");
        map.RowValues.ShouldBe([21]);
        map.ColumnValues.ShouldBe([5, 9]);
        map.Returns[0, 1].ShouldBe(30);
    }

    [Fact]
    public void Build_ThirdParameter_CellShowsTheBestRankedSet_NotTheHighestReturn()
    {
        // Ranked by Sharpe, say: the first row of a cell is its best even with a lower return.
        var result = Result(["emaFast", "emaSlow", "stopLossPerc"],
            Row(8, ("emaFast", 9), ("emaSlow", 21), ("stopLossPerc", 2)),
            Row(15, ("emaFast", 9), ("emaSlow", 21), ("stopLossPerc", 1)),
            Row(-3, ("emaFast", 9), ("emaSlow", 21), ("stopLossPerc", 3)));

        var map = SweepHeatmap.Build(result, "emaFast", "emaSlow");

        map.Returns[0, 0].ShouldBe(8);
        map.Sets[0, 0]!["stopLossPerc"].ShouldBe(2, "a click opens the whole best set, its third parameter included");
    }

    [Fact]
    public void Build_OneParameter_OneRowOverItsValues()
    {
        var result = Result(["stopLossPerc"], Row(2, ("stopLossPerc", 3)), Row(-1, ("stopLossPerc", 1)));

        var map = SweepHeatmap.Build(result, null, null);

        map.RowParameter.ShouldBeNull();
        map.ColumnParameter.ShouldBe("stopLossPerc");
        map.ColumnValues.ShouldBe([1, 3]);
        map.Returns.GetLength(0).ShouldBe(1);
        map.Returns[0, 0].ShouldBe(-1);
        map.Returns[0, 1].ShouldBe(2);
        SweepHeatmap.DefaultAxes(result).ShouldBe((null, "stopLossPerc"));
    }

    [Fact]
    public void Build_SameOrUnknownParameter_Refused()
    {
        var result = Result(["emaFast", "emaSlow"], Row(1, ("emaFast", 9), ("emaSlow", 21)));

        Should.Throw<ArgumentException>(() => SweepHeatmap.Build(result, "emaFast", "emaFast"));
        Should.Throw<ArgumentException>(() => SweepHeatmap.Build(result, "emaFast", "rsiPeriod"));
        SweepHeatmap.DefaultAxes(result).ShouldBe(("emaFast", "emaSlow"));
    }

    [Theory]
    [InlineData(true, "stopLossPerc", "stopLossPerc", "emaSlow")] // a third parameter for the rows
    [InlineData(true, "emaSlow", "emaSlow", "emaFast")] // the columns' parameter for the rows: swapped
    [InlineData(false, "emaFast", "emaSlow", "emaFast")] // the rows' parameter for the columns: swapped
    [InlineData(false, "emaSlow", "emaFast", "emaSlow")] // unchanged
    public void Rearrange_PickingTheOtherAxissParameter_Swaps(bool forRows, string name, string row, string column) =>
        SweepHeatmap.Rearrange("emaFast", "emaSlow", forRows, name).ShouldBe((row, column));

    [Theory]
    [InlineData(20, -1, true)] // lost money on the held-out part
    [InlineData(20, 3, true)] // 20% over 70 days is ~8.1% over 30: 3% is less than half
    [InlineData(20, 5, false)] // more than half of the scaled return: held up
    [InlineData(20, 9, false)]
    [InlineData(-5, -8, false)] // the best set already lost in-sample: nothing to overfit, the tables say it
    [InlineData(0, -2, false)]
    public void OverfittingWarning_ScaledToTheHeldOutLength(double inSample, double heldOut, bool warns)
    {
        var warning = WalkForwardCheck.OverfittingWarning(WalkForward(inSample, heldOut));

        (warning is not null).ShouldBe(warns, warning);
        if (warns)
            warning!.ShouldContain("final 30% it never saw");
    }

    [Fact]
    public void OverfittingWarning_Loss_SaysLost()
    {
        WalkForwardCheck.OverfittingWarning(WalkForward(20, -2.5)).ShouldNotBeNull().ShouldContain("lost 2.5%");
        WalkForwardCheck.OverfittingWarning(WalkForward(20, 1)).ShouldNotBeNull().ShouldContain("made only 1%");
    }

    [Fact]
    public void Scaled_CompoundsOverTheRatioOfLengths()
    {
        WalkForwardCheck.Scaled(21, 0.5).ShouldBe(10, 1e-9);
        WalkForwardCheck.Scaled(10, 1).ShouldBe(10, 1e-9);
        WalkForwardCheck.Scaled(-100, 0.5).ShouldBe(-100);
    }

    [Fact]
    public void Period_DatesAndDaysInWords()
    {
        var from = new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

        WalkForwardCheck.Period(from, from + 30 * Day - 1).ShouldBe("3 Jan 2026 – 1 Feb 2026 (30 days)");
    }

    [Fact]
    public void Choices_StrategyParametersThenSettings_LeverageOnFuturesOnly()
    {
        var spot = SweepParameters.Choices("ema-rsi", MarketType.Spot);
        spot.Select(c => c.Name).Take(5).ShouldBe(["emaFast", "emaSlow", "rsiPeriod", "rsiOversold", "rsiOverbought"]);
        spot.Single(c => c.Name == "emaFast").Label.ShouldBe("EMA fast");
        spot.Single(c => c.Name == "stopLossPerc").Label.ShouldBe("Stop-loss %");
        spot.ShouldNotContain(c => c.Name == "leverage");
        SweepParameters.Choices("ema-rsi", MarketType.Futures).ShouldContain(c => c.Name == "leverage");
        SweepParameters.Choices("ema-price-cross", MarketType.Spot)[0].Name.ShouldBe("emaPeriod");
    }

    [Fact]
    public void Suggested_EveryChoice_IsAValidAxisOfAFewValues()
    {
        foreach (var choice in SweepParameters.Choices("ema-rsi", MarketType.Futures))
        {
            var values = SweepParameters.Suggested(choice.Name, "ema-rsi").Values();
            values.Count.ShouldBeInRange(2, 10, choice.Name);
        }

        var fast = SweepParameters.Suggested("emaFast", "ema-rsi");
        (fast.From, fast.To, fast.Step).ShouldBe((6, 18, 3));
    }

    [Fact]
    public void Describe_InTheSweepsOrder()
    {
        var set = new Dictionary<string, double> { ["stopLossPerc"] = 1.5, ["emaFast"] = 9 };

        SweepParameters.Describe(set, ["emaFast", "stopLossPerc"], "ema-rsi").ShouldBe("EMA fast 9 · Stop-loss % 1.5");
    }
}
