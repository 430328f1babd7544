using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TradeBot.Domain.Trading;
using TradeBot.Domain.Backtesting;
using TradeBot.Tests.Backtests;
using TradeBot.Tests.Bots;
using TradeBot.Tests.Exchange;
using TradeBot.Tests.Notifications;
using TradeBot.Web.Accounts;
using TradeBot.Web.Backtests;
using TradeBot.Web.Bots;
using TradeBot.Web.Exchange.ApiKeys;
using TradeBot.Web.Notifications;

namespace TradeBot.Tests.Security;

/// <summary>The app's services on a real SQLite file, a fake Binance and notifications; backtests are stored but never run.</summary>
public sealed class ServiceFuzzFixture : IAsyncLifetime
{
    public BotsTestHost Host { get; private set; } = null!;

    public FakeBinanceServer Binance { get; private set; } = null!;

    public Caller Alice { get; private set; } = null!;

    public Caller Bob { get; private set; } = null!;

    public BacktestService Backtests => Host.Services.GetRequiredService<BacktestService>();

    public NotificationSettingsService Notifications => Host.Services.GetRequiredService<NotificationSettingsService>();

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        Binance = await FakeBinanceServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(NotificationsHarness.ConfigurationFor(null)).Build();
        Host = await BotsTestHost.CreateAsync("Sqlite", null, cancel, Binance, configure: services =>
        {
            services.AddNotifications(configuration);
            services.Replace(ServiceDescriptor.Singleton<IBacktestScheduler>(new NoBacktestScheduler()));
        });
        Alice = await Host.CreateUserAsync("alice", cancel);
        Bob = await Host.CreateUserAsync("bob", cancel);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Binance.DisposeAsync();
    }

    private sealed class NoBacktestScheduler : IBacktestScheduler
    {
        public Task ScheduleAsync(long runId, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> IsKeptAsync(long runId, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}

/// <summary>
/// Hostile values (see <see cref="HostileInput"/>) in every field of a backtest, a sweep, an API key and the notification
/// settings and webhooks, through the real services on SQLite: the answer is messages, never an exception; a refused
/// input stores no row; what is accepted is sane. (Bots: <see cref="BotInputFuzzTests"/>.)
/// </summary>
public sealed class ServiceInputFuzzTests(ServiceFuzzFixture fixture) : IClassFixture<ServiceFuzzFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Backtest_EachFieldHostile_MessagesNotExceptionsAndNothingRefusedIsStored()
    {
        foreach (var (what, input) in Variants<BacktestInput>(BacktestJobTests.YearInput, b => b.Bot))
        {
            var result = await StoreAsync<BacktestRun, BacktestCreateResult>(what, () => fixture.Backtests.CreateAsync(fixture.Alice, input, Cancel),
                r => r.Succeeded, r => r.Errors);
            if (result.Succeeded)
                (await fixture.Backtests.GetAsync(fixture.Alice, result.RunId!.Value, Cancel)).ShouldNotBeNull(what);
        }
    }

    [Fact]
    public async Task Sweep_HostileAxesAndRank_MessagesNotExceptionsAndNothingStored()
    {
        var axes = typeof(SweepAxis).GetProperties().Where(p => p.CanWrite).ToArray();
        var cases = new List<(string, SweepInput)>
        {
            ("no axes", Sweep()), ("null axis", Sweep().With(x => x.Axes.Add(null!))), ("4 axes", Sweep(Axis(), Axis("emaSlow"), Axis("rsiPeriod"), Axis("stopLossPerc"))),
            ("rank 4242", Sweep(Axis()).With(x => x.Rank = (SweepRank)4242)),
            ("null backtest", Sweep(Axis()).With(x => x.Backtest = null!)),
            ("huge grid", Sweep(new SweepAxis { Name = "emaFast", From = 0, To = 1e6, Step = 1e-6 })),
        };
        foreach (var axis in axes)
        {
            foreach (var value in HostileInput.For(axis.PropertyType))
            {
                var hostile = Axis();
                axis.SetValue(hostile, value);
                cases.Add(($"axis {axis.Name} = {HostileInput.Describe(value)}", Sweep(hostile)));
            }
        }

        foreach (var (what, input) in cases)
        {
            var result = await StoreAsync<BacktestRun, BacktestCreateResult>(what, () => fixture.Backtests.CreateSweepAsync(fixture.Alice, input, Cancel),
                r => r.Succeeded, r => r.Errors);
            if (result.Succeeded)
                (await fixture.Backtests.GetAsync(fixture.Alice, result.RunId!.Value, Cancel))!.Sweep!.RunCount().ShouldBeInRange(1, BacktestValidator.MaxSweepRuns, what);
        }
    }

    [Fact]
    public async Task ApiKey_EachFieldHostile_MessagesNotExceptionsAndOnlySaneLabelsStored()
    {
        foreach (var field in typeof(ApiKeyInput).GetProperties().Where(p => p.CanWrite))
        {
            foreach (var value in HostileInput.For(field.PropertyType))
            {
                var input = new ApiKeyInput { Label = "main", ApiKey = FakeBinanceServer.ApiKey, Secret = FakeBinanceServer.Secret };
                field.SetValue(input, value);
                var what = $"{field.Name} = {HostileInput.Describe(value)}";
                var result = await StoreAsync<ApiKey, ApiKeySaveResult>(what, () => fixture.Host.ApiKeys.AddAsync(fixture.Alice, input, Cancel),
                    r => r.Succeeded, r => r.Errors);
                if (!result.Succeeded)
                    continue;
                field.Name.ShouldBeOneOf([nameof(ApiKeyInput.Label), nameof(ApiKeyInput.IsTestnet)], what);
                result.Key!.Label.ShouldBe(input.Label!.Trim(), what);
                result.Key.Label.Length.ShouldBeLessThanOrEqualTo(ApiKeyService.LabelMaxLength, what);
                UserText.Problem(result.Key.Label).ShouldBeNull(what);
                (await fixture.Host.ApiKeys.DeleteAsync(fixture.Alice, result.Key.Id, Cancel)).ShouldBe(ApiKeyDeleteOutcome.Deleted);
            }
        }
    }

    [Fact]
    public async Task NotificationSettings_EachFieldHostile_MessagesNotExceptionsAndNothingRefusedIsStored()
    {
        var caller = await fixture.Host.CreateUserAsync($"settings-{Guid.NewGuid():N}", Cancel);
        foreach (var (what, input) in Variants(() => new NotificationSettingsInput { TimeZone = "Europe/Berlin", SummaryHour = 7 }, _ => null))
        {
            var before = (await fixture.Notifications.GetAsync(caller, Cancel)).Settings;
            IReadOnlyList<SettingsError> errors;
            try
            {
                errors = await fixture.Notifications.SaveAsync(caller, input, Cancel);
            }
            catch (Exception e)
            {
                throw new ShouldAssertException($"{what} threw {e}");
            }
            var after = (await fixture.Notifications.GetAsync(caller, Cancel)).Settings;
            if (errors.Count > 0)
            {
                AssertClear(errors, what);
                (after.TimeZone, after.SummaryHour, after.EmailEvents).ShouldBe((before.TimeZone, before.SummaryHour, before.EmailEvents), what);
                continue;
            }
            after.SummaryHour.ShouldBeInRange(0, 23, what);
            TimeZoneInfo.TryFindSystemTimeZoneById(after.TimeZone!, out _).ShouldBeTrue(what);
            (after.EmailEvents & ~NotificationSettingsService.Choosable).ShouldBe(NotificationEvent.None, what);
        }
    }

    [Fact]
    public async Task Webhook_HostileUrls_MessagesNotExceptionsAndNothingRefusedIsStored()
    {
        string?[] urls =
        [
            .. HostileInput.Text, "javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/x", "http://example.com/hook",
            "https://user:pass@example.com/", "https://exa mple.com/", "https://[::1", "https://例え.jp/hook?q='; DROP TABLE webhooks;--",
            "https://example.com/" + new string('a', NotificationSettingsService.UrlMaxLength), "https://example.com/\0", "https://example.com/\u202e",
            "//example.com/hook", "https://", "data:text/html,<script>alert(1)</script>",
        ];
        foreach (var url in urls)
        {
            var what = $"url {HostileInput.Describe(url)}";
            var result = await StoreAsync<Webhook, WebhookAddResult>(what, () => fixture.Notifications.AddWebhookAsync(fixture.Bob, url, Cancel),
                r => r.Succeeded, r => r.Errors);
            if (!result.Succeeded)
                continue;
            var uri = new Uri(url!.Trim());
            (uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback).ShouldBeTrue(what);
            UserText.Problem(url).ShouldBeNull(what);
            UserText.Problem(result.Webhook!.DisplayUrl).ShouldBeNull(what);
            (await fixture.Notifications.DeleteWebhookAsync(fixture.Bob, result.Webhook.Id, Cancel)).ShouldBeTrue();
        }
    }

    /// <summary>The valid model, then one copy per field (of it and of its <paramref name="nested"/> part) per hostile value.</summary>
    private static IEnumerable<(string What, T Input)> Variants<T>(Func<T> valid, Func<T, object?> nested)
    {
        yield return ("valid", valid());
        foreach (var field in Writable(typeof(T)))
        {
            if (field.PropertyType == typeof(BotInput))
                continue;
            foreach (var value in HostileInput.For(field.PropertyType))
            {
                var input = valid();
                field.SetValue(input, value);
                yield return ($"{field.Name} = {HostileInput.Describe(value)}", input);
            }
        }
        if (nested(valid()) is not { } part)
            yield break;
        foreach (var field in Writable(part.GetType()))
        {
            foreach (var value in HostileInput.For(field.PropertyType))
            {
                var input = valid();
                field.SetValue(nested(input), value);
                yield return ($"{part.GetType().Name}.{field.Name} = {HostileInput.Describe(value)}", input);
            }
        }
    }

    private static IEnumerable<PropertyInfo> Writable(Type type) => type.GetProperties().Where(p => p.CanWrite && p.GetIndexParameters().Length == 0);

    /// <summary>Runs <paramref name="store"/>, counting <typeparamref name="TRow"/> rows around it: one more on success, none on refusal.</summary>
    private async Task<TResult> StoreAsync<TRow, TResult>(
        string what, Func<Task<TResult>> store, Func<TResult, bool> succeeded, Func<TResult, IReadOnlyList<SettingsError>> errors)
        where TRow : class
    {
        var before = await fixture.Host.CountAsync<TRow>(Cancel);
        TResult result;
        try
        {
            result = await store();
        }
        catch (Exception e)
        {
            throw new ShouldAssertException($"{what} threw {e}");
        }
        var after = await fixture.Host.CountAsync<TRow>(Cancel);
        if (succeeded(result))
        {
            after.ShouldBe(before + 1, what);
            return result;
        }
        AssertClear(errors(result), what);
        after.ShouldBe(before, what);
        return result;
    }

    private static void AssertClear(IReadOnlyList<SettingsError> errors, string what)
    {
        errors.ShouldNotBeEmpty(what);
        errors.ShouldAllBe(e => e.Message.Length > 5 && e.Message.Length < 500 && !e.Message.Contains("Exception"), what);
    }

    private static SweepAxis Axis(string name = "emaFast") => new() { Name = name, From = 5, To = 9, Step = 1 };

    private static SweepInput Sweep(params SweepAxis[] axes) => new() { Backtest = BacktestJobTests.YearInput(), Axes = [.. axes] };
}

internal static class FuzzExtensions
{
    public static T With<T>(this T value, Action<T> change)
    {
        change(value);
        return value;
    }
}
