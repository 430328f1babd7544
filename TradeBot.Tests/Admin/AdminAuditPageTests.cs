using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Tests.Components;
using TradeBot.Web.Accounts;
using TradeBot.Web.Admin;
using TradeBot.Web.Admin.Pages;

namespace TradeBot.Tests.Admin;

/// <summary>The audit page over a real database: newest first with UTC times, and the text filter narrowing as one types.</summary>
public sealed class AdminAuditPageTests()
    : HostedTestContext((services, host) =>
    {
        services.AddSingleton(_ => new AuditLogQuery(host().Databases));
        services.AddLogging();
    })
{
    [Fact]
    public async Task Lines_NewestFirstInUtc_TextFilterNarrows()
    {
        var admin = await Host.CreateUserAsync("root", Cancel, isAdmin: true);
        var log = Host.Services.GetRequiredService<AuditLog>();
        await log.RecordAsync(new AuditRecord(Alice.UserId, AuditActions.BotStarted, "bot", "1", Alice.UserId, "BTC trend: status Running"), Cancel);
        Host.Time.Advance(TimeSpan.FromMinutes(5));
        await log.RecordAsync(new AuditRecord(admin.UserId, AuditActions.AdminUserLocked, "user", Alice.UserId, Alice.UserId, "alice@example.com"), Cancel);
        Authorization.SetAuthorized("root");
        Authorization.SetRoles(Roles.Admin);
        Authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, admin.UserId));

        var page = Render<AdminAudit>();

        page.WaitForAssertion(() => page.FindAll("#audit-table .audit-action").Select(a => a.TextContent)
            .ShouldBe([AuditActions.AdminUserLocked, AuditActions.BotStarted]));
        page.Find("#audit-table tbody tr").TextContent.ShouldContain(Host.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture));
        page.Find("#audit-total").TextContent.ShouldBe("2 lines");

        page.Find("#audit-text").Input("btc TREND");

        page.WaitForAssertion(() => page.FindAll("#audit-table .audit-action").Select(a => a.TextContent).ShouldBe([AuditActions.BotStarted]),
            TimeSpan.FromSeconds(5));
    }
}
