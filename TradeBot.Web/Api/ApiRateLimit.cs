using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace TradeBot.Web.Api;

/// <summary>
/// The per-token request limit of <c>/api/v1</c> (<see cref="ApiOptions.RequestsPerMinute"/>, a fixed one-minute window
/// per token id). It runs as an endpoint filter, after the token is authenticated: the app's rate limiting middleware
/// runs before routing and authentication (for the sign-in forms), when the token is not known yet.
/// </summary>
public sealed class ApiRateLimit : IEndpointFilter, IAsyncDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly ILogger<ApiRateLimit> _logger;

    public ApiRateLimit(IOptions<ApiOptions> options, ILogger<ApiRateLimit> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var permits = options.Value.RequestsPerMinute;
        _logger = logger;
        _limiter = PartitionedRateLimiter.Create<string, string>(tokenId => RateLimitPartition.GetFixedWindowLimiter(tokenId, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
        }));
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var tokenId = context.HttpContext.User.FindFirstValue(ApiTokenAuthenticationHandler.TokenIdClaim) ?? "";
        using var lease = _limiter.AttemptAcquire(tokenId);
        if (lease.IsAcquired)
            return await next(context);

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        _logger.LogWarning("API token {TokenId} went over its request limit", tokenId);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: $"This token made more than its requests per minute; retry in {seconds} s.");
    }

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();
}
