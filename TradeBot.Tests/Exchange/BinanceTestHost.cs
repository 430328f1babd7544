using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Binance;

namespace TradeBot.Tests.Exchange;

/// <summary>The client as the app wires it (<see cref="BinanceModule.AddBinance"/>), pointed at a <see cref="FakeBinanceServer"/>.</summary>
public sealed class BinanceTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private BinanceTestHost(ServiceProvider provider, CapturingLoggerProvider logs)
    {
        _provider = provider;
        Logs = logs;
        Factory = provider.GetRequiredService<BinanceExchangeFactory>();
    }

    public BinanceExchangeFactory Factory { get; }

    public CapturingLoggerProvider Logs { get; }

    /// <summary>A mainnet exchange with the fake's key.</summary>
    public BinanceExchange Trading(bool isTestnet = false) =>
        Factory.Create(new ExchangeCredentials(FakeBinanceServer.ApiKey, FakeBinanceServer.Secret, isTestnet));

    public static BinanceTestHost Create(FakeBinanceServer server, IDictionary<string, string?>? overrides = null, TimeProvider? time = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SpotBaseUrl"] = server.BaseUrl.ToString(),
            ["FuturesBaseUrl"] = server.BaseUrl.ToString(),
            ["SpotTestnetBaseUrl"] = server.BaseUrl.ToString(),
            ["FuturesTestnetBaseUrl"] = server.BaseUrl.ToString(),
            ["SpotStreamUrl"] = server.StreamUrl.ToString(),
            ["FuturesStreamUrl"] = $"{server.StreamUrl}market",
            ["SpotTestnetStreamUrl"] = server.StreamUrl.ToString(),
            ["FuturesTestnetStreamUrl"] = $"{server.StreamUrl}market",
            ["RequestTimeoutSeconds"] = "2",
            ["TotalTimeoutSeconds"] = "10",
            ["RateLimitWaitThresholdMs"] = "0",
            ["OrderLookupDelayMs"] = "50",
            ["StreamReconnectMaxDelaySeconds"] = "1",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(pair => KeyValuePair.Create($"{BinanceOptions.Section}:{pair.Key}", pair.Value)))
            .Build();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddBinance(configuration);
        return new BinanceTestHost(services.BuildServiceProvider(validateScopes: true), logs);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}

/// <summary>Keeps every log line with its structured values, to check what the client writes.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{fields}] {exception}");
        }
    }
}
