using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TradeBot.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EncryptedWebhookUrls : Migration
    {
        // The plain URLs move to encrypted_url and are encrypted at startup (WebhookUrlEncryption), which knows a row still
        // in plain text by its empty display_url: SQL cannot encrypt with Data Protection.

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "url",
                table: "webhooks",
                newName: "encrypted_url");

            migrationBuilder.AddColumn<string>(
                name: "display_url",
                table: "webhooks",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");
        }

        // Down cannot decrypt: the URLs stay encrypted, and the older version's deliveries to them fail until the
        // webhooks are added again.

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "display_url",
                table: "webhooks");

            migrationBuilder.RenameColumn(
                name: "encrypted_url",
                table: "webhooks",
                newName: "url");
        }
    }
}
