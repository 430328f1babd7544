namespace TradeBot.Tests.Exchange;

/// <summary>
/// Tests of our Binance client against a <see cref="FakeBinanceServer"/> of their own (a fresh one per test, so faults
/// queued by one test never reach another), with a client host on its defaults.
/// </summary>
public abstract class BinanceServerTests : IAsyncLifetime
{
    protected FakeBinanceServer Server { get; private set; } = null!;

    protected BinanceTestHost Host { get; private set; } = null!;

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Server = await FakeBinanceServer.StartAsync();
        Host = BinanceTestHost.Create(Server);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
