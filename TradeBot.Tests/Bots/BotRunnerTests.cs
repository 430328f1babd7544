using TradeBot.Domain.Risk;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Bots;
using TradeBot.Web.Bots.Runner;
using TradeBot.Web.Exchange;

namespace TradeBot.Tests.Bots;

/// <summary>The runner on the paper exchange: a whole trade with its trailing stop, outages and recovery, inactive bots.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BotRunnerTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Paper_EntryTrailingExit_TradesAndStatePersisted(string provider)
    {
        await using var harness = await RunnerHarness.CreateAsync(provider, postgres, 600, Cancel);
        await harness.StartBotAsync(RunnerHarness.Input(stops: true), Cancel);

        (await harness.TickAtOpenAsync(1, Cancel)).ShouldBe(TickOutcome.NothingToDo);
        (await harness.StateAsync(Cancel)).Status.ShouldBe(BotStatus.Waiting, "the strategy is warming up");
        await harness.TickUntilInPositionAsync(2, Cancel);

        var entered = await harness.StateAsync(Cancel);
        var entry = (await harness.TradesAsync(Cancel)).ShouldHaveSingleItem();
        entered.Status.ShouldBe(BotStatus.InPosition);
        entered.PendingClientOrderId.ShouldBeNull();
        entry.Side.ShouldBe(OrderSide.Buy);
        entry.ClientOrderId.ShouldBe(ClientOrderId.For(harness.BotId.ToString(System.Globalization.CultureInfo.InvariantCulture), entered.DecisionSequence));
        entry.ExitReason.ShouldBeNull();
        ((double)entry.Price).ShouldBe(entered.EntryPrice!.Value);
        ((double)entry.Quantity).ShouldBe(entered.Quantity);
        entered.StopLossPrice!.Value.ShouldBe(entered.EntryPrice.Value * 0.98, 1e-6);
        entered.Cash.ShouldBe(1000 - (double)(entry.QuoteQuantity + entry.Commission), 1e-9);

        // The price rises 1.5% within the hour: the best price moves, and the trailing stop (1%) with it.
        var high = Math.Round((decimal)entered.EntryPrice.Value * 1.015m, 2);
        (await harness.TickAtAsync(TimeSpan.FromSeconds(10), high, Cancel)).ShouldBe(TickOutcome.NothingToDo);
        var trailing = await harness.StateAsync(Cancel);
        trailing.ExtremePrice.ShouldBe((double)high);
        trailing.TrailingStopPrice!.Value.ShouldBe((double)high * 0.99, 1e-6);
        trailing.TrailingStopPrice.Value.ShouldBeGreaterThan(trailing.StopLossPrice!.Value);

        // It falls back 1.2%: below the trailing stop, above the stop-loss: the position is closed as a stop.
        var fall = Math.Round(high * 0.988m, 2);
        (await harness.TickAtAsync(TimeSpan.FromSeconds(10), fall, Cancel)).ShouldBe(TickOutcome.Traded);
        var trades = await harness.TradesAsync(Cancel);
        trades.Count.ShouldBe(2);
        var exit = trades[1];
        exit.Side.ShouldBe(OrderSide.Sell);
        exit.ExitReason.ShouldBe("stop");
        exit.Quantity.ShouldBe(entry.Quantity);
        exit.Price.ShouldBe(fall * (1 - 0.0005m), "the paper exchange sells at the market price less 5 bps");
        var pnl = exit.QuoteQuantity - exit.Commission - entry.QuoteQuantity - entry.Commission;
        ((double)exit.RealizedPnl!.Value).ShouldBe((double)pnl, 1e-6);

        var flat = await harness.StateAsync(Cancel);
        flat.Status.ShouldBe(BotStatus.Running);
        flat.PositionSide.ShouldBe(PositionSide.None);
        flat.EntryPrice.ShouldBeNull();
        flat.TrailingStopPrice.ShouldBeNull();
        flat.Cash.ShouldBe(1000 + (double)pnl, 1e-6);
        flat.DailyPnl.ShouldBe((double)pnl, 1e-6);
        var events = await harness.Host.EventsAsync(harness.BotId, Cancel);
        events.Count(e => e.Kind == BotEventKind.Fill).ShouldBe(2);
        (await harness.PaperOrderCountAsync(Cancel)).ShouldBe(2);
    }

    [Theory]
    [InlineData(1.045, "take-profit")]
    [InlineData(1.039, null)]
    [InlineData(0.975, "stop")]
    [InlineData(0.995, null)]
    public async Task Paper_PriceReachesALevel_ExitWithItsReason(double move, string? reason)
    {
        await using var harness = await RunnerHarness.CreateAsync("Sqlite", postgres, 600, Cancel);
        var input = RunnerHarness.Input(stops: true);
        input.TrailingStopEnabled = false;
        input.TrailingStopPerc = 0;
        await harness.StartBotAsync(input, Cancel);
        await harness.TickUntilInPositionAsync(1, Cancel);
        var entry = (await harness.StateAsync(Cancel)).EntryPrice!.Value;

        var outcome = await harness.TickAtAsync(TimeSpan.FromSeconds(30), Math.Round((decimal)(entry * move), 2), Cancel);

        var trades = await harness.TradesAsync(Cancel);
        if (reason is null)
        {
            outcome.ShouldBe(TickOutcome.NothingToDo);
            trades.ShouldHaveSingleItem();
            (await harness.StateAsync(Cancel)).Status.ShouldBe(BotStatus.InPosition);
        }
        else
        {
            outcome.ShouldBe(TickOutcome.Traded);
            trades.Count.ShouldBe(2);
            trades[1].ExitReason.ShouldBe(reason);
            (await harness.StateAsync(Cancel)).PositionSide.ShouldBe(PositionSide.None);
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task ExchangeOutage_ErrorWithMessageThenRecoversByItself(string provider)
    {
        await using var harness = await RunnerHarness.CreateAsync(provider, postgres, 100, Cancel);
        await harness.StartBotAsync(RunnerHarness.Input(stops: true), Cancel);
        await harness.TickAtOpenAsync(1, Cancel);

        harness.Market.IsDown = true;
        (await harness.TickAtOpenAsync(2, Cancel)).ShouldBe(TickOutcome.Failed);
        (await harness.TickAtOpenAsync(3, Cancel)).ShouldBe(TickOutcome.Failed);
        var failing = await harness.StateAsync(Cancel);
        failing.Status.ShouldBe(BotStatus.Error);
        failing.LastError!.ShouldContain("simulated outage");
        failing.ConsecutiveErrors.ShouldBe(2);
        BotRunner.NextRetryDelay(failing.ConsecutiveErrors).ShouldBe(TimeSpan.FromSeconds(10));

        harness.Market.IsDown = false;
        (await harness.TickAtOpenAsync(4, Cancel)).ShouldNotBe(TickOutcome.Failed);
        var recovered = await harness.StateAsync(Cancel);
        recovered.Status.ShouldBeOneOf(BotStatus.Waiting, BotStatus.Running, BotStatus.InPosition);
        recovered.LastError.ShouldBeNull();
        recovered.ConsecutiveErrors.ShouldBe(0);
        recovered.LastCandleOpenTimeMs.ShouldBe(harness.Market.Candles[3].OpenTimeMs);
        var events = await harness.Host.EventsAsync(harness.BotId, Cancel);
        events.Count(e => e.Kind == BotEventKind.Error).ShouldBe(1, "the same failure is logged once");
        events.ShouldContain(e => e.Kind == BotEventKind.Tick && e.Message.StartsWith("Recovered", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task EditInPosition_NextCheckUsesNewSettings_NoOrderAgain(string provider)
    {
        await using var harness = await RunnerHarness.CreateAsync(provider, postgres, 600, Cancel);
        await harness.StartBotAsync(RunnerHarness.Input(stops: true), Cancel);
        var index = await harness.TickUntilInPositionAsync(1, Cancel);
        var entered = await harness.StateAsync(Cancel);

        var edit = RunnerHarness.Input(stops: true);
        edit.TrailingStopPerc = 0.5;
        (await harness.Host.Bots.UpdateAsync(harness.Owner, harness.BotId, edit, Cancel)).Succeeded.ShouldBeTrue();
        (await harness.TickAtAsync(TimeSpan.FromSeconds(10), harness.Market.Price, Cancel)).ShouldBe(TickOutcome.NothingToDo);

        var after = await harness.StateAsync(Cancel);
        after.PositionSide.ShouldBe(entered.PositionSide);
        after.DecisionSequence.ShouldBe(entered.DecisionSequence, "the entry candle is not decided again");
        after.TrailingStopPrice!.Value.ShouldBe(after.ExtremePrice!.Value * 0.995, 1e-6);
        (await harness.TradesAsync(Cancel)).ShouldHaveSingleItem();
        (await harness.TickAtOpenAsync(index + 1, Cancel)).ShouldNotBe(TickOutcome.Failed);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task MaxDailyTradesReached_PausedUntilNextUtcDay_ThenResumesByItself(string provider)
    {
        await using var harness = await RunnerHarness.CreateAsync(provider, postgres, 600, Cancel);
        var input = RunnerHarness.Input(stops: false);
        input.MaxDailyTrades = 1;
        await harness.StartBotAsync(input, Cancel);
        var index = await harness.TickUntilInPositionAsync(1, Cancel);

        var paused = await harness.StateAsync(Cancel);
        paused.Status.ShouldBe(BotStatus.Paused);
        paused.PauseReason.ShouldBe(PauseReason.MaxDailyTradesReached);
        paused.DailyTrades.ShouldBe(1);

        var nextDay = index + 1;
        while (harness.Market.Candles[nextDay].OpenTime.UtcDateTime.Date == harness.Market.Candles[index].OpenTime.UtcDateTime.Date)
            nextDay++;
        (await harness.TickAtOpenAsync(nextDay, Cancel)).ShouldNotBe(TickOutcome.Failed);

        var resumed = await harness.StateAsync(Cancel);
        resumed.PauseReason.ShouldBe(PauseReason.None);
        resumed.Status.ShouldBeOneOf(BotStatus.InPosition, BotStatus.Running);
        resumed.DailyDay.ShouldBe(harness.Market.Candles[nextDay].OpenTimeMs / 86_400_000);
        var events = await harness.Host.EventsAsync(harness.BotId, Cancel);
        events.ShouldContain(e => e.Kind == BotEventKind.Paused && e.Message.Contains("max daily trades reached"));
        events.ShouldContain(e => e.Kind == BotEventKind.Resumed);
    }

    [Fact]
    public async Task BackAfterLongOutage_OnlyNewestCandleIsNew_BoundedRead()
    {
        await using var harness = await RunnerHarness.CreateAsync("Sqlite", postgres, 2000, Cancel);
        await harness.StartBotAsync(RunnerHarness.Input(stops: false), Cancel);
        await harness.TickAtOpenAsync(1, Cancel);
        await harness.TickAtOpenAsync(2, Cancel);

        (await harness.TickAtOpenAsync(1900, Cancel)).ShouldNotBe(TickOutcome.Failed);

        var state = await harness.StateAsync(Cancel);
        state.LastCandleOpenTimeMs.ShouldBe(harness.Market.Candles[1899].OpenTimeMs);
        state.Status.ShouldNotBe(BotStatus.Error);
        harness.Market.LastServedCount.ShouldBeLessThanOrEqualTo(BotEngines.MaxWarmUpCandles + 1, "a warm-up's worth, not the whole gap");
        (await harness.TradesAsync(Cancel)).Count.ShouldBeLessThanOrEqualTo(1, "at most the newest candle's signal traded");
    }

    [Theory]
    [InlineData("Sqlite")]
    public async Task StoppedOrMissingBot_NotActive_NothingWritten(string provider)
    {
        await using var harness = await RunnerHarness.CreateAsync(provider, postgres, 10, Cancel);
        await harness.StartBotAsync(RunnerHarness.Input(stops: false), Cancel);
        (await harness.Host.Bots.StopAsync(harness.Owner, harness.BotId, Cancel)).Succeeded.ShouldBeTrue();
        var before = await harness.StateAsync(Cancel);

        (await harness.TickAtOpenAsync(1, Cancel)).ShouldBe(TickOutcome.NotActive);
        (await harness.Ticker.TickAsync(harness.BotId + 1000, Cancel)).ShouldBe(TickOutcome.NotActive);
        (await harness.StateAsync(Cancel)).Version.ShouldBe(before.Version);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task ClosePosition_Asked_NextCheckExitsAtMarketAsManual_BotPausedAndFlat(string provider)
    {
        await using var harness = await RunnerHarness.CreateAsync(provider, postgres, 600, Cancel);
        await harness.StartBotAsync(RunnerHarness.Input(stops: false), Cancel);
        (await harness.Host.Bots.ClosePositionAsync(harness.Owner, harness.BotId, Cancel)).Errors.ShouldHaveSingleItem()
            .Message.ShouldBe("The bot holds no position.");
        var entered = await harness.TickUntilInPositionAsync(1, Cancel);

        var asked = await harness.Host.Bots.ClosePositionAsync(harness.Owner, harness.BotId, Cancel);
        asked.Succeeded.ShouldBeTrue();
        asked.Bot!.State.Status.ShouldBe(BotStatus.Paused);
        (await harness.Host.Bots.ClosePositionAsync(harness.Owner, harness.BotId, Cancel)).Errors.ShouldHaveSingleItem()
            .Message.ShouldContain("already asked for");
        (await harness.Host.Bots.ClosePositionAsync(await harness.Host.CreateUserAsync("mallory", Cancel), harness.BotId, Cancel))
            .IsNotFound.ShouldBeTrue();

        (await harness.TickAtAsync(TimeSpan.FromSeconds(10), harness.Market.Price, Cancel)).ShouldBe(TickOutcome.Traded);

        var trades = await harness.TradesAsync(Cancel);
        trades.Count.ShouldBe(2);
        trades[1].ExitReason.ShouldBe("manual");
        trades[1].Side.ShouldBe(OrderSide.Sell);
        var state = await harness.StateAsync(Cancel);
        state.PositionSide.ShouldBe(PositionSide.None);
        state.CloseRequestedAt.ShouldBeNull();
        state.Status.ShouldBe(BotStatus.Paused, "no new entry after a manual close until the trader resumes");
        for (var i = entered + 1; i < entered + 40; i++)
            await harness.TickAtOpenAsync(i, Cancel);
        (await harness.TradesAsync(Cancel)).Count.ShouldBe(2, "paused: the strategy's signals do not enter");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task QuietCheck_NotWrittenButAnnounced_UntilTheStoredTimeIsAMinuteOld(string provider)
    {
        await using var harness = await RunnerHarness.CreateAsync(provider, postgres, 10, Cancel);
        await harness.StartBotAsync(RunnerHarness.Input(stops: false), Cancel);
        var ticks = 0;
        var twoHeard = new TaskCompletionSource();
        using var subscription = harness.Bus.Subscribe(harness.BotId, m =>
        {
            if (m.Kind == BotEventKind.Tick && Interlocked.Increment(ref ticks) == 2)
                twoHeard.TrySetResult();
            return Task.CompletedTask;
        });
        (await harness.TickAtOpenAsync(1, Cancel)).ShouldBe(TickOutcome.NothingToDo);
        var first = await harness.StateAsync(Cancel);
        first.LastRunAt.ShouldBe(harness.Host.Time.GetUtcNow());
        var price = harness.Market.Price;

        (await harness.TickAtAsync(TimeSpan.FromSeconds(30), price, Cancel)).ShouldBe(TickOutcome.NothingToDo);
        var quiet = await harness.StateAsync(Cancel);
        quiet.Version.ShouldBe(first.Version, "a check that changed nothing is not written");
        quiet.LastRunAt.ShouldBe(first.LastRunAt);
        await twoHeard.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel); // the quiet check was still announced

        (await harness.TickAtAsync(TimeSpan.FromSeconds(30), price, Cancel)).ShouldBe(TickOutcome.NothingToDo);
        var refreshed = await harness.StateAsync(Cancel);
        refreshed.Version.ShouldBe(first.Version + 1, "a minute after the stored check time, the time is written again");
        refreshed.LastRunAt.ShouldBe(harness.Host.Time.GetUtcNow());
    }

    [Fact]
    public async Task TwoTriggersAtOnce_SecondIsSkippedWhileTheFirstRuns()
    {
        await using var harness = await RunnerHarness.CreateAsync("Sqlite", postgres, 10, Cancel);
        await harness.StartBotAsync(RunnerHarness.Input(stops: false), Cancel);
        var before = (await harness.StateAsync(Cancel)).Version;
        var hold = new TaskCompletionSource();
        harness.Market.Hold = hold.Task;

        var first = harness.TickAtOpenAsync(1, Cancel);
        await Task.Delay(100, Cancel);
        var second = await harness.Ticker.TickAsync(harness.BotId, Cancel);
        hold.SetResult();

        second.ShouldBe(TickOutcome.NothingToDo);
        (await first).ShouldBe(TickOutcome.NothingToDo);
        (await harness.StateAsync(Cancel)).Version.ShouldBe(before + 1, "one check saved, once");
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(6, 160)]
    [InlineData(7, 300)]
    [InlineData(1000, 300)]
    public void NextRetryDelay_FailuresInARow_FiveSecondsDoublingToFiveMinutes(int failures, int seconds) =>
        BotRunner.NextRetryDelay(failures).ShouldBe(TimeSpan.FromSeconds(seconds));
}
