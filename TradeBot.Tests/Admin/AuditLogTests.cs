using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Exchange;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Admin;
using TradeBot.Web.Bots;
using TradeBot.Web.Exchange.ApiKeys;

namespace TradeBot.Tests.Admin;

/// <summary>
/// What the audit log records: each bot and API key change in the transaction of the change (a refused change leaves no
/// line), and every sign-in attempt and sign-out of the real app with the client's address.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class AuditLogTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task BotChanges_EachRecordedWithActorTargetAndOwner_RefusedChangesNot(string provider)
    {
        await using var host = await BotsTestHost.CreateAsync(provider, postgres, Cancel,
            configure: services => services.AddSingleton<IBotScheduler>(new RecordingScheduler()));
        var alice = await host.CreateUserAsync("alice", Cancel);
        var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;

        var renamed = BotsTestHost.ValidInput();
        renamed.Name = "renamed";
        (await host.Bots.UpdateAsync(alice, id, renamed, Cancel)).Succeeded.ShouldBeTrue();
        (await host.Bots.StartAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue();
        (await host.Bots.StartAsync(alice, id, Cancel)).Succeeded.ShouldBeFalse("already running: refused, so not in the log");
        (await host.Bots.PauseAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue();
        (await host.Bots.ResumeAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue();
        (await host.Bots.StopAsync(alice, id, Cancel)).Succeeded.ShouldBeTrue();
        (await host.Bots.DeleteAsync(alice, id, Cancel)).ShouldBe(BotDeleteOutcome.Deleted);

        var entries = await EntriesAsync(host, Cancel);
        entries.Select(e => e.Action).ShouldBe([
            AuditActions.BotCreated, AuditActions.BotUpdated, AuditActions.BotStarted, AuditActions.BotPaused, AuditActions.BotResumed,
            AuditActions.BotStopped, AuditActions.BotDeleted]);
        entries.ShouldAllBe(e => e.ActorId == alice.UserId && e.OwnerId == alice.UserId && e.TargetType == "bot" && e.TargetId == id.ToString());
        entries.ShouldAllBe(e => e.ActorEmail == "alice@example.com", "the email is copied: the line outlives the account");
        entries.Select(e => e.AtUnixMs).ShouldBe(entries.Select(e => e.AtUnixMs).Order().ToList());
        entries[1].Details!.ShouldStartWith("renamed:");
        entries[5].Details!.ShouldContain("Stopped");
    }

    [Fact]
    public async Task BotChange_LostToAnotherWriter_LeavesNoAuditLine()
    {
        await using var host = await BotsTestHost.CreateAsync("Sqlite", postgres, Cancel,
            configure: services => services.AddSingleton<IBotScheduler>(new RecordingScheduler()));
        var alice = await host.CreateUserAsync("alice", Cancel);
        var id = (await host.Bots.CreateAsync(alice, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;

        var stale = BotsTestHost.ValidInput();
        stale.Version = 0;
        (await host.Bots.UpdateAsync(alice, id, stale, Cancel)).Succeeded.ShouldBeFalse();

        (await EntriesAsync(host, Cancel)).Select(e => e.Action).ShouldBe([AuditActions.BotCreated]);
    }

    [Fact]
    public async Task ApiKeys_AddAndDelete_RecordedByLabelAndLast4_NeverTheSecret()
    {
        await using var binance = await FakeBinanceServer.StartAsync();
        await using var host = await BotsTestHost.CreateAsync("Sqlite", postgres, Cancel, binance);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var id = (await host.ApiKeys.AddAsync(alice, new ApiKeyInput { Label = "main", ApiKey = FakeBinanceServer.ApiKey, Secret = FakeBinanceServer.Secret }, Cancel)).Key!.Id;
        (await host.ApiKeys.AddAsync(alice, new ApiKeyInput { Label = "main", ApiKey = FakeBinanceServer.ApiKey, Secret = "" }, Cancel)).Succeeded.ShouldBeFalse();
        (await host.ApiKeys.DeleteAsync(alice, id, Cancel)).ShouldBe(ApiKeyDeleteOutcome.Deleted);

        var entries = await EntriesAsync(host, Cancel);
        entries.Select(e => (e.Action, e.TargetId, e.OwnerId)).ShouldBe([
            (AuditActions.ApiKeyAdded, id.ToString(), alice.UserId), (AuditActions.ApiKeyDeleted, id.ToString(), alice.UserId)]);
        entries[0].Details.ShouldBe("main (…6789, mainnet)");
        entries.ShouldAllBe(e => !e.Details!.Contains(FakeBinanceServer.Secret) && !e.Details.Contains(FakeBinanceServer.ApiKey));
    }

    [Fact]
    public async Task SignIns_EveryAttemptAndSignOut_RecordedWithTheClientAddress()
    {
        const string email = "admin@example.com", password = "Audit-Pass-1234";
        await using var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string> { ["Admin:Email"] = email, ["Admin:Password"] = password });
        using var client = app.CreateClient();

        (await SignInAsync(client, "nobody@example.com", password)).ShouldBe(HttpStatusCode.OK, "refused: the form again");
        (await SignInAsync(client, email, "wrong-password")).ShouldBe(HttpStatusCode.OK);
        (await SignInAsync(client, email, password)).ShouldBe(HttpStatusCode.Redirect);
        using var logout = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(client, ""), ["returnUrl"] = "",
        });
        (await client.PostAsync("Account/Logout", logout, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataFolder, "tradebot.db")}");
        await connection.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT action, actor_email, owner_id IS NOT NULL, ip_address, details FROM audit_log ORDER BY id";
        var rows = new List<(string Action, string? Actor, bool Owner, string? Ip, string? Details)>();
        await using (var reader = await command.ExecuteReaderAsync(Cancel))
        {
            while (await reader.ReadAsync(Cancel))
                rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetBoolean(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        rows.Select(r => r.Action).ShouldBe([AuditActions.SignInFailed, AuditActions.SignInFailed, AuditActions.SignIn, AuditActions.SignOut]);
        rows[0].ShouldBe((AuditActions.SignInFailed, null, false, "127.0.0.1", "No account named nobody@example.com"));
        rows[1].ShouldBe((AuditActions.SignInFailed, null, true, "127.0.0.1", "Wrong password"), "a failed attempt names the account, not an actor");
        rows[2].ShouldBe((AuditActions.SignIn, email, true, "127.0.0.1", "With password"));
        rows[3].Actor.ShouldBe(email);
        rows.ShouldAllBe(r => r.Details == null || !r.Details.Contains(password) && !r.Details.Contains("wrong-password"));
    }

    private static async Task<HttpStatusCode> SignInAsync(HttpClient client, string email, string password)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(client, "Account/Login"),
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return (await client.PostAsync("Account/Login", form, Cancel)).StatusCode;
    }

    private static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page.Length == 0 ? "Account/Manage" : page, Cancel);
        return TokenPattern().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"No antiforgery token on {page}");
    }

    private static async Task<List<AuditEntry>> EntriesAsync(BotsTestHost host, CancellationToken cancellationToken)
    {
        await using var db = await host.Databases.CreateDbContextAsync(cancellationToken);
        return await db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Id).ToListAsync(cancellationToken);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
