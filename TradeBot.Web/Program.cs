using MudBlazor.Services;
using TradeBot.Web;
using TradeBot.Web.Accounts;
using TradeBot.Web.Cli;
using TradeBot.Web.Components;
using TradeBot.Web.Data;

if (await CommandLine.TryRunAsync(args) is { } exitCode)
    return exitCode;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.AddData().AddAccounts();

var app = builder.Build();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAccounts();
app.MapHealthChecks("/health");

try
{
    await app.StartupAsync();
}
catch (AccountSeedingException e)
{
    app.Logger.LogCritical("Cannot start: {Problem}", e.Message);
    return 1;
}
await app.RunAsync();
return 0;
