using TradeBot.Tests.Domain;
using TradeBot.Web.Cli;

namespace TradeBot.Tests.Cli;

public sealed class SweepCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("tradebot-sweep-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Sweep_Grid_PrintsRankedTableAndCountsInvalidSets()
    {
        var (code, output, error) = Run("""{"emaFast":[5,9,12],"emaSlow":[9,21,26]}""", "--rank", "drawdown", "--top", "4");

        code.ShouldBe(0);
        error.ShouldStartWith("warning: candles file has 7 gap(s)");
        var lines = output.TrimEnd('\n').Split('\n');
        lines[0].ShouldStartWith("9 parameter sets, 2 skipped as invalid, 7 backtested");
        lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(
            ["#", "emaFast", "emaSlow", "return%", "sharpe", "profitFactor", "maxDD%", "trades", "winRate%"]);
        lines.Length.ShouldBe(2 + 4);
        var drawdowns = lines[2..].Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[6], System.Globalization.CultureInfo.InvariantCulture));
        drawdowns.ShouldBeInOrder(SortDirection.Ascending);
    }

    [Theory]
    [InlineData("""{"emaFastest":[5]}""", "emaFastest")]
    [InlineData("""{"emaFast":[]}""", "no values")]
    [InlineData("""[1,2]""", "grid file")]
    public void Sweep_BadGrid_OneErrorLine(string grid, string named)
    {
        var (code, _, error) = Run(grid);

        code.ShouldBe(2);
        error.ShouldStartWith("error: ");
        error.ShouldContain(named);
        error.TrimEnd('\n').ShouldNotContain('\n');
    }

    [Fact]
    public void Sweep_BadRank_OneErrorLine() =>
        Run("""{"emaFast":[5]}""", "--rank", "luck").Error.ShouldContain("--rank must be");

    private (int Code, string Output, string Error) Run(string grid, params string[] extra)
    {
        var config = Path.Combine(directory, "config.json");
        File.WriteAllText(config, """{"interval":"1h","stopLossPerc":3}""");
        var gridPath = Path.Combine(directory, "grid.json");
        File.WriteAllText(gridPath, grid);
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        string[] args = ["--candles", SampleData.Locate(), "--config", config, "--grid", gridPath, .. extra];
        var code = SweepCommand.Run(args, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
