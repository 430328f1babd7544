using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Notifications;
using TradeBot.Web.Accounts;
using TradeBot.Web.Notifications;
using TradeBot.Web.Notifications.Pages;

namespace TradeBot.Tests.Components.Notifications;

/// <summary>The notification settings page over the real settings service (SQLite): field errors, the secret shown once.</summary>
public sealed class NotificationSettingsPageTests : MudBlazorTestContext, IAsyncLifetime
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly Setup _setup;
    private BotsTestHost _host = null!;
    private Caller _alice = null!;

    public NotificationSettingsPageTests()
        : this(new Setup())
    {
    }

    private NotificationSettingsPageTests(Setup setup)
        : base(services => setup.Register(services)) => _setup = setup;

    // Services are registered before the host exists (bUnit wants them first); they resolve once it does.
    private sealed class Setup
    {
        public BotsTestHost? Host { get; set; }

        public void Register(IServiceCollection services) =>
            services.AddSingleton(_ => Host!.Services.GetRequiredService<NotificationSettingsService>());
    }

    private NotificationSettingsService Settings => _host.Services.GetRequiredService<NotificationSettingsService>();

    public async ValueTask InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(NotificationsHarness.ConfigurationFor(null)).Build();
        _host = await BotsTestHost.CreateAsync("Sqlite", null, Cancel, configure: services => services.AddNotifications(configuration));
        _setup.Host = _host;
        _alice = await _host.CreateUserAsync("alice", Cancel);
        Authorization.SetAuthorized("alice@example.com");
        Authorization.SetRoles(Roles.Trader);
        Authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, _alice.UserId)); // after SetRoles, which replaces the claims
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _host.DisposeAsync();
    }

    private IRenderedComponent<NotificationSettings> RenderPage()
    {
        Render<MudDialogProvider>();
        var page = Render<NotificationSettings>();
        page.WaitForElement("#notification-events");
        return page;
    }

    [Fact]
    public async Task Save_UnknownTimeZone_FieldErrorAndNothingSaved()
    {
        var page = RenderPage();

        await page.Find("#email-OrderFilled").ChangeAsync(new() { Value = true });
        page.Find("#time-zone").Change("Mars/Olympus_Mons");
        await page.Find("#notification-save").ClickAsync(new());

        page.WaitForAssertion(() => page.Markup.ShouldContain("is not a time zone this server knows"));
        (await Settings.GetAsync(_alice, Cancel)).Settings.EmailEvents.ShouldBe(NotificationEvent.None);
    }

    [Fact]
    public async Task Save_Choices_Stored()
    {
        var page = RenderPage();

        await page.Find("#webhook-BotError").ChangeAsync(new() { Value = true });
        page.Find("#time-zone").Change("Europe/Berlin");
        await page.Find("#notification-save").ClickAsync(new());

        page.WaitForAssertion(() => Settings.GetAsync(_alice, Cancel).Result.Settings.WebhookEvents.ShouldBe(NotificationEvent.BotError));
        (await Settings.GetAsync(_alice, Cancel)).Settings.TimeZone.ShouldBe("Europe/Berlin");
        page.FindAll("#email-off-alert").Count.ShouldBe(1, "no Smtp:Host in this host");
    }

    private const string SecretUrl = "https://hooks.example.com/hook/T000/B000/SECRETPATHTOKEN";

    private const string DisplayUrl = "https://hooks.example.com/…OKEN";

    [Fact]
    public async Task AddWebhook_SecretShownOnce_UrlOnlyInDisplayForm()
    {
        var page = RenderPage();

        page.Find("#webhook-url").Input(SecretUrl);
        await page.Find("#webhook-add").ClickAsync(new());

        var secret = page.WaitForElement("#webhook-secret code").TextContent;
        secret.ShouldStartWith("whsec_");
        page.WaitForAssertion(() => page.Markup.ShouldContain(DisplayUrl));
        page.Markup.ShouldNotContain("SECRETPATHTOKEN", customMessage: "the URL field is emptied and the list shows the display form");
        var again = Render<NotificationSettings>();
        again.WaitForAssertion(() => again.Markup.ShouldContain(DisplayUrl));
        again.Markup.ShouldNotContain(secret);
        again.Markup.ShouldNotContain("SECRETPATHTOKEN");
    }

    [Fact]
    public async Task SendTest_DeliveryTableShowsTheUrlOnlyInDisplayForm()
    {
        var webhook = (await Settings.AddWebhookAsync(_alice, SecretUrl, Cancel)).Webhook!;
        var page = RenderPage();

        await page.Find($"#webhook-test-{webhook.Id}").ClickAsync(new());

        page.WaitForAssertion(() => page.Find("#deliveries").TextContent.ShouldContain(DisplayUrl));
        page.Markup.ShouldNotContain("SECRETPATHTOKEN");
    }

    [Fact]
    public async Task AddWebhook_PlainHttpToAnotherMachine_FieldErrorNothingStored()
    {
        var page = RenderPage();

        page.Find("#webhook-url").Input("http://hooks.example.com/alice");
        await page.Find("#webhook-add").ClickAsync(new());

        page.WaitForAssertion(() => page.Markup.ShouldContain("Use https"));
        page.FindAll("#webhook-secret").ShouldBeEmpty();
        (await Settings.GetAsync(_alice, Cancel)).Webhooks.ShouldBeEmpty();
    }
}
