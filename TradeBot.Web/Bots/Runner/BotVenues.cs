using System.Globalization;
using Microsoft.Extensions.Options;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.ApiKeys;
using TradeBot.Web.Exchange.Paper;

namespace TradeBot.Web.Bots.Runner;

/// <summary>
/// Picks a bot's account and market data: Paper trades on the bot's own paper wallet priced by the configured venue;
/// Testnet and Live trade on Binance with the bot's decrypted key (Live only while <c>Trading:LiveEnabled</c>) and read
/// candles and prices from that same Binance network.
/// </summary>
internal sealed class BotVenues(
    PaperExchangeFactory paper, IMarketDataSource marketData, ApiKeyService keys, ITradingAccountFactory accounts, IOptionsMonitor<TradingOptions> trading)
{
    /// <summary>The paper wallet of a bot.</summary>
    public static string PaperWalletId(long botId) => "bot-" + botId.ToString(CultureInfo.InvariantCulture);

    public async Task<BotVenue> ResolveAsync(BotConfig config, CancellationToken cancellationToken)
    {
        if (config.ExchangeMode == ExchangeMode.Paper)
            return new BotVenue(paper.ForWallet(PaperWalletId(config.Id)), marketData.Current);
        if (config.ExchangeMode == ExchangeMode.Live && !trading.CurrentValue.LiveEnabled)
            throw new BotTickFailure("Live trading is switched off on this server (Trading:LiveEnabled is false): no order is sent.");
        if (config.ApiKeyId is not { } keyId)
            throw new BotTickFailure($"A {config.ExchangeMode} bot needs an API key.");
        var credentials = await keys.GetCredentialsAsync(config.OwnerId, keyId, cancellationToken)
            ?? throw new BotTickFailure("The bot's API key is gone or cannot be decrypted; choose a key again.");
        if (credentials.IsTestnet != (config.ExchangeMode == ExchangeMode.Testnet))
            throw new BotTickFailure($"The bot's API key is a {(credentials.IsTestnet ? "testnet" : "mainnet")} key; a {config.ExchangeMode} bot needs the other kind.");
        var account = accounts.Create(credentials);
        return new BotVenue(account, account as IMarketData ?? marketData.Current);
    }
}
