using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace TradeBot.Web.Exchange.Binance;

/// <summary>Registers the Binance client: options, the shared per-host state, the HTTP client and the factory.</summary>
public static class BinanceModule
{
    /// <summary>Key of the keyed <see cref="IMarketData"/> serving Binance mainnet public data.</summary>
    public const string MarketDataKey = "Binance";

    public static IServiceCollection AddBinance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BinanceOptions>()
            .Bind(configuration.GetSection(BinanceOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddLogging();
        services.TryAddSingletonTimeProvider();
        services.AddSingleton<BinanceHosts>();
        services.AddSingleton<BinanceKlineStream>();
        services.AddSingleton<BinanceExchangeFactory>();
        services.AddKeyedSingleton<IMarketData>(MarketDataKey, (provider, _) => provider.GetRequiredService<BinanceExchangeFactory>().CreateMarketData());

        services.AddHttpClient(BinanceTransport.HttpClientName, client =>
            {
                // The resilience pipeline owns the timeouts.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("TradeBot/1.0");
            })
            // The factory's trace logging must not print the key; query strings (the signature) are redacted by .NET itself.
            .RedactLoggedHeaders(["X-MBX-APIKEY"])
            .AddResilienceHandler("binance", (pipeline, context) =>
            {
                var binance = context.ServiceProvider.GetRequiredService<IOptions<BinanceOptions>>().Value;
                pipeline.AddTimeout(TimeSpan.FromSeconds(binance.TotalTimeoutSeconds));
                var retry = new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(300),
                    // 429/418 go to the shared back-off gate, not to a retry that would hammer Binance into a ban.
                    ShouldHandle = args => ValueTask.FromResult(
                        args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests or (HttpStatusCode)418 }
                            ? false
                            : HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                };
                // Orders and transfers are POSTs: a lost answer is resolved by lookup, never by sending again.
                retry.DisableForUnsafeHttpMethods();
                pipeline.AddRetry(retry);
                pipeline.AddTimeout(TimeSpan.FromSeconds(binance.RequestTimeoutSeconds));
            });
        return services;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(descriptor => descriptor.ServiceType != typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
