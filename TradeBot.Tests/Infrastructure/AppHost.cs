using System.Collections.Concurrent;
using System.Diagnostics;

namespace TradeBot.Tests.Infrastructure;

/// <summary>
/// The real web app, started as its own process (<c>dotnet TradeBot.Web.dll</c> from this build) on a free loopback
/// port with a fresh data folder, so tests talk HTTP to exactly what a user runs. Output is captured for assertions.
/// </summary>
public sealed class AppHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TempFolder _dataFolder;

    private AppHost(Process process, TempFolder dataFolder, Uri baseAddress)
    {
        _process = process;
        _dataFolder = dataFolder;
        BaseAddress = baseAddress;
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseAddress { get; }

    /// <summary>The app's data folder (the SQLite file lives here unless another provider is configured).</summary>
    public string DataFolder => _dataFolder.Path;

    /// <summary>Every line the app wrote to stdout and stderr so far.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>An HttpClient for the app that does not follow redirects (tests assert them).</summary>
    public HttpClient CreateClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = BaseAddress };

    /// <summary>Starts the app and waits until <c>/health</c> answers (any status), or fails with the app's output.</summary>
    public static async Task<AppHost> StartAsync(CancellationToken cancellationToken, IDictionary<string, string>? settings = null)
    {
        var dll = TestEnvironment.WebAppDll;
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} is missing: build the solution first.");
        var dataFolder = TestEnvironment.CreateTempFolder("app");
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        // Development serves the static web assets (MudBlazor, app.css) straight from the build output.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Database__DataFolder"] = dataFolder.Path;
        // Browser tests sign several users up and in from 127.0.0.1; the sign-in rate limit has tests of its own.
        start.Environment["Security__SignInAttemptsPerMinute"] = "1000";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            start.Environment[name.Replace(":", "__")] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the app");
        var host = new AppHost(process, dataFolder, baseAddress);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) host._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) host._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilServingAsync(cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    private async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the app exited with {_process.ExitCode}:\n{string.Join('\n', Output)}");
            try
            {
                using var response = await client.GetAsync("health", cancellationToken);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
        throw new TimeoutException($"the app did not answer within 90 s:\n{string.Join('\n', Output)}");
    }

    /// <summary>Ends the app at once with SIGKILL: no shutdown code runs, as when a server dies.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        _process.Dispose();
        _dataFolder.Dispose();
    }
}
