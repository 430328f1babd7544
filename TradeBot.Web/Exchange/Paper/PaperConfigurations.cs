using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TradeBot.Web.Exchange.Paper;

// Enums are stored by name so the tables read well in psql/sqlite3 and survive reordering of the enums.
// Money columns are decimal: exact TEXT on SQLite, unconstrained numeric on PostgreSQL (no scale to round away).

internal sealed class PaperWalletConfiguration : IEntityTypeConfiguration<PaperWallet>
{
    public void Configure(EntityTypeBuilder<PaperWallet> builder)
    {
        builder.ToTable("paper_wallets");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).HasMaxLength(64);
        builder.Property(w => w.Version).IsConcurrencyToken();
    }
}

internal sealed class PaperBalanceConfiguration : IEntityTypeConfiguration<PaperBalance>
{
    public void Configure(EntityTypeBuilder<PaperBalance> builder)
    {
        builder.ToTable("paper_balances");
        builder.HasKey(b => new { b.WalletId, b.Market, b.Asset });
        builder.Property(b => b.WalletId).HasMaxLength(64);
        builder.Property(b => b.Market).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.Asset).HasMaxLength(16);
        builder.HasOne<PaperWallet>().WithMany().HasForeignKey(b => b.WalletId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PaperOrderConfiguration : IEntityTypeConfiguration<PaperOrder>
{
    public void Configure(EntityTypeBuilder<PaperOrder> builder)
    {
        builder.ToTable("paper_orders");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.WalletId).HasMaxLength(64);
        builder.Property(o => o.Market).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Symbol).HasMaxLength(32);
        builder.Property(o => o.ClientOrderId).HasMaxLength(64);
        builder.Property(o => o.Side).HasConversion<string>().HasMaxLength(8);
        builder.Property(o => o.FeeAsset).HasMaxLength(16);
        // The idempotency guarantee: one order per client order id and wallet, even with two writers.
        builder.HasIndex(o => new { o.WalletId, o.ClientOrderId }).IsUnique();
        builder.HasOne<PaperWallet>().WithMany().HasForeignKey(o => o.WalletId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PaperPositionConfiguration : IEntityTypeConfiguration<PaperPosition>
{
    public void Configure(EntityTypeBuilder<PaperPosition> builder)
    {
        builder.ToTable("paper_positions");
        builder.HasKey(p => new { p.WalletId, p.Symbol });
        builder.Property(p => p.WalletId).HasMaxLength(64);
        builder.Property(p => p.Symbol).HasMaxLength(32);
        builder.Property(p => p.MarginType).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<PaperWallet>().WithMany().HasForeignKey(p => p.WalletId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PaperTransferConfiguration : IEntityTypeConfiguration<PaperTransfer>
{
    public void Configure(EntityTypeBuilder<PaperTransfer> builder)
    {
        builder.ToTable("paper_transfers");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.WalletId).HasMaxLength(64);
        builder.Property(t => t.Asset).HasMaxLength(16);
        builder.Property(t => t.Direction).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(t => t.WalletId);
        builder.HasOne<PaperWallet>().WithMany().HasForeignKey(t => t.WalletId).OnDelete(DeleteBehavior.Cascade);
    }
}
