using System.Reflection;
using Microsoft.EntityFrameworkCore;
using TradeBot.Tests.Security;
using TradeBot.Web.Bots;

namespace TradeBot.Tests.Bots;

/// <summary>
/// Hostile values in every field of a bot, one at a time and in random mixes: the service answers with messages,
/// never an exception, stores nothing it refused, and what it accepts is sane.
/// </summary>
public sealed class BotInputFuzzTests(BotValidatorFixture fixture) : IClassFixture<BotValidatorFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly PropertyInfo[] Fields = [.. typeof(BotInput).GetProperties().Where(p => p.CanWrite)];

    [Fact]
    public async Task Create_EachFieldHostile_MessagesNotExceptionsAndNothingRefusedIsStored()
    {
        foreach (var field in Fields)
        {
            foreach (var value in HostileInput.For(field.PropertyType))
            {
                var input = BotsTestHost.ValidInput();
                field.SetValue(input, value);
                await AssertHandledAsync(input, $"{field.Name} = {HostileInput.Describe(value)}");
            }
        }
    }

    [Fact]
    public async Task Update_EachFieldHostile_MessagesNotExceptionsAndRefusedEditsChangeNothing()
    {
        var id = (await fixture.Host.Bots.CreateAsync(fixture.Alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        foreach (var field in Fields.Where(f => f.Name != nameof(BotInput.Version)))
        {
            foreach (var value in HostileInput.For(field.PropertyType))
            {
                var input = BotsTestHost.ValidInput();
                field.SetValue(input, value);
                var before = (await fixture.Host.Bots.GetAsync(fixture.Alice, id, Cancel))!.Config;
                BotResult result;
                try
                {
                    result = await fixture.Host.Bots.UpdateAsync(fixture.Alice, id, input, Cancel);
                }
                catch (Exception e)
                {
                    throw new ShouldAssertException($"{field.Name} = {HostileInput.Describe(value)} threw {e}");
                }
                var after = (await fixture.Host.Bots.GetAsync(fixture.Alice, id, Cancel))!.Config;
                if (!result.Succeeded)
                    after.Version.ShouldBe(before.Version, $"{field.Name} = {HostileInput.Describe(value)}");
            }
        }
    }

    [Fact]
    public async Task Create_RandomMixesOfHostileFields_MessagesNotExceptions()
    {
        var random = new Random(20261125);
        for (var i = 0; i < 300; i++)
        {
            var input = BotsTestHost.ValidInput();
            var changed = new List<string>();
            for (var n = random.Next(2, 7); n > 0; n--)
            {
                var field = Fields[random.Next(Fields.Length)];
                var values = HostileInput.For(field.PropertyType);
                var value = values[random.Next(values.Count)];
                field.SetValue(input, value);
                changed.Add($"{field.Name} = {HostileInput.Describe(value)}");
            }
            await AssertHandledAsync(input, string.Join(", ", changed));
        }
    }

    private async Task AssertHandledAsync(BotInput input, string what)
    {
        var before = await fixture.Host.CountAsync<BotConfig>(Cancel);
        BotResult result;
        try
        {
            result = await fixture.Host.Bots.CreateAsync(fixture.Alice, input, Cancel);
        }
        catch (Exception e)
        {
            throw new ShouldAssertException($"{what} threw {e}");
        }
        var after = await fixture.Host.CountAsync<BotConfig>(Cancel);
        if (!result.Succeeded)
        {
            result.Errors.ShouldNotBeEmpty(what);
            result.Errors.ShouldAllBe(e => e.Message.Length < 2000, what);
            after.ShouldBe(before, what);
            return;
        }

        after.ShouldBe(before + 1, what);
        await using var db = await fixture.Host.Databases.CreateDbContextAsync(Cancel);
        var stored = await db.Set<BotConfig>().AsNoTracking().SingleAsync(b => b.Id == result.Bot!.Config.Id, Cancel);
        stored.Name.ShouldBe(input.Name!.Trim(), what);
        stored.Name.Length.ShouldBeLessThanOrEqualTo(BotValidator.NameMaxLength, what);
        double[] numbers = [stored.InitialCapital, stored.PositionSizePerc, stored.PositionSizeFixed, stored.StopLossPerc, stored.TakeProfitPerc,
            stored.TrailingStopPerc, stored.DailyTargetPerc, stored.MaxDailyLossPerc, stored.AutoTransferAmount, .. stored.StrategyParameters.Values];
        numbers.ShouldAllBe(x => double.IsFinite(x) && x >= 0, what);
        stored.CheckIntervalSeconds.ShouldBeGreaterThanOrEqualTo(BotValidator.MinCheckIntervalSeconds, what);
        Enum.IsDefined(stored.ExchangeMode).ShouldBeTrue(what);
    }
}
