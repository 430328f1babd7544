namespace TradeBot.Tests.Infrastructure;

/// <summary>
/// Waiting for what another thread or process does: the condition is polled until it holds, or the test fails naming
/// what it waited for and, when given, the state at the end (an app's last output lines, a summary of the checks).
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls <paramref name="condition"/> every <paramref name="poll"/> (100 ms by default) for <paramref name="timeout"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<Task<string>>? detail = null, TimeSpan? poll = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
                return;
            await Task.Delay(poll ?? DefaultPoll, TestContext.Current.CancellationToken);
        }
        (await condition()).ShouldBeTrue($"{what}: not within {timeout}{(detail is null ? "" : "\n" + await detail())}");
    }

    /// <inheritdoc cref="HoldsAsync(Func{Task{bool}}, TimeSpan, string, Func{Task{string}}?, TimeSpan?)"/>
    public static Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string what, Func<Task<string>>? detail = null, TimeSpan? poll = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return HoldsAsync(() => Task.FromResult(condition()), timeout, what, detail, poll);
    }

    /// <summary>The last <paramref name="lines"/> lines <paramref name="app"/> wrote, for a failure message.</summary>
    public static Func<Task<string>> OutputOf(AppHost app, int lines = 60) =>
        () => Task.FromResult("the app's output:\n" + string.Join('\n', app.Output.TakeLast(lines)));

    /// <summary>A failure message's detail that is known without waiting.</summary>
    public static Func<Task<string>> Detail(Func<string> text) => () => Task.FromResult(text());
}
