using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;
using TradeBot.Web.Admin;
using TradeBot.Web.Api;
using TradeBot.Web.Data;

namespace TradeBot.Tests.Api;

/// <summary>
/// The real app process (<see cref="AppHost"/>) on the simulated market, plus the app's own account store and token
/// service opened on its SQLite file from the test process: users and tokens are made as the token page makes them
/// (<see cref="ApiTokenService.CreateAsync"/>), then every call goes over HTTP with a plain HttpClient.
/// </summary>
public sealed class ApiApp : IAsyncDisposable
{
    /// <summary>JSON as the API writes it: camelCase, enums by name.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly IHost _store;

    private ApiApp(AppHost app, IHost store)
    {
        App = app;
        _store = store;
    }

    public AppHost App { get; }

    public ApiTokenService Tokens => _store.Services.GetRequiredService<ApiTokenService>();

    public static async Task<ApiApp> StartAsync(CancellationToken cancellationToken, IDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string> { ["Exchange:MarketData"] = "Simulated" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            all[key] = value;
        var app = await AppHost.StartAsync(cancellationToken, all);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite", ["Database:DataFolder"] = app.DataFolder });
        builder.AddData().AddAccountStore();
        builder.Services.AddLogging();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddAuditLog();
        builder.Services.AddSingleton<ApiTokenService>();
        return new ApiApp(app, builder.Build());
    }

    /// <summary>A user (email confirmed, <c>Trader</c>, and <c>Admin</c> when asked) and its caller.</summary>
    public async Task<Caller> CreateUserAsync(string name, bool isAdmin = false)
    {
        await using var scope = _store.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountSeeder>().EnsureRolesAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = $"{name}@example.com", Email = $"{name}@example.com", EmailConfirmed = true };
        (await users.CreateAsync(user, "Passw0rd!")).Succeeded.ShouldBeTrue();
        (await users.AddToRolesAsync(user, isAdmin ? [Roles.Trader, Roles.Admin] : [Roles.Trader])).Succeeded.ShouldBeTrue();
        return new Caller(user.Id, isAdmin);
    }

    /// <summary>Locks the user out (as five wrong passwords would) for an hour.</summary>
    public async Task LockOutAsync(Caller caller)
    {
        await using var scope = _store.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(caller.UserId) ?? throw new InvalidOperationException("no such user");
        (await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddHours(1))).Succeeded.ShouldBeTrue();
    }

    /// <summary>Fails <paramref name="caller"/>'s password until Identity locks the account out, as wrong sign-ins do.</summary>
    public async Task FailSignInsUntilLockedOutAsync(Caller caller)
    {
        await using var scope = _store.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(caller.UserId) ?? throw new InvalidOperationException("no such user");
        for (var i = 0; i < 20 && !await users.IsLockedOutAsync(user); i++)
            (await users.AccessFailedAsync(user)).Succeeded.ShouldBeTrue();
        (await users.IsLockedOutAsync(user)).ShouldBeTrue();
    }

    /// <summary>A new token of <paramref name="caller"/>, through the service the token page calls.</summary>
    public async Task<string> CreateTokenAsync(Caller caller, ApiScopes scopes = ApiScopes.Read | ApiScopes.Write, string name = "script")
    {
        var result = await Tokens.CreateAsync(caller, new ApiTokenInput { Name = name, Scopes = scopes, ExpiresInDays = 30 }, CancellationToken.None);
        result.Errors.ShouldBeEmpty();
        return result.Token!;
    }

    /// <summary>A plain HttpClient for the app, with <c>Authorization: Bearer</c> when a token is given.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = App.CreateClient();
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A user with a read-write token and a client that sends it.</summary>
    public async Task<(Caller User, HttpClient Client)> TraderAsync(string name)
    {
        var user = await CreateUserAsync(name);
        return (user, Client(await CreateTokenAsync(user)));
    }

    /// <summary>The JSON body of a paper spot BTCUSDT bot (ema-rsi defaults) named <paramref name="name"/>.</summary>
    public static object PaperBot(string name = "API bot") => new
    {
        name, exchangeMode = "Paper", marketType = "Spot", symbol = "BTCUSDT", interval = "1h", strategy = "ema-rsi",
        strategyParameters = new Dictionary<string, double>(), initialCapital = 1000, positionSizePerc = 50, checkIntervalSeconds = 30,
    };

    /// <summary>Creates a bot over HTTP and returns its id.</summary>
    public static async Task<long> CreateBotAsync(HttpClient client, CancellationToken cancellationToken, object? body = null)
    {
        using var response = await client.PostAsJsonAsync("api/v1/bots", body ?? PaperBot(), Json, cancellationToken);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync(cancellationToken));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken)).GetProperty("id").GetInt64();
    }

    public async ValueTask DisposeAsync()
    {
        _store.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>One app for a test class (starting the process costs seconds on a shared 2-core machine).</summary>
public sealed class ApiAppFixture : IAsyncLifetime
{
    private ApiApp? _app;

    public ApiApp App => _app ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => _app = await ApiApp.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
