namespace TradeBot.Web.Data.Migrations;

/// <summary>
/// The data step of both providers' <c>PaperWalletsOfDeletedBots</c> migration: bots deleted before their paper wallets
/// went with them left the wallets behind (balances, orders, positions, transfers), reachable by no one. A bot's wallet
/// is <c>bot-{id}</c>; bot ids are never reused (AUTOINCREMENT, identity), so no live bot can claim such a wallet.
/// </summary>
internal static class DeletedBotsPaperWallets
{
    private const string Orphans = "SELECT w.id FROM paper_wallets w WHERE w.id LIKE 'bot-%' AND NOT EXISTS (SELECT 1 FROM bots b WHERE 'bot-' || b.id = w.id)";

    /// <summary>Children first, so the statements do not depend on the foreign keys' cascade being enforced.</summary>
    public static IEnumerable<string> Statements =>
    [
        .. new[] { "paper_balances", "paper_orders", "paper_positions", "paper_transfers" }
            .Select(table => $"DELETE FROM {table} WHERE wallet_id IN ({Orphans});"),
        $"DELETE FROM paper_wallets WHERE id IN ({Orphans});",
    ];
}
