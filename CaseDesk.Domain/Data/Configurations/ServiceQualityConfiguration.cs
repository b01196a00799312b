using CaseDesk.Domain.Reference;
using CaseDesk.Domain.ServiceQuality;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseDesk.Domain.Data.Configurations;

internal sealed class VisitorSurveyConfiguration : IEntityTypeConfiguration<VisitorSurvey>
{
    public void Configure(EntityTypeBuilder<VisitorSurvey> builder)
    {
        builder.ToTable("VisitorSurveys");
        builder.ConfigureEntity();
        builder.Property(s => s.Desk).HasMaxLength(VisitorSurvey.DeskMaxLength);
        builder.Property(s => s.Remark).HasMaxLength(VisitorSurvey.RemarkMaxLength);
        builder.HasOne<Unit>().WithMany().HasForeignKey(s => s.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => s.SurveyedOn);
    }
}

internal sealed class SurveyFollowUpConfiguration : IEntityTypeConfiguration<SurveyFollowUp>
{
    public void Configure(EntityTypeBuilder<SurveyFollowUp> builder)
    {
        builder.ToTable("SurveyFollowUps");
        builder.ConfigureEntity();
        builder.Property(f => f.CalledBackBy).HasMaxLength(SurveyFollowUp.NameMaxLength);
        builder.Property(f => f.ActionTaken).HasMaxLength(SurveyFollowUp.TextMaxLength);
        builder.HasOne<VisitorSurvey>().WithMany().HasForeignKey(f => f.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => new { f.State, f.SurveyId });
    }
}

internal sealed class PhoneSpotCheckConfiguration : IEntityTypeConfiguration<PhoneSpotCheck>
{
    public void Configure(EntityTypeBuilder<PhoneSpotCheck> builder)
    {
        builder.ToTable("PhoneSpotChecks");
        builder.ConfigureEntity();
        builder.Property(c => c.PersonAnswering).HasMaxLength(PhoneSpotCheck.NameMaxLength).IsRequired();
        builder.Property(c => c.Notes).HasMaxLength(PhoneSpotCheck.NotesMaxLength);
        builder.Property(c => c.CheckedBy).HasMaxLength(EntityConfiguration.AuthorMaxLength).IsRequired();
        builder.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.CheckedOn);
    }
}
