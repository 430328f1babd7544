using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;
using TradeBot.Web.Accounts;
using TradeBot.Web.Admin;
using TradeBot.Web.Bots.Runner;
using TradeBot.Web.Data;

namespace TradeBot.Web.Bots;

/// <summary>
/// Bots: settings, validation, state, the trading switches, the runner behind each check (<see cref="IBotTicker"/>),
/// the event bus and the Quartz scheduler of their checks. Needs AddData, AddExchange and AddApiKeys.
/// </summary>
public static class BotsModule
{
    /// <summary>Registers the bot services, Quartz (in-memory store, one scheduler per process) and the daily reset.</summary>
    public static IHostApplicationBuilder AddBots(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TradingOptions>().Bind(builder.Configuration.GetSection(TradingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BotSchedulerOptions>().Bind(builder.Configuration.GetSection(BotSchedulerOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddAuditLog();
        services.AddSingleton<BotValidator>();
        services.AddSingleton<BotService>();
        services.AddSingleton<BotFormService>();
        services.AddSingleton<BotOverviewService>();
        services.AddSingleton<BotEventBus>();
        services.AddSingleton<BotVenues>();
        services.AddSingleton<BotEngines>();
        services.AddSingleton<BotTickStore>();
        services.AddSingleton<BotReconciler>();
        services.AddSingleton<BotOrders>();
        services.AddSingleton(sp => new BotRunner(
            sp.GetRequiredService<IDbContextFactory<AppDbContext>>(), sp.GetRequiredService<BotVenues>(), sp.GetRequiredService<BotEngines>(),
            sp.GetRequiredService<BotReconciler>(), sp.GetRequiredService<BotOrders>(), sp.GetRequiredService<BotTickStore>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BotRunner>>()));
        services.AddSingleton<IBotTicker>(sp => sp.GetRequiredService<BotRunner>());
        services.AddSingleton<DailyReset>();
        services.AddSingleton<BotHistoryService>();
        services.TryAddSingleton<IBotScheduler, QuartzBotScheduler>();
        var scheduler = builder.Configuration.GetSection(BotSchedulerOptions.Section).Get<BotSchedulerOptions>() ?? new BotSchedulerOptions();
        // A named scheduler: its clock is its own (real time), so the app's TimeProvider (a fake one in tests) stays the app's.
        services.AddQuartz(QuartzBotScheduler.SchedulerName, quartz =>
        {
            // Issue 11 swaps this for the clustered AdoJobStore on PostgreSQL; the jobs and keys stay as they are.
            quartz.UseInMemoryStore(_ => { });
            quartz.UseDefaultThreadPool(Math.Clamp(scheduler.MaxConcurrentChecks, 1, 256));
            quartz.ConfigureScheduler(options =>
            {
                // Thousands of bots fire every few ms: taking the checks due within a short window in one batch costs
                // far less than waking up for each, and a check a few ms early reads the same price.
                options.MaxBatchSize = Math.Clamp(scheduler.MaxConcurrentChecks, 1, 256);
                options.BatchTriggerAcquisitionFireAheadTimeWindow = TimeSpan.FromMilliseconds(scheduler.FireAheadMilliseconds);
            });
            quartz.UseTimeProvider(QuartzBotScheduler.Clock);
            quartz.ScheduleJob<DailyResetJob>(
                trigger => trigger.WithIdentity("daily-reset", "system")
                    .WithSchedule(CronScheduleBuilder.Create(DailyResetJob.Cron).InTimeZone(TimeZoneInfo.Utc)
                        .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)),
                job => job.WithIdentity(DailyResetJob.Key));
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        services.AddHostedService<BotScheduleRestorer>();
        services.AddSingleton<BotCheckShutdown>();
        services.AddHostedService(provider => provider.GetRequiredService<BotCheckShutdown>()); // after Quartz's: stops before it
        return builder;
    }

    /// <summary>The bots' HTTP endpoints: the trades CSV download of the detail page (signed-in users, their own bots).</summary>
    public static WebApplication MapBots(this WebApplication app)
    {
        app.MapGet("/bots/{id:long}/trades.csv", async (long id, HttpContext http, BotHistoryService history, CancellationToken cancellationToken) =>
        {
            if (Caller.From(http.User) is not { } caller || await history.TradesCsvAsync(caller, id, cancellationToken) is not { } csv)
                return Results.NotFound();
            return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8",
                $"bot-{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}-trades.csv");
        }).RequireAuthorization();
        return app;
    }
}
