using CaseDesk.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseDesk.Domain.Data.Configurations;

internal sealed class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> builder)
    {
        builder.Property(r => r.ItemType).HasMaxLength(Reminder.ItemTypeMaxLength).IsRequired();
        builder.HasIndex(r => new { r.ItemType, r.ItemId, r.Stage, r.DueOn }).IsUnique();
        builder.HasIndex(r => new { r.Stage, r.CreatedAtUtc });
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.UserId).HasMaxLength(450).IsRequired();
        builder.Property(n => n.ItemType).HasMaxLength(Reminder.ItemTypeMaxLength).IsRequired();
        builder.Property(n => n.ItemNumber).HasMaxLength(Notification.NumberMaxLength).IsRequired();
        builder.HasOne<Reminder>().WithMany().HasForeignKey(n => n.ReminderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.ReminderId, n.UserId }).IsUnique();
        builder.HasIndex(n => new { n.UserId, n.ReadAtUtc });
        builder.HasIndex(n => new { n.UserId, n.CreatedAtUtc });
        builder.HasIndex(n => n.CreatedAtUtc);
    }
}

internal sealed class OutboxMailConfiguration : IEntityTypeConfiguration<OutboxMail>
{
    public void Configure(EntityTypeBuilder<OutboxMail> builder)
    {
        builder.Property(m => m.UserId).HasMaxLength(450).IsRequired();
        builder.Property(m => m.ToAddress).HasMaxLength(OutboxMail.AddressMaxLength).IsRequired();
        builder.Property(m => m.DigestKey).HasMaxLength(OutboxMail.KeyMaxLength);
        builder.Property(m => m.Subject).HasMaxLength(OutboxMail.SubjectMaxLength);
        builder.Property(m => m.LastError).HasMaxLength(OutboxMail.ErrorMaxLength);
        builder.HasOne<Notification>().WithMany().HasForeignKey(m => m.NotificationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => m.NotificationId).IsUnique();
        builder.HasIndex(m => m.DigestKey).IsUnique();
        builder.Property(m => m.AttachmentName).HasMaxLength(OutboxMail.KeyMaxLength);
        builder.HasIndex(m => m.AttachmentName);
        builder.HasIndex(m => new { m.State, m.NextAttemptAtUtc });
    }
}
