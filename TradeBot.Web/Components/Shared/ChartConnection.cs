using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace TradeBot.Web.Components.Shared;

/// <summary>
/// A chart component's side of one chart of <c>wwwroot/js/charts.js</c>: the imported module and the chart's handle,
/// made on the first interactive render and removed with the component. A chart that cannot be made is logged and left
/// empty (it must not take the page, and a live bot's controls, down with it); a circuit that went away is quiet.
/// </summary>
internal sealed class ChartConnection(IJSRuntime js, ILogger logger, string kind) : IAsyncDisposable
{
    /// <summary>The JS module the charts import (relative to the app's base address).</summary>
    public const string ModulePath = "./js/charts.js";

    private IJSObjectReference? module;
    private IJSObjectReference? handle;
    private Task? creation;
    private bool disposed;

    /// <summary>True once the chart exists and until it is removed: calls before and after do nothing.</summary>
    public bool IsReady => handle is not null && module is not null && !disposed;

    /// <summary>Makes the chart with the module's <paramref name="factory"/> function in <paramref name="element"/>.</summary>
    public Task CreateAsync(string factory, ElementReference element, object options, string chartId) =>
        creation = CreateCoreAsync(factory, element, options, chartId);

    /// <summary>Calls the module's <paramref name="method"/> with the chart's handle and <paramref name="arg"/>.</summary>
    public Task InvokeAsync(string method, object? arg) => CallAsync(method, [handle, arg]);

    /// <summary>Calls the module's <paramref name="method"/> with the chart's handle and three arguments.</summary>
    public Task InvokeAsync(string method, object? arg1, object? arg2, object? arg3) => CallAsync(method, [handle, arg1, arg2, arg3]);

    // Not params: an array argument (a list of series) must stay one argument.
    private async Task CallAsync(string method, object?[] args)
    {
        if (IsReady)
            await module!.InvokeVoidAsync(method, args);
    }

    private async Task CreateCoreAsync(string factory, ElementReference element, object options, string chartId)
    {
        try
        {
            module = await js.InvokeAsync<IJSObjectReference>("import", ModulePath);
            handle = await module.InvokeAsync<IJSObjectReference>(factory, element, options);
        }
        catch (JSException exception)
        {
            logger.LogWarning(exception, "{ChartKind} chart {ChartId} could not be created", kind, chartId);
        }
        catch (JSDisconnectedException)
        {
            // The circuit went away while the chart was being made; there is nothing to remove.
        }
    }

    /// <summary>Removes the chart from the page and releases the module; quiet when the circuit is already gone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
            return;
        disposed = true;
        // Disposed while the chart is being made: let it finish, so there is a handle to remove.
        if (creation is not null)
            await creation.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        try
        {
            if (handle is not null && module is not null)
                await module.InvokeVoidAsync("dispose", handle);
            if (handle is not null)
                await handle.DisposeAsync();
            if (module is not null)
                await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone and took the chart with it.
        }
        handle = null;
        module = null;
    }
}
