namespace CaseDesk.Domain.Notifications;

public enum NotificationKind
{
    /// <summary>The item entered its warning window (not urgent: in-app, and in the morning digest).</summary>
    DueSoon,

    /// <summary>The item passed its due date (urgent: its e-mail is queued for the office's next opening — at once in office hours).</summary>
    Overdue,

    /// <summary>An item of the supervisor's unit passed its due date (urgent).</summary>
    Escalation,

    /// <summary>Lunch duty tomorrow (the working day before the turn).</summary>
    DutyReminder,

    /// <summary>The person's lunch-duty days changed (roster published or regenerated, override, approved swap).</summary>
    DutyChanged,

    /// <summary>A colleague asks to swap a lunch-duty turn.</summary>
    SwapRequested,

    /// <summary>A swap both colleagues agreed to waits for the supervisor.</summary>
    SwapAwaitingApproval,

    /// <summary>The colleague declined, or the supervisor did not approve, the swap.</summary>
    SwapRefused,

    /// <summary>An after-hours call to call back.</summary>
    CallbackAssigned,

    /// <summary>An after-hours call nobody could be found for: the supervisor assigns it.</summary>
    CallTriage,

    /// <summary>A welfare partner has not acknowledged a referral by its deadline.</summary>
    ReferralAckOverdue,

    /// <summary>A referral's follow-up date has come.</summary>
    ReferralFollowUpDue,
}

public enum ReminderStage
{
    DueSoon,
    Overdue,
}

/// <summary>
/// One reminder per (item, stage, due date): unique in the database, so a scan that runs twice, or two
/// servers scanning at once, never records it twice. A recomputed due date is a new reminder.
/// </summary>
public sealed class Reminder
{
    public const int ItemTypeMaxLength = 30;

    private Reminder()
    {
    }

    public long Id { get; private set; }

    public string ItemType { get; private set; } = "";

    public int ItemId { get; private set; }

    public ReminderStage Stage { get; private set; }

    public DateOnly DueOn { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }
}

/// <summary>An in-app notification for one user (the bell). Text is composed when shown, in the user's language.</summary>
public sealed class Notification
{
    public const int NumberMaxLength = 40;

    private Notification()
    {
    }

    public long Id { get; private set; }

    public string UserId { get; private set; } = "";

    public NotificationKind Kind { get; private set; }

    public bool IsUrgent { get; private set; }

    public string ItemType { get; private set; } = "";

    public int ItemId { get; private set; }

    /// <summary>The item's number as people know it (115陳00001).</summary>
    public string ItemNumber { get; private set; } = "";

    public DateOnly DueOn { get; private set; }

    public long? ReminderId { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? ReadAtUtc { get; private set; }

    internal void MarkRead(DateTime atUtc) => ReadAtUtc ??= atUtc;

    /// <summary>A notification raised by a user's action (a swap, a call to call back), not by the deadline scan.</summary>
    internal static Notification Create(string userId, NotificationKind kind, bool urgent, string itemType, int itemId, string itemNumber, DateOnly dueOn, DateTime nowUtc) =>
        new() { UserId = userId, Kind = kind, IsUrgent = urgent, ItemType = itemType, ItemId = itemId, ItemNumber = itemNumber, DueOn = dueOn, CreatedAtUtc = nowUtc };
}

public enum MailState
{
    Pending,
    Sent,
    Cancelled,
}

/// <summary>
/// The e-mail outbox: a failed send stays here and is retried with back-off, never lost; a sent one is
/// marked before anything else can send it again. Unique per notification and per digest key.
/// </summary>
public sealed class OutboxMail
{
    public const int AddressMaxLength = 256;
    public const int SubjectMaxLength = 200;
    public const int KeyMaxLength = 100;
    public const int ErrorMaxLength = 1000;

    private OutboxMail()
    {
    }

    public long Id { get; private set; }

    public string UserId { get; private set; } = "";

    public string ToAddress { get; private set; } = "";

    public long? NotificationId { get; private set; }

    public string? DigestKey { get; private set; }

    /// <summary>Composed at enqueue time for digests; for notifications, at delivery from the notification.</summary>
    public string? Subject { get; private set; }

    public string? Body { get; private set; }

    public bool IsUrgent { get; private set; }

    public MailState State { get; private set; }

    public int Attempts { get; private set; }

    public DateTime NextAttemptAtUtc { get; private set; }

    public DateTime? ClaimedUntilUtc { get; private set; }

    public string? LastError { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? SentAtUtc { get; private set; }

    /// <summary>A document sent with the mail (the referral form), as a self-contained HTML file.</summary>
    public string? AttachmentName { get; private set; }

    public string? AttachmentHtml { get; private set; }

    /// <summary>A document mailed to someone outside the office (a welfare partner's window), composed when it is queued.</summary>
    internal static OutboxMail Document(string userId, string to, string subject, string body, string attachmentName, string attachmentHtml, bool urgent, DateTime nowUtc) =>
        new() { UserId = userId, ToAddress = to, Subject = subject, Body = body, AttachmentName = attachmentName, AttachmentHtml = attachmentHtml, IsUrgent = urgent, State = MailState.Pending, NextAttemptAtUtc = nowUtc, CreatedAtUtc = nowUtc };

    internal static OutboxMail Digest(string userId, string to, string key, string subject, string body, DateTime nowUtc) =>
        new() { UserId = userId, ToAddress = to, DigestKey = key, Subject = subject, Body = body, State = MailState.Pending, NextAttemptAtUtc = nowUtc, CreatedAtUtc = nowUtc };
}
