using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TradeBot.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Bots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    owner_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    label = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    is_testnet = table.Column<bool>(type: "INTEGER", nullable: false),
                    key_last4 = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    encrypted_key = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    encrypted_secret = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    can_trade_spot = table.Column<bool>(type: "INTEGER", nullable: false),
                    can_trade_futures = table.Column<bool>(type: "INTEGER", nullable: false),
                    can_withdraw = table.Column<bool>(type: "INTEGER", nullable: false),
                    is_ip_restricted = table.Column<bool>(type: "INTEGER", nullable: false),
                    permissions_checked_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_keys", x => x.id);
                    table.ForeignKey(
                        name: "fk_api_keys_asp_net_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    friendly_name = table.Column<string>(type: "TEXT", nullable: true),
                    xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "bots",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    owner_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    exchange_mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    market_type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    symbol = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    interval = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    strategy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    strategy_parameters = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    initial_capital = table.Column<double>(type: "REAL", nullable: false),
                    position_size_perc = table.Column<double>(type: "REAL", nullable: false),
                    position_size_fixed = table.Column<double>(type: "REAL", nullable: false),
                    stop_loss_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    stop_loss_perc = table.Column<double>(type: "REAL", nullable: false),
                    take_profit_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    take_profit_perc = table.Column<double>(type: "REAL", nullable: false),
                    trailing_stop_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    trailing_stop_perc = table.Column<double>(type: "REAL", nullable: false),
                    daily_target_perc = table.Column<double>(type: "REAL", nullable: false),
                    max_daily_loss_perc = table.Column<double>(type: "REAL", nullable: false),
                    max_daily_trades = table.Column<int>(type: "INTEGER", nullable: false),
                    leverage = table.Column<int>(type: "INTEGER", nullable: false),
                    margin_type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    check_interval_seconds = table.Column<int>(type: "INTEGER", nullable: false),
                    api_key_id = table.Column<long>(type: "INTEGER", nullable: true),
                    auto_transfer_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    auto_transfer_amount = table.Column<double>(type: "REAL", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bots", x => x.id);
                    table.ForeignKey(
                        name: "fk_bots_api_key_api_key_id",
                        column: x => x.api_key_id,
                        principalTable: "api_keys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_bots_asp_net_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "bot_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    bot_id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    data = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bot_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_bot_events_bots_bot_id",
                        column: x => x.bot_id,
                        principalTable: "bots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "bot_states",
                columns: table => new
                {
                    bot_id = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    pause_reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    is_stopped_manually = table.Column<bool>(type: "INTEGER", nullable: false),
                    position_side = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    entry_price = table.Column<double>(type: "REAL", nullable: true),
                    entry_time_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    entry_fee = table.Column<double>(type: "REAL", nullable: false),
                    quantity = table.Column<double>(type: "REAL", nullable: false),
                    stop_loss_price = table.Column<double>(type: "REAL", nullable: true),
                    take_profit_price = table.Column<double>(type: "REAL", nullable: true),
                    trailing_stop_price = table.Column<double>(type: "REAL", nullable: true),
                    extreme_price = table.Column<double>(type: "REAL", nullable: true),
                    cash = table.Column<double>(type: "REAL", nullable: false),
                    daily_day = table.Column<long>(type: "INTEGER", nullable: false),
                    daily_pnl = table.Column<double>(type: "REAL", nullable: false),
                    daily_trades = table.Column<int>(type: "INTEGER", nullable: false),
                    daily_pause = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    decision_sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    last_run_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    consecutive_errors = table.Column<int>(type: "INTEGER", nullable: false),
                    auto_transferred_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    last_candle_open_time_ms = table.Column<long>(type: "INTEGER", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bot_states", x => x.bot_id);
                    table.ForeignKey(
                        name: "fk_bot_states_bots_bot_id",
                        column: x => x.bot_id,
                        principalTable: "bots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "bot_trades",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    bot_id = table.Column<long>(type: "INTEGER", nullable: false),
                    symbol = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    exchange_order_id = table.Column<long>(type: "INTEGER", nullable: false),
                    client_order_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    side = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    price = table.Column<decimal>(type: "TEXT", nullable: false),
                    quantity = table.Column<decimal>(type: "TEXT", nullable: false),
                    quote_quantity = table.Column<decimal>(type: "TEXT", nullable: false),
                    commission = table.Column<decimal>(type: "TEXT", nullable: false),
                    commission_asset = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    realized_pnl = table.Column<decimal>(type: "TEXT", nullable: true),
                    exit_reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    executed_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bot_trades", x => x.id);
                    table.ForeignKey(
                        name: "fk_bot_trades_bots_bot_id",
                        column: x => x.bot_id,
                        principalTable: "bots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_owner_id",
                table: "api_keys",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_bot_events_bot_id_id",
                table: "bot_events",
                columns: new[] { "bot_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_bot_trades_bot_id",
                table: "bot_trades",
                column: "bot_id");

            migrationBuilder.CreateIndex(
                name: "ix_bot_trades_client_order_id",
                table: "bot_trades",
                column: "client_order_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_bots_api_key_id",
                table: "bots",
                column: "api_key_id");

            migrationBuilder.CreateIndex(
                name: "ix_bots_owner_id",
                table: "bots",
                column: "owner_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bot_events");

            migrationBuilder.DropTable(
                name: "bot_states");

            migrationBuilder.DropTable(
                name: "bot_trades");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "bots");

            migrationBuilder.DropTable(
                name: "api_keys");
        }
    }
}
