using System.Net;
using Microsoft.Data.Sqlite;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;

namespace TradeBot.Tests.Accounts;

/// <summary>Security:RequireTwoFactorForAdmins on the real app: an admin without 2FA reaches only the account pages until it is on.</summary>
public sealed class AdminTwoFactorGateTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Email = "root@example.com";
    private const string Password = "Gate-Passw0rd!";

    private static async Task<(AppHost App, HttpClient Client, string Cookie)> SignedInAdminAsync(bool required)
    {
        var app = await AppHost.StartAsync(Cancel, new Dictionary<string, string>
        {
            ["Admin:Email"] = Email, ["Admin:Password"] = Password, ["Security:RequireTwoFactorForAdmins"] = required ? "true" : "false",
        });
        var client = HttpSignIn.Client(app.BaseAddress);
        var cookies = await HttpSignIn.SignInAsync(client, Email, Password, "tradebot.antiforgery", "tradebot.auth", Cancel);
        return (app, client, cookies.AuthCookie);
    }

    [Fact]
    public async Task Required_AdminWithout2fa_EveryAppPageSendsToSetup_AccountPagesOpen_Until2faIsOn()
    {
        var (app, client, cookie) = await SignedInAdminAsync(required: true);
        await using var _ = app;
        using var __ = client;

        foreach (var path in new[] { "", "bots", "admin", "backtests/new", "api-keys", "bots/1/trades.csv" })
        {
            var response = await HttpSignIn.GetAsync(client, path, cookie, Cancel);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, path);
            response.Headers.Location!.OriginalString.ShouldBe(AdminTwoFactorGate.SetupPath, path);
        }
        foreach (var path in new[] { "Account/Manage/EnableAuthenticator", "Account/Manage/TwoFactorAuthentication", "Account/Manage", "app.css" })
            (await HttpSignIn.GetAsync(client, path, cookie, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK, path);

        await using (var db = new SqliteConnection($"Data Source={Path.Combine(app.DataFolder, "tradebot.db")};Pooling=False"))
        {
            await db.OpenAsync(Cancel);
            await using var command = db.CreateCommand();
            command.CommandText = "UPDATE asp_net_users SET two_factor_enabled = 1";
            (await command.ExecuteNonQueryAsync(Cancel)).ShouldBe(1);
        }

        (await HttpSignIn.GetAsync(client, "", cookie, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK, "with 2FA on the dashboard opens");
        (await HttpSignIn.GetAsync(client, "admin", cookie, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task NotRequired_AdminWithout2fa_PagesOpen()
    {
        var (app, client, cookie) = await SignedInAdminAsync(required: false);
        await using var _ = app;
        using var __ = client;

        (await HttpSignIn.GetAsync(client, "", cookie, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await HttpSignIn.GetAsync(client, "admin", cookie, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
