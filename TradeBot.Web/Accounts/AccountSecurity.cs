using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace TradeBot.Web.Accounts;

/// <summary>Settings of the sign-in protections (section <c>Security</c>).</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Form posts a client address may make per minute to each of the sign-in, registration and password pages
    /// (<see cref="AccountSecurity.LimitedPaths"/>); more get 429 with Retry-After. Lockout still counts failed passwords.
    /// </summary>
    [Range(1, 100_000)]
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>
    /// How often a signed-in session (its cookie on each request, and an open page's live connection) checks that the
    /// account's security stamp is unchanged: a password change, an admin lock or a 2FA reset ends every other session
    /// within this time. Each check reads the user row once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SessionRevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// <c>Always</c>: cookies are Secure and <c>__Host-</c> named, and a form over plain http is refused (the app must
    /// see https: directly, or behind a proxy with <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>). <c>SameAsRequest</c>:
    /// Secure only over https, for plain http deployments. Unset: <c>Always</c>, except in Development.
    /// </summary>
    [AllowedValues(null, Microsoft.AspNetCore.Http.CookieSecurePolicy.Always, Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest)]
    public Microsoft.AspNetCore.Http.CookieSecurePolicy? CookieSecurePolicy { get; set; }

    /// <summary>Admins without two-factor sign-in are sent to its setup from every page (<see cref="AdminTwoFactorGate"/>).</summary>
    public bool RequireTwoFactorForAdmins { get; set; }
}

/// <summary>
/// Rate limiting of the account forms that guess or spam (sign-in, 2FA, register, password reset, confirmation resend)
/// per client address, and the security headers every response carries.
/// </summary>
public static class AccountSecurity
{
    /// <summary>The account pages whose form posts are limited.</summary>
    public static IReadOnlyList<string> LimitedPaths { get; } =
    [
        "/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode", "/Account/Register",
        "/Account/ForgotPassword", "/Account/ResetPassword", "/Account/ResendEmailConfirmation",
    ];

    /// <summary>Log categories that write request payloads (form input typed on interactive pages) at Debug or Trace.</summary>
    public static IReadOnlyList<string> PayloadLoggingCategories { get; } = ["Microsoft.AspNetCore.SignalR", "Microsoft.AspNetCore.Http.Connections"];

    public static IHostApplicationBuilder AddAccountSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SecurityOptions>().Bind(builder.Configuration.GetSection(SecurityOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        // Identity's cookie check of the security stamp; the live connection's check reads the same setting.
        builder.Services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<SecurityOptions>>(
            (stamp, security) => stamp.ValidationInterval = security.Value.SessionRevalidationInterval);
        var permits = (builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions()).SignInAttemptsPerMinute;
        // At Debug, SignalR logs every hub invocation with its arguments: what a person types into an interactive form
        // (an API key and secret, say). These categories never log below Information, whatever Logging:LogLevel says.
        foreach (var category in PayloadLoggingCategories)
            builder.Logging.AddFilter(category, level => level >= LogLevel.Information);
        ConfigureCookies(builder);
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                LimitedPost(http) is { } path
                    ? RateLimitPartition.GetFixedWindowLimiter($"{path}|{ClientOf(http.Connection.RemoteIpAddress)}", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AccountSecurity))
                    .LogWarning("Too many account form posts to {Path} from {Address}", context.HttpContext.Request.Path, context.HttpContext.Connection.RemoteIpAddress);
                await context.HttpContext.Response.WriteAsync("Too many attempts: wait a minute and try again.", cancellationToken);
            };
        });
        return builder;
    }

    /// <summary>
    /// Every cookie the server sets is HttpOnly and SameSite (Lax for sign-in, so links from emails arrive signed in;
    /// Strict for antiforgery). With <see cref="SecurityOptions.CookieSecurePolicy"/> <c>Always</c> (the default outside
    /// Development) they are Secure and named <c>__Host-...</c>, which browsers only accept over https for the whole site.
    /// </summary>
    private static void ConfigureCookies(IHostApplicationBuilder builder)
    {
        var secure = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>()?.CookieSecurePolicy
            ?? (builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        // Browsers take a __Host- cookie only when it is Secure.
        var prefix = secure == CookieSecurePolicy.Always ? "__Host-" : "";
        (string Scheme, string Name)[] signIn =
        [
            (IdentityConstants.ApplicationScheme, "tradebot.auth"), (IdentityConstants.ExternalScheme, "tradebot.external"),
            (IdentityConstants.TwoFactorUserIdScheme, "tradebot.2fa"), (IdentityConstants.TwoFactorRememberMeScheme, "tradebot.2fa-remember"),
        ];
        foreach (var (scheme, name) in signIn)
        {
            builder.Services.Configure<CookieAuthenticationOptions>(scheme, options =>
            {
                options.Cookie.Name = prefix + name;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = secure;
                options.Cookie.Path = "/";
            });
        }
        builder.Services.AddAntiforgery(options =>
        {
            // X-Frame-Options is DENY for every response (below); antiforgery would add its own SAMEORIGIN next to it.
            options.SuppressXFrameOptionsHeader = true;
            options.Cookie.Name = prefix + "tradebot.antiforgery";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = secure;
            options.Cookie.Path = "/";
        });
    }

    /// <summary>The security headers and the account forms' rate limit; early in the pipeline.</summary>
    public static WebApplication UseAccountSecurity(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            // Set as the response starts: a page that redirects clears the headers set before it ran.
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                headers.ContentSecurityPolicy = ContentSecurityPolicy(http);
                return Task.CompletedTask;
            });
            return next(http);
        });
        app.UseRateLimiter();
        if (app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.RequireTwoFactorForAdmins)
            app.Use(AdminTwoFactorGate.RequireTwoFactorAsync);
        return app;
    }

    /// <summary>The nonce of this response's one inline script (the import map in Components/App.razor).</summary>
    public static string CspNonce(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Items[NonceKey] is not string nonce)
            http.Items[NonceKey] = nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        return nonce;
    }

    // Scripts only from the app (and its import map, by nonce); MudBlazor sets inline styles; the chart draws on canvas
    // and its attribution logo is a data: image; the live connection is a same-origin websocket. Framing is refused.
    private static string ContentSecurityPolicy(HttpContext http)
    {
        // The Host header comes from the client: only a plain host[:port] goes into the header.
        var host = http.Request.Host.Value ?? "";
        var sockets = host.Length > 0 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or ':' or '-' or '[' or ']')
            ? $" ws://{host} wss://{host}"
            : "";
        return $"default-src 'self'; script-src 'self' 'nonce-{CspNonce(http)}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
               $"font-src 'self' data:; connect-src 'self'{sockets}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
    }

    private const string NonceKey = "TradeBot.CspNonce";

    /// <summary>
    /// Whose count a post is: the client's address, or for IPv6 its /64 network (one client usually holds a whole /64, and
    /// could otherwise lift the limit by changing addresses).
    /// </summary>
    internal static string ClientOf(IPAddress? address)
    {
        if (address is null)
            return "";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    // Routing also serves "/Account/Login/" (and any case): the count is the form's, however its path is spelt.
    private static string? LimitedPost(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method))
            return null;
        var requested = (http.Request.Path.Value ?? "").TrimEnd('/');
        return LimitedPaths.FirstOrDefault(p => string.Equals(requested, p, StringComparison.OrdinalIgnoreCase));
    }
}
