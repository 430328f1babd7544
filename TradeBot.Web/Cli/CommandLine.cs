using Microsoft.Extensions.Options;

namespace TradeBot.Web.Cli;

/// <summary>
/// Commands of the app (<c>dotnet TradeBot.Web.dll COMMAND ...</c>). Dispatched before the web host is
/// built, so commands that need no database or server (backtest, sweep) start in milliseconds.
/// </summary>
public static class CommandLine
{
    /// <summary>Runs the command named by <paramref name="args"/>[0], or returns null to start the web app.</summary>
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
            return null;
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
        return args[0] switch
        {
            "migrate" => await OneLineErrorsAsync(() => MigrateCommand.RunAsync(args[1..], cancellation.Token)),
            "create-admin" => await OneLineErrorsAsync(() => CreateAdminCommand.RunAsync(args[1..], Console.Out, Console.Error, cancellation.Token)),
            "healthcheck" => await HealthCheckCommand.RunAsync(args[1..], cancellation.Token),
            "backtest" => BacktestCommand.Run(args[1..], Console.Out, Console.Error, cancellation.Token),
            "sweep" => SweepCommand.Run(args[1..], Console.Out, Console.Error, cancellation.Token),
            _ => await Usage($"unknown command {CliInput.Quote(args[0])}"),
        };
    }

    /// <summary>
    /// Runs a command that builds a host: a configuration it cannot use (an unknown provider, a missing connection
    /// string, an unreadable folder) or a database it cannot reach is one <c>error: ...</c> line and exit code 1.
    /// </summary>
    internal static async Task<int> OneLineErrorsAsync(Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"error: {Describe(e)}");
            return 1;
        }
    }

    /// <summary>What went wrong in an operator's words: the failed settings, the database's own error, or the message.</summary>
    internal static string Describe(Exception error) => error switch
    {
        OptionsValidationException invalid => CliInput.OneLine(string.Join(" ", invalid.Failures)),
        _ when Startup.FindDatabaseError(error) is { } database => $"database error: {CliInput.OneLine(database.Message)}",
        _ => CliInput.OneLine(error.Message),
    };

    internal static Task<int> Usage(string problem)
    {
        Console.Error.WriteLine($"error: {problem}");
        Console.Error.WriteLine("usage: TradeBot.Web [migrate | create-admin | backtest | sweep | healthcheck] [options]  (no command: run the web app)");
        return Task.FromResult(2);
    }
}
