using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TradeBot.Web.Data;

namespace TradeBot.Web.Exchange.Paper;

/// <summary>Hands out the paper exchange of a wallet (a bot's id). Wallets are created, funded, on first use.</summary>
public sealed class PaperExchangeFactory(
    IDbContextFactory<AppDbContext> databases,
    IMarketDataSource marketData,
    IOptions<PaperTradingOptions> options,
    TimeProvider time,
    ILogger<PaperExchange> logger)
{
    // Orders of one wallet run one at a time in this process; the wallet's version column covers other processes.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _walletLocks = new(StringComparer.Ordinal);

    /// <summary>The paper exchange of <paramref name="walletId"/> (at most 64 characters).</summary>
    public PaperExchange ForWallet(string walletId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(walletId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(walletId.Length, 64, nameof(walletId));
        return new PaperExchange(walletId, databases, marketData.Current, options.Value, time, logger,
            _walletLocks.GetOrAdd(walletId, _ => new SemaphoreSlim(1, 1)));
    }
}
