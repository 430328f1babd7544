using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TradeBot.Web.Accounts;
using TradeBot.Web.Exchange.ApiKeys;

namespace TradeBot.Web.Bots;

// Enums are stored by name (readable in psql/sqlite3, safe when enums are reordered), as the paper tables do.
// Settings and state are doubles like the decision core's, so a state round-trips bit for bit; fills are exact decimals.

internal sealed class BotConfigConfiguration : IEntityTypeConfiguration<BotConfig>
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public void Configure(EntityTypeBuilder<BotConfig> builder)
    {
        builder.ToTable("bots");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.OwnerId).HasMaxLength(450);
        builder.Property(b => b.Name).HasMaxLength(BotValidator.NameMaxLength);
        builder.Property(b => b.ExchangeMode).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.MarketType).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.Symbol).HasMaxLength(32);
        builder.Property(b => b.Interval).HasMaxLength(8);
        builder.Property(b => b.Strategy).HasMaxLength(64);
        builder.Property(b => b.MarginType).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.StrategyParameters)
            .HasConversion(
                p => JsonSerializer.Serialize(p, Json),
                s => JsonSerializer.Deserialize<Dictionary<string, double>>(s, Json) ?? new Dictionary<string, double>(),
                new ValueComparer<Dictionary<string, double>>(
                    (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                    p => p.Aggregate(0, (hash, pair) => hash ^ HashCode.Combine(pair.Key, pair.Value)),
                    p => new Dictionary<string, double>(p)))
            .HasMaxLength(4000);
        builder.Property(b => b.Version).IsConcurrencyToken();
        builder.HasIndex(b => b.OwnerId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(b => b.OwnerId).OnDelete(DeleteBehavior.Cascade);
        // A key in use cannot be deleted (ApiKeyService says which bot uses it).
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(b => b.ApiKeyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BotStateRowConfiguration : IEntityTypeConfiguration<BotStateRow>
{
    public void Configure(EntityTypeBuilder<BotStateRow> builder)
    {
        builder.ToTable("bot_states");
        builder.HasKey(s => s.BotId);
        builder.Property(s => s.BotId).ValueGeneratedNever();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.PauseReason).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.DailyPause).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.PositionSide).HasConversion<string>().HasMaxLength(8);
        builder.Property(s => s.LastError).HasMaxLength(2000);
        builder.Property(s => s.PendingClientOrderId).HasMaxLength(64);
        builder.Property(s => s.PendingSymbol).HasMaxLength(32);
        builder.Property(s => s.PendingKind).HasConversion<string>().HasMaxLength(8);
        builder.Property(s => s.PendingPositionSide).HasConversion<string>().HasMaxLength(8);
        builder.Property(s => s.PendingReason).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne<BotConfig>().WithOne().HasForeignKey<BotStateRow>(s => s.BotId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TradeConfiguration : IEntityTypeConfiguration<Trade>
{
    public void Configure(EntityTypeBuilder<Trade> builder)
    {
        builder.ToTable("bot_trades");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Symbol).HasMaxLength(32);
        builder.Property(t => t.ClientOrderId).HasMaxLength(64);
        builder.Property(t => t.Side).HasConversion<string>().HasMaxLength(8);
        builder.Property(t => t.CommissionAsset).HasMaxLength(16);
        builder.Property(t => t.ExitReason).HasMaxLength(32);
        // A fill is stored once: a replayed tick that saves the same order again fails instead of doubling the trade.
        builder.HasIndex(t => t.ClientOrderId).IsUnique();
        builder.HasIndex(t => t.BotId);
        builder.HasOne<BotConfig>().WithMany().HasForeignKey(t => t.BotId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BotEventConfiguration : IEntityTypeConfiguration<BotEvent>
{
    public void Configure(EntityTypeBuilder<BotEvent> builder)
    {
        builder.ToTable("bot_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Message).HasMaxLength(BotEvents.MessageMaxLength);
        builder.Property(e => e.Data).HasMaxLength(8000);
        builder.HasIndex(e => new { e.BotId, e.Id });
        builder.HasOne<BotConfig>().WithMany().HasForeignKey(e => e.BotId).OnDelete(DeleteBehavior.Cascade);
    }
}
