namespace TradeBot.Web.Cli;

/// <summary>
/// <c>healthcheck [--url URL]</c>: asks a running app's <c>/health</c> and exits 0 when it answers 200. Used by the
/// container HEALTHCHECK, since the runtime image has no curl. The default URL is the first of
/// <c>ASPNETCORE_HTTP_PORTS</c> (8080 in the image) on the loopback interface.
/// </summary>
internal static class HealthCheckCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string url;
        if (args is ["--url", var given])
            url = given;
        else if (args.Length == 0)
            url = $"http://127.0.0.1:{DefaultPort()}/health";
        else
            return await CommandLine.Usage("healthcheck takes only --url URL");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return await CommandLine.Usage($"{CliInput.Quote(url)} is not an absolute URL");

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(uri, cancellationToken);
            Console.WriteLine($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"unhealthy: {e.Message}");
            return 1;
        }
    }

    private static string DefaultPort() =>
        (Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS") ?? "").Split(';', ',')[0] is { Length: > 0 } port ? port : "8080";
}
