using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using MudBlazor.Services;
using Microsoft.OpenApi.Reader;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;
using TradeBot.Web.Api;
using TradeBot.Web.Backtests;
using TradeBot.Web.Bots;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.ApiKeys;
using TradeBot.Web.Notifications;

namespace TradeBot.Tests.Api;

/// <summary>
/// The OpenAPI document the real app serves is valid OpenAPI (read back with Microsoft.OpenApi's reader, no errors),
/// names the bearer scheme, and lists exactly the /api/v1 routes the app maps (read from the app's own route table);
/// the API reference page and its script come from the app itself, with nothing from a CDN.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class ApiOpenApiTests(ApiAppFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Document_IsValid_WithBearerScheme_AndListsEveryMappedRoute()
    {
        using var client = fixture.App.Client();
        using var response = await client.GetAsync("openapi/v1.json", Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, "the document needs no token");
        var json = await response.Content.ReadAsStringAsync(Cancel);

        var settings = new OpenApiReaderSettings();
        var read = OpenApiDocument.Parse(json, "json", settings);

        read.Diagnostic!.Errors.ShouldBeEmpty(string.Join("; ", read.Diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        var document = read.Document!;
        document.Components!.SecuritySchemes!["Bearer"].Scheme.ShouldBe("bearer");
        document.Security.ShouldNotBeNull().ShouldNotBeEmpty();
        var documented = document.Paths.SelectMany(p => p.Value.Operations!.Select(o => (o.Key.Method.ToUpperInvariant(), Normalise(p.Key)))).ToHashSet();
        var mapped = await MappedApiRoutesAsync();
        mapped.Count.ShouldBe(ApiRoutes.All.Length, "the tests' route table is the app's");
        documented.OrderBy(r => r.Item2).ThenBy(r => r.Item1).ShouldBe(mapped.OrderBy(r => r.Path).ThenBy(r => r.Method).Select(r => (r.Method, r.Path)));
        ApiRoutes.All.ShouldAllBe(route => mapped.Contains(route));
        document.Paths["/api/v1/bots/{id}/events"].Operations![HttpMethod.Get].Responses!["200"].Content!.Keys.ShouldContain("text/event-stream");
    }

    [Fact]
    public async Task ReferencePage_ServesItsScriptFromTheApp_NotACdn()
    {
        using var client = fixture.App.Client();

        using var entry = await client.GetAsync("api/docs", Cancel);
        var pageUri = entry.Headers.Location is { } location ? new Uri(entry.RequestMessage!.RequestUri!, location) : entry.RequestMessage!.RequestUri!;
        using var page = await client.GetAsync(pageUri, Cancel);

        entry.StatusCode.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.Found, HttpStatusCode.MovedPermanently], "reachable without signing in");
        page.StatusCode.ShouldBe(HttpStatusCode.OK, $"reachable without signing in (from {entry.Headers.Location})");
        var html = await page.Content.ReadAsStringAsync(Cancel);
        html.ShouldContain("\"url\":\"openapi/v1.json\"", Case.Sensitive, "the document, resolved against the app's base path by Scalar's own script");
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        scripts.ShouldNotBeEmpty(html);
        scripts.ShouldAllBe(src => !src.StartsWith("http", StringComparison.OrdinalIgnoreCase) && !src.StartsWith("//", StringComparison.Ordinal));
        html.ShouldNotContain("cdn.jsdelivr.net");
        html.ShouldNotContain("fonts.scalar.com");
        foreach (var src in scripts)
        {
            using var script = await client.GetAsync(new Uri(pageUri, src), Cancel);
            script.StatusCode.ShouldBe(HttpStatusCode.OK, src);
            (await script.Content.ReadAsByteArrayAsync(Cancel)).Length.ShouldBeGreaterThan(1000, src);
        }
    }

    // The app's own composition (as Program.cs builds it) on a throwaway folder, its /api/v1 route table read back.
    private static async Task<HashSet<(string Method, string Path)>> MappedApiRoutesAsync()
    {
        using var folder = TestEnvironment.CreateTempFolder("routes");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:DataFolder"] = folder.Path, ["Exchange:MarketData"] = "Simulated",
        });
        builder.AddData().AddAccounts().AddAccountSecurity().AddExchange().AddApiKeys().AddNotifications().AddBots().AddBacktests().AddApi();
        await using var app = builder.Build();
        app.MapApi();
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, Normalise(e.RoutePattern.RawText!))))
            .ToHashSet();
    }

    private static string Normalise(string path) => RouteConstraint().Replace(path, "{$1}").TrimEnd('/');

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptSource();
}
