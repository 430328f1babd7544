using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using TradeBot.Domain.Market;
using TradeBot.Domain.Strategies;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.ApiKeys;
using TradeBot.Web.Exchange.Simulated;

namespace TradeBot.Benchmarks;

/// <summary>
/// Issue 6's "fill persisted → marker in an open browser, p95 under 250 ms": the real app (its own process, this build,
/// simulated market, paper trading, SQLite) with paper futures bots that trade often, each bot's detail page open in
/// headless Chromium. The page notes every change of the chart's marker count with <c>Date.now()</c> (polled each
/// animation frame); each fill's persisted time is its trade row's execution time, stamped by the paper exchange just
/// before the two commits that book it, read from the database. Both clocks are this machine's.
/// </summary>
public static class MarkerLatency
{
    private const string Email = "latency@example.com";
    private const string Password = "Latency-Passw0rd!";
    private static readonly string[] Symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT"];

    // Each change of the chart's marker count, with the page's clock.
    private const string MarkerWatch = """
        () => {
            window.markerLog = [];
            let last = -1;
            const look = () => {
                const chart = document.querySelector('#bot-chart .price-chart')?.tradebotChart;
                const count = chart ? chart.markerCount() : -1;
                if (count !== last) { window.markerLog.push([count, Date.now()]); last = count; }
                requestAnimationFrame(look);
            };
            look();
        }
        """;

