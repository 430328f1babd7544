using TradeBot.Tests.Domain;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Cli;

namespace TradeBot.Tests.Security;

/// <summary>
/// Hostile arguments and files to every command: the answer is one <c>error: ...</c> line (no stack trace, nothing
/// else), a non-zero exit code, and no file written. backtest, sweep and create-admin run in this process (an escaping
/// exception would be the stack trace); migrate and create-admin's configuration errors run as the real process.
/// </summary>
public sealed class CommandInputFuzzTests : IDisposable
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string GoodConfig = """{"interval":"1h","emaFast":9,"emaSlow":21}""";

    private readonly TempFolder _folder = TestEnvironment.CreateTempFolder("cli-fuzz");

    public void Dispose() => _folder.Dispose();

    private string Write(string name, string text)
    {
        File.WriteAllText(_folder.File(name), text);
        return _folder.File(name);
    }

    private static readonly string[] HostileConfigs =
    [
        "", "null", "[]", "{", "\"x\"", """{"initialCapital":1e309}""", """{"initialCapital":"NaN"}""", """{"initialCapital":-1}""",
        """{"initialCapital":0}""", """{"emaFast":1e308,"emaSlow":1e308}""", """{"emaFast":-9}""", """{"leverage":2147483648}""",
        """{"leverage":-1,"marketType":"futures"}""", """{"tickSize":1e30}""", """{"tickSize":-0.01}""", """{"interval":"<script>alert(1)</script>"}""",
        """{"marketType":"'; DROP TABLE bots;--"}""", """{"strategy":"\u202eemar-isr"}""", """{"strategy":"\u0000"}""",
        """{"slippageBps":1e300}""", """{"feeRate":-0.5}""", """{"maxDailyTrades":-5}""",
        "{\"symbol\":\"" + HostileInput.Megabyte + "\",\"emaFast\":\"x\"}", new string('[', 10_000) + new string(']', 10_000),
        """{"unknownKey":1}""", """{"emaFast":9,"emaFast":9e99}""",
    ];

    private static readonly string[] HostileGrids =
    [
        "", "{}", "null", """{"emaFast":[]}""", """{"emaFast":null}""", """{"<script>":[1,2]}""", """{"emaFast":[1e308,-1e308]}""",
        """{"emaFast":["NaN"]}""", """{"'; DROP TABLE bots;--":[1]}""", """{"leverage":[-1,0,1e9]}""",
    ];

    private static readonly string[] HostilePaths =
        ["", " ", "\0", "a\0b", "/nonexistent/x.csv", "/", "/proc/self/mem", HostileInput.Megabyte, "../../../../etc/shadow", "\u202e.csv"];

    [Fact]
    public void Backtest_HostileConfigsPathsAndOptions_OneErrorLineExitTwoNothingWritten()
    {
        var candles = SampleData.Locate();
        var good = Write("good.json", GoodConfig);
        List<string[]> cases =
        [
            [], ["--candles"], ["--config", good], ["--candles", candles], ["--frobnicate", "1"], ["-candles", candles], ["--", "--"],
            ["--candles", candles, "--config", good, "--candles"], ["\0"], [HostileInput.Megabyte],
        ];
        cases.AddRange(HostileConfigs.Select((config, i) => new[] { "--candles", candles, "--config", Write($"config{i}.json", config) }));
        cases.AddRange(HostilePaths.Select(path => new[] { "--candles", path, "--config", good }));
        cases.AddRange(HostilePaths.Select(path => new[] { "--candles", candles, "--config", path }));
        // Only paths that cannot be written (the tests may run as root): empty, null bytes, a folder, a missing folder, too long.
        string[] unwritable = ["", "\0", "a\0b", "/", _folder.Path, "/nonexistent/dir/result.json", _folder.File(HostileInput.Megabyte)];
        cases.AddRange(unwritable.Select(path => new[] { "--candles", candles, "--config", good, "--out", path }));
        cases.Add(["--candles", candles, "--config", good, "--indicators", "\0"]);
        cases.Add(["--candles", Write("bad.csv", "1,2,3\n<script>,x,y\n"), "--config", good]);
        cases.Add(["--candles", Write("nan.csv", "1609459200000,NaN,Infinity,-1,1e400,5,1609462799999,0,0,0,0,0\n"), "--config", good]);
        cases.Add(["--candles", Write("empty.csv", ""), "--config", good]);
        cases.Add(["--candles", Write("late.csv", "9223372036854775807,1,2,0.5,1.5,5,0,0,0,0,0,0\n"), "--config", good]);
        cases.Add(["--candles", Write("negative.csv", "1609459200000,1,2,-0.5,1.5,5,1609462799999,0,0,0,0,0\n"), "--config", good]);

        AssertAllRefused("backtest", cases, (args, output, error) => BacktestCommand.Run(args, output, error, Cancel));
    }

    [Fact]
    public void Sweep_HostileGridsAndOptions_OneErrorLineExitTwo()
    {
        var candles = SampleData.Locate();
        var config = Write("good.json", GoodConfig);
        var grid = Write("grid.json", """{"emaFast":[5,9]}""");
        List<string[]> cases =
        [
            [], ["--candles", candles, "--config", config], ["--candles", candles, "--config", config, "--grid", grid, "--top", "0"],
            ["--candles", candles, "--config", config, "--grid", grid, "--top", "-1"],
            ["--candles", candles, "--config", config, "--grid", grid, "--top", "99999999999999999999"],
            ["--candles", candles, "--config", config, "--grid", grid, "--top", "1e9"],
            ["--candles", candles, "--config", config, "--grid", grid, "--rank", "<script>"],
            ["--candles", candles, "--config", config, "--grid", grid, "--rank", HostileInput.Megabyte],
        ];
        cases.AddRange(HostileGrids.Select((text, i) => new[] { "--candles", candles, "--config", config, "--grid", Write($"grid{i}.json", text) }));
        cases.AddRange(HostilePaths.Select(path => new[] { "--candles", candles, "--config", config, "--grid", path }));

        AssertAllRefused("sweep", cases, (args, output, error) => SweepCommand.Run(args, output, error, Cancel));
    }

    [Fact]
    public async Task CreateAdmin_HostileEmailsAndPasswords_OneErrorLineNoAccount()
    {
        await using var database = new TradeBot.Tests.Accounts.TempSqliteAccounts();
        string[][] cases =
        [
            ["--email", "", "--password", "Admin123!"], ["--email", "   ", "--password", "Admin123!"], ["--email", "\0@x", "--password", "Admin123!"],
            ["--email", "<script>alert(1)</script>@x.com", "--password", "Admin123!"], ["--email", "'; DROP TABLE users;--@x.com", "--password", "Admin123!"],
            ["--email", HostileInput.Megabyte + "@example.com", "--password", "Admin123!"], ["--email", "ops@example.com", "--password", "short"],
            ["--email", "ops@example.com", "--password", HostileInput.Megabyte], ["--email", "ops@example.com", "--password", "   "],
            ["--email", "\u202emoc.elpmaxe@spo", "--password", "Admin123!"], ["--email", "ops@example.com"], ["--email"],
        ];
        foreach (var args in cases)
        {
            var what = string.Join(' ', args.Select(a => HostileInput.Describe(a)));
            var output = new StringWriter();
            var error = new StringWriter();
            int code;
            try
            {
                code = await CreateAdminCommand.RunAsync([.. args, database.ConnectionArgument], output, error, Cancel);
            }
            catch (Exception e)
            {
                throw new ShouldAssertException($"create-admin {what} threw {e}");
            }
            code.ShouldBeOneOf([1, 2], what);
            AssertOneErrorLine(error.ToString(), what);
            (await database.CountUsersAsync()).ShouldBe(0, what);
        }
    }

    [Theory]
    [InlineData("migrate", "--Database:Provider", "Oracle")]
    [InlineData("migrate", "--Database:Provider", "Postgres")]
    [InlineData("migrate", "--Database:DataFolder", "/proc/forbidden")]
    [InlineData("create-admin", "--email", "ops@example.com", "--password", "Admin123!", "--Database:Provider=Oracle")]
    [InlineData("frobnicate\0", "--x")]
    public async Task RealProcess_BadConfigurationArgument_OneErrorLineNoStackTrace(params string[] args)
    {
        var result = await ProcessRunner.RunAsync("dotnet", [TestEnvironment.WebAppDll, .. args], Cancel,
            new Dictionary<string, string> { ["Database__DataFolder"] = _folder.File("data"), ["DOTNET_ENVIRONMENT"] = "Production" });

        result.ExitCode.ShouldBeOneOf([1, 2], result.Output);
        result.Output.ShouldNotContain("   at ", Case.Sensitive, result.Output);
        result.Output.ShouldNotContain("Unhandled exception", Case.Insensitive, result.Output);
        result.Output.ShouldContain("error: ", Case.Sensitive, result.Output);
    }

    /// <summary>Every case refused; the failures of all cases at once, with the files' contents.</summary>
    private static void AssertAllRefused(string command, List<string[]> cases, Func<string[], TextWriter, TextWriter, int> run)
    {
        var failures = new List<string>();
        foreach (var args in cases)
        {
            try
            {
                AssertRefused(command, args, (output, error) => run(args, output, error));
            }
            catch (ShouldAssertException e)
            {
                var files = args.Where(a => a.EndsWith(".json", StringComparison.Ordinal) && File.Exists(a)).Select(a => HostileInput.Describe(File.ReadAllText(a)));
                failures.Add($"{string.Join(", ", files)}: {e.Message}");
            }
        }
        failures.ShouldBeEmpty();
    }

    private static void AssertRefused(string command, string[] args, Func<TextWriter, TextWriter, int> run)
    {
        var what = $"{command} {string.Join(' ', args.Select(a => HostileInput.Describe(a)))}";
        var output = new StringWriter();
        var error = new StringWriter();
        int code;
        try
        {
            code = run(output, error);
        }
        catch (Exception e)
        {
            throw new ShouldAssertException($"{what} threw {e}");
        }
        code.ShouldBe(2, $"{what}: {error}");
        output.ToString().ShouldBeEmpty(what);
        AssertOneErrorLine(error.ToString(), what);
    }

    private static void AssertOneErrorLine(string error, string what)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, $"{what}: {error}");
        lines[0].ShouldStartWith("error: ", Case.Sensitive, what);
        lines[0].Length.ShouldBeLessThan(1000, what);
        lines[0].ShouldNotContain("Exception", Case.Sensitive, what);
    }
}
