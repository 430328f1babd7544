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
        var databaseProvider = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite;
        services.AddOptions<BotSchedulerOptions>().Bind(builder.Configuration.GetSection(BotSchedulerOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.RunChecks || databaseProvider == DatabaseProvider.Postgres,
                "Scheduler:RunChecks=false needs Database:Provider=Postgres: with SQLite this is the only instance, and nobody would run the bots.")
            .ValidateOnStart();
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
        if (databaseProvider == DatabaseProvider.Postgres)
            services.AddSingleton<BotCheckLocks>(); // one check of a bot at a time across instances (ClusteredBotTickJob)
        var scheduler = builder.Configuration.GetSection(BotSchedulerOptions.Section).Get<BotSchedulerOptions>() ?? new BotSchedulerOptions();
        // A named scheduler: its clock is its own (real time), so the app's TimeProvider (a fake one in tests) stays the app's.
        services.AddQuartz(QuartzBotScheduler.SchedulerName, quartz =>
        {
            if (databaseProvider == DatabaseProvider.Postgres)
            {
                // Quartz's clustered job store (tables from the QuartzStore migration): every instance takes due checks from
                // the same tables under a row lock, so each check runs on exactly one instance, and the checks an instance
                // was running when it died run again elsewhere (jobs request recovery; a check is safe to repeat).
                // Clustering gives each instance an id of its own; the schema is checked at start (the migration made it).
                quartz.UsePersistentStore(store =>
                {
                    store.ConfigureStore(options => options.TablePrefix = "qrtz_");
                    store.UsePostgres(PostgresConnectionString.WithDefaults(builder.Configuration.GetConnectionString("Postgres") ?? ""));
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering(cluster =>
                    {
                        cluster.CheckinInterval = TimeSpan.FromMilliseconds(scheduler.ClusterCheckinMilliseconds);
                        cluster.CheckinMisfireThreshold = TimeSpan.FromMilliseconds(scheduler.ClusterFailoverAfterMilliseconds);
                    });
                });
            }
            else
            {
                quartz.UseInMemoryStore(_ => { }); // SQLite: one instance; the restorer rebuilds the jobs at each start
            }
            quartz.UseDefaultThreadPool(Math.Clamp(scheduler.MaxConcurrentChecks, 1, 256));
            quartz.ConfigureScheduler(options =>
            {
                // Thousands of bots fire every few ms: taking the checks due within a short window in one batch costs
                // far less than waking up for each, and a check a few ms early reads the same price.
                options.MaxBatchSize = Math.Clamp(scheduler.MaxConcurrentChecks, 1, 256);
                options.BatchTriggerAcquisitionFireAheadTimeWindow = TimeSpan.FromMilliseconds(scheduler.FireAheadMilliseconds);
                // An idle instance learns of checks another instance scheduled (a started bot, a dead peer's bots) only when
                // it looks at the store again: every second rather than Quartz's 30 s. In-process scheduling wakes it at once.
                if (databaseProvider == DatabaseProvider.Postgres)
                    options.IdleWaitTime = TimeSpan.FromSeconds(1);
            });
            quartz.UseTimeProvider(QuartzBotScheduler.Clock);
            quartz.ScheduleJob<DailyResetJob>(
                trigger => trigger.WithIdentity("daily-reset", "system")
                    .WithSchedule(CronScheduleBuilder.Create(DailyResetJob.Cron).InTimeZone(TimeZoneInfo.Utc)
                        .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)),
                job => job.WithIdentity(DailyResetJob.Key));
        });
        // A web-only instance (RunChecks false) never starts its scheduler: in standby it still writes jobs into the shared
        // store for the instances that run them.
        if (scheduler.RunChecks)
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
