using CaseDesk.Domain.Installments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseDesk.Domain.Data.Configurations;

internal sealed class InstallmentPolicyConfiguration : IEntityTypeConfiguration<InstallmentPolicy>
{
    public void Configure(EntityTypeBuilder<InstallmentPolicy> builder)
    {
        builder.ConfigureEntity();
        builder.Property(p => p.TiersJson).IsRequired();
        builder.Property(p => p.Note).HasMaxLength(InstallmentPolicy.NoteMaxLength).IsRequired();
        builder.Ignore(p => p.Tiers);
        builder.HasIndex(p => p.Number).IsUnique();
    }
}

internal sealed class InstallmentPlanConfiguration : IEntityTypeConfiguration<InstallmentPlan>
{
    public void Configure(EntityTypeBuilder<InstallmentPlan> builder)
    {
        builder.ConfigureEntity();
        builder.Property(p => p.ApplicantName).HasMaxLength(InstallmentPlan.NameMaxLength).IsRequired();
        builder.Property(p => p.StatementRecord).HasMaxLength(InstallmentPlan.TextMaxLength);
        builder.Property(p => p.RecordSignedBy).HasMaxLength(InstallmentPlan.NameMaxLength);
        builder.Property(p => p.StatementOfFacts).HasMaxLength(InstallmentPlan.TextMaxLength).IsRequired();
        builder.Property(p => p.DocumentsNote).HasMaxLength(InstallmentPlan.ShortTextMaxLength);
        builder.Property(p => p.FirstPaymentReceipt).HasMaxLength(InstallmentPayment.ReceiptMaxLength);
        builder.Property(p => p.SpecialReason).HasMaxLength(InstallmentPlan.ReasonMaxLength);
        builder.Property(p => p.ConsentAgency).HasMaxLength(Reference.ReferringAgency.NameMaxLength).IsRequired();
        builder.Property(p => p.ConsentReference).HasMaxLength(InstallmentPlan.ShortTextMaxLength);
        builder.Property(p => p.GuarantorName).HasMaxLength(InstallmentPlan.NameMaxLength);
        builder.Property(p => p.GuarantorIdNumber).HasMaxLength(10);
        builder.Property(p => p.GuarantorRelationship).HasMaxLength(InstallmentPlan.ShortTextMaxLength);
        builder.Property(p => p.GuarantorPhone).HasMaxLength(InstallmentPlan.PhoneMaxLength);
        builder.Property(p => p.CollateralDescription).HasMaxLength(InstallmentPlan.ReasonMaxLength);
        builder.Property(p => p.PreparedBy).HasMaxLength(EntityConfiguration.AuthorMaxLength).IsRequired();
        builder.Property(p => p.DecidedBy).HasMaxLength(EntityConfiguration.AuthorMaxLength);
        builder.Property(p => p.RevisedBy).HasMaxLength(EntityConfiguration.AuthorMaxLength);
        builder.Property(p => p.ReviserStaffIds).HasMaxLength(400).IsRequired();
        builder.Property(p => p.RevokedBy).HasMaxLength(EntityConfiguration.AuthorMaxLength);
        builder.Property(p => p.RejectionReason).HasMaxLength(InstallmentPlan.ReasonMaxLength);
        builder.Property(p => p.RevocationReason).HasMaxLength(InstallmentPlan.ReasonMaxLength);
        builder.Property(p => p.Documents).HasConversion<int>();
        builder.Ignore(p => p.Balance);

        builder.HasOne<Cases.EnforcementCase>().WithMany().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<InstallmentPlan>().WithMany().HasForeignKey(p => p.PreviousPlanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Installments).WithOne().HasForeignKey(i => i.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Payments).WithOne().HasForeignKey(i => i.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Cheques).WithOne().HasForeignKey(i => i.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.DocumentFiles).WithOne().HasForeignKey(i => i.PlanId).OnDelete(DeleteBehavior.Cascade);
        foreach (var navigation in new[] { nameof(InstallmentPlan.Installments), nameof(InstallmentPlan.Payments), nameof(InstallmentPlan.Cheques), nameof(InstallmentPlan.DocumentFiles) })
        {
            builder.Navigation(navigation).UsePropertyAccessMode(PropertyAccessMode.Field);
        }

        builder.HasIndex(p => new { p.CaseId, p.PlanVersion }).IsUnique();
        builder.HasIndex(p => new { p.State, p.DefaultFrom });
        builder.HasIndex(p => new { p.State, p.OldestUnpaidDueOn });
        builder.HasIndex(p => new { p.State, p.RevokedOn });
    }
}

internal sealed class InstallmentLineConfiguration : IEntityTypeConfiguration<Installment>
{
    public void Configure(EntityTypeBuilder<Installment> builder)
    {
        builder.HasIndex(i => new { i.PlanId, i.Number }).IsUnique();
    }
}

internal sealed class InstallmentPaymentConfiguration : IEntityTypeConfiguration<InstallmentPayment>
{
    public void Configure(EntityTypeBuilder<InstallmentPayment> builder)
    {
        builder.Property(p => p.ReceiptNumber).HasMaxLength(InstallmentPayment.ReceiptMaxLength).IsRequired();
        builder.Property(p => p.RecordedBy).HasMaxLength(EntityConfiguration.AuthorMaxLength).IsRequired();
        builder.HasIndex(p => p.ReceiptNumber).IsUnique();
        builder.HasIndex(p => new { p.PlanId, p.Sequence }).IsUnique();
    }
}

internal sealed class GuaranteeChequeConfiguration : IEntityTypeConfiguration<GuaranteeCheque>
{
    public void Configure(EntityTypeBuilder<GuaranteeCheque> builder) =>
        builder.Property(c => c.Number).HasMaxLength(InstallmentPlan.ShortTextMaxLength).IsRequired();
}

internal sealed class InstallmentDocumentConfiguration : IEntityTypeConfiguration<InstallmentDocument>
{
    public void Configure(EntityTypeBuilder<InstallmentDocument> builder)
    {
        builder.Property(d => d.FileName).HasMaxLength(InstallmentDocument.FileNameMaxLength).IsRequired();
        builder.Property(d => d.ContentType).HasMaxLength(50).IsRequired();
        builder.Property(d => d.StoredName).HasMaxLength(60).IsRequired();
        builder.Property(d => d.Sha256).HasMaxLength(64).IsRequired();
        builder.Property(d => d.UploadedBy).HasMaxLength(EntityConfiguration.AuthorMaxLength).IsRequired();
    }
}
