using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TradeBot.Web.Accounts;

namespace TradeBot.Tests.Accounts;

/// <summary>The Security section as an operator may write it: hostile values are refused at startup with the setting's name.</summary>
public sealed class SecurityOptionsTests
{
    private static SecurityOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"Security:{s.Key}", s.Value))).Build();
        var services = new ServiceCollection();
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section)).ValidateDataAnnotations();
        return services.BuildServiceProvider().GetRequiredService<IOptions<SecurityOptions>>().Value;
    }

    [Fact]
    public void Defaults_OneMinuteRevalidation_TwoFactorNotRequired_CookiePolicyByEnvironment()
    {
        var options = Bind();

        options.SessionRevalidationInterval.ShouldBe(TimeSpan.FromMinutes(1));
        options.RequireTwoFactorForAdmins.ShouldBeFalse();
        options.CookieSecurePolicy.ShouldBeNull();
    }

    [Theory]
    [InlineData("SessionRevalidationInterval", "00:00:00")]
    [InlineData("SessionRevalidationInterval", "-00:01:00")]
    [InlineData("SessionRevalidationInterval", "2.00:00:00")]
    [InlineData("SignInAttemptsPerMinute", "0")]
    [InlineData("SignInAttemptsPerMinute", "-5")]
    [InlineData("CookieSecurePolicy", "None")]
    public void Bind_OutOfRange_RefusedNamingTheSetting(string key, string value)
    {
        var error = Should.Throw<OptionsValidationException>(() => Bind((key, value)));

        error.Message.ShouldContain(key);
    }

    [Theory]
    [InlineData("SessionRevalidationInterval", "not a time")]
    [InlineData("SignInAttemptsPerMinute", "1e99")]
    [InlineData("CookieSecurePolicy", "<script>")]
    [InlineData("RequireTwoFactorForAdmins", "'; DROP TABLE users;--")]
    public void Bind_Malformed_RefusedNamingTheSetting(string key, string value)
    {
        var error = Should.Throw<InvalidOperationException>(() => Bind((key, value)));

        error.Message.ShouldContain($"Security:{key}");
    }
}
