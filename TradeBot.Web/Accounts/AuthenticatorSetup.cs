using System.Text;
using QRCoder;

namespace TradeBot.Web.Accounts;

/// <summary>What the "enable authenticator" page shows: the key in readable groups, the otpauth URI and its QR code.</summary>
public static class AuthenticatorSetup
{
    public const string Issuer = "TradeBot";

    /// <summary>The key in lower-case groups of four, as people type it into an app.</summary>
    public static string FormatKey(string unformattedKey)
    {
        var result = new StringBuilder();
        for (var position = 0; position < unformattedKey.Length; position += 4)
        {
            if (position > 0)
                result.Append(' ');
            result.Append(unformattedKey.AsSpan(position, Math.Min(4, unformattedKey.Length - position)));
        }
        return result.ToString().ToLowerInvariant();
    }

    /// <summary>The otpauth:// URI authenticator apps read (Key URI Format: issuer, account, secret, 6 digits).</summary>
    public static string AuthenticatorUri(string email, string unformattedKey) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(email)}" +
        $"?secret={unformattedKey}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";

    /// <summary>The URI as an inline SVG QR code, drawn on the server so the page needs no script.</summary>
    public static string QrCodeSvg(string authenticatorUri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(authenticatorUri, QRCodeGenerator.ECCLevel.Q);
        return new SvgQRCode(data).GetGraphic(5);
    }
}
