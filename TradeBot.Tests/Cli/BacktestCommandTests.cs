using System.Text.Json;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Domain;
using TradeBot.Web.Cli;

namespace TradeBot.Tests.Cli;

public sealed class BacktestCommandTests : IDisposable
{
    private const string Config = """
        {"symbol":"BTCUSDT","interval":"1h","marketType":"spot","initialCapital":1000,"positionSizePerc":50,
         "emaFast":9,"emaSlow":21,"rsiPeriod":14,"stopLossPerc":4,"takeProfitPerc":8,"trailingStopPerc":3,
         "trailingStopActive":true,"feeRate":0.001,"slippageBps":5,"stepSize":0.00001,"tickSize":0.01,"minQty":0.00001,"minNotional":10}
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("tradebot-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Backtest_Sample_WritesResultJsonMatchingTheBacktester()
    {
        var outPath = Path.Combine(directory, "result.json");

        var (code, _, error) = Run("--candles", SampleData.Locate(), "--config", File("config.json", Config), "--out", outPath);

        code.ShouldBe(0);
        error.ShouldBe("warning: candles file has 7 gap(s), 12 1h candle(s) missing (largest: 3 after 2020-12-21 14:00 UTC); the backtest runs across them\n");
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(outPath));
        var expected = Backtester.Run(new BotSettings
        {
            PositionSizePerc = 50, StopLossPerc = 4, TakeProfitPerc = 8, TrailingStopPerc = 3, TrailingStopActive = true,
            FeeRate = 0.001, StrategyParameters = new Dictionary<string, double> { ["emaFast"] = 9, ["emaSlow"] = 21, ["rsiPeriod"] = 14 },
            SymbolRules = new SymbolRules(0.01m, 0.00001m, 0.00001m, 0m, 10m),
        }, SampleData.BtcUsdtHourly, cancellationToken: TestContext.Current.CancellationToken);
        var metrics = json.RootElement.GetProperty("metrics");
        metrics.GetProperty("finalCapital").GetDouble().ShouldBe(expected.Metrics.FinalCapital);
        metrics.GetProperty("totalTrades").GetInt32().ShouldBe(expected.Metrics.TotalTrades);
        metrics.GetProperty("maxDrawdownPerc").GetDouble().ShouldBe(expected.Metrics.MaxDrawdownPerc);
        metrics.GetProperty("sharpe").GetDouble().ShouldBe(expected.Metrics.Sharpe);
        metrics.EnumerateObject().Count().ShouldBe(16);
        var trades = json.RootElement.GetProperty("trades");
        trades.GetArrayLength().ShouldBe(expected.Trades.Count);
        trades[0].GetProperty("entryTime").GetInt64().ShouldBe(expected.Trades[0].EntryTimeMs);
        trades.EnumerateArray().Select(t => t.GetProperty("exitReason").GetString())
            .ShouldAllBe(r => r == "signal" || r == "stop" || r == "take-profit" || r == "end of data");
        json.RootElement.GetProperty("equity").GetArrayLength().ShouldBe(SampleData.BtcUsdtHourly.Length);
        json.RootElement.GetProperty("daily").GetArrayLength().ShouldBe(expected.Daily.Count);
        json.RootElement.GetProperty("monthly").GetArrayLength().ShouldBe(7);
    }

    [Fact]
    public void Backtest_RepeatedRows_WarnsOnceAndRunsOnTheDeduplicatedSeries()
    {
        var lines = System.IO.File.ReadLines(SampleData.Locate()).Take(300).ToList();
        var conflicting = lines[11].Split(',');
        conflicting[4] = "1"; // same open time, another close
        var candles = File("repeated.csv", string.Join('\n', [.. lines, lines[10], string.Join(',', conflicting)]));

        var (code, output, error) = Run("--candles", candles, "--config", File("config.json", Config));

        code.ShouldBe(0);
        output.ShouldContain("300 candles");
        error.ShouldBe("warning: candles file repeats open times: 1 identical row(s) merged, 1 conflicting row(s) dropped (the first row of each open time was kept)\n");
    }

    [Fact]
    public void Backtest_WithoutOut_PrintsSummary()
    {
        var (code, output, _) = Run("--candles", SampleData.Locate(), "--config", File("config.json", Config));

        code.ShouldBe(0);
        output.ShouldContain("4309 candles");
        output.ShouldContain("max drawdown");
    }

    [Fact]
    public void Indicators_HeaderAndEmptyCellsDuringWarmUp()
    {
        var path = Path.Combine(directory, "indicators.csv");

        Run("--candles", SampleData.Locate(), "--config", File("config.json", Config), "--indicators", path).Code.ShouldBe(0);

        var lines = System.IO.File.ReadAllLines(path);
        lines[0].ShouldBe("openTime,emaFast,emaSlow,rsi");
        lines.Length.ShouldBe(SampleData.BtcUsdtHourly.Length + 1);
        lines[1].ShouldBe($"{SampleData.BtcUsdtHourly[0].OpenTimeMs},,,");
        lines[9].Split(',').Select(c => c.Length > 0).ShouldBe([true, true, false, false]);     // EMA(9) ready, not EMA(21)
        lines[15].Split(',').Select(c => c.Length > 0).ShouldBe([true, true, false, true]);     // RSI(14) ready at index 14
        lines[22].Split(',').ShouldAllBe(cell => cell.Length > 0);
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "missing candles file", "", "missing.csv" },
        { "bad csv line", "", "line 3" },
        { "emaFast >= emaSlow", """{"emaFast":30,"emaSlow":20}""", "emaFast (30) must be less than emaSlow (20)" },
        { "negative percentage", """{"stopLossPerc":-2}""", "stopLossPerc must not be negative" },
        { "unknown strategy", """{"strategy":"moon"}""", "Unknown strategy 'moon'" },
        { "bad json", """{"emaFast": 9,""", "config file" },
        { "unknown property", """{"emaFastt": 9}""", "unknown property 'emaFastt'" },
        { "bad market", """{"marketType":"margin"}""", "marketType" },
        { "missing config file", "-", "missing.json" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Backtest_BadInput_OneErrorLineExitCode2NothingWritten(string problem, string config, string named)
    {
        var candles = problem switch
        {
            "missing candles file" => Path.Combine(directory, "missing.csv"),
            "bad csv line" => File("bad.csv", "0,1,1,1,1,1\n3600000,1,1,1,1,1\n7200000,1,x,1,1,1\n"),
            _ => SampleData.Locate(),
        };
        var configPath = config switch
        {
            "" => File("config.json", Config),
            "-" => Path.Combine(directory, "missing.json"),
            _ => File("config.json", config),
        };
        var outPath = Path.Combine(directory, "result.json");

        var (code, output, error) = Run("--candles", candles, "--config", configPath, "--out", outPath);

        code.ShouldBe(2);
        output.ShouldBeEmpty();
        error.TrimEnd('\n').ShouldNotContain('\n');
        error.ShouldStartWith("error: ");
        error.ShouldContain(named);
        System.IO.File.Exists(outPath).ShouldBeFalse();
    }

    private (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = BacktestCommand.Run(args, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    private string File(string name, string content)
    {
        var path = Path.Combine(directory, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }
}
