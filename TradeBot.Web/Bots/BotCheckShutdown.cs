namespace TradeBot.Web.Bots;

/// <summary>
/// Cancels running bot checks when the host's shutdown timeout runs out. Quartz waits for running checks on shutdown
/// (a check that placed an order should book it), but not for ever: registered after Quartz's hosted service, this
/// stops first and ties <see cref="Stopping"/> to the host's stop token, which fires when the timeout is spent.
/// </summary>
public sealed class BotCheckShutdown : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private CancellationTokenRegistration _registration;

    /// <summary>Cancelled when the host gives up waiting for running checks.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration = cancellationToken.Register(() => _stopping.Cancel());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _registration.Dispose();
        _stopping.Dispose();
    }
}
