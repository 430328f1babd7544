using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.OpenApi;
using TradeBot.Web.Admin;
using Scalar.AspNetCore;

namespace TradeBot.Web.Api;

/// <summary>
/// The REST API for scripts (<c>/api/v1</c>, minimal APIs over the feature services), its personal access tokens and
/// their page, the per-token rate limit, the OpenAPI document (<c>/openapi/v1.json</c>) and the API reference
/// (<c>/api/docs</c>, Scalar, served from the app itself). Needs AddAccounts, AddBots, AddBacktests and AddExchange.
/// </summary>
public static class ApiModule
{
    /// <summary>Any valid token (read scope).</summary>
    public const string ReadPolicy = "api-read";

    /// <summary>A token with the write scope.</summary>
    public const string WritePolicy = "api-write";

    public const string DocumentName = "v1";

    private const string BearerScheme = "Bearer";

    public static IHostApplicationBuilder AddApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuditLog();
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<ApiRateLimit>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        // Both policies name only the token scheme: on /api/v1 the app's cookie is never looked at.
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, policy => policy.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireClaim(ApiTokenAuthenticationHandler.ScopeClaim, "read"))
            .AddPolicy(WritePolicy, policy => policy.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireClaim(ApiTokenAuthenticationHandler.ScopeClaim, "write"));
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "TradeBot API", Version = "v1",
                    Description = "Bots, backtests and market data for scripts. Authenticate with a personal access token " +
                        "(Authorization: Bearer tb_...) created on /settings/api-tokens.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "tb_ personal access token",
                    Description = "A personal access token from /settings/api-tokens.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    public static WebApplication MapApi(this WebApplication app)
    {
        // A script reads problem details, never the app's HTML status pages: those are off under /api/v1, and an error
        // without a body (a query value that does not bind, an unknown route) gets a plain problem.
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api/v1"), api => api.Use(async (http, next) =>
        {
            if (http.Features.Get<IStatusCodePagesFeature>() is { } pages)
                pages.Enabled = false;
            await next(http);
            var response = http.Response;
            if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http });
        }));
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(ReadPolicy)
            .AddEndpointFilter((context, next) => context.HttpContext.RequestServices.GetRequiredService<ApiRateLimit>().InvokeAsync(context, next))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapBotEndpoints();
        api.MapBacktestEndpoints();
        api.MapMarketEndpoints();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        // Scalar's script is embedded in its package and served from here; its web fonts and telemetry would go to
        // the internet, so they are off.
        app.MapScalarApiReference("/api/docs", options =>
        {
            options.WithTitle("TradeBot API").WithOpenApiRoutePattern("/openapi/{documentName}.json");
            options.DefaultFonts = false;
            options.Telemetry = false;
            options.AddPreferredSecuritySchemes(BearerScheme);
        }).AllowAnonymous();
        return app;
    }
}
