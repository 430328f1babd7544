using Microsoft.Extensions.DependencyInjection;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Admin;

namespace TradeBot.Tests.Admin;

/// <summary>Reading the audit log: newest first, paged, each filter narrowing on SQLite and PostgreSQL alike (case too).</summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditLogQueryTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Search_EachFilter_NarrowsNewestFirst(string provider)
    {
        await using var host = await AdminTestHost.CreateAsync(provider, postgres, Cancel);
        var admin = await host.AccountAsync("admin", admin: true);
        var bob = await host.AccountAsync("bob");
        var log = host.Bots.Services.GetRequiredService<AuditLog>();
        var start = host.Bots.Time.GetUtcNow();
        async Task LineAsync(string? actor, string action, string? owner, string details)
        {
            await log.RecordAsync(new AuditRecord(actor, action, "bot", "7", owner, details, "10.0.0.9"), Cancel);
            host.Bots.Time.Advance(TimeSpan.FromMinutes(10));
        }
        await LineAsync(bob.UserId, AuditActions.SignIn, bob.UserId, "With password");
        await LineAsync(bob.UserId, AuditActions.BotStarted, bob.UserId, "BTC Trend: status Running");
        await LineAsync(admin.UserId, AuditActions.AdminBotStopped, bob.UserId, "BTC Trend: stopped by an admin.");
        await LineAsync(admin.UserId, AuditActions.SignOut, admin.UserId, "");

        async Task<List<string>> ActionsAsync(AuditFilter filter) =>
            (await host.Audit.SearchAsync(admin, filter, 0, 50, Cancel)).Items.Select(e => e.Action).ToList();

        (await ActionsAsync(new AuditFilter())).ShouldBe([AuditActions.SignOut, AuditActions.AdminBotStopped, AuditActions.BotStarted, AuditActions.SignIn]);
        (await ActionsAsync(new AuditFilter(Action: "account"))).ShouldBe([AuditActions.SignOut, AuditActions.SignIn]);
        (await ActionsAsync(new AuditFilter(Action: AuditActions.BotStarted))).ShouldBe([AuditActions.BotStarted]);
        (await ActionsAsync(new AuditFilter(User: "BOB@"))).ShouldBe([AuditActions.AdminBotStopped, AuditActions.BotStarted, AuditActions.SignIn],
            "by bob or about bob");
        (await ActionsAsync(new AuditFilter(ActorId: admin.UserId))).ShouldBe([AuditActions.SignOut, AuditActions.AdminBotStopped]);
        (await ActionsAsync(new AuditFilter(OwnerId: admin.UserId))).ShouldBe([AuditActions.SignOut]);
        (await ActionsAsync(new AuditFilter(Text: "btc trend"))).ShouldBe([AuditActions.AdminBotStopped, AuditActions.BotStarted]);
        (await ActionsAsync(new AuditFilter(From: start.AddMinutes(10), To: start.AddMinutes(30)))).ShouldBe([AuditActions.AdminBotStopped, AuditActions.BotStarted]);

        var page = await host.Audit.SearchAsync(admin, new AuditFilter(), 1, 3, Cancel);
        (page.Total, page.Items.Single().Action).ShouldBe((4, AuditActions.SignIn));
        page.Items[0].ActorEmail.ShouldBe("bob@example.com");
        page.Items[0].At.ShouldBe(start, TimeSpan.FromMilliseconds(1));
    }
}
