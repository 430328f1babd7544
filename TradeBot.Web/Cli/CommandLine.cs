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
            "migrate" => await MigrateCommand.RunAsync(args[1..], cancellation.Token),
            "create-admin" => await CreateAdminCommand.RunAsync(args[1..], Console.Out, Console.Error, cancellation.Token),
            "healthcheck" => await HealthCheckCommand.RunAsync(args[1..], cancellation.Token),
            "backtest" => BacktestCommand.Run(args[1..], Console.Out, Console.Error, cancellation.Token),
            "sweep" => SweepCommand.Run(args[1..], Console.Out, Console.Error, cancellation.Token),
            _ => await Usage($"unknown command '{args[0]}'"),
        };
    }

    internal static Task<int> Usage(string problem)
    {
        Console.Error.WriteLine($"error: {problem}");
        Console.Error.WriteLine("usage: TradeBot.Web [migrate | create-admin | backtest | sweep | healthcheck] [options]  (no command: run the web app)");
        return Task.FromResult(2);
    }
}
