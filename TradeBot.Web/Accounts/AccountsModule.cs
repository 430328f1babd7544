using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TradeBot.Web.Admin;
using TradeBot.Web.Data;

namespace TradeBot.Web.Accounts;

/// <summary>ASP.NET Core Identity: accounts, cookies, roles, the account pages' endpoints, seeding.</summary>
public static class AccountsModule
{
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddSingleton<UserPreferencesService>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        builder.Services.AddAuditLog();
        builder.AddAccountStore().AddSignInManager<AuditingSignInManager>();
        services.AddSingleton<IEmailSender<ApplicationUser>, IdentityNoOpEmailSender>();
        return builder;
    }

    /// <summary>
    /// Identity without the web parts (cookies, sign-in): users, roles, tokens and the seeder.
    /// Enough for the <c>create-admin</c> command, which runs without a web server.
    /// </summary>
    public static IdentityBuilder AddAccountStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>()
            .Bind(builder.Configuration.GetSection(AdminOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<AccountSeeder>();
        // Token providers (password reset, email confirmation) need it; the web host adds it anyway, a command does not.
        builder.Services.AddDataProtection();

        var identity = builder.Services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();
        builder.Services.Replace(ServiceDescriptor.Scoped<IUserStore<ApplicationUser>, ProtectedTokenUserStore>());
        return identity;
    }

    public static WebApplication MapAccounts(this WebApplication app)
    {
        app.MapAccountEndpoints();
        return app;
    }

    /// <summary>Creates the roles and, when <c>Admin:Email</c> is configured, the first admin (startup).</summary>
    public static async Task SeedAccountsAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<AccountSeeder>();
        await seeder.EnsureRolesAsync();
        var admin = scope.ServiceProvider.GetRequiredService<IOptions<AdminOptions>>().Value;
        if (admin.IsConfigured)
            await seeder.EnsureAdminAsync(admin.Email!, admin.Password!, resetPassword: false);
    }
}
