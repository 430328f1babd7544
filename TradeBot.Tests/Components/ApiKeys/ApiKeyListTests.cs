using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Exchange;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;
using TradeBot.Web.Exchange.ApiKeys;

namespace TradeBot.Tests.Components.ApiKeys;

/// <summary>The API keys page over the real key service (SQLite, fake Binance): add with field errors, list, delete.</summary>
public sealed class ApiKeyListTests : HostedTestContext
{
    private FakeBinanceServer _binance = null!;

    public ApiKeyListTests()
        : base((services, host) =>
        {
            services.AddSingleton(_ => host().ApiKeys);
            services.AddSingleton(Options.Create(new TradingOptions())); // the page's own: each test switches it
        })
    {
    }

    protected override async Task<BotsTestHost> CreateHostAsync()
    {
        _binance = await FakeBinanceServer.StartAsync();
        return await BotsTestHost.CreateAsync("Sqlite", null, Cancel, _binance);
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        SignInAs(Alice);
    }

    protected override async ValueTask DisposeHostAsync()
    {
        await base.DisposeHostAsync();
        await _binance.DisposeAsync();
    }

    private IRenderedComponent<ApiKeyList> RenderPage(bool liveEnabled = false)
    {
        Services.GetRequiredService<IOptions<TradingOptions>>().Value.LiveEnabled = liveEnabled;
        Render<MudDialogProvider>();
        return Render<ApiKeyList>();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Render_LiveTradingSwitch_AlertOnlyWhenOff(bool liveEnabled)
    {
        var page = RenderPage(liveEnabled);

        page.FindAll("#live-disabled-alert").Count.ShouldBe(liveEnabled ? 0 : 1);
        page.WaitForElement("#api-keys-empty").TextContent.ShouldContain("No keys yet");
    }

    [Fact]
    public async Task Save_EmptyForm_FieldErrorsAndNothingStored()
    {
        var page = RenderPage();

        await page.Find("#api-key-save").ClickAsync(new());

        page.WaitForAssertion(() => page.Markup.ShouldContain("Give the key a label."));
        page.Markup.ShouldContain("Paste the API key.");
        page.Markup.ShouldContain("Paste the secret.");
        (await Host.ApiKeys.ListAsync(Alice, Cancel)).ShouldBeEmpty();
        _binance.CountOf("/sapi/v1/account/apiRestrictions").ShouldBe(0, "a malformed key is not sent to Binance");
    }

    [Fact]
    public async Task Save_GoodKey_ListedByLabelAndLast4_SecretNeverRendered_FormCleared()
    {
        var page = RenderPage();

        page.Find("#api-key-label").Input("main account");
        page.Find("#api-key-key").Input(FakeBinanceServer.ApiKey);
        page.Find("#api-key-secret").Input(FakeBinanceServer.Secret);
        await page.Find("#api-key-save").ClickAsync(new());

        page.WaitForElement("#api-keys-table", TimeSpan.FromSeconds(10));
        var row = page.Find("#api-keys-table tbody tr").TextContent;
        row.ShouldContain("main account");
        row.ShouldContain("••••" + FakeBinanceServer.ApiKey[^4..]);
        row.ShouldContain("Mainnet");
        row.ShouldContain("Spot");
        row.ShouldContain("Futures");
        page.Markup.ShouldNotContain(FakeBinanceServer.Secret);
        page.Markup.ShouldNotContain(FakeBinanceServer.ApiKey);
        page.Find("#api-key-label").GetAttribute("value").ShouldBeNullOrEmpty();
        (await Host.ApiKeys.ListAsync(Alice, Cancel)).ShouldHaveSingleItem().Label.ShouldBe("main account");
    }

    [Fact]
    public async Task Render_KeyThatCanWithdraw_FlaggedAsRefusedForLive_OtherUsersKeysAbsent()
    {
        await Host.AddKeyRowAsync(Alice, isTestnet: false, spot: true, futures: false, withdraw: true, Cancel);
        var bob = await Host.CreateUserAsync("bob", Cancel);
        await Host.AddKeyRowAsync(bob, isTestnet: true, spot: true, futures: true, withdraw: false, Cancel);

        var page = RenderPage();

        page.WaitForElement("#api-keys-table");
        var row = page.Find("#api-keys-table tbody tr");
        page.FindAll("#api-keys-table tbody tr").Count.ShouldBe(1, "bob's key is not alice's to see");
        row.TextContent.ShouldContain("Can withdraw");
        row.TextContent.ShouldNotContain("Futures");
    }

    [Fact]
    public async Task Delete_Confirmed_KeyGone()
    {
        await Host.AddKeyRowAsync(Alice, isTestnet: true, spot: true, futures: true, withdraw: false, Cancel);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ApiKeyList>();

        var deleting = page.WaitForElement("#api-keys-table button[aria-label='Delete key test']").ClickAsync(new()); // waits for the answer
        var confirm = dialogs.WaitForElement(".mud-dialog .mud-button-root:last-child");
        confirm.TextContent.ShouldContain("Delete");
        dialogs.Markup.ShouldContain("revoke it on Binance too");
        await confirm.ClickAsync(new());
        await deleting.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        page.WaitForElement("#api-keys-empty", TimeSpan.FromSeconds(10));
        (await Host.ApiKeys.ListAsync(Alice, Cancel)).ShouldBeEmpty();
    }
}
