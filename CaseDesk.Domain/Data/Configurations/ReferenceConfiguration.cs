using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Reference;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseDesk.Domain.Data.Configurations;

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> builder)
    {
        builder.ConfigureEntity();
        builder.Property(u => u.Name).HasMaxLength(Unit.NameMaxLength).IsRequired();
        builder.HasIndex(u => u.Number).IsUnique();
    }
}

internal sealed class SectionConfiguration : IEntityTypeConfiguration<Section>
{
    public void Configure(EntityTypeBuilder<Section> builder)
    {
        builder.ConfigureEntity();
        builder.Property(s => s.Name).HasMaxLength(Section.NameMaxLength).IsRequired();
        builder.HasIndex(s => s.Name).IsUnique();
    }
}

internal sealed class StaffMemberConfiguration : IEntityTypeConfiguration<StaffMember>
{
    public void Configure(EntityTypeBuilder<StaffMember> builder)
    {
        builder.ToTable("Staff");
        builder.ConfigureEntity();
        builder.Property(s => s.Name).HasMaxLength(StaffMember.NameMaxLength).IsRequired();
        builder.Property(s => s.Email).HasMaxLength(StaffMember.EmailMaxLength);
        builder.Property(s => s.Phone).HasMaxLength(StaffMember.PhoneMaxLength);
        builder.HasOne(s => s.Unit).WithMany().HasForeignKey(s => s.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.Section).WithMany().HasForeignKey(s => s.SectionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.UnitId, s.Title });
    }
}

internal sealed class ReferringAgencyConfiguration : IEntityTypeConfiguration<ReferringAgency>
{
    public void Configure(EntityTypeBuilder<ReferringAgency> builder)
    {
        builder.ToTable("Agencies");
        builder.ConfigureEntity();
        builder.Property(a => a.Name).HasMaxLength(ReferringAgency.NameMaxLength).IsRequired();
        builder.Property(a => a.CaseWord).HasMaxLength(ReferringAgency.CaseWordMaxLength).IsRequired();
        builder.HasIndex(a => a.Name).IsUnique();
    }
}

internal sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> builder)
    {
        builder.ConfigureEntity();
        builder.Property(d => d.Description).HasMaxLength(CalendarDay.DescriptionMaxLength).IsRequired();
        builder.HasIndex(d => d.Date).IsUnique();
    }
}
