using TradeBot.Web.Accounts;

namespace TradeBot.Tests.Accounts;

public sealed class AuthenticatorSetupTests
{
    [Theory]
    [InlineData("ABCDEFGH", "abcd efgh")]
    [InlineData("ABCDEFGHIJ", "abcd efgh ij")]
    [InlineData("ABC", "abc")]
    public void FormatKey_UnformattedKey_LowerCaseGroupsOfFour(string key, string expected) =>
        AuthenticatorSetup.FormatKey(key).ShouldBe(expected);

    [Fact]
    public void AuthenticatorUri_Email_IsKeyUriFormatWithTradeBotIssuer() =>
        AuthenticatorSetup.AuthenticatorUri("a+b@example.com", "SECRET")
            .ShouldBe("otpauth://totp/TradeBot:a%2Bb%40example.com?secret=SECRET&issuer=TradeBot&digits=6");

    [Fact]
    public void QrCodeSvg_Uri_IsInlineSvg()
    {
        var svg = AuthenticatorSetup.QrCodeSvg("otpauth://totp/TradeBot:a@example.com?secret=SECRET&issuer=TradeBot&digits=6");

        svg.ShouldStartWith("<svg");
        svg.ShouldContain("</svg>");
    }
}
