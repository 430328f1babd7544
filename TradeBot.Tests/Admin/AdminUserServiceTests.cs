using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Domain.Trading;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Accounts;
using TradeBot.Web.Admin;
using TradeBot.Web.Bots;
using TradeBot.Web.Bots.Runner;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.ApiKeys;
using TradeBot.Web.Exchange.Paper;

namespace TradeBot.Tests.Admin;

/// <summary>
/// The admin's user actions on SQLite and PostgreSQL through Identity itself: each does what it says, ends sessions where
/// it should, writes its <c>admin.*</c> audit line with the admin as actor and the user as the one concerned; and each
/// refusal (not an admin, oneself, the last admin, a bot holding a position) changes nothing and writes no line.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AdminUserServiceTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task LockAndUnlock_LockEndsSessionsUnlockForgetsFailures_BothAudited(string provider)
    {
        await using var host = await AdminTestHost.CreateAsync(provider, postgres, Cancel);
        var admin = await host.AccountAsync("admin", admin: true);
        var bob = await host.AccountAsync("bob");
        var stampBefore = (await host.UserAsync(bob.UserId))!.SecurityStamp;

        (await host.Users.LockAsync(admin, bob.UserId, Cancel)).Succeeded.ShouldBeTrue();
        var locked = (await host.UserAsync(bob.UserId))!;
        locked.LockoutEnd.ShouldNotBeNull().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddYears(100));
        locked.SecurityStamp.ShouldNotBe(stampBefore, "a new stamp ends the open sessions at their next validation");
        (await host.WithUsersAsync(async users => await users.IsLockedOutAsync((await users.FindByIdAsync(bob.UserId))!))).ShouldBeTrue();
        (await host.Users.SearchAsync(admin, "bob", 0, 10, Cancel)).Items.Single().IsLocked.ShouldBeTrue();

        await host.WithUsersAsync(async users => await users.AccessFailedAsync((await users.FindByIdAsync(bob.UserId))!));
        (await host.Users.UnlockAsync(admin, bob.UserId, Cancel)).Succeeded.ShouldBeTrue();
        var unlocked = (await host.UserAsync(bob.UserId))!;
        unlocked.LockoutEnd.ShouldBeNull();
        unlocked.AccessFailedCount.ShouldBe(0);

        var lines = await host.AdminLinesAsync();
        lines.Select(l => l.Action).ShouldBe([AuditActions.AdminUserLocked, AuditActions.AdminUserUnlocked]);
        lines.ShouldAllBe(l => l.ActorId == admin.UserId && l.ActorEmail == "admin@example.com" && l.OwnerId == bob.UserId
            && l.TargetType == "user" && l.TargetId == bob.UserId && l.Details == "bob@example.com");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Lock_AuditLineCannotBeWritten_NothingChanged_SaysSo(string provider)
    {
        await using var host = await AdminTestHost.CreateAsync(provider, postgres, Cancel);
        var admin = await host.AccountAsync("admin", admin: true);
        var bob = await host.AccountAsync("bob");
        var before = (await host.UserAsync(bob.UserId))!;
        await RefuseAuditLinesAsync(host, provider, AuditActions.AdminUserLocked);

        var result = await host.Users.LockAsync(admin, bob.UserId, Cancel);

        result.Succeeded.ShouldBeFalse();
        result.Message.ShouldBe("bob@example.com: the change could not be saved, so nothing changed (the database refused it). Try again.");
        var after = (await host.UserAsync(bob.UserId))!;
        after.LockoutEnd.ShouldBeNull("the lock's steps were saved one by one by Identity, all rolled back");
        after.SecurityStamp.ShouldBe(before.SecurityStamp);
        (await host.AdminLinesAsync()).ShouldBeEmpty();
        (await host.Users.UnlockAsync(admin, bob.UserId, Cancel)).Succeeded.ShouldBeTrue("other actions still work");
    }

    [Fact]
    public async Task Lock_Oneself_RefusedAndNothingWritten()
    {
        await using var host = await AdminTestHost.CreateAsync("Sqlite", postgres, Cancel);
        var admin = await host.AccountAsync("admin", admin: true);

        var result = await host.Users.LockAsync(admin, admin.UserId, Cancel);

        result.Succeeded.ShouldBeFalse();
        result.Message.ShouldBe("You cannot lock your own account.");
        (await host.UserAsync(admin.UserId))!.LockoutEnd.ShouldBeNull();
        (await host.AdminLinesAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Roles_AddAndRemove_LastAdminKeepsTheRole(string provider)
    {
        await using var host = await AdminTestHost.CreateAsync(provider, postgres, Cancel);
        var admin = await host.AccountAsync("admin", admin: true);
        var bob = await host.AccountAsync("bob");

        var last = await host.Users.RemoveRoleAsync(admin, admin.UserId, Roles.Admin, Cancel);
        last.Succeeded.ShouldBeFalse();
        last.Message.ShouldContain("last admin");
        (await host.Users.AddRoleAsync(admin, bob.UserId, "Root", Cancel)).Succeeded.ShouldBeFalse("no such role");
        (await host.Users.AddRoleAsync(admin, bob.UserId, Roles.Admin, Cancel)).Succeeded.ShouldBeTrue();
        (await host.Users.SearchAsync(admin, "bob@", 0, 10, Cancel)).Items.Single().Roles.ShouldBe([Roles.Admin, Roles.Trader]);
        (await host.Users.RemoveRoleAsync(admin, admin.UserId, Roles.Admin, Cancel)).Succeeded.ShouldBeTrue("bob is an admin now");

        (await host.Users.RemoveRoleAsync(admin, bob.UserId, Roles.Admin, Cancel)).Message.ShouldBe("You are no longer an admin.",
            "the cookie still says Admin; the database does not");
        var lines = await host.AdminLinesAsync();
        lines.Select(l => (l.Action, l.OwnerId, l.Details)).ShouldBe([
            (AuditActions.AdminRoleAdded, bob.UserId, "bob@example.com: Admin"),
            (AuditActions.AdminRoleRemoved, admin.UserId, "admin@example.com: Admin")]);
    }

    [Fact]
    public async Task ConfirmEmailAndResetTwoFactor_DoWhatTheySay_Audited()
    {
        await using var host = await AdminTestHost.CreateAsync("Sqlite", postgres, Cancel);
        var admin = await host.AccountAsync("admin", admin: true);
        var bob = await host.AccountAsync("bob");
        var key = await host.WithUsersAsync(async users =>
        {
            var user = (await users.FindByIdAsync(bob.UserId))!;
            user.EmailConfirmed = false;
            await users.UpdateAsync(user);
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
            (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.Count().ShouldBe(10);
            return await users.GetAuthenticatorKeyAsync(user);
        });
        var stamp = (await host.UserAsync(bob.UserId))!.SecurityStamp;

        (await host.Users.ConfirmEmailAsync(admin, bob.UserId, Cancel)).Succeeded.ShouldBeTrue();
        (await host.Users.ConfirmEmailAsync(admin, bob.UserId, Cancel)).Succeeded.ShouldBeFalse("already confirmed");
        (await host.Users.ResetTwoFactorAsync(admin, bob.UserId, Cancel)).Succeeded.ShouldBeTrue();

        var user = (await host.UserAsync(bob.UserId))!;
        user.EmailConfirmed.ShouldBeTrue();
        user.TwoFactorEnabled.ShouldBeFalse();
        user.SecurityStamp.ShouldNotBe(stamp);
        (await host.WithUsersAsync(async users => await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(bob.UserId))!))).ShouldNotBe(key);
        (await host.WithUsersAsync(async users => await users.CountRecoveryCodesAsync((await users.FindByIdAsync(bob.UserId))!))).ShouldBe(0);
        (await host.AdminLinesAsync()).Select(l => l.Action).ShouldBe([AuditActions.AdminEmailConfirmed, AuditActions.AdminTwoFactorReset]);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Delete_UserWithBotsKeysAndBacktests_AllGoInOneStep_Audited(string provider)
    {
        await using var host = await AdminTestHost.CreateAsync(provider, postgres, Cancel);
        var admin = await host.AccountAsync("admin", admin: true);
        var bob = await host.AccountAsync("bob");
        var running = await host.RunningBotAsync(bob, "bob runs");
        var stopped = (await host.Bots.Bots.CreateAsync(bob, BotsTestHost.ValidInput(), Cancel)).Bot!.Config.Id;
        await host.Bots.AddKeyRowAsync(bob, isTestnet: true, spot: true, futures: false, withdraw: false, Cancel);
        var alice = await host.AccountAsync("alice");
        var alicesBot = await host.RunningBotAsync(alice, "alice runs");
        var paper = host.Bots.Services.GetRequiredService<PaperExchangeFactory>();
        foreach (var botId in new[] { running, stopped, alicesBot }) // opens each wallet and books a transfer in it
            (await paper.ForWallet(BotVenues.PaperWalletId(botId)).TransferAsync("USDT", 100m, TransferDirection.SpotToFutures, Cancel)).IsSuccess.ShouldBeTrue();

        var result = await host.Users.DeleteAsync(admin, bob.UserId, Cancel);

        result.Succeeded.ShouldBeTrue(result.Message);
        result.Message.ShouldBe("bob@example.com is deleted with 2 bots.");
        (await host.UserAsync(bob.UserId)).ShouldBeNull();
        await using (var db = await host.Bots.Databases.CreateDbContextAsync(Cancel))
        {
            (await db.Set<BotConfig>().Select(b => b.Id).ToListAsync(Cancel)).ShouldBe([alicesBot]);
            (await db.Set<BotStateRow>().CountAsync(Cancel)).ShouldBe(1);
            (await db.Set<ApiKey>().CountAsync(Cancel)).ShouldBe(0);
            (await db.Set<BotEvent>().CountAsync(e => e.BotId == running, Cancel)).ShouldBe(0);
            string[] alicesWallet = [BotVenues.PaperWalletId(alicesBot)];
            (await db.Set<PaperWallet>().Select(w => w.Id).ToListAsync(Cancel)).ShouldBe(alicesWallet);
            (await db.Set<PaperTransfer>().Select(t => t.WalletId).ToListAsync(Cancel)).ShouldBe(alicesWallet);
        }
        host.Scheduler.Calls.ShouldContain($"unschedule {running}");
        host.Scheduler.Calls.ShouldContain($"unschedule {stopped}");
        var lines = await host.AdminLinesAsync();
        lines.Select(l => (l.Action, l.TargetId)).ShouldBe([
            (AuditActions.AdminBotStopped, running.ToString()), (AuditActions.AdminBotDeleted, running.ToString()),
            (AuditActions.AdminBotDeleted, stopped.ToString()), (AuditActions.AdminUserDeleted, bob.UserId)]);
        lines.ShouldAllBe(l => l.ActorId == admin.UserId && l.OwnerId == bob.UserId);
        lines[^1].Details.ShouldBe("bob@example.com: 2 bots deleted with it");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Delete_AuditLineCannotBeWritten_UserAndBotsStay_BotsStopped(string provider)
    {
        await using var host = await AdminTestHost.CreateAsync(provider, postgres, Cancel);
        var admin = await host.AccountAsync("admin", admin: true);
        var bob = await host.AccountAsync("bob");
        var running = await host.RunningBotAsync(bob, "bob runs");
        await RefuseAuditLinesAsync(host, provider, AuditActions.AdminUserDeleted);

        var result = await host.Users.DeleteAsync(admin, bob.UserId, Cancel);

        result.Succeeded.ShouldBeFalse();
        result.Message.ShouldBe("bob@example.com could not be deleted, so nothing was deleted (the database refused it); their bots are stopped. Try again.");
        (await host.UserAsync(bob.UserId)).ShouldNotBeNull();
        (await host.StateAsync(running)).Status.ShouldBe(BotStatus.Stopped);
        (await host.AdminLinesAsync()).Select(l => l.Action).ShouldBe([AuditActions.AdminBotStopped], "the bot lines of the rolled-back delete went with it");
        host.Scheduler.Calls.ShouldContain($"unschedule {running}");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Delete_BotHoldsAPosition_RefusedNamingTheBot_NothingChanged(string provider)
    {
        await using var host = await AdminTestHost.CreateAsync(provider, postgres, Cancel);
        var admin = await host.AccountAsync("admin", admin: true);
        var bob = await host.AccountAsync("bob");
        var holding = await host.RunningBotAsync(bob, "BTC holder");
        var flat = await host.RunningBotAsync(bob, "flat one");
        await host.Bots.UpdateStateAsync(holding, s => { s.Status = BotStatus.InPosition; s.PositionSide = PositionSide.Long; s.Quantity = 0.01; }, Cancel);

        var result = await host.Users.DeleteAsync(admin, bob.UserId, Cancel);

        result.Succeeded.ShouldBeFalse();
        result.Message.ShouldBe("bob@example.com cannot be deleted: \"BTC holder\" holds a position or an order not yet booked. Close the positions first.");
        (await host.UserAsync(bob.UserId)).ShouldNotBeNull();
        (await host.StateAsync(flat)).Status.ShouldBe(BotStatus.Running, "refused before anything was stopped");
        (await host.AdminLinesAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Delete_OneselfOrPendingOrder_Refused()
    {
        await using var host = await AdminTestHost.CreateAsync("Sqlite", postgres, Cancel);
        var admin = await host.AccountAsync("admin", admin: true);
        var bob = await host.AccountAsync("bob");
        var pending = await host.RunningBotAsync(bob, "order in flight");
        await host.Bots.UpdateStateAsync(pending, s => s.PendingClientOrderId = "tb-1-1", Cancel);

        (await host.Users.DeleteAsync(admin, admin.UserId, Cancel)).Message.ShouldBe("You cannot delete your own account.");
        (await host.Users.DeleteAsync(admin, bob.UserId, Cancel)).Message.ShouldContain("\"order in flight\" holds a position or an order not yet booked");
        (await host.UserAsync(admin.UserId)).ShouldNotBeNull();
        (await host.UserAsync(bob.UserId)).ShouldNotBeNull();
    }

    [Fact]
    public async Task EveryMethod_CallerNotAdmin_RefusedAndNothingChanged()
    {
        await using var host = await AdminTestHost.CreateAsync("Sqlite", postgres, Cancel);
        await host.AccountAsync("admin", admin: true);
        var mallory = await host.AccountAsync("mallory");
        var bob = await host.AccountAsync("bob");
        var bobsBot = await host.RunningBotAsync(bob, "bob runs");

        await Should.ThrowAsync<UnauthorizedAccessException>(() => host.Users.SearchAsync(mallory, null, 0, 10, Cancel));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => host.Users.LockAsync(mallory, bob.UserId, Cancel));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => host.Users.UnlockAsync(mallory, bob.UserId, Cancel));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => host.Users.AddRoleAsync(mallory, mallory.UserId, Roles.Admin, Cancel));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => host.Users.RemoveRoleAsync(mallory, bob.UserId, Roles.Trader, Cancel));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => host.Users.ConfirmEmailAsync(mallory, bob.UserId, Cancel));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => host.Users.ResetTwoFactorAsync(mallory, bob.UserId, Cancel));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => host.Users.DeleteAsync(mallory, bob.UserId, Cancel));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => host.AdminBots.ListAsync(mallory, null, Cancel));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => host.AdminBots.StopAllAsync(mallory, null, Cancel));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => host.Bots.Bots.StopAllAsync(mallory, bob.UserId, Cancel));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => host.Audit.SearchAsync(mallory, new AuditFilter(), 0, 10, Cancel));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => host.Status.GetAsync(mallory, Cancel));

        (await host.StateAsync(bobsBot)).Status.ShouldBe(BotStatus.Running);
        (await host.UserAsync(bob.UserId))!.LockoutEnd.ShouldBeNull();
        (await host.WithUsersAsync(async users => await users.IsInRoleAsync((await users.FindByIdAsync(mallory.UserId))!, Roles.Admin))).ShouldBeFalse();
        (await host.AdminLinesAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Search_ByEmailPaged_WithRolesAndCounts()
    {
        await using var host = await AdminTestHost.CreateAsync("Sqlite", postgres, Cancel);
        var admin = await host.AccountAsync("admin", admin: true);
        var bob = await host.AccountAsync("bob");
        await host.AccountAsync("bobby");
        await host.AccountAsync("carol");
        await host.RunningBotAsync(bob, "one");
        await host.Bots.Bots.CreateAsync(bob, BotsTestHost.ValidInput(), Cancel);
        await host.Bots.AddKeyRowAsync(bob, isTestnet: false, spot: true, futures: true, withdraw: false, Cancel);

        var all = await host.Users.SearchAsync(admin, null, 0, 3, Cancel);
        all.Total.ShouldBe(4);
        all.Items.Select(u => u.Email).ShouldBe(["admin@example.com", "bob@example.com", "bobby@example.com"]);
        var second = await host.Users.SearchAsync(admin, null, 1, 3, Cancel);
        second.Items.Select(u => u.Email).ShouldBe(["carol@example.com"]);

        var bobs = await host.Users.SearchAsync(admin, "BOB", 0, 10, Cancel);
        bobs.Total.ShouldBe(2);
        var row = bobs.Items[0];
        (row.Email, row.BotCount, row.ActiveBotCount, row.ApiKeyCount, row.IsAdmin, row.EmailConfirmed, row.TwoFactorEnabled)
            .ShouldBe(("bob@example.com", 2, 1, 1, false, true, false));
        all.Items[0].IsAdmin.ShouldBeTrue();
    }

    // A database that refuses the audit lines of one action, as a full disk or a broken constraint would.
    private static async Task RefuseAuditLinesAsync(AdminTestHost host, string provider, string action)
    {
        await using var db = await host.Bots.Databases.CreateDbContextAsync(Cancel);
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE refused_actions (action TEXT NOT NULL)", Cancel);
        await db.Database.ExecuteSqlAsync($"INSERT INTO refused_actions (action) VALUES ({action})", Cancel);
        await db.Database.ExecuteSqlRawAsync(provider == "Postgres"
            ? """
              CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN
                  IF NEW.action IN (SELECT action FROM refused_actions) THEN RAISE EXCEPTION 'audit refused'; END IF;
                  RETURN NEW;
              END $$;
              CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit();
              """
            : """
              CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log WHEN NEW.action IN (SELECT action FROM refused_actions)
              BEGIN SELECT RAISE(ABORT, 'audit refused'); END
              """, Cancel);
    }
}
