using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TradeBot.Web.Accounts;

namespace TradeBot.Web.Notifications;

// Enums by name, as the bot tables; the flags sets as their number (a set has no single name).

internal sealed class NotificationSettingsConfiguration : IEntityTypeConfiguration<NotificationSettingsRow>
{
    public void Configure(EntityTypeBuilder<NotificationSettingsRow> builder)
    {
        builder.ToTable("notification_settings");
        builder.HasKey(s => s.UserId);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.Property(s => s.TimeZone).HasMaxLength(64);
        builder.Property(s => s.LastSummaryDate).HasMaxLength(10);
        builder.HasOne<ApplicationUser>().WithOne().HasForeignKey<NotificationSettingsRow>(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.ToTable("webhooks");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.OwnerId).HasMaxLength(450);
        builder.Property(w => w.EncryptedUrl).HasMaxLength(2000);
        builder.Property(w => w.DisplayUrl).HasMaxLength(NotificationSettingsService.UrlMaxLength);
        builder.Property(w => w.EncryptedSecret).HasMaxLength(2000);
        builder.HasIndex(w => w.OwnerId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(w => w.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("notification_outbox");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.UserId).HasMaxLength(450);
        builder.Property(m => m.Event).HasConversion<string>().HasMaxLength(32);
        builder.Property(m => m.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Recipient).HasMaxLength(256);
        builder.Property(m => m.Facts).HasMaxLength(8000);
        builder.Property(m => m.LastError).HasMaxLength(OutboxSender.ErrorMaxLength);
        // The sender's question: what is due now?
        builder.HasIndex(m => new { m.Status, m.NextAttemptAtMs });
        builder.HasIndex(m => new { m.UserId, m.Id });
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Webhook>().WithMany().HasForeignKey(m => m.WebhookId).OnDelete(DeleteBehavior.Cascade);
    }
}
