using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TradeBot.Tests.Bots;
using TradeBot.Web.Admin;
using TradeBot.Web.Api;

namespace TradeBot.Tests.Api;

/// <summary>
/// Personal access tokens on SQLite with a fake clock: only the hash is stored and the token shows once; a token works
/// until revoked or expired; scopes; validation; another user's token cannot be revoked; audit entries never hold it.
/// </summary>
public sealed class ApiTokenServiceTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<BotsTestHost> HostAsync() =>
        BotsTestHost.CreateAsync("Sqlite", null, Cancel, configure: services => services.AddSingleton<ApiTokenService>());

    [Fact]
    public async Task Create_StoresOnlyTheHashAndPrefix_AndTheTokenAuthenticatesItsOwner()
    {
        await using var host = await HostAsync();
        var alice = await host.CreateUserAsync("alice", Cancel);
        var tokens = host.Services.GetRequiredService<ApiTokenService>();

        var created = await tokens.CreateAsync(alice, new ApiTokenInput { Name = " nightly ", Scopes = ApiScopes.Read, ExpiresInDays = 30 }, Cancel);

        var token = created.Token!;
        token.ShouldStartWith("tb_");
        token.Length.ShouldBe(3 + 43, "32 random bytes, base64url without padding");
        token[3..].ShouldAllBe(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_');
        await using (var db = await host.Databases.CreateDbContextAsync(Cancel))
        {
            var row = await db.Set<ApiToken>().SingleAsync(Cancel);
            row.Hash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))));
            row.Prefix.ShouldBe(token[..9]);
            row.Name.ShouldBe("nightly");
            row.ExpiresAt.ShouldBe(ExchangeStart.AddDays(30));
            var everything = string.Join("|", row.OwnerId, row.Name, row.Prefix, row.Hash);
            everything.ShouldNotContain(token[9..], Case.Sensitive, "nothing stored lets the token be read back");
            var audit = await db.Set<AuditEntry>().SingleAsync(a => a.Action == ApiTokenService.AuditCreated, Cancel);
            audit.ActorId.ShouldBe(alice.UserId);
            audit.TargetId.ShouldBe(row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            audit.Details!.ShouldContain("nightly");
            audit.Details!.ShouldNotContain(token[9..]);
        }
        var owner = await tokens.AuthenticateAsync(token, Cancel);
        owner.ShouldBe(new ApiTokenOwner(created.Summary!.Id, alice.UserId, ApiScopes.Read));
        (await tokens.AuthenticateAsync(token + "x", Cancel)).ShouldBeNull();
        (await tokens.AuthenticateAsync("tb_" + new string('A', 43), Cancel)).ShouldBeNull();
        (await tokens.AuthenticateAsync(token[3..], Cancel)).ShouldBeNull("without its prefix it is not ours");
        (await tokens.ListAsync(alice, Cancel)).ShouldHaveSingleItem().Prefix.ShouldBe(token[..9]);
    }

    [Fact]
    public async Task Revoke_EndsTheTokenAtOnce_OnlyForItsOwner()
    {
        await using var host = await HostAsync();
        var alice = await host.CreateUserAsync("alice", Cancel);
        var mallory = await host.CreateUserAsync("mallory", Cancel);
        var tokens = host.Services.GetRequiredService<ApiTokenService>();
        var created = await tokens.CreateAsync(alice, new ApiTokenInput { Name = "ci", Scopes = ApiScopes.Write }, Cancel);
        var id = created.Summary!.Id;
        created.Summary.Scopes.ShouldBe(ApiScopes.Read | ApiScopes.Write, "write implies read");

        (await tokens.RevokeAsync(mallory, id, Cancel)).ShouldBeFalse();
        (await tokens.RevokeAsync(mallory with { IsAdmin = true }, id, Cancel)).ShouldBeFalse("not even an admin revokes another user's token here");
        (await tokens.AuthenticateAsync(created.Token!, Cancel)).ShouldNotBeNull();
        (await tokens.ListAsync(mallory, Cancel)).ShouldBeEmpty();

        (await tokens.RevokeAsync(alice, id, Cancel)).ShouldBeTrue();

        (await tokens.AuthenticateAsync(created.Token!, Cancel)).ShouldBeNull();
        (await tokens.RevokeAsync(alice, id, Cancel)).ShouldBeFalse("already revoked");
        (await tokens.ListAsync(alice, Cancel)).Single().RevokedAt.ShouldBe(ExchangeStart);
        await using var db = await host.Databases.CreateDbContextAsync(Cancel);
        (await db.Set<AuditEntry>().CountAsync(a => a.Action == ApiTokenService.AuditRevoked, Cancel)).ShouldBe(1);
    }

    [Fact]
    public async Task Expiry_TokenWorksUntilItsTime_NeverMeansNever_AndLastUseIsKeptToTheMinute()
    {
        await using var host = await HostAsync();
        var alice = await host.CreateUserAsync("alice", Cancel);
        var tokens = host.Services.GetRequiredService<ApiTokenService>();
        var day = (await tokens.CreateAsync(alice, new ApiTokenInput { Name = "day", ExpiresInDays = 1 }, Cancel)).Token!;
        var forever = (await tokens.CreateAsync(alice, new ApiTokenInput { Name = "forever", ExpiresInDays = null }, Cancel)).Token!;

        (await tokens.AuthenticateAsync(day, Cancel)).ShouldNotBeNull();
        host.Time.Advance(TimeSpan.FromSeconds(30));
        (await tokens.AuthenticateAsync(day, Cancel)).ShouldNotBeNull();
        (await tokens.ListAsync(alice, Cancel)).Single(t => t.Name == "day").LastUsedAt.ShouldBe(ExchangeStart, "a use within the minute is not written");
        host.Time.Advance(TimeSpan.FromHours(23));
        (await tokens.AuthenticateAsync(day, Cancel)).ShouldNotBeNull();
        (await tokens.ListAsync(alice, Cancel)).Single(t => t.Name == "day").LastUsedAt.ShouldBe(host.Time.GetUtcNow());
        host.Time.Advance(TimeSpan.FromHours(1));

        (await tokens.AuthenticateAsync(day, Cancel)).ShouldBeNull("a day and 30 s later it has expired");
        (await tokens.AuthenticateAsync(forever, Cancel)).ShouldNotBeNull();
        (await tokens.ListAsync(alice, Cancel)).Single(t => t.Name == "forever").ExpiresAt.ShouldBeNull();
    }

    [Fact]
    public async Task Create_InvalidInput_StoresNothing_AndSaysWhichField()
    {
        await using var host = await HostAsync();
        var alice = await host.CreateUserAsync("alice", Cancel);
        var tokens = host.Services.GetRequiredService<ApiTokenService>();

        var result = await tokens.CreateAsync(alice, new ApiTokenInput { Name = " ", Scopes = ApiScopes.None, ExpiresInDays = 400 }, Cancel);

        result.Succeeded.ShouldBeFalse();
        result.Token.ShouldBeNull();
        result.Errors.Select(e => e.Field).ShouldBe(["name", "scopes", "expiresInDays"]);
        ApiTokenService.Validate(new ApiTokenInput { Name = new string('n', 65) }).ShouldHaveSingleItem().Field.ShouldBe("name");
        ApiTokenService.Validate(new ApiTokenInput { Name = "x", Scopes = (ApiScopes)4 }).ShouldHaveSingleItem().Field.ShouldBe("scopes");
        (await tokens.ListAsync(alice, Cancel)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Create_BeyondTheActiveLimit_IsRefusedUntilOneIsRevoked()
    {
        await using var host = await HostAsync();
        var alice = await host.CreateUserAsync("alice", Cancel);
        var tokens = host.Services.GetRequiredService<ApiTokenService>();
        for (var i = 0; i < ApiTokenService.MaxActivePerUser; i++)
            (await tokens.CreateAsync(alice, new ApiTokenInput { Name = $"t{i}" }, Cancel)).Succeeded.ShouldBeTrue();

        var refused = await tokens.CreateAsync(alice, new ApiTokenInput { Name = "one more" }, Cancel);
        refused.Errors.ShouldHaveSingleItem().Field.ShouldBe("name");
        await tokens.RevokeAsync(alice, (await tokens.ListAsync(alice, Cancel))[0].Id, Cancel);

        (await tokens.CreateAsync(alice, new ApiTokenInput { Name = "one more" }, Cancel)).Succeeded.ShouldBeTrue();
    }

    private static DateTimeOffset ExchangeStart => TradeBot.Tests.Exchange.ExchangeTestHost.Start;
}
