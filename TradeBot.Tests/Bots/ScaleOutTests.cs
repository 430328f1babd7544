using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Bots;

namespace TradeBot.Tests.Bots;

/// <summary>
/// Two real app processes on one PostgreSQL database carry 100 paper bots: each bot's checks run on one instance at a
/// time (the tick log), and when one instance dies by SIGKILL the other checks all its bots within two check intervals,
/// with every order booked once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class ScaleOutTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const int Bots = 100;
    private const int CheckIntervalSeconds = 10;

    private static readonly string[] Symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT"];

    [Fact]
    public async Task TwoInstances_HundredBots_OneAtATime_KillOne_TheOtherTakesItsBotsWithinTwoIntervals()
    {
        string connectionString;
        await using (var setup = await BotsTestHost.CreateAsync("Postgres", postgres, Cancel))
        {
            connectionString = setup.Database["ConnectionStrings:Postgres"]!;
            var trader = await setup.CreateUserAsync("trader", Cancel);
            for (var i = 0; i < Bots; i++)
            {
                var input = BotsTestHost.ValidInput();
                input.Name = $"bot {i}";
                input.Symbol = Symbols[i % Symbols.Length];
                input.Interval = "1m";
                input.Strategy = "ema-price-cross";
                input.StrategyParameters = new() { ["emaPeriod"] = 2 };
                input.CheckIntervalSeconds = CheckIntervalSeconds;
                input.DailyTargetPerc = 0;
                input.MaxDailyLossPerc = 0;
                var id = (await setup.Bots.CreateAsync(trader, input, Cancel)).Bot!.Config.Id;
                (await setup.Bots.StartAsync(trader, id, Cancel)).Succeeded.ShouldBeTrue();
            }
        }
        // Orders to lose or book twice: the seed whose next minutes cross the 2-candle EMA most often on the four symbols.
        var seed = TradeBot.Web.Exchange.Simulated.SimulatedSeeds.WithMostSignals(
            Symbols, () => new TradeBot.Domain.Strategies.EmaPriceCrossStrategy(2), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5));
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = connectionString, ["Exchange:MarketData"] = "Simulated",
            ["Exchange:Simulated:Seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:TradeBot.Web.Bots.BotTickJob"] = "Debug",
        };
        await using var a = await AppHost.StartAsync(Cancel, settings);
        await using var b = await AppHost.StartAsync(Cancel, settings);

        // Both instances take checks (b joins a few seconds after a), and every bot has been checked twice.
        await Eventually.HoldsAsync(() => Checks(a).Count > 0 && Checks(b).Count > 0 && Checks(a, b).GroupBy(c => c.BotId).Count(g => g.Count() >= 2) == Bots,
            TimeSpan.FromSeconds(90), "both instances checking, every bot twice", Eventually.Detail(() => Summary(a, b)), TimeSpan.FromMilliseconds(250));
        var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await a.KillAsync();
        var deadline = killedAt + 2 * CheckIntervalSeconds * 1000;
        await Eventually.HoldsAsync(() => Checks(b).Where(c => c.StartedMs > killedAt).Select(c => c.BotId).Distinct().Count() == Bots,
            TimeSpan.FromSeconds(2 * CheckIntervalSeconds + 10), "every bot checked on the survivor", Eventually.Detail(() => Summary(a, b)), TimeSpan.FromMilliseconds(250));

        var before = Checks(a, b).Where(c => c.StartedMs <= killedAt).ToList();
        before.Count(c => c.Instance == InstanceOf(a)).ShouldBeGreaterThan(0, Summary(a, b));
        before.Count(c => c.Instance == InstanceOf(b)).ShouldBeGreaterThan(0, Summary(a, b));
        foreach (var bot in Checks(a, b).GroupBy(c => c.BotId))
        {
            var checks = bot.OrderBy(c => c.StartedMs).ToList();
            for (var i = 1; i < checks.Count; i++)
                checks[i].StartedMs.ShouldBeGreaterThanOrEqualTo(checks[i - 1].EndedMs,
                    $"bot {bot.Key}: a check on {checks[i].Instance} began before the one on {checks[i - 1].Instance} ended");
        }
        var resumed = Checks(b).Where(c => c.StartedMs > killedAt).GroupBy(c => c.BotId).ToDictionary(g => g.Key, g => g.Min(c => c.StartedMs));
        resumed.Count.ShouldBe(Bots);
        resumed.Values.Max().ShouldBeLessThanOrEqualTo(deadline, $"slowest bot back after {resumed.Values.Max() - killedAt} ms");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"checks before the kill: {Summary(a, b)}; every bot checked on b within {resumed.Values.Max() - killedAt} ms of the kill");

        // Every paper order is booked as the bot's trade exactly once: none lost with the killed instance, none twice.
        // The seed crosses the EMA within minutes, but a run can end before the first candle close that trades: wait for
        // orders (the survivor keeps trading). The bots keep running, so an order of the last moments may still be on its
        // way to its trade: only orders older than two check intervals must all be booked (a check cut off mid-order is
        // reconciled at the next).
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancel);
        var waitedFor = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (await ScalarAsync(connection, "SELECT count(*) FROM paper_orders") == 0 && DateTime.UtcNow < waitedFor)
            await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        await Task.Delay(TimeSpan.FromSeconds(2 * CheckIntervalSeconds + 1), Cancel);
        var cutoff = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 2 * CheckIntervalSeconds * 1000;
        var orders = await ScalarAsync(connection, $"SELECT count(*) FROM paper_orders WHERE transact_time_ms <= {cutoff}");
        var booked = await ScalarAsync(connection,
            $"SELECT count(*) FROM paper_orders o JOIN bot_trades t ON t.client_order_id = o.client_order_id WHERE o.transact_time_ms <= {cutoff}");
        var trades = await ScalarAsync(connection, "SELECT count(*) FROM bot_trades");
        var distinct = await ScalarAsync(connection, "SELECT count(DISTINCT client_order_id) FROM bot_trades");
        TestContext.Current.TestOutputHelper?.WriteLine($"paper orders settled {orders}, booked {booked}; bot trades {trades}");
        orders.ShouldBeGreaterThan(0, "the chosen seed trades within the run");
        booked.ShouldBe(orders, "every settled order is the bot's trade");
        distinct.ShouldBe(trades, "no order booked twice");
    }

    private static string InstanceOf(AppHost host) =>
        Checks(host).Select(c => c.Instance).FirstOrDefault() ?? "(none)";

    private static List<Check> Checks(params AppHost[] hosts) =>
        [.. hosts.SelectMany(h => h.Output).Select(line => CheckLine().Match(line)).Where(m => m.Success).Select(m => new Check(
            long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value,
            long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture)))];

    private static string Summary(AppHost a, AppHost b) =>
        $"a: {Checks(a).Count} checks of {Checks(a).Select(c => c.BotId).Distinct().Count()} bots, " +
        $"b: {Checks(b).Count} checks of {Checks(b).Select(c => c.BotId).Distinct().Count()} bots";

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Cancel), CultureInfo.InvariantCulture);
    }

    private sealed record Check(long BotId, string Instance, long StartedMs, long EndedMs);

    [GeneratedRegex(@"Bot (\d+) checked on (\S+) from (\d+) to (\d+): ")]
    private static partial Regex CheckLine();
}
