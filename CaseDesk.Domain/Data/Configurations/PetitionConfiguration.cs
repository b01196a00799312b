using CaseDesk.Domain.Drafts;
using CaseDesk.Domain.Petitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseDesk.Domain.Data.Configurations;

internal sealed class PetitionConfiguration : IEntityTypeConfiguration<Petition>
{
    internal const string OpenFilterSql = "\"State\" NOT IN ('Replied', 'Closed', 'Transferred', 'FiledWithoutAction')";

    public void Configure(EntityTypeBuilder<Petition> builder)
    {
        builder.ConfigureEntity();
        builder.Property(p => p.Number).HasMaxLength(Petition.NumberMaxLength).IsRequired();
        builder.Property(p => p.PetitionerName).HasMaxLength(Petition.NameMaxLength);
        builder.Property(p => p.PetitionerPhone).HasMaxLength(Petition.PhoneMaxLength);
        builder.Property(p => p.PetitionerEmail).HasMaxLength(Petition.EmailMaxLength);
        builder.Property(p => p.PetitionerAddress).HasMaxLength(Petition.AddressMaxLength);
        builder.Property(p => p.RecordSignedBy).HasMaxLength(Petition.NameMaxLength);
        builder.Property(p => p.ForwardingAuthority).HasMaxLength(Petition.ShortTextMaxLength);
        builder.Property(p => p.ForwardingDocumentNumber).HasMaxLength(Petition.ShortTextMaxLength);
        builder.Property(p => p.Subject).HasMaxLength(Petition.SubjectMaxLength).IsRequired();
        builder.Property(p => p.Content).HasMaxLength(Petition.ContentMaxLength).IsRequired();
        builder.Property(p => p.ReplyText).HasMaxLength(Petition.ReplyMaxLength);
        builder.Property(p => p.ApprovedBy).HasMaxLength(EntityConfiguration.AuthorMaxLength);
        builder.Property(p => p.ReturnComment).HasMaxLength(Petition.ReasonMaxLength);
        builder.Property(p => p.ReplyReference).HasMaxLength(Petition.ShortTextMaxLength);
        builder.Property(p => p.TransferredTo).HasMaxLength(Petition.ShortTextMaxLength);
        builder.Property(p => p.TransferDocumentNumber).HasMaxLength(Petition.ShortTextMaxLength);
        builder.Property(p => p.FilingNote).HasMaxLength(Petition.ReasonMaxLength);
        builder.Property(p => p.ReopenReason).HasMaxLength(Petition.ReasonMaxLength);

        builder.HasOne<Cases.EnforcementCase>().WithMany().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Petition>().WithMany().HasForeignKey(p => p.RelatedPetitionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Reference.Unit>().WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Reference.Section>().WithMany().HasForeignKey(p => p.SectionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Reference.StaffMember>().WithMany().HasForeignKey(p => p.HandlerId).OnDelete(DeleteBehavior.Restrict);

        builder.HasMany(p => p.Contacts).WithOne().HasForeignKey(c => c.PetitionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Contacts).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(p => p.Extensions).WithOne().HasForeignKey(e => e.PetitionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Extensions).UsePropertyAccessMode(PropertyAccessMode.Field);

        // Lists and dashboard counts: by state and due date, per handler and per unit; the quarterly table by year.
        builder.HasIndex(p => p.Number).IsUnique();
        builder.HasIndex(p => new { p.RocYear, p.Sequence }).IsUnique();
        builder.HasIndex(p => new { p.State, p.DueOn });
        builder.HasIndex(p => new { p.HandlerId, p.State, p.DueOn });
        builder.HasIndex(p => new { p.UnitId, p.State, p.DueOn });
        builder.HasIndex(p => new { p.RegisteredByStaffId, p.State });
        builder.HasIndex(p => p.ReceivedOn);
        builder.HasIndex(p => p.CaseId);
        builder.HasIndex(p => p.Subject);
        builder.HasIndex(p => p.PetitionerName);
        // The dashboard's counts: the open petitions only (about a third), with every column the counts read, so
        // one index scan answers them (State too: SQLite re-checks the filter's terms). The filter is the SQL of PetitionDeadlineFilter.Open, word for word, as
        // SQLite only uses a partial index when the query repeats its terms (a test holds the two together).
        builder.HasIndex(p => new { p.UnitId, p.HandlerId, p.DueOn, p.HasExtension, p.FirstInterimContactOn, p.State }, "IX_Petitions_Open")
            .HasFilter(OpenFilterSql);
        builder.HasIndex(p => new { p.RepliedOn, p.DueOn });
    }
}

internal sealed class InterimContactConfiguration : IEntityTypeConfiguration<InterimContact>
{
    public void Configure(EntityTypeBuilder<InterimContact> builder)
    {
        builder.ToTable("PetitionContacts");
        builder.Property(c => c.Method).HasMaxLength(InterimContact.MethodMaxLength).IsRequired();
        builder.Property(c => c.PersonReached).HasMaxLength(Petition.NameMaxLength).IsRequired();
        builder.Property(c => c.Summary).HasMaxLength(InterimContact.TextMaxLength).IsRequired();
        builder.Property(c => c.LoggedBy).HasMaxLength(EntityConfiguration.AuthorMaxLength).IsRequired();
    }
}

internal sealed class PetitionExtensionConfiguration : IEntityTypeConfiguration<PetitionExtension>
{
    public void Configure(EntityTypeBuilder<PetitionExtension> builder)
    {
        builder.ToTable("PetitionExtensions");
        builder.Property(e => e.Reason).HasMaxLength(Petition.ReasonMaxLength).IsRequired();
        builder.Property(e => e.ApprovedBy).HasMaxLength(EntityConfiguration.AuthorMaxLength).IsRequired();
        builder.Property(e => e.NoticeReference).HasMaxLength(Petition.ShortTextMaxLength);
    }
}

internal sealed class QuarterSnapshotConfiguration : IEntityTypeConfiguration<Common.QuarterSnapshot>
{
    public void Configure(EntityTypeBuilder<Common.QuarterSnapshot> builder)
    {
        builder.Property(s => s.Report).HasMaxLength(Common.QuarterSnapshot.ReportMaxLength).IsRequired();
        builder.Property(s => s.FiguresJson).IsRequired();
        builder.Property(s => s.FrozenBy).HasMaxLength(EntityConfiguration.AuthorMaxLength).IsRequired();
        builder.HasIndex(s => new { s.Report, s.RocYear, s.Quarter }).IsUnique();
    }
}

internal sealed class FormDraftConfiguration : IEntityTypeConfiguration<FormDraft>
{
    public void Configure(EntityTypeBuilder<FormDraft> builder)
    {
        builder.Property(d => d.UserId).HasMaxLength(450).IsRequired();
        builder.Property(d => d.FormKey).HasMaxLength(FormDraft.KeyMaxLength).IsRequired();
        builder.Property(d => d.Json).IsRequired();
        builder.HasIndex(d => new { d.UserId, d.FormKey }).IsUnique();
    }
}
