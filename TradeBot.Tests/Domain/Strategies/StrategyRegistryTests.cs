using TradeBot.Domain.Strategies;

namespace TradeBot.Tests.Domain.Strategies;

public sealed class StrategyRegistryTests
{
    private static readonly Dictionary<string, double> NoParameters = [];

    [Fact]
    public void All_ListsEmaRsiAndEmaPriceCross()
    {
        StrategyRegistry.All.Select(s => s.Name).ShouldBe(["ema-rsi", "ema-price-cross"]);
    }

    [Fact]
    public void Create_EveryStrategyWithDefaults_BuildsThatStrategy()
    {
        foreach (var definition in StrategyRegistry.All)
        {
            StrategyRegistry.Validate(definition.Name, NoParameters).ShouldBeEmpty();
            StrategyRegistry.Create(definition.Name, NoParameters).Name.ShouldBe(definition.Name);
        }
    }

    [Fact]
    public void OnCandle_EveryRegisteredStrategy_AllocatesNothing()
    {
        var candles = TestCandles.Wavy(500);
        foreach (var definition in StrategyRegistry.All)
        {
            var strategy = definition.Create(NoParameters);
            strategy.OnCandle(candles[0]);

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 1; i < candles.Length; i++)
            {
                strategy.OnCandle(candles[i]);
            }

            (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0, definition.Name);
        }
    }

    [Fact]
    public void Create_EmaRsiWithoutParameters_UsesDocumentedDefaults()
    {
        StrategyRegistry.EmaRsi.WithDefaults(NoParameters).ShouldBe(new Dictionary<string, double>
        {
            ["emaFast"] = 12, ["emaSlow"] = 26, ["rsiPeriod"] = 14, ["rsiOversold"] = 30, ["rsiOverbought"] = 70,
        });
        var strategy = (EmaRsiStrategy)StrategyRegistry.Create("ema-rsi", new Dictionary<string, double> { ["rsiOversold"] = 25 });

        strategy.RsiOversold.ShouldBe(25);
        strategy.RsiOverbought.ShouldBe(70);
        strategy.WarmUpPeriod.ShouldBe(27);
    }

    [Theory]
    [InlineData("emaFast", 12.5, "emaFast must be a whole number (got 12.5).")]
    [InlineData("emaFast", 1, "emaFast must be between 2 and 200 (got 1).")]
    [InlineData("rsiOverbought", 101, "rsiOverbought must be between 0 and 100 (got 101).")]
    [InlineData("rsiPeriod", double.NaN, "rsiPeriod must be a number (got NaN).")]
    [InlineData("emaSlow", 10, "emaFast (12) must be less than emaSlow (10).")]
    [InlineData("rsiOversold", 70, "rsiOversold (70) must be less than rsiOverbought (70).")]
    [InlineData("emaFst", 5, "Unknown parameter 'emaFst' for strategy ema-rsi. Its parameters are: emaFast, emaSlow, rsiPeriod, rsiOversold, rsiOverbought.")]
    public void Validate_BadParameter_ExplainsTheProblem(string name, double value, string message)
    {
        StrategyRegistry.Validate("ema-rsi", new Dictionary<string, double> { [name] = value }).ShouldBe([message]);
    }

    [Fact]
    public void Validate_UnknownStrategy_ListsAvailableOnes()
    {
        StrategyRegistry.Validate("macd-magic", NoParameters)
            .ShouldBe(["Unknown strategy 'macd-magic'. Available strategies: ema-rsi, ema-price-cross."]);
    }

    [Fact]
    public void Create_InvalidParameters_ThrowsWithEveryProblem()
    {
        var parameters = new Dictionary<string, double> { ["emaFast"] = 30, ["rsiOverbought"] = 20 };

        var error = Should.Throw<ArgumentException>(() => StrategyRegistry.Create("ema-rsi", parameters));

        error.Message.ShouldContain("emaFast (30) must be less than emaSlow (26).");
        error.Message.ShouldContain("rsiOversold (30) must be less than rsiOverbought (20).");
    }

    [Fact]
    public void Create_UnknownStrategy_Throws()
    {
        Should.Throw<ArgumentException>(() => StrategyRegistry.Create("nope", NoParameters))
            .Message.ShouldStartWith("Unknown strategy 'nope'.");
    }
}
