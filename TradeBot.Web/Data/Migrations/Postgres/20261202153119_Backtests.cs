using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TradeBot.Web.Data.Migrations.Postgres
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    owner_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    market_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    symbol = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    interval = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    strategy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    from_ms = table.Column<long>(type: "bigint", nullable: false),
                    to_ms = table.Column<long>(type: "bigint", nullable: false),
                    input_json = table.Column<string>(type: "character varying(16000)", maxLength: 16000, nullable: false),
                    source_bot_id = table.Column<long>(type: "bigint", nullable: true),
                    sweep_id = table.Column<long>(type: "bigint", nullable: true),
                    progress = table.Column<double>(type: "double precision", nullable: false),
                    processed = table.Column<long>(type: "bigint", nullable: false),
                    total = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    cancel_requested = table.Column<bool>(type: "boolean", nullable: false),
                    initial_capital = table.Column<double>(type: "double precision", nullable: false),
                    final_capital = table.Column<double>(type: "double precision", nullable: true),
                    total_return_perc = table.Column<double>(type: "double precision", nullable: true),
                    buy_and_hold_return_perc = table.Column<double>(type: "double precision", nullable: true),
                    max_drawdown_perc = table.Column<double>(type: "double precision", nullable: true),
                    total_trades = table.Column<int>(type: "integer", nullable: true),
                    winning_trades = table.Column<int>(type: "integer", nullable: true),
                    losing_trades = table.Column<int>(type: "integer", nullable: true),
                    win_rate_perc = table.Column<double>(type: "double precision", nullable: true),
                    total_fees = table.Column<double>(type: "double precision", nullable: true),
                    avg_profit = table.Column<double>(type: "double precision", nullable: true),
                    sharpe = table.Column<double>(type: "double precision", nullable: true),
                    profit_factor = table.Column<double>(type: "double precision", nullable: true),
                    result_json = table.Column<string>(type: "text", nullable: true)
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
