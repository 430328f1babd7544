using Microsoft.Playwright;

namespace TradeBot.Tests.Infrastructure;

/// <summary>
/// Headless Debian Chromium driven by Playwright (never a downloaded browser), with the flags this closed network
/// needs (see the environment guide). Screenshots go to <c>TestResults/screenshots</c> under the repository.
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    private static readonly string[] ChromiumFlags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    private readonly IPlaywright _playwright;

    private ChromiumBrowser(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        Chromium = chromium;
    }

    /// <summary>The launched browser.</summary>
    public IBrowser Chromium { get; }

    /// <summary>Folder for screenshots reviewed by people (kept after the run).</summary>
    public static string ScreenshotFolder => Directory.CreateDirectory(
        Path.Combine(TestEnvironment.RepositoryRoot, "TestResults", "screenshots")).FullName;

    /// <summary>Launches Chromium; skips (or fails under TRADEBOT_REQUIRE_ALL=1) when it is not installed.</summary>
    public static async Task<ChromiumBrowser> LaunchAsync()
    {
        TestEnvironment.Require(File.Exists(TestEnvironment.ChromiumPath), $"Chromium ({TestEnvironment.ChromiumPath})");
        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.ChromiumPath,
            Headless = true,
            Args = ChromiumFlags,
        });
        return new ChromiumBrowser(playwright, chromium);
    }

    /// <summary>A fresh page in a fresh context (own cookies) at a desktop size.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }
}
