using Microsoft.Extensions.DependencyInjection;
using TradeBot.Domain.Backtesting;
using TradeBot.Tests.Bots;
using TradeBot.Web.Backtests;

namespace TradeBot.Tests.Backtests;

/// <summary>The backtest and sweep validator: clear messages by field for bad ranges, costs and grids; the bot form's for settings.</summary>
public sealed class BacktestValidatorTests : IAsyncLifetime
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private BotsTestHost _host = null!;

    private BacktestValidator Validator => _host.Services.GetRequiredService<BacktestValidator>();

    public async ValueTask InitializeAsync() => _host = await BotsTestHost.CreateAsync("Sqlite", null, Cancel);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Validate_GoodInput_HasNoErrors() =>
        (await Validator.ValidateAsync(BacktestJobTests.YearInput(), Cancel)).ShouldBeEmpty();

    [Theory]
    [InlineData("to", -1, 5, null, "The last day must not be before the first.")]
    [InlineData("to", 400, 5, null, "The range cannot end after today (UTC).")]
    [InlineData("slippageBps", 0, double.NaN, null, "Slippage must be from 0 to 1000 basis points.")]
    [InlineData("slippageBps", 0, 5000, null, "Slippage must be from 0 to 1000 basis points.")]
    [InlineData("feeRate", 0, 5, -0.001, "The fee must be from 0 to 10% of each fill's notional.")]
    [InlineData("feeRate", 0, 5, double.PositiveInfinity, "The fee must be from 0 to 10% of each fill's notional.")]
    public async Task Validate_BadRangeOrCosts_SaysWhichField(string field, int toShiftDays, double slippage, double? fee, string message)
    {
        var input = BacktestJobTests.YearInput();
        input.To = toShiftDays < 0 ? input.From!.Value.AddDays(toShiftDays) : input.To!.Value.AddDays(toShiftDays);
        input.SlippageBps = slippage;
        input.FeeRate = fee ?? input.FeeRate;

        var errors = await Validator.ValidateAsync(input, Cancel);

        errors.ShouldContain(new TradeBot.Domain.Trading.SettingsError(field, message));
    }

    [Fact]
    public async Task Validate_TooManyOneMinuteCandles_RefusesTheRange()
    {
        var input = BacktestJobTests.YearInput();
        input.Bot.Interval = "1m";
        input.From = input.To!.Value.AddDays(-3 * 365);

        (await Validator.ValidateAsync(input, Cancel)).Single(e => e.Field == "to").Message.ShouldContain("at most 1100000 fit one backtest");
    }

    [Fact]
    public async Task Validate_BotSettingsProblems_UseTheBotFormsMessages()
    {
        var input = BacktestJobTests.YearInput();
        input.Bot.Symbol = "NOPEUSDT";
        input.Bot.StrategyParameters!["emaFast"] = 30;

        var errors = await Validator.ValidateAsync(input, Cancel);

        errors.ShouldContain(e => e.Field == "symbol" && e.Message.Contains("not a tradable spot symbol"));
        errors.ShouldContain(e => e.Field == "emaFast" || e.Field == "emaSlow");
        errors.ShouldNotContain(e => e.Field == "name" || e.Field == "checkIntervalSeconds");
    }

    [Fact]
    public async Task ValidateSweep_BadGrids_SayWhatIsWrong()
    {
        var sweep = new SweepInput { Backtest = BacktestJobTests.YearInput() };
        (await Validator.ValidateAsync(sweep, Cancel)).ShouldContain(e => e.Field == "axes");

        sweep.Axes = [new SweepAxis { Name = "bogus", From = 1, To = 2 }];
        (await Validator.ValidateAsync(sweep, Cancel)).Single(e => e.Field == "axes[0]").Message.ShouldContain("emaFast");

        sweep.Axes = [new SweepAxis { Name = "emaFast", From = 5, To = 2 }, new SweepAxis { Name = "emaFast", From = 1, To = 2 }];
        var errors = await Validator.ValidateAsync(sweep, Cancel);
        errors.Single(e => e.Field == "axes[0]").Message.ShouldBe("The range of emaFast must not end below its start.");
        errors.Single(e => e.Field == "axes[1]").Message.ShouldBe("emaFast is varied twice; choose another parameter.");

        sweep.Axes = [new SweepAxis { Name = "emaFast", From = 1, To = 100, Step = 1 }, new SweepAxis { Name = "emaSlow", From = 1, To = 100, Step = 1 }];
        sweep.RunCount().ShouldBe(10_000);
        (await Validator.ValidateAsync(sweep, Cancel)).Single(e => e.Field == "axes").Message.ShouldContain("holds 10000 backtests");

        sweep.Axes = [new SweepAxis { Name = "stopLossPerc", From = 1, To = 3, Step = 0.5 }];
        sweep.Rank = (SweepRank)99;
        (await Validator.ValidateAsync(sweep, Cancel)).ShouldHaveSingleItem().Field.ShouldBe("rank");
        sweep.Axes[0].Values().ShouldBe([1, 1.5, 2, 2.5, 3]);
    }
}
