using System.Net.Mail;
using TradeBot.Web.Accounts;
using TradeBot.Web.Data;

namespace TradeBot.Web.Cli;

/// <summary>
/// <c>create-admin --email E --password P</c>: migrates the database, then creates the user as an admin, or
/// promotes an existing user and sets that password (an operator running this wants to log in with it).
/// Configuration overrides may follow as <c>--Section:Key=value</c>, as for the web app.
/// </summary>
internal static class CreateAdminCommand
{
    public const string Usage = "create-admin --email EMAIL --password PASSWORD";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (Parse(args) is not { } parsed)
        {
            await error.WriteLineAsync($"error: expected {Usage}");
            return 2;
        }
        if (!IsEmailAddress(parsed.Email))
        {
            await error.WriteLineAsync($"error: {CliInput.Quote(parsed.Email)} is not an email address");
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(parsed.ConfigurationArgs);
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error);
        builder.AddData().AddAccountStore();
        using var host = builder.Build();
        await host.Services.MigrateDatabaseAsync(cancellationToken);

        await using var scope = host.Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<AccountSeeder>();
        try
        {
            var result = await seeder.EnsureAdminAsync(parsed.Email, parsed.Password, resetPassword: true);
            await output.WriteLineAsync(result == AdminSeedResult.Created
                ? $"Created admin {parsed.Email}."
                : $"{parsed.Email} is now an admin; the password was set.");
            return 0;
        }
        catch (AccountSeedingException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>One plain address (no display name), as Identity stores it: at most 256 characters, no hidden characters.</summary>
    private static bool IsEmailAddress(string email) =>
        email.Length <= 256 && UserText.Problem(email) is null && MailAddress.TryCreate(email, out var address) && address.Address == email;

    private sealed record Arguments(string Email, string Password, string[] ConfigurationArgs);

    private static Arguments? Parse(string[] args)
    {
        string? email = null, password = null;
        var configuration = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--email" when i + 1 < args.Length && email is null:
                    email = args[++i];
                    break;
                case "--password" when i + 1 < args.Length && password is null:
                    password = args[++i];
                    break;
                case var setting when setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains('='):
                    configuration.Add(setting);
                    break;
                default:
                    return null;
            }
        }
        return string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password)
            ? null
            : new Arguments(email.Trim(), password, [.. configuration]);
    }
}
