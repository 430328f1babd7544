using Bunit;
using TradeBot.Web.Accounts;
using TradeBot.Web.Components.Layout;

namespace TradeBot.Tests.Components.Layout;

public sealed class UserMenuTests : MudBlazorTestContext
{
    [Fact]
    public void Render_Anonymous_OffersLogInAndRegister()
    {
        var menu = Render<UserMenu>();

        menu.Find("#login-link").GetAttribute("href").ShouldBe("Account/Login");
        menu.Find("#register-link").GetAttribute("href").ShouldBe("Account/Register");
        menu.FindAll("#user-menu").ShouldBeEmpty();
    }

    [Fact]
    public void Render_SignedInOnStaticPage_ShowsEmailAndLogoutPost()
    {
        RenderStatically();
        SignIn("trader@example.com", Roles.Trader);

        var menu = Render<UserMenu>();

        menu.Find("#user-menu-email").TextContent.ShouldBe("trader@example.com");
        var logout = menu.Find("#logout-button").Closest("form").ShouldNotBeNull();
        logout.GetAttribute("action").ShouldBe("Account/Logout");
        logout.GetAttribute("method").ShouldBe("post");
    }

    [Fact]
    public void Render_SignedInInteractive_IsAMenuButton()
    {
        SignIn("trader@example.com", Roles.Trader);

        var menu = Render<UserMenu>();

        menu.Find("#user-menu").ShouldNotBeNull();
        menu.FindAll("#login-link").ShouldBeEmpty();
    }
}
