using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Components;
using TradeBot.Web.Accounts;
using TradeBot.Web.Admin;
using TradeBot.Web.Admin.Pages;
using TradeBot.Web.Bots;

namespace TradeBot.Tests.Admin;

/// <summary>
/// The admin's bots page over the real bot services (SQLite): every user's bots with their owner, and "Stop all bots"
/// asking first, with how many and how many hold positions, and stopping nothing until the answer.
/// </summary>
public sealed class AdminBotsPageTests()
    : HostedTestContext((services, host) =>
    {
        services.AddSingleton(_ => new AdminBotService(host().Databases, host().Bots, host().Time));
        services.AddLogging();
    })
{
    [Fact]
    public async Task StopAll_ConfirmSaysHowMany_StopsEveryonesBotsAfterTheAnswer()
    {
        var admin = await Host.CreateUserAsync("root", Cancel, isAdmin: true);
        var bob = await Host.CreateUserAsync("bob", Cancel);
        var alices = await StartedBotAsync(Alice, "alice's");
        var bobs = await StartedBotAsync(bob, "bob's");
        await Host.UpdateStateAsync(bobs, s => { s.Status = BotStatus.InPosition; s.PositionSide = PositionSide.Short; s.Quantity = 1; }, Cancel);
        Authorization.SetAuthorized("root");
        Authorization.SetRoles(Roles.Admin);
        Authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, admin.UserId));
        var dialogs = Render<MudDialogProvider>();
        var page = Render<AdminBots>();

        page.WaitForAssertion(() => page.Find("#bots-summary").TextContent.ShouldBe("2 bots, 2 active"));
        var rows = page.FindAll("#admin-bots-table tbody tr").Select(r => r.TextContent).ToList();
        rows.Count.ShouldBe(2);
        rows[0].ShouldContain("alice@example.com");
        rows[1].ShouldContain("bob@example.com");
        var stopping = page.Find("#stop-all-bots").ClickAsync(new());
        var confirm = dialogs.WaitForElement(".mud-dialog .mud-button-root:last-child");
        dialogs.Find(".mud-dialog").TextContent.ShouldContain("Stop 2 active bots (every user's)? 1 of them holds a position");
        (await Host.Bots.GetAsync(admin, alices, Cancel))!.State.Status.ShouldBe(BotStatus.Running, "nothing happens before the answer");
        await confirm.ClickAsync(new());
        await stopping.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        (await Host.Bots.GetAsync(admin, alices, Cancel))!.State.Status.ShouldBe(BotStatus.Stopped);
        (await Host.Bots.GetAsync(admin, bobs, Cancel))!.State.Status.ShouldBe(BotStatus.Stopped);
        page.WaitForAssertion(() => page.Find("#bots-summary").TextContent.ShouldBe("2 bots, 0 active"));
    }

    private async Task<long> StartedBotAsync(Caller owner, string name)
    {
        var input = BotsTestHost.ValidInput();
        input.Name = name;
        var id = (await Host.Bots.CreateAsync(owner, input, Cancel)).Bot!.Config.Id;
        (await Host.Bots.StartAsync(owner, id, Cancel)).Succeeded.ShouldBeTrue();
        return id;
    }
}
