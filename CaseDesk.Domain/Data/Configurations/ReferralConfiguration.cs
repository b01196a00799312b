using CaseDesk.Domain.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseDesk.Domain.Data.Configurations;

internal sealed class WelfarePartnerConfiguration : IEntityTypeConfiguration<WelfarePartner>
{
    public void Configure(EntityTypeBuilder<WelfarePartner> builder)
    {
        builder.ConfigureEntity();
        builder.Property(p => p.Name).HasMaxLength(WelfarePartner.NameMaxLength).IsRequired();
        builder.Property(p => p.ContactName).HasMaxLength(WelfarePartner.ContactMaxLength).IsRequired();
        builder.Property(p => p.Phone).HasMaxLength(WelfarePartner.PhoneMaxLength);
        builder.Property(p => p.Fax).HasMaxLength(WelfarePartner.PhoneMaxLength);
        builder.Property(p => p.Email).HasMaxLength(WelfarePartner.EmailMaxLength);
        builder.Property(p => p.Address).HasMaxLength(WelfarePartner.AddressMaxLength);
        builder.Ignore(p => p.Services);
        builder.HasIndex(p => p.Name).IsUnique();
    }
}

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> builder)
    {
        builder.ConfigureEntity();
        builder.Property(r => r.Number).HasMaxLength(Referral.NumberMaxLength).IsRequired();
        builder.Property(r => r.ObligorName).HasMaxLength(Referral.NameMaxLength).IsRequired();
        builder.Property(r => r.ObligorIdNumber).HasMaxLength(Referral.IdMaxLength);
        builder.Property(r => r.ObligorPhone).HasMaxLength(Referral.PhoneMaxLength);
        builder.Property(r => r.ObligorAddress).HasMaxLength(Referral.AddressMaxLength);
        builder.Property(r => r.OtherNeed).HasMaxLength(Referral.ShortTextMaxLength);
        builder.Property(r => r.Situation).HasMaxLength(Referral.TextMaxLength).IsRequired();
        builder.Property(r => r.SpecialCircumstances).HasMaxLength(Referral.ShortTextMaxLength);
        builder.Property(r => r.ConsentRecordedBy).HasMaxLength(50);
        builder.Property(r => r.PartnerReference).HasMaxLength(50);
        builder.Property(r => r.OutcomeNote).HasMaxLength(Referral.TextMaxLength);
        builder.Property(r => r.StateReason).HasMaxLength(Referral.TextMaxLength);
        builder.Property(r => r.LastFollowUpNote).HasMaxLength(Referral.TextMaxLength);
        builder.Ignore(r => r.Needs);
        builder.Ignore(r => r.HasConsent);
        builder.HasIndex(r => r.Number).IsUnique();
        builder.HasIndex(r => new { r.RocYear, r.Sequence }).IsUnique();
        builder.HasIndex(r => new { r.State, r.AckDueOn });
        builder.HasIndex(r => new { r.State, r.FollowUpOn });
        builder.HasIndex(r => new { r.UnitId, r.State });
        builder.HasIndex(r => new { r.ClerkStaffId, r.State });
        builder.HasIndex(r => r.SentOn);
        builder.HasIndex(r => r.CaseId);
        builder.HasIndex(r => r.PartnerId);
        builder.HasIndex(r => r.ObligorName);
        builder.HasOne<WelfarePartner>().WithMany().HasForeignKey(r => r.PartnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Cases.EnforcementCase>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Reference.Unit>().WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Reference.StaffMember>().WithMany().HasForeignKey(r => r.ClerkStaffId).OnDelete(DeleteBehavior.Restrict);
    }
}
