using TradeBot.Domain.Market;
using TradeBot.Web.Backtests;
using TradeBot.Web.Cli;

namespace TradeBot.Tests.Backtests;

/// <summary>What the report page draws from a stored report: the monthly grid, the cards, the markers, the progress line.</summary>
public sealed class BacktestReportViewTests
{
    private static long Ms(int year, int month, int day = 1) => new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void MonthlyGrid_MonthsAcrossYears_PutsEachInItsYearRowAndMonthColumn()
    {
        var (years, values) = BacktestReportView.MonthlyGrid([new MonthlyJson(Ms(2024, 11), 10, 1.5), new MonthlyJson(Ms(2024, 12), -5, -0.5), new MonthlyJson(Ms(2025, 1), 3, 0.25)]);

        years.ShouldBe(["2024", "2025"]);
        values.GetLength(1).ShouldBe(12);
        values[0, 10].ShouldBe(1.5);
        values[0, 11].ShouldBe(-0.5);
        values[1, 0].ShouldBe(0.25);
        values[0, 0].ShouldBeNull();
        values[1, 1].ShouldBeNull();
        BacktestReportView.MonthNames[0].ShouldBe("Jan");
        BacktestReportView.MonthNames[11].ShouldBe("Dec");
    }

    [Fact]
    public void Cards_ReturnAndInfiniteRatios_AreSignedAndReadable()
    {
        var metrics = new MetricsJson(1000, 1100, 10, -2, 4, 4, 0, 100, 3.2, 25, null, null, 1.5, 2.1, null, 40);

        var cards = BacktestReportView.Cards(metrics);

        cards[0].ShouldBe(new MetricCard("Total return", "+10.00%", "buy and hold -2.00%", 1));
        cards.Single(c => c.Label == "Profit factor").Value.ShouldBe("∞");
        cards.Single(c => c.Label == "Max drawdown").Value.ShouldBe("-1.50%");
        cards.Single(c => c.Label == "Max drawdown").Tone.ShouldBe(-1);
    }

    [Fact]
    public void Chart_TradesInAndBeforeTheShownCandles_MarksEntriesAndExitsShown()
    {
        var candles = Enumerable.Range(0, 10).Select(i => new Candle(i * 3_600_000L, 100, 101, 99, 100 + i, 1)).ToList();
        var report = new BacktestResultJson(
            new MetricsJson(1000, 1000, 0, 0, 2, 1, 1, 50, 1, 0, 1, 0, 0, 0, 0, 0),
            [new TradeJson("long", 3_600_000, 100, 7_200_000, 101, 1, 0.2, 0.8, "signal"), new TradeJson("short", 18_000_000, 105, 25_200_000, 104, 1, 0.2, 0.8, "stop")],
            [], [], []);

        var chart = BacktestReportView.Chart(candles, new Dictionary<string, double> { ["emaFast"] = 3, ["emaSlow"] = 5 }, report);

        chart.Markers.Count.ShouldBe(4);
        chart.Markers[0].IsBuy.ShouldBeTrue();
        chart.Markers[1].IsBuy.ShouldBeFalse();
        chart.Markers[2].IsBuy.ShouldBeFalse("a short opens with a sell");
        chart.Markers[3].Text.ShouldContain("stop");
        chart.Lines.Select(l => l.Name).ShouldBe(["EMA 3", "EMA 5"]);
        chart.Rsi.Count.ShouldBe(10);
        chart.IsCut.ShouldBeFalse();
    }

    [Theory]
    [InlineData(BacktestStatus.Queued, 0, 0, 0, "Waiting for a free slot…")]
    [InlineData(BacktestStatus.Downloading, 0.42, 0, 0, "Loading candles: 42%")]
    [InlineData(BacktestStatus.Running, 0.5, 4380, 8760, "Backtesting: 4,380 of 8,760 candles (50%), about 2 s left")]
    public void ProgressText_EachPhase_SaysWhereTheRunIs(BacktestStatus status, double progress, long processed, long total, string expected)
    {
        var message = new BacktestProgressMessage(1, "u", status, progress, processed, total, status == BacktestStatus.Running ? TimeSpan.FromSeconds(1.2) : null);

        BacktestReportView.ProgressText(message, BacktestKind.Single).ShouldBe(expected);
    }
}
