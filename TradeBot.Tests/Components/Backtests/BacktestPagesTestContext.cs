using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TradeBot.Tests.Backtests;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Components.Bots;
using TradeBot.Web.Accounts;
using TradeBot.Web.Backtests;

namespace TradeBot.Tests.Components.Backtests;

/// <summary>
/// The bot pages' context for the backtest pages, with a scheduler that only records: runs are stored rows the tests
/// write in the state they need (running, completed with a report, failed), never run behind the test's back.
/// </summary>
public abstract class BacktestPagesTestContext : BotPagesTestContext
{
    protected HeldBacktestScheduler Scheduler { get; } = new();

    protected BacktestService Backtests => Host.Services.GetRequiredService<BacktestService>();

    protected override Task<BotsTestHost> CreateHostAsync() =>
        BotsTestHost.CreateAsync("Sqlite", null, Cancel, configure: services => services.Replace(ServiceDescriptor.Singleton<IBacktestScheduler>(Scheduler)));

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        SignInAlice();
    }

    /// <summary>A stored run of <paramref name="owner"/>'s (see <see cref="BacktestRows.New"/>).</summary>
    protected async Task<long> AddRunAsync(
        Caller owner, BacktestStatus status, BacktestKind kind = BacktestKind.Single, string symbol = "BTCUSDT", double returnPerc = 5,
        double progress = 0, double initialCapital = 1000)
    {
        var run = BacktestRows.New(owner.UserId, status, Host.Time.GetUtcNow(), kind, symbol, returnPerc, progress, initialCapital: initialCapital);
        await using var db = await Host.Databases.CreateDbContextAsync(Cancel);
        db.Add(run);
        await db.SaveChangesAsync(Cancel);
        return run.Id;
    }

    /// <summary>Records the runs scheduled instead of running them.</summary>
    protected sealed class HeldBacktestScheduler : IBacktestScheduler
    {
        public List<long> Scheduled { get; } = [];

        public Task ScheduleAsync(long runId, CancellationToken cancellationToken)
        {
            lock (Scheduled)
                Scheduled.Add(runId);
            return Task.CompletedTask;
        }

        public Task<bool> IsKeptAsync(long runId, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