    /// <summary><c>--marker-latency [--fills 50] [--bots 4] [--minutes 20]</c></summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var wanted = IntArgument(args, "--fills", 50);
        var botCount = Math.Clamp(IntArgument(args, "--bots", 4), 1, 16);
        var limit = TimeSpan.FromMinutes(IntArgument(args, "--minutes", 20));
        var chromium = Environment.GetEnvironmentVariable("TRADEBOT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        var symbols = Enumerable.Range(0, botCount).Select(i => Symbols[i % Symbols.Length]).ToArray();
        var now = DateTimeOffset.UtcNow;
        var seed = SimulatedSeeds.WithMostSignals(symbols.Distinct(), () => new EmaPriceCrossStrategy(2), now.AddMinutes(1), now + limit);
        var dataFolder = Directory.CreateTempSubdirectory("tradebot-latency-").FullName;
        try
        {
            await using var app = await WebApp.StartAsync(dataFolder, new Dictionary<string, string>
            {
                ["Exchange:MarketData"] = "Simulated", ["Exchange:Simulated:Seed"] = seed.ToString(CultureInfo.InvariantCulture),
                ["Exchange:Simulated:FormingUpdateEvery"] = "00:00:01", ["Admin:Email"] = Email, ["Admin:Password"] = Password,
                ["Logging:LogLevel:Default"] = "Warning",
            });
            using var side = SideHost(dataFolder);
            var databases = side.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
            var botIds = await CreateBotsAsync(side.Services, symbols);
            Console.WriteLine($"app {app.BaseAddress}, seed {seed}, {botCount} paper futures bots (ema-price-cross 2 on 1m, stop and target 0.1%, checked every 5 s)");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = chromium, Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-dev-shm-usage"],
            });
            // A context (a window of its own) per bot: a background tab of one window gets no animation frames, so its
            // chart would draw late, and a trader watches the bot in the tab in front.
            var pages = new Dictionary<long, IPage>();
            foreach (var id in botIds)
            {
                var context = await browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 860 } });
                context.SetDefaultTimeout(30_000);
                pages[id] = await OpenAndStartAsync(context, id);
            }
            foreach (var (id, page) in pages)
                Console.WriteLine($"bot {id} page: " + await page.EvaluateAsync<string>("() => document.visibilityState + (document.hasFocus() ? ', focused' : '')"));

            var clock = Stopwatch.StartNew();
            var fills = 0;
            while (fills < wanted && clock.Elapsed < limit)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                await using var db = await databases.CreateDbContextAsync();
                var count = await db.Set<Trade>().CountAsync(t => botIds.Contains(t.BotId));
                if (count != fills)
                    Console.WriteLine($"{clock.Elapsed:mm\\:ss} {count} fills");
                fills = count;
            }
            await Task.Delay(TimeSpan.FromSeconds(3)); // the last fill's marker

            var (samples, booked) = await MatchAsync(databases, pages);
            Report(samples, booked);
            return samples.Count > 0 ? 0 : 1;
        }
        finally
        {
            try { Directory.Delete(dataFolder, recursive: true); }
            catch (IOException) { }
        }
    }

    // The k-th fill of a bot (in booking order) shows when its page's marker count first reaches k.
    private static async Task<(List<double> Samples, int Fills)> MatchAsync(IDbContextFactory<AppDbContext> databases, Dictionary<long, IPage> pages)
    {
        var samples = new List<double>();
        var fills = 0;
        await using var db = await databases.CreateDbContextAsync();
        foreach (var (botId, page) in pages)
        {
            var booked = await db.Set<Trade>().Where(t => t.BotId == botId).OrderBy(t => t.Id).Select(t => t.ExecutedAt).ToListAsync();
            var log = await page.EvaluateAsync<double[][]>("() => window.markerLog");
            fills += booked.Count;
            for (var k = 0; k < booked.Count; k++)
            {
                var shown = log.FirstOrDefault(entry => entry[0] >= k + 1);
                if (shown is null)
                    Console.WriteLine($"bot {botId}: fill {k + 1} of {booked[k]:HH:mm:ss.fff} never showed a marker");
                else
                    samples.Add(shown[1] - booked[k].ToUnixTimeMilliseconds());
            }
        }
        return (samples, fills);
    }

    private static void Report(List<double> samples, int fills)
    {
        samples.Sort();
        Console.WriteLine($"fill persisted -> marker visible: n {samples.Count} (of {fills} fills), median {Percentile(samples, 0.50):0} ms, " +
                          $"p95 {Percentile(samples, 0.95):0} ms, max {(samples.Count > 0 ? samples[^1] : 0):0} ms, min {(samples.Count > 0 ? samples[0] : 0):0} ms");
        Console.WriteLine("samples (ms): " + string.Join(' ', samples.Select(s => s.ToString("0", CultureInfo.InvariantCulture))));
    }

    private static async Task<IPage> OpenAndStartAsync(IBrowserContext context, long botId)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("Account/Login");
        await page.Locator("[id='Input.Email']").FillAsync(Email);
        await page.Locator("[id='Input.Password']").FillAsync(Password);
        await page.Locator("#login-submit").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.GotoAsync($"bots/{botId}");
        await page.WaitForFunctionAsync("() => document.querySelector('#bot-chart .price-chart')?.tradebotChart?.candleCount() > 0");
        await page.EvaluateAsync(MarkerWatch);
        await page.Locator("#bot-start").ClickAsync();
        await page.Locator("#bot-stop").WaitForAsync();
        return page;
    }

    // The app's own services on its data folder, for creating the bots (as the form would) and reading the trades.
    private static IHost SideHost(string dataFolder)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite", ["Database:DataFolder"] = dataFolder, ["Exchange:MarketData"] = "Simulated",
        });
        builder.Services.AddLogging();
        builder.AddData().AddExchange().AddApiKeys().AddBots();
        return builder.Build();
    }

    private static async Task<List<long>> CreateBotsAsync(IServiceProvider services, string[] symbols)
    {
        var databases = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        string userId;
        await using (var db = await databases.CreateDbContextAsync())
            userId = await db.Users.Where(u => u.Email == Email).Select(u => u.Id).SingleAsync();
        var bots = services.GetRequiredService<BotService>();
        var ids = new List<long>();
        for (var i = 0; i < symbols.Length; i++)
        {
            var input = new BotInput
            {
                Name = $"latency {i + 1} {symbols[i]}", MarketType = MarketType.Futures, Symbol = symbols[i], Interval = "1m",
                Strategy = EmaPriceCrossStrategy.StrategyName, StrategyParameters = new() { ["emaPeriod"] = 2 },
                InitialCapital = 1000, PositionSizePerc = 50, StopLossEnabled = true, StopLossPerc = 0.1,
                TakeProfitEnabled = true, TakeProfitPerc = 0.1, CheckIntervalSeconds = BotValidator.MinCheckIntervalSeconds,
            };
            var result = await bots.CreateAsync(new Caller(userId), input, CancellationToken.None);
            if (!result.Succeeded)
                throw new InvalidOperationException($"bot {i} refused: {string.Join("; ", result.Errors.Select(e => e.Message))}");
            ids.Add(result.Bot!.Config.Id);
        }
        return ids;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static int IntArgument(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

    /// <summary>The web app of this build as its own process on a free loopback port (as the browser tests start it).</summary>
    private sealed class WebApp : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly List<string> _output = [];

        private WebApp(Process process, Uri baseAddress)
        {
            _process = process;
            BaseAddress = baseAddress;
        }

        public Uri BaseAddress { get; }

        public static async Task<WebApp> StartAsync(string dataFolder, Dictionary<string, string> settings)
        {
            var configuration = typeof(MarkerLatency).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            var root = FindRepositoryRoot();
            var dll = Path.Combine(root, "TradeBot.Web", "bin", configuration, "net10.0", "TradeBot.Web.dll");
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var baseAddress = new Uri($"http://127.0.0.1:{port}/");
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            start.ArgumentList.Add(dll);
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development"; // static web assets straight from the build output
            start.Environment["Database__DataFolder"] = dataFolder;
            foreach (var (name, value) in settings)
                start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the app");
            var app = new WebApp(process, baseAddress);
            process.OutputDataReceived += (_, e) => app.Keep(e.Data);
            process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var client = new HttpClient { BaseAddress = baseAddress };
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromSeconds(90))
            {
                if (process.HasExited)
                    break;
                try
                {
                    using var response = await client.GetAsync("health");
                    if (response.IsSuccessStatusCode)
                        return app;
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(200);
            }
            await app.DisposeAsync();
            throw new InvalidOperationException($"the app did not start:\n{string.Join('\n', app._output)}");
        }

        private void Keep(string? line)
        {
            if (line is null)
                return;
            lock (_output)
                _output.Add(line);
            if (line.Contains("fail", StringComparison.OrdinalIgnoreCase) || line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal))
                Console.WriteLine("app: " + line);
        }

        private static string FindRepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "TradeBot.sln")))
                    return dir.FullName;
            }
            throw new InvalidOperationException($"TradeBot.sln not found above {AppContext.BaseDirectory}");
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }
}
