using TradeBot.Domain.Market;

namespace TradeBot.Tests.Domain.Market;

public sealed class IntervalTests
{
    [Theory]
    [InlineData("1m", 60_000L)]
    [InlineData("3m", 180_000L)]
    [InlineData("5m", 300_000L)]
    [InlineData("15m", 900_000L)]
    [InlineData("30m", 1_800_000L)]
    [InlineData("1h", 3_600_000L)]
    [InlineData("2h", 7_200_000L)]
    [InlineData("4h", 14_400_000L)]
    [InlineData("6h", 21_600_000L)]
    [InlineData("8h", 28_800_000L)]
    [InlineData("12h", 43_200_000L)]
    [InlineData("1d", 86_400_000L)]
    public void Parse_SupportedCode_GivesItsDuration(string code, long durationMs)
    {
        var interval = Interval.Parse(code);

        interval.Code.ShouldBe(code);
        interval.DurationMs.ShouldBe(durationMs);
        interval.ToString().ShouldBe(code);
    }

    [Fact]
    public void All_ListsTwelveIntervals_ShortestFirst()
    {
        Interval.All.Count.ShouldBe(12);
        Interval.All.Select(i => i.DurationMs).ShouldBeInOrder();
    }

    [Theory]
    [InlineData("7m")]
    [InlineData("1M")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_UnsupportedCode_ReturnsFalse(string? code)
    {
        Interval.TryParse(code, out var interval).ShouldBeFalse();
        interval.ShouldBeNull();
    }

    [Fact]
    public void Parse_UnsupportedCode_ThrowsListingSupportedOnes()
    {
        var error = Should.Throw<FormatException>(() => Interval.Parse("7m"));

        error.Message.ShouldBe("Unknown interval '7m'. Supported intervals: 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d.");
    }
}
