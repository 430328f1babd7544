using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TradeBot.Domain.Market;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Bots;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.ApiKeys;

namespace TradeBot.Tests.Exchange.ApiKeys;

/// <summary>API keys against the fake Binance on SQLite and PostgreSQL: checked on save, encrypted at rest, scoped to their owner.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ApiKeyServiceTests(PostgresServer postgres) : IAsyncLifetime
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly CapturingLoggerProvider _logs = new();
    private FakeBinanceServer _binance = null!;

    public async ValueTask InitializeAsync() => _binance = await FakeBinanceServer.StartAsync();

    public async ValueTask DisposeAsync() => await _binance.DisposeAsync();

    private Task<BotsTestHost> HostAsync(string provider, bool liveEnabled = false) =>
        BotsTestHost.CreateAsync(provider, postgres, Cancel, _binance, liveEnabled,
            services => services.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs)));

    private static ApiKeyInput GoodKey(bool isTestnet = false) =>
        new() { Label = "main account", ApiKey = FakeBinanceServer.ApiKey, Secret = FakeBinanceServer.Secret, IsTestnet = isTestnet };

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Add_KeyBinanceAccepts_StoredAndShownOnlyAsLabelLast4AndPermissions(string provider)
    {
        await using var host = await HostAsync(provider);
        var alice = await host.CreateUserAsync("alice", Cancel);

        var result = await host.ApiKeys.AddAsync(alice, GoodKey(), Cancel);

        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
        var listed = (await host.ApiKeys.ListAsync(alice, Cancel)).ShouldHaveSingleItem();
        listed.ShouldBe(result.Key);
        listed.Label.ShouldBe("main account");
        listed.KeyLast4.ShouldBe("6789");
        listed.Permissions.ShouldBe(new ApiKeyPermissions(CanTradeSpot: true, CanTradeFutures: true, CanWithdraw: false, IsIpRestricted: false));
        listed.LiveRefusal.ShouldBeNull();
        listed.ToString().ShouldNotContain(FakeBinanceServer.Secret);
        _binance.CountOf("/sapi/v1/account/apiRestrictions").ShouldBe(1);
        _logs.Lines.ShouldNotContain(line => line.Contains(FakeBinanceServer.Secret) || line.Contains(FakeBinanceServer.ApiKey));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Add_Stored_NeitherKeyNorSecretIsInTheTableInPlainText(string provider)
    {
        await using var host = await HostAsync(provider);
        var alice = await host.CreateUserAsync("alice", Cancel);
        (await host.ApiKeys.AddAsync(alice, GoodKey(), Cancel)).Succeeded.ShouldBeTrue();

        await using var db = await host.Databases.CreateDbContextAsync(Cancel);
        var rows = await db.Database.SqlQueryRaw<string>(
            "SELECT label || '|' || key_last4 || '|' || encrypted_key || '|' || encrypted_secret AS \"Value\" FROM api_keys").ToListAsync(Cancel);

        var row = rows.ShouldHaveSingleItem();
        row.ShouldNotContain(FakeBinanceServer.ApiKey);
        row.ShouldNotContain(FakeBinanceServer.Secret);
        row.ShouldNotContain(FakeBinanceServer.Secret[..12]);
        row.ShouldStartWith("main account|6789|");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task KeyRing_SecondInstanceOnTheSameDatabase_DecryptsTheKey(string provider)
    {
        await using var first = await HostAsync(provider);
        var alice = await first.CreateUserAsync("alice", Cancel);
        var id = (await first.ApiKeys.AddAsync(alice, GoodKey(), Cancel)).Key!.Id;

        await using var second = await BotsTestHost.OnSameDatabaseAsync(first, Cancel, _binance);
        var credentials = await second.ApiKeys.GetCredentialsAsync(alice.UserId, id, Cancel);

        credentials.ShouldBe(new ExchangeCredentials(FakeBinanceServer.ApiKey, FakeBinanceServer.Secret, IsTestnet: false));
        await using var db = await second.Databases.CreateDbContextAsync(Cancel);
        (await db.DataProtectionKeys.CountAsync(Cancel)).ShouldBe(1);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task AnotherUser_GetListDeleteOrCredentials_NotFound(string provider)
    {
        await using var host = await HostAsync(provider);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var mallory = await host.CreateUserAsync("mallory", Cancel, isAdmin: true);
        var id = (await host.ApiKeys.AddAsync(alice, GoodKey(), Cancel)).Key!.Id;

        (await host.ApiKeys.GetAsync(mallory, id, Cancel)).ShouldBeNull();
        (await host.ApiKeys.ListAsync(mallory, Cancel)).ShouldBeEmpty();
        (await host.ApiKeys.DeleteAsync(mallory, id, Cancel)).ShouldBe(ApiKeyDeleteOutcome.NotFound);
        (await host.ApiKeys.GetCredentialsAsync(mallory.UserId, id, Cancel)).ShouldBeNull();
        (await host.ApiKeys.GetAsync(alice, id, Cancel)).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Add_KeyBinanceRefuses_MessageAndNothingStored(string provider)
    {
        await using var host = await HostAsync(provider);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var input = GoodKey();
        input.ApiKey = "someone-elses-key-0000";

        var result = await host.ApiKeys.AddAsync(alice, input, Cancel);

        result.Errors.ShouldHaveSingleItem().Field.ShouldBe("apiKey");
        result.Errors[0].Message.ShouldStartWith("Binance refused this key");
        (await host.CountAsync<ApiKey>(Cancel)).ShouldBe(0);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Add_WithdrawEnabledKey_StoredFlaggedAndRefusedForLive(string provider)
    {
        await using var host = await HostAsync(provider, liveEnabled: true);
        var alice = await host.CreateUserAsync("alice", Cancel);
        _binance.KeyCanWithdraw = true;

        var key = (await host.ApiKeys.AddAsync(alice, GoodKey(), Cancel)).Key!;
        var live = BotsTestHost.ValidInput();
        live.ExchangeMode = ExchangeMode.Live;
        live.ApiKeyId = key.Id;
        var errors = await host.Validator.ValidateAsync(alice, live, null, Cancel);

        key.Permissions.CanWithdraw.ShouldBeTrue();
        key.LiveRefusal.ShouldBe(ApiKeyService.WithdrawRefusal);
        errors.ShouldHaveSingleItem().ShouldBe(new("apiKeyId", ApiKeyService.WithdrawRefusal));
        _binance.KeyCanWithdraw = false;
        var clean = (await host.ApiKeys.AddAsync(alice, GoodKey(), Cancel)).Key!;
        live.ApiKeyId = clean.Id;
        (await host.Validator.ValidateAsync(alice, live, null, Cancel)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Delete_KeyUsedByABot_RefusedUntilTheBotIsGone(string provider)
    {
        await using var host = await HostAsync(provider);
        var alice = await host.CreateUserAsync("alice", Cancel);
        var key = (await host.ApiKeys.AddAsync(alice, GoodKey(isTestnet: true), Cancel)).Key!;
        var input = BotsTestHost.ValidInput();
        input.ExchangeMode = ExchangeMode.Testnet;
        input.MarketType = MarketType.Futures;
        input.Leverage = 10;
        input.ApiKeyId = key.Id;
        var bot = await host.Bots.CreateAsync(alice, input, Cancel);
        bot.Succeeded.ShouldBeTrue(string.Join("; ", bot.Errors));

        (await host.ApiKeys.DeleteAsync(alice, key.Id, Cancel)).ShouldBe(ApiKeyDeleteOutcome.InUse);
        (await host.Bots.DeleteAsync(alice, bot.Bot!.Config.Id, Cancel)).ShouldBe(BotDeleteOutcome.Deleted);
        (await host.ApiKeys.DeleteAsync(alice, key.Id, Cancel)).ShouldBe(ApiKeyDeleteOutcome.Deleted);
        (await host.ApiKeys.ListAsync(alice, Cancel)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("", "key-12345678", "secret-12345678", "label")]
    [InlineData("<script>alert(1)</script>", "key with spaces", "secret-12345678", "apiKey")]
    [InlineData("ok", "key-12345678", "short", "secret")]
    [InlineData("ok", null, "secret-12345678", "apiKey")]
    [InlineData("ok", "key-12345678", "'; DROP TABLE api_keys; --", "secret")]
    public async Task Add_BadInput_FieldMessageWithoutAskingBinance(string? label, string? key, string? secret, string field)
    {
        await using var host = await HostAsync("Sqlite");
        var alice = await host.CreateUserAsync("alice", Cancel);

        var result = await host.ApiKeys.AddAsync(alice, new ApiKeyInput { Label = label, ApiKey = key, Secret = secret }, Cancel);

        result.Errors.ShouldContain(e => e.Field == field);
        _binance.Requests.ShouldBeEmpty();
        (await host.CountAsync<ApiKey>(Cancel)).ShouldBe(0);
    }
}
