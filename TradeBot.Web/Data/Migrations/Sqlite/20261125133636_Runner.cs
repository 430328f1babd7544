using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TradeBot.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Runner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "pending_client_order_id",
                table: "bot_states",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "pending_kind",
                table: "bot_states",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "pending_position_side",
                table: "bot_states",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "pending_reason",
                table: "bot_states",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "pending_symbol",
                table: "bot_states",
                type: "TEXT",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "pending_client_order_id",
                table: "bot_states");

            migrationBuilder.DropColumn(
                name: "pending_kind",
                table: "bot_states");

            migrationBuilder.DropColumn(
                name: "pending_position_side",
                table: "bot_states");

            migrationBuilder.DropColumn(
                name: "pending_reason",
                table: "bot_states");

            migrationBuilder.DropColumn(
                name: "pending_symbol",
                table: "bot_states");
        }
    }
}
