using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TradeBot.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Backtests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "backtests",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    owner_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    market_type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    symbol = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    interval = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    strategy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    from_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    to_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    input_json = table.Column<string>(type: "TEXT", maxLength: 16000, nullable: false),
                    source_bot_id = table.Column<long>(type: "INTEGER", nullable: true),
                    sweep_id = table.Column<long>(type: "INTEGER", nullable: true),
                    progress = table.Column<double>(type: "REAL", nullable: false),
                    processed = table.Column<long>(type: "INTEGER", nullable: false),
                    total = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    cancel_requested = table.Column<bool>(type: "INTEGER", nullable: false),
                    initial_capital = table.Column<double>(type: "REAL", nullable: false),
                    final_capital = table.Column<double>(type: "REAL", nullable: true),
                    total_return_perc = table.Column<double>(type: "REAL", nullable: true),
                    buy_and_hold_return_perc = table.Column<double>(type: "REAL", nullable: true),
                    max_drawdown_perc = table.Column<double>(type: "REAL", nullable: true),
                    total_trades = table.Column<int>(type: "INTEGER", nullable: true),
                    winning_trades = table.Column<int>(type: "INTEGER", nullable: true),
                    losing_trades = table.Column<int>(type: "INTEGER", nullable: true),
                    win_rate_perc = table.Column<double>(type: "REAL", nullable: true),
                    total_fees = table.Column<double>(type: "REAL", nullable: true),
                    avg_profit = table.Column<double>(type: "REAL", nullable: true),
                    sharpe = table.Column<double>(type: "REAL", nullable: true),
                    profit_factor = table.Column<double>(type: "REAL", nullable: true),
                    result_json = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_backtests", x => x.id);
                    table.ForeignKey(
                        name: "fk_backtests_asp_net_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_backtests_owner_id_created_at",
                table: "backtests",
                columns: new[] { "owner_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_backtests_status",
                table: "backtests",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "backtests");
        }
    }
}
