using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TradeBot.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Exchange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "candles",
                columns: table => new
                {
                    market = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    symbol = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    interval = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    open_time_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    open = table.Column<double>(type: "REAL", nullable: false),
                    high = table.Column<double>(type: "REAL", nullable: false),
                    low = table.Column<double>(type: "REAL", nullable: false),
                    close = table.Column<double>(type: "REAL", nullable: false),
                    volume = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_candles", x => new { x.market, x.symbol, x.interval, x.open_time_ms });
                });

            migrationBuilder.CreateTable(
                name: "paper_wallets",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_paper_wallets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "paper_balances",
                columns: table => new
                {
                    wallet_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    market = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    asset = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    free = table.Column<decimal>(type: "TEXT", nullable: false),
                    locked = table.Column<decimal>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_paper_balances", x => new { x.wallet_id, x.market, x.asset });
                    table.ForeignKey(
                        name: "fk_paper_balances_paper_wallet_wallet_id",
                        column: x => x.wallet_id,
                        principalTable: "paper_wallets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "paper_orders",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    wallet_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    market = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    symbol = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    client_order_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    side = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    reduce_only = table.Column<bool>(type: "INTEGER", nullable: false),
                    quantity = table.Column<decimal>(type: "TEXT", nullable: false),
                    price = table.Column<decimal>(type: "TEXT", nullable: false),
                    quote_quantity = table.Column<decimal>(type: "TEXT", nullable: false),
                    fee = table.Column<decimal>(type: "TEXT", nullable: false),
                    fee_asset = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    realized_pnl = table.Column<decimal>(type: "TEXT", nullable: false),
                    transact_time_ms = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_paper_orders", x => x.id);
                    table.ForeignKey(
                        name: "fk_paper_orders_paper_wallet_wallet_id",
                        column: x => x.wallet_id,
                        principalTable: "paper_wallets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "paper_positions",
                columns: table => new
                {
                    wallet_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    symbol = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    quantity = table.Column<decimal>(type: "TEXT", nullable: false),
                    entry_price = table.Column<decimal>(type: "TEXT", nullable: false),
                    margin = table.Column<decimal>(type: "TEXT", nullable: false),
                    leverage = table.Column<int>(type: "INTEGER", nullable: false),
                    margin_type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_paper_positions", x => new { x.wallet_id, x.symbol });
                    table.ForeignKey(
                        name: "fk_paper_positions_paper_wallet_wallet_id",
                        column: x => x.wallet_id,
                        principalTable: "paper_wallets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "paper_transfers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    wallet_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    asset = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    amount = table.Column<decimal>(type: "TEXT", nullable: false),
                    direction = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    time_ms = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_paper_transfers", x => x.id);
                    table.ForeignKey(
                        name: "fk_paper_transfers_paper_wallet_wallet_id",
                        column: x => x.wallet_id,
                        principalTable: "paper_wallets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_paper_orders_wallet_id_client_order_id",
                table: "paper_orders",
                columns: new[] { "wallet_id", "client_order_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_paper_transfers_wallet_id",
                table: "paper_transfers",
                column: "wallet_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "candles");

            migrationBuilder.DropTable(
                name: "paper_balances");

            migrationBuilder.DropTable(
                name: "paper_orders");

            migrationBuilder.DropTable(
                name: "paper_positions");

            migrationBuilder.DropTable(
                name: "paper_transfers");

            migrationBuilder.DropTable(
                name: "paper_wallets");
        }
    }
}
