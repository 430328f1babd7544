using Microsoft.Extensions.Options;
using MudBlazor.Services;
using TradeBot.Web;
using TradeBot.Web.Accounts;
using TradeBot.Web.Admin;
using TradeBot.Web.Api;
using TradeBot.Web.Backtests;
using TradeBot.Web.Bots;
using TradeBot.Web.Cli;
using TradeBot.Web.Components;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.ApiKeys;
using TradeBot.Web.Notifications;

if (await CommandLine.TryRunAsync(args) is { } exitCode)
    return exitCode;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.AddData().AddAccounts().AddAccountSecurity().AddExchange().AddApiKeys().AddNotifications().AddBots().AddBacktests().AddAdmin()
    .AddApi().AddEventFanOut();

var app = builder.Build();
try
{
    // Settings first (every ValidateOnStart rule, as the host would check them at start): a bad one is one clear line.
    app.Services.GetRequiredService<IStartupValidator>().Validate();
}
catch (OptionsValidationException e)
{
    return await CannotStartAsync(app, e);
}
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseAccountSecurity(); // first, so that every response (an authorization redirect too) carries the security headers
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAccounts();
app.MapBots();
app.MapBacktests();
app.MapApi();
app.MapHealthChecks("/health");

try
{
    await app.StartupAsync();
}
catch (Exception e) when (e is AccountSeedingException or OptionsValidationException || Startup.FindDatabaseError(e) is not null)
{
    // An operator reads one line, not a stack trace: a bad Admin:Password, a bad setting, or a database that cannot be reached.
    return await CannotStartAsync(app, e);
}
await app.RunAsync();
return 0;

static async Task<int> CannotStartAsync(WebApplication app, Exception e)
{
    app.Logger.LogCritical("Cannot start: {Problem}", e switch
    {
        AccountSeedingException => e.Message,
        OptionsValidationException settings => $"bad setting: {string.Join(" ", settings.Failures)}",
        _ => $"database error: {Startup.FindDatabaseError(e)!.Message}",
    });
    await app.DisposeAsync(); // flushes the console logger's queue before the process ends
    return 1;
}
