using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseDesk.Domain.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditTrail");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.UserId).HasMaxLength(450).IsRequired();
        builder.Property(a => a.UserName).HasMaxLength(EntityConfiguration.AuthorMaxLength).IsRequired();
        builder.Property(a => a.EntityType).HasMaxLength(AuditEntry.EntityTypeMaxLength).IsRequired();
        builder.Property(a => a.EntityId).HasMaxLength(AuditEntry.EntityIdMaxLength).IsRequired();
        builder.Property(a => a.Action).HasMaxLength(AuditEntry.ActionMaxLength).IsRequired();
        builder.Property(a => a.Summary).HasMaxLength(AuditEntry.SummaryMaxLength).IsRequired();
        builder.Property(a => a.Changes).IsRequired();
        builder.HasIndex(a => new { a.EntityType, a.EntityId, a.AtUtc });
        builder.HasIndex(a => new { a.UserId, a.AtUtc });
        builder.HasIndex(a => new { a.Action, a.AtUtc }); // the personal-data views report: one action over a period
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(AppUser.DisplayNameMaxLength).IsRequired();
        builder.HasIndex(u => u.StaffMemberId);
    }
}

internal sealed class SubmissionConfiguration : IEntityTypeConfiguration<Submission>
{
    public void Configure(EntityTypeBuilder<Submission> builder)
    {
        builder.ToTable("Submissions");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).ValueGeneratedNever();
        builder.Property(s => s.EntityType).HasMaxLength(Submission.EntityTypeMaxLength).IsRequired();
        builder.Property(s => s.EntityId).HasMaxLength(Submission.EntityIdMaxLength).IsRequired();
        builder.Property(s => s.UserId).HasMaxLength(450).IsRequired();
        builder.HasIndex(s => s.AtUtc); // clearing out old keys
    }
}
