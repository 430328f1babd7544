using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TradeBot.Web.Accounts;

namespace TradeBot.Web.Backtests;

/// <summary>
/// Backtests in the app: the validator, the service behind the pages, the runner and its Quartz job, progress, and the
/// CSV downloads. Needs AddData, AddExchange and AddBots (the scheduler, the symbol list and the bot validator).
/// </summary>
public static class BacktestsModule
{
    public static IHostApplicationBuilder AddBacktests(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BacktestOptions>().Bind(builder.Configuration.GetSection(BacktestOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BacktestValidator>();
        services.AddSingleton<BacktestProgressBus>();
        services.AddSingleton<BacktestRunner>();
        services.AddSingleton<BacktestSlots>();
        services.AddSingleton<BacktestUploads>();
        services.AddSingleton<BacktestService>();
        services.TryAddSingleton<IBacktestScheduler, QuartzBacktestScheduler>();
        services.AddTransient<BacktestJob>();
        services.AddHostedService<BacktestRestorer>();
        return builder;
    }

    /// <summary>The CSV downloads of a report (signed-in users, their own runs).</summary>
    public static WebApplication MapBacktests(this WebApplication app)
    {
        app.MapGet("/backtests/{id:long}/trades.csv", (long id, HttpContext http, BacktestService backtests, CancellationToken cancellationToken) =>
            CsvAsync(http, id, "trades", backtests.TradesCsvAsync, cancellationToken)).RequireAuthorization();
        app.MapGet("/backtests/{id:long}/daily.csv", (long id, HttpContext http, BacktestService backtests, CancellationToken cancellationToken) =>
            CsvAsync(http, id, "daily", backtests.DailyCsvAsync, cancellationToken)).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> CsvAsync(
        HttpContext http, long id, string part, Func<Caller, long, CancellationToken, Task<string?>> read, CancellationToken cancellationToken)
    {
        if (Caller.From(http.User) is not { } caller || await read(caller, id, cancellationToken) is not { } csv)
            return Results.NotFound();
        return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8",
            $"backtest-{id.ToString(CultureInfo.InvariantCulture)}-{part}.csv");
    }
}
