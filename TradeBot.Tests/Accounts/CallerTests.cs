using System.Security.Claims;
using TradeBot.Web.Accounts;

namespace TradeBot.Tests.Accounts;

public sealed class CallerTests
{
    [Fact]
    public void From_SignedInAdmin_HasTheUserIdAndIsAdmin()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "user-1"), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));

        Caller.From(user).ShouldBe(new Caller("user-1", IsAdmin: true));
    }

    [Fact]
    public void From_Trader_IsNotAdmin()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "user-2"), new Claim(ClaimTypes.Role, Roles.Trader)], "test"));

        Caller.From(user).ShouldBe(new Caller("user-2", IsAdmin: false));
    }

    [Fact]
    public void From_Anonymous_IsNull()
    {
        Caller.From(new ClaimsPrincipal(new ClaimsIdentity())).ShouldBeNull();
    }
}
