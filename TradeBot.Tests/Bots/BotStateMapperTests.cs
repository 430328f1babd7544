using Microsoft.EntityFrameworkCore;
using TradeBot.Domain.Market;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Bots;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Bots;

/// <summary>The decision core's state survives the table bit for bit (NaN as null), in memory and on both providers.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BotStateMapperTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string> States => ["fresh", "long", "short", "awkward doubles"];

    private static BotState Example(string name) => name switch
    {
        "fresh" => BotState.Start(1000),
        "long" => new BotState
        {
            Side = PositionSide.Long, Quantity = 0.01234, EntryPrice = 60_123.45, EntryTimeMs = 1_767_571_230_000, EntryFee = 0.7419,
            ExtremePrice = 61_000.1, StopLossPrice = 58_921.0, TakeProfitPrice = double.NaN, Cash = 257.33,
            Daily = new DailyCounters(20_458, -12.5, 2, PauseReason.None), Sequence = 7,
        },
        "short" => new BotState
        {
            Side = PositionSide.Short, Quantity = 3, EntryPrice = 150.5, EntryTimeMs = 1, EntryFee = 0.2, ExtremePrice = 140.25,
            StopLossPrice = 153.51, TakeProfitPrice = 144.48, Cash = 10_000, Daily = new DailyCounters(20_458, 55, 3, PauseReason.MaxDailyTradesReached),
            IsStoppedManually = true, Sequence = long.MaxValue,
        },
        _ => new BotState
        {
            Side = PositionSide.Long, Quantity = 0.1 + 0.2, EntryPrice = double.Epsilon, EntryTimeMs = long.MinValue, EntryFee = 1e-300,
            ExtremePrice = Math.BitIncrement(1.0), StopLossPrice = 1.0 / 3, TakeProfitPrice = 1e300, Cash = -4.9e-324,
            Daily = new DailyCounters(long.MinValue, -1.0 / 7, int.MaxValue, PauseReason.DailyTargetReached), Sequence = 0,
        },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void ToStateAfterApply_AnyState_IsTheSameState(string example)
    {
        var state = Example(example);
        var row = new BotStateRow();

        BotStateMapper.Apply(row, state, settings: null);

        AssertSame(BotStateMapper.ToState(row), state);
        row.PauseReason.ShouldBe(state.PauseReason);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task StoredAndReadBack_EveryExample_IsTheSameState(string provider)
    {
        await using var host = await BotsTestHost.CreateAsync(provider, postgres, Cancel);
        var alice = await host.CreateUserAsync("alice", Cancel);
        foreach (var example in (string[])["fresh", "long", "short", "awkward doubles"])
        {
            var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
            var state = Example(example);
            await host.UpdateStateAsync(id, row => BotStateMapper.Apply(row, state, settings: null), Cancel);

            await using var db = await host.Databases.CreateDbContextAsync(Cancel);
            var stored = await db.Set<BotStateRow>().AsNoTracking().SingleAsync(s => s.BotId == id, Cancel);
            AssertSame(BotStateMapper.ToState(stored), state, example);
        }
    }

    [Fact]
    public void Apply_LongWithTrailingStop_ShowsTheTrailingStopBehindTheHighest()
    {
        var row = new BotStateRow();
        var settings = new BotSettings { TrailingStopActive = true, TrailingStopPerc = 1 };

        BotStateMapper.Apply(row, Example("long"), settings);

        row.TrailingStopPrice!.Value.ShouldBe(61_000.1 * 0.99, 1e-9);
        row.HighestPriceSinceEntry.ShouldBe(61_000.1);
        row.LowestPriceSinceEntry.ShouldBeNull();
    }

    [Fact]
    public void ToSettings_SwitchedOffExits_AreZeroForTheCore()
    {
        var config = new BotConfig
        {
            Id = 42, OwnerId = "u", Name = "n", Symbol = "BTCUSDT", Interval = "1h", Strategy = "ema-rsi", MarketType = MarketType.Futures,
            InitialCapital = 500, PositionSizePerc = 20, StopLossEnabled = false, StopLossPerc = 3, TakeProfitEnabled = true, TakeProfitPerc = 5,
            TrailingStopEnabled = false, TrailingStopPerc = 1, Leverage = 5, MarginType = MarginType.Isolated, CheckIntervalSeconds = 5,
        };
        var rules = new SymbolRules(0.1m, 0.001m, 0.001m, 100m, 5m);

        var settings = BotStateMapper.ToSettings(config, rules);

        settings.ShouldBe(new BotSettings
        {
            BotId = "42", MarketType = MarketType.Futures, Strategy = "ema-rsi", StrategyParameters = settings.StrategyParameters,
            InitialCapital = 500, PositionSizePerc = 20, StopLossPerc = 0, TakeProfitPerc = 5, TrailingStopPerc = 0, TrailingStopActive = false,
            Leverage = 5, SymbolRules = rules,
        });
        settings.Validate().ShouldBeEmpty();
    }

    private static void AssertSame(BotState actual, BotState expected, string? because = null)
    {
        // Bit-for-bit, NaN equal to NaN. (SQLite stores -0.0 as 0, equal in value, so no example uses it.)
        actual.ShouldBe(expected, because);
        BitConverter.DoubleToInt64Bits(actual.Cash).ShouldBe(BitConverter.DoubleToInt64Bits(expected.Cash), because);
        BitConverter.DoubleToInt64Bits(actual.Quantity).ShouldBe(BitConverter.DoubleToInt64Bits(expected.Quantity), because);
        BitConverter.DoubleToInt64Bits(actual.Daily.RealizedPnl).ShouldBe(BitConverter.DoubleToInt64Bits(expected.Daily.RealizedPnl), because);
    }
}
