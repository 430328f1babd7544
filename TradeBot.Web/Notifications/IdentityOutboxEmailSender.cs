using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TradeBot.Web.Accounts;
using TradeBot.Web.Data;

namespace TradeBot.Web.Notifications;

/// <summary>
/// Identity's emails (confirm email, reset password) through the outbox and the same sender as every notification, so
/// a mail server that is down delays them instead of losing them. Used when <c>Smtp:Host</c> is set; without it the
/// app keeps <see cref="IdentityNoOpEmailSender"/> and the registration page shows the confirmation link itself.
/// </summary>
public sealed class IdentityOutboxEmailSender(IDbContextFactory<AppDbContext> databases, TimeProvider time) : IEmailSender<ApplicationUser>
{
    // The pages pass links HTML-encoded (they were written for senders that paste them into HTML); the template encodes.
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        QueueAsync(user, email, new NotificationFacts
        {
            Subject = "Confirm your email", Message = "Confirm your TradeBot account's email address with the button below.",
            Link = WebUtility.HtmlDecode(confirmationLink),
        });

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        QueueAsync(user, email, new NotificationFacts
        {
            Subject = "Reset your password", Message = "Someone (hopefully you) asked to reset your TradeBot password. If it was not you, ignore this email.",
            Link = WebUtility.HtmlDecode(resetLink),
        });

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        QueueAsync(user, email, new NotificationFacts { Subject = "Reset your password", Message = $"Your TradeBot password reset code: {resetCode}" });

    private async Task QueueAsync(ApplicationUser user, string email, NotificationFacts facts)
    {
        var now = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync();
        db.Add(NotificationOutbox.NewMessage(user.Id, NotificationEvent.Account, NotificationChannel.Email, null, null, (facts with { At = now }).ToJson(), now, email));
        await db.SaveChangesAsync();
    }
}
