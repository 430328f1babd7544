using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using TradeBot.Web.Accounts;

namespace TradeBot.Web.Admin.Pages;

/// <summary>
/// The admin pages' base: the signed-in admin as a <see cref="Caller"/> (the services check it again) and how times
/// are written (UTC, invariant).
/// </summary>
public class AdminPage : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>The signed-in user; the page's [Authorize] let only admins in, the services refuse anyone else.</summary>
    protected Caller Admin { get; private set; } = new("", IsAdmin: false);

    protected override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null && Caller.From((await AuthenticationState).User) is { } caller)
            Admin = caller;
        await LoadAsync();
    }

    /// <summary>Reads what the page shows.</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    protected static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    protected static string Duration(TimeSpan span) => span.TotalDays >= 1
        ? $"{(int)span.TotalDays} d {span.Hours} h {span.Minutes} min"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{(int)span.TotalMinutes} min {span.Seconds} s";
}
