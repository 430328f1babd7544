using TradeBot.Web.Accounts;

namespace TradeBot.Tests.Accounts;

/// <summary>What a failed sign-in with an unknown email keeps of the typed text in the audit log that admins read.</summary>
public sealed class SignInAuditTextTests
{
    [Theory]
    [InlineData("nobody@example.com", "nobody@example.com")]
    [InlineData("  nobody@example.com ", "nobody@example.com")]
    [InlineData("P@ssw0rd", null)] // a password typed into the email field passes the form's email check
    [InlineData("Hunter2@home.", null)]
    [InlineData("correct horse battery staple", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Shown_OnlyWhatLooksLikeAnAddress(string? typed, string? shown) =>
        AuditingSignInManager.Shown(typed).ShouldBe(shown ?? "(not shown: it is not an email address)");
}
