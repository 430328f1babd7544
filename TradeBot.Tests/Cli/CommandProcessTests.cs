using System.Text.Json;
using TradeBot.Tests.Domain;
using TradeBot.Tests.Infrastructure;

namespace TradeBot.Tests.Cli;

/// <summary>
/// The commands as a user runs them: <c>dotnet TradeBot.Web.dll backtest ...</c> in its own process, with no web
/// server and no database (the data folder stays empty), and one error line with exit code 2 on bad input.
/// </summary>
public sealed class CommandProcessTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Config = """
        {"symbol":"BTCUSDT","interval":"1h","marketType":"spot","initialCapital":1000,"positionSizePerc":50,
         "emaFast":9,"emaSlow":21,"rsiPeriod":14,"stopLossPerc":2,"takeProfitPerc":4,"trailingStopPerc":1.5,
         "stepSize":0.00001,"tickSize":0.01,"minQty":0.00001,"minNotional":5}
        """;

    private static Task<ProcessRunner.Result> RunAppAsync(TempFolder folder, params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [TestEnvironment.WebAppDll, .. args], Cancel,
            new Dictionary<string, string> { ["Database__DataFolder"] = folder.File("data") });

    [Fact]
    public async Task Backtest_RealProcess_WritesTheResultAndTouchesNoDatabase()
    {
        using var folder = TestEnvironment.CreateTempFolder("cli");
        File.WriteAllText(folder.File("config.json"), Config);

        var result = await RunAppAsync(folder, "backtest", "--candles", SampleData.Locate(), "--config", folder.File("config.json"),
            "--out", folder.File("result.json"));

        result.ExitCode.ShouldBe(0, result.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(folder.File("result.json")));
        json.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["metrics", "trades", "daily", "monthly", "equity"]);
        json.RootElement.GetProperty("metrics").GetProperty("totalTrades").GetInt32().ShouldBeGreaterThan(0);
        Directory.Exists(folder.File("data")).ShouldBeFalse("a backtest must not create or open the database");
    }

    [Theory]
    [InlineData("missing file", "--candles", "/nonexistent/candles.csv")]
    [InlineData("unknown command option", "--candles", "SAMPLE", "--frobnicate", "1")]
    public async Task Backtest_BadInput_OneErrorLineExitTwoNothingWritten(string why, params string[] args)
    {
        using var folder = TestEnvironment.CreateTempFolder("cli");
        File.WriteAllText(folder.File("config.json"), Config);
        string[] full = ["backtest", .. args.Select(a => a == "SAMPLE" ? SampleData.Locate() : a), "--config", folder.File("config.json"),
            "--out", folder.File("result.json")];

        var result = await RunAppAsync(folder, full);

        result.ExitCode.ShouldBe(2, why);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, result.Output);
        lines[0].ShouldStartWith("error: ");
        File.Exists(folder.File("result.json")).ShouldBeFalse();
    }
}
