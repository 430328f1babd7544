using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;

namespace TradeBot.Tests.Domain.Backtesting;

public sealed class KlineCsvTests
{
    private static KlineCsvResult Read(string text) => KlineCsv.Read(new StringReader(text), Interval.OneHour);

    [Fact]
    public void Read_MillisecondTimes_ParsesEveryField()
    {
        var result = Read("1605571200000,16713.08,16830.00,16683.63,16806.09,2861.4,1605574799999,0,51506,0,0,0\n");

        result.Candles.ShouldBe([new Candle(1605571200000, 16713.08, 16830.00, 16683.63, 16806.09, 2861.4)]);
        result.Gaps.ShouldBeEmpty();
    }

    [Fact]
    public void Read_MicrosecondTimes_ConvertsToMilliseconds()
    {
        var result = Read("1735689600000000,93576.00,94509.42,93489.03,94401.14,755.99,1735693199999999,0,0,0,0,0");

        result.Candles.Single().OpenTimeMs.ShouldBe(1735689600000);
    }

    [Fact]
    public void Read_HeaderLine_IsSkipped()
    {
        var result = Read("open_time,open,high,low,close,volume,close_time\r\n0,1,2,0.5,1.5,10,3599999\r\n");

        result.Candles.Single().Close.ShouldBe(1.5);
    }

    [Fact]
    public void Read_UnsortedRows_ComeBackInTimeOrder()
    {
        var result = Read("7200000,3,3,3,3,1\n0,1,1,1,1,1\n3600000,2,2,2,2,1\n");

        result.Candles.Select(c => c.Close).ShouldBe([1.0, 2.0, 3.0]);
    }

    [Fact]
    public void Read_DuplicateRows_KeepFirstAndCountConflicts()
    {
        var result = Read("3600000,2,2,2,2,1\n0,1,1,1,1,1\n3600000,2,2,2,2,1\n3600000,9,9,9,9,9\n0,5,5,5,5,5\n");

        result.Candles.Select(c => c.Close).ShouldBe([1.0, 2.0]);
        result.ExactDuplicates.ShouldBe(1);
        result.ConflictingDuplicates.ShouldBe(2);
    }

    [Fact]
    public void Read_MissingHours_ReportsEachGap()
    {
        var result = Read("0,1,1,1,1,1\n3600000,1,1,1,1,1\n14400000,1,1,1,1,1\n18000000,1,1,1,1,1\n25200000,1,1,1,1,1\n");

        result.Gaps.ShouldBe([new CandleGap(3600000, 2), new CandleGap(18000000, 1)]);
        result.MissingCandles.ShouldBe(3);
    }

    [Theory]
    [InlineData("0,1,1,1,1,1\n3600000,1,1,1\n", "line 2: expected at least 6 fields, found 4")]
    [InlineData("0,1,1,1,1,1\n\n3600000,abc,1,1,1,1\n", "line 3: open is not a number")]
    [InlineData("0,1,1,1,1,1\n3600000,1,1,1,1,\n", "line 2: volume is not a number")]
    [InlineData("0,1,1,1,1,1\n-5,1,1,1,1,1\n", "line 2: open time is not a whole number")]
    [InlineData("0,1,1,1,1,1\nopen_time,open,high,low,close,volume\n", "line 2: open time is not a whole number")]
    [InlineData("0,1,1,1,1,1\n3600000,1,1,1,1;5,1\n", "line 2: close is not a number")]
    public void Read_BadLine_ThrowsNamingLineAndProblem(string text, string message)
    {
        Should.Throw<FormatException>(() => Read(text)).Message.ShouldBe(message);
    }

    [Fact]
    public void Read_SampleFile_Has4309CandlesAnd7GapsOf12Hours()
    {
        using var reader = File.OpenText(LocateSampleFile());

        var result = KlineCsv.Read(reader, Interval.OneHour);

        result.Candles.Count.ShouldBe(4309);
        result.Gaps.Count.ShouldBe(7);
        result.MissingCandles.ShouldBe(12);
        result.ExactDuplicates.ShouldBe(0);
        result.ConflictingDuplicates.ShouldBe(0);
        result.Candles[0].OpenTimeMs.ShouldBe(1605571200000);
    }

    private static string LocateSampleFile() => SampleData.Locate();
}
