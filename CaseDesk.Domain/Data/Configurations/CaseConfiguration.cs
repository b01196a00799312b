using CaseDesk.Domain.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseDesk.Domain.Data.Configurations;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<EnforcementCase>
{
    public void Configure(EntityTypeBuilder<EnforcementCase> builder)
    {
        builder.ToTable("Cases");
        builder.ConfigureEntity();
        builder.Property(c => c.CaseNumber).HasMaxLength(CaseNumber.MaxLength).IsRequired();
        builder.Property(c => c.ObligorName).HasMaxLength(EnforcementCase.ObligorNameMaxLength).IsRequired();
        builder.Property(c => c.ObligorIdNumber).HasMaxLength(EnforcementCase.ObligorIdMaxLength).IsRequired();
        builder.Property(c => c.ObligorPhone).HasMaxLength(EnforcementCase.PhoneMaxLength);
        builder.Property(c => c.ObligorAddress).HasMaxLength(EnforcementCase.AddressMaxLength);
        builder.Property(c => c.Notes).HasMaxLength(EnforcementCase.NotesMaxLength);
        builder.Property(c => c.DeferralReason).HasMaxLength(EnforcementCase.DeferralReasonMaxLength);

        builder.HasOne(c => c.ReferringAgency).WithMany().HasForeignKey(c => c.ReferringAgencyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Unit).WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.ResponsibleClerk).WithMany().HasForeignKey(c => c.ResponsibleClerkId).OnDelete(DeleteBehavior.Restrict);

        // Every lookup and sort the cases list offers has an index: it must stay fast at a million rows.
        builder.HasIndex(c => c.CaseNumber).IsUnique();
        builder.HasIndex(c => c.Sequence);
        builder.HasIndex(c => c.ObligorIdNumber);
        builder.HasIndex(c => c.ObligorName);
        builder.HasIndex(c => c.ReferredOn);
        builder.HasIndex(c => c.AmountOwed);
        // A unit's list in a status, newest referral first (the list's default): walked in order, never sorted.
        builder.HasIndex(c => new { c.UnitId, c.Status, c.ReferredOn });
        // A status by amount owed ("the largest active debts"): without it SQLite sorts 674,000 rows for a page.
        builder.HasIndex(c => new { c.Status, c.AmountOwed });
        builder.HasIndex(c => new { c.ResponsibleClerkId, c.Status });
        builder.HasIndex(c => new { c.Status, c.ReferredOn });
        builder.HasIndex(c => c.ReferringAgencyId);
        builder.HasIndex(c => c.UpdatedAtUtc);
    }
}
