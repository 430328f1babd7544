using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TradeBot.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PaperWalletsOfDeletedBots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var statement in DeletedBotsPaperWallets.Statements)
                migrationBuilder.Sql(statement);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The wallets of deleted bots are gone for good, as they would have gone with their bots.
        }
    }
}
