using System.Reflection;

namespace TradeBot.Tests.Infrastructure;

/// <summary>
/// Where the repository and its external parts are, and the rule for tests that need them: a test may skip
/// only when the part is absent AND <c>TRADEBOT_REQUIRE_ALL=1</c> is unset (CI sets it, so CI never skips).
/// </summary>
public static class TestEnvironment
{
    /// <summary>True when CI demands every test to run (<c>TRADEBOT_REQUIRE_ALL=1</c>).</summary>
    public static bool RequireAll => Environment.GetEnvironmentVariable("TRADEBOT_REQUIRE_ALL") == "1";

    /// <summary>The folder that holds TradeBot.sln.</summary>
    public static string RepositoryRoot { get; } = FindUp(AppContext.BaseDirectory, "TradeBot.sln")
        ?? throw new InvalidOperationException($"TradeBot.sln not found above {AppContext.BaseDirectory}");

    /// <summary>Build configuration of this test run (Debug or Release), so the app is run from the same build.</summary>
    public static string Configuration { get; } =
        typeof(TestEnvironment).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The built web app next to this test build.</summary>
    public static string WebAppDll => Path.Combine(RepositoryRoot, "TradeBot.Web", "bin", Configuration, "net10.0", "TradeBot.Web.dll");

    /// <summary>Debian Chromium for browser tests (<c>TRADEBOT_CHROMIUM</c> overrides).</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("TRADEBOT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Skips the current test when <paramref name="available"/> is false, unless CI requires everything.</summary>
    public static void Require(bool available, string part)
    {
        if (available)
            return;
        if (RequireAll)
            Assert.Fail($"{part} is required (TRADEBOT_REQUIRE_ALL=1) but is not available on this machine.");
        Assert.Skip($"{part} is not available here; set TRADEBOT_REQUIRE_ALL=1 to make this a failure.");
    }

    /// <summary>A fresh folder under the temp directory, removed by disposing the result.</summary>
    public static TempFolder CreateTempFolder(string prefix) => new(prefix);

    internal static string? FindUp(string start, string name)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, name);
            if (File.Exists(candidate) || Directory.Exists(candidate))
                return dir.FullName;
        }
        return null;
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    internal TempFolder(string prefix)
    {
        Path = Directory.CreateTempSubdirectory($"tradebot-{prefix}-").FullName;
    }

    /// <summary>Absolute path of the folder.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
