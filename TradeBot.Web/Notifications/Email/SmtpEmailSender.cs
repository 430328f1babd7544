using MailKit.Net.Smtp;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Options;
using MimeKit;

namespace TradeBot.Web.Notifications.Email;

/// <summary>
/// Sends one email through the configured SMTP server with MailKit: an HTML part rendered from
/// <see cref="NotificationEmail"/> and a plain text part. The Message-Id derives from the outbox id, so a message sent
/// twice (a crash between the server's "250 OK" and our "delivered" mark) is one message to the mail client.
/// </summary>
public sealed class SmtpEmailSender(IOptions<SmtpOptions> options, IServiceScopeFactory scopes, ILoggerFactory loggers)
{
    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>The Message-Id of outbox message <paramref name="deliveryId"/> (without the angle brackets).</summary>
    public string MessageIdFor(long deliveryId) =>
        $"outbox-{deliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture)}@{MailboxAddress.Parse(options.Value.From).Domain}";

    public async Task SendAsync(string to, NotificationText text, long deliveryId, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        var message = new MimeMessage { Subject = text.Subject, MessageId = MessageIdFor(deliveryId) };
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Headers.Add("X-TradeBot-Delivery", deliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Body = new BodyBuilder { TextBody = text.PlainText, HtmlBody = await RenderHtmlAsync(text) }.ToMessageBody();

        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Tls, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.User))
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    /// <summary>The HTML body of <paramref name="text"/>.</summary>
    public async Task<string> RenderHtmlAsync(NotificationText text)
    {
        // The web host's component services are scoped (one scope per circuit or request): a render gets its own.
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(NotificationEmail.Text)] = text });
            var output = await renderer.RenderComponentAsync<NotificationEmail>(parameters);
            return output.ToHtmlString();
        });
    }
}
