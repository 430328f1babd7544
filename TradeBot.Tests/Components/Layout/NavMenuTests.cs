using Bunit;
using TradeBot.Web.Accounts;
using TradeBot.Web.Components.Layout;

namespace TradeBot.Tests.Components.Layout;

public sealed class NavMenuTests : MudBlazorTestContext
{
    [Fact]
    public void AdminEntry_UserInRoleAdmin_IsShown()
    {
        SignIn("admin@example.com", Roles.Admin, Roles.Trader);

        var nav = Render<NavMenu>();

        nav.FindAll("#nav-admin").Count.ShouldBe(1);
        nav.Find("#nav-admin").GetAttribute("href").ShouldBe("admin");
    }

    [Fact]
    public void AdminEntry_Trader_IsHidden()
    {
        SignIn("trader@example.com", Roles.Trader);

        var nav = Render<NavMenu>();

        nav.FindAll("#nav-admin").ShouldBeEmpty();
        nav.Markup.ShouldNotContain("Admin");
    }

    [Fact]
    public void AdminEntry_Anonymous_IsHidden()
    {
        var nav = Render<NavMenu>();

        nav.FindAll("#nav-admin").ShouldBeEmpty();
    }

    [Fact]
    public void Entries_Trader_AreDashboardBotsBacktestsApiKeysInOrder()
    {
        SignIn("trader@example.com", Roles.Trader);

        var nav = Render<NavMenu>();

        nav.FindAll("a").Select(link => link.TextContent.Trim())
            .ShouldBe(["Dashboard", "Bots", "Backtests", "API keys"]);
    }

    [Fact]
    public void BacktestsEntry_GoesToTheBacktestList()
    {
        SignIn("trader@example.com", Roles.Trader);

        var nav = Render<NavMenu>();

        nav.Find("#nav-backtests").GetAttribute("href").ShouldBe("backtests");
    }
}
