using TradeBot.Domain.Market;
using TradeBot.Domain.Trading;

namespace TradeBot.Tests.Domain.Trading;

public sealed class BotSettingsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors() => new BotSettings().Validate().ShouldBeEmpty();

    [Fact]
    public void FeeRate_NotSet_MarketDefault()
    {
        new BotSettings().EffectiveFeeRate.ShouldBe(0.001);
        new BotSettings { MarketType = MarketType.Futures }.EffectiveFeeRate.ShouldBe(0.0005);
        new BotSettings { FeeRate = 0.0002 }.EffectiveFeeRate.ShouldBe(0.0002);
    }

    public static TheoryData<string, string> BadSettings => new()
    {
        { "emaFast>=emaSlow", "emaFast" },
        { "unknown strategy", "strategy" },
        { "stopLossPerc<0", "stopLossPerc" },
        { "takeProfitPerc<0", "takeProfitPerc" },
        { "trailingStopPerc<0", "trailingStopPerc" },
        { "maxDailyLossPerc<0", "maxDailyLossPerc" },
        { "dailyTargetPerc<0", "dailyTargetPerc" },
        { "leverage 0", "leverage" },
        { "leverage 126", "leverage" },
        { "spot leverage 2", "leverage" },
        { "both sizes", "positionSizeFixed" },
        { "no size", "positionSizePerc" },
        { "initialCapital 0", "initialCapital" },
        { "trailing on at 0", "trailingStopPerc" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Validate_BadField_NamesTheField(string problem, string field)
    {
        var futures = new BotSettings { MarketType = MarketType.Futures };
        var settings = problem switch
        {
            "emaFast>=emaSlow" => new BotSettings { StrategyParameters = new Dictionary<string, double> { ["emaFast"] = 26, ["emaSlow"] = 26 } },
            "unknown strategy" => new BotSettings { Strategy = "moon" },
            "stopLossPerc<0" => new BotSettings { StopLossPerc = -1 },
            "takeProfitPerc<0" => new BotSettings { TakeProfitPerc = -1 },
            "trailingStopPerc<0" => new BotSettings { TrailingStopPerc = -1 },
            "maxDailyLossPerc<0" => new BotSettings { MaxDailyLossPerc = -1 },
            "dailyTargetPerc<0" => new BotSettings { DailyTargetPerc = -1 },
            "leverage 0" => futures with { Leverage = 0 },
            "leverage 126" => futures with { Leverage = 126 },
            "spot leverage 2" => new BotSettings { Leverage = 2 },
            "both sizes" => new BotSettings { PositionSizeFixed = 100 },
            "no size" => new BotSettings { PositionSizePerc = 0 },
            "initialCapital 0" => new BotSettings { InitialCapital = 0 },
            _ => new BotSettings { TrailingStopActive = true },
        };

        settings.Validate().Select(e => e.Field).ShouldContain(field);
    }
}
