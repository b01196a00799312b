using CaseDesk.Domain.Calls;
using CaseDesk.Domain.Duty;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseDesk.Domain.Data.Configurations;

internal sealed class DutyPoolConfiguration : IEntityTypeConfiguration<DutyPool>
{
    public void Configure(EntityTypeBuilder<DutyPool> builder)
    {
        builder.ConfigureEntity();
        builder.Property(p => p.Name).HasMaxLength(DutyPool.NameMaxLength).IsRequired();
        builder.Property(p => p.PeoplePerWeekdayJson).HasMaxLength(100).IsRequired();
        builder.Ignore(p => p.PeoplePerWeekday);
        builder.HasIndex(p => p.Name).IsUnique();
        builder.HasOne<Reference.Unit>().WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Members).WithOne().HasForeignKey(m => m.PoolId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Members).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class DutyPoolMemberConfiguration : IEntityTypeConfiguration<DutyPoolMember>
{
    public void Configure(EntityTypeBuilder<DutyPoolMember> builder)
    {
        builder.HasKey(m => m.Id);
        builder.HasIndex(m => new { m.PoolId, m.StaffId }).IsUnique();
        builder.HasIndex(m => m.StaffId);
        builder.HasOne<Reference.StaffMember>().WithMany().HasForeignKey(m => m.StaffId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DutyAssignmentConfiguration : IEntityTypeConfiguration<DutyAssignment>
{
    public void Configure(EntityTypeBuilder<DutyAssignment> builder)
    {
        builder.ConfigureEntity();
        builder.Property(a => a.OverrideReason).HasMaxLength(DutyAbsence.ReasonMaxLength);
        builder.Ignore(a => a.IsFixed);
        builder.HasIndex(a => new { a.PoolId, a.Date, a.Slot }).IsUnique();
        builder.HasIndex(a => new { a.StaffId, a.Date });
        builder.HasIndex(a => a.Date);
        builder.HasOne<DutyPool>().WithMany().HasForeignKey(a => a.PoolId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Reference.StaffMember>().WithMany().HasForeignKey(a => a.StaffId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DutyAbsenceConfiguration : IEntityTypeConfiguration<DutyAbsence>
{
    public void Configure(EntityTypeBuilder<DutyAbsence> builder)
    {
        builder.ConfigureEntity();
        builder.Property(a => a.Reason).HasMaxLength(DutyAbsence.ReasonMaxLength).IsRequired();
        builder.HasIndex(a => new { a.StaffId, a.From });
        builder.HasIndex(a => a.To);
        builder.HasOne<Reference.StaffMember>().WithMany().HasForeignKey(a => a.StaffId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DutyOwedTurnConfiguration : IEntityTypeConfiguration<DutyOwedTurn>
{
    public void Configure(EntityTypeBuilder<DutyOwedTurn> builder)
    {
        builder.HasKey(o => o.Id);
        builder.HasIndex(o => new { o.PoolId, o.StaffId, o.SkippedOn }).IsUnique();
        builder.HasIndex(o => new { o.PoolId, o.RepaidOn });
        builder.HasOne<DutyPool>().WithMany().HasForeignKey(o => o.PoolId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Reference.StaffMember>().WithMany().HasForeignKey(o => o.StaffId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DutySwapConfiguration : IEntityTypeConfiguration<DutySwap>
{
    public void Configure(EntityTypeBuilder<DutySwap> builder)
    {
        builder.ConfigureEntity();
        builder.Property(s => s.Note).HasMaxLength(DutySwap.NoteMaxLength);
        builder.Property(s => s.DecidedBy).HasMaxLength(EntityConfiguration.AuthorMaxLength);
        builder.Ignore(s => s.IsOpen);
        builder.HasIndex(s => new { s.State, s.PoolId });
        builder.HasIndex(s => s.RequesterAssignmentId);
        builder.HasIndex(s => s.CounterpartAssignmentId);
        builder.HasOne<DutyPool>().WithMany().HasForeignKey(s => s.PoolId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LunchDutyLogConfiguration : IEntityTypeConfiguration<LunchDutyLog>
{
    public void Configure(EntityTypeBuilder<LunchDutyLog> builder)
    {
        builder.ConfigureEntity();
        builder.Property(l => l.Notes).HasMaxLength(LunchDutyLog.NotesMaxLength);
        builder.HasIndex(l => new { l.Date, l.StaffId }).IsUnique();
        builder.HasOne<Reference.StaffMember>().WithMany().HasForeignKey(l => l.StaffId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DutyFeedTokenConfiguration : IEntityTypeConfiguration<DutyFeedToken>
{
    public void Configure(EntityTypeBuilder<DutyFeedToken> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Token).HasMaxLength(64).IsRequired();
        builder.HasIndex(t => t.Token).IsUnique();
        builder.HasIndex(t => t.StaffId).IsUnique();
        builder.HasOne<Reference.StaffMember>().WithMany().HasForeignKey(t => t.StaffId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AfterHoursCallConfiguration : IEntityTypeConfiguration<AfterHoursCall>
{
    public void Configure(EntityTypeBuilder<AfterHoursCall> builder)
    {
        builder.ConfigureEntity();
        builder.Property(c => c.Number).HasMaxLength(AfterHoursCall.NumberMaxLength).IsRequired();
        builder.Property(c => c.LoggedBy).HasMaxLength(EntityConfiguration.AuthorMaxLength).IsRequired();
        builder.Property(c => c.CallerName).HasMaxLength(AfterHoursCall.NameMaxLength);
        builder.Property(c => c.Phone).HasMaxLength(Identity.PhoneNumber.MaxLength);
        builder.Property(c => c.PhoneDigits).HasMaxLength(Identity.PhoneNumber.MaxLength);
        builder.Property(c => c.CaseNumberGiven).HasMaxLength(Cases.CaseNumber.MaxLength);
        builder.Property(c => c.Question).HasMaxLength(AfterHoursCall.TextMaxLength).IsRequired();
        builder.Property(c => c.SpotAnswer).HasMaxLength(AfterHoursCall.TextMaxLength);
        builder.Property(c => c.ExceptionReason).HasMaxLength(AfterHoursCall.ShortTextMaxLength);
        builder.Property(c => c.ClosingNote).HasMaxLength(AfterHoursCall.TextMaxLength);
        builder.Property(c => c.ClosedBy).HasMaxLength(EntityConfiguration.AuthorMaxLength);
        builder.Ignore(c => c.IsOpen);
        builder.HasIndex(c => c.Number).IsUnique();
        builder.HasIndex(c => new { c.RocYear, c.Sequence }).IsUnique();
        builder.HasIndex(c => new { c.State, c.CallbackDueAtUtc });
        builder.HasIndex(c => new { c.AssignedStaffId, c.State });
        builder.HasIndex(c => new { c.PhoneDigits, c.ReceivedAtUtc });
        builder.HasIndex(c => new { c.CaseId, c.ReceivedAtUtc });
        builder.HasIndex(c => c.ReceivedOn);
        builder.HasIndex(c => c.ReceivedAtUtc);
        builder.HasIndex(c => c.LoggedByStaffId);
        builder.HasIndex(c => new { c.UnitId, c.State });
        builder.HasIndex(c => c.CallerName);
        builder.HasIndex(c => c.CaseNumberGiven);
        builder.HasOne<Cases.EnforcementCase>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Reference.Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Reference.StaffMember>().WithMany().HasForeignKey(c => c.AssignedStaffId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Attempts).WithOne().HasForeignKey(a => a.CallId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Attempts).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CallbackAttemptConfiguration : IEntityTypeConfiguration<CallbackAttempt>
{
    public void Configure(EntityTypeBuilder<CallbackAttempt> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Note).HasMaxLength(CallbackAttempt.NoteMaxLength);
        builder.Property(a => a.By).HasMaxLength(EntityConfiguration.AuthorMaxLength).IsRequired();
    }
}
