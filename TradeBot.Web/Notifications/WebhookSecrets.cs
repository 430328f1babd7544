using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace TradeBot.Web.Notifications;

/// <summary>Webhook signing secrets: made random, encrypted at rest with Data Protection as the API keys are.</summary>
public static class WebhookSecrets
{
    /// <summary>Data Protection purpose of the secret column; changing it makes stored secrets unreadable.</summary>
    public const string ProtectorPurpose = "TradeBot.Notifications.Webhooks.v1";

    /// <summary>A new secret: <c>whsec_</c> and 32 random bytes in base64url.</summary>
    public static string Create() =>
        "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Protect(IDataProtectionProvider protection, string secret) => protection.CreateProtector(ProtectorPurpose).Protect(secret);

    public static string Unprotect(IDataProtectionProvider protection, string encrypted) => protection.CreateProtector(ProtectorPurpose).Unprotect(encrypted);
}
