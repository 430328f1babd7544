using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace TradeBot.Tests.Components;

/// <summary>
/// The one bUnit base for component tests: MudBlazor services with transitions off, loose JS interop
/// (MudBlazor calls JS we do not assert on), an interactive Server renderer and a fake signed-in state.
/// </summary>
public abstract class MudBlazorTestContext : BunitContext
{
    /// <param name="services">
    /// The test's own services. They must be registered here, before the base registers authorization: bUnit refuses
    /// registrations once a service has been resolved.
    /// </param>
    protected MudBlazorTestContext(Action<IServiceCollection>? services = null)
    {
        services?.Invoke(Services);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
            options.PopoverOptions.CheckForPopoverProvider = false;
        });
        Authorization = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>Anonymous until a test calls <see cref="SignIn"/>.</summary>
    protected BunitAuthorizationContext Authorization { get; }

    protected void SignIn(string email, params string[] roles)
    {
        Authorization.SetAuthorized(email);
        Authorization.SetRoles(roles);
    }

    /// <summary>Renders as on a static (SSR) page, where MudBlazor components cannot handle events.</summary>
    protected void RenderStatically() => SetRendererInfo(new RendererInfo("Static", isInteractive: false));
}
