using System.Net;
using System.Text.Json;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Cli;

namespace TradeBot.Tests.Hosting;

/// <summary>The real app process: /health reports the database, and logs are structured JSON carrying request ids.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HealthEndpointTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_FreshSqliteApp_IsHealthyAndLogsCarryTheRequestId()
    {
        await using var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string>
        {
            ["Logging:Console:FormatterName"] = "json",
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        });
        using var client = app.CreateClient();

        using var response = await client.GetAsync("health", Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldBe("Healthy");
        File.Exists(Path.Combine(app.DataFolder, "tradebot.db")).ShouldBeTrue();
        (await CommandLine.TryRunAsync(["healthcheck", "--url", new Uri(app.BaseAddress, "health").ToString()])).ShouldBe(0);
        await Eventually.HoldsAsync(() => app.Output.Any(line => IsRequestLog(line, "/health")), TimeSpan.FromSeconds(5),
            "a JSON log line with a RequestId for /health", Eventually.Detail(() => string.Join('\n', app.Output)));
    }

    [Fact]
    public async Task Health_DatabaseGoneWhileRunning_IsUnhealthy503()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Cancel);
        await using var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = connectionString,
        });
        using var client = app.CreateClient();
        (await client.GetAsync("health", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await postgres.DropDatabaseAsync(connectionString, Cancel);

        using var response = await client.GetAsync("health", Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldBe("Unhealthy");
        (await CommandLine.TryRunAsync(["healthcheck", "--url", new Uri(app.BaseAddress, "health").ToString()])).ShouldBe(1);
    }

    [Fact]
    public async Task Startup_DatabaseUnreachable_ExitsOneWithOneClearLine()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [TestEnvironment.WebAppDll, "--urls", $"http://127.0.0.1:{FreePort.Next()}"], Cancel,
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Database__Provider"] = "Postgres",
                ["ConnectionStrings__Postgres"] = $"Host=127.0.0.1;Port={FreePort.Next()};Username=nobody;Timeout=2",
            });

        result.ExitCode.ShouldBe(1);
        result.Output.ShouldContain("Cannot start: database error: Failed to connect to 127.0.0.1");
        result.Output.ShouldNotContain("   at ");
    }

    [Theory]
    [InlineData("Security__SessionRevalidationInterval", "00:00:00", "SessionRevalidationInterval")]
    [InlineData("Scheduler__MaxConcurrentChecks", "0", "MaxConcurrentChecks")]
    public async Task Startup_BadSetting_ExitsOneWithOneClearLineNamingIt(string variable, string value, string named)
    {
        using var folder = TestEnvironment.CreateTempFolder("bad-setting");
        var result = await ProcessRunner.RunAsync("dotnet", [TestEnvironment.WebAppDll, "--urls", $"http://127.0.0.1:{FreePort.Next()}"], Cancel,
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development", ["Database__DataFolder"] = folder.Path, [variable] = value,
            });

        result.ExitCode.ShouldBe(1);
        result.Output.ShouldContain("Cannot start: bad setting:");
        result.Output.ShouldContain(named);
        result.Output.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Health_PostgresProvider_MigratesOnStartAndIsHealthy()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Cancel);
        await using var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = connectionString,
        });
        using var client = app.CreateClient();

        using var response = await client.GetAsync("health", Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        File.Exists(Path.Combine(app.DataFolder, "tradebot.db")).ShouldBeFalse();
    }

    [Fact]
    public async Task HealthCheckCommand_NothingListening_ExitsOne()
    {
        (await CommandLine.TryRunAsync(["healthcheck", "--url", $"http://127.0.0.1:{FreePort.Next()}/health"])).ShouldBe(1);
        (await CommandLine.TryRunAsync(["healthcheck", "--url"])).ShouldBe(2);
    }

    private static bool IsRequestLog(string line, string path)
    {
        if (!line.StartsWith('{'))
            return false;
        using var json = JsonDocument.Parse(line);
        if (!json.RootElement.TryGetProperty("Scopes", out var scopes))
            return false;
        var scopeList = scopes.EnumerateArray().ToList();
        return scopeList.Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestId", out var id) && id.GetString() is { Length: > 0 })
            && scopeList.Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestPath", out var p) && p.GetString() == path);
    }
}
