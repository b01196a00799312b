using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;

namespace CaseDesk.Domain.Petitions;

/// <summary>
/// A citizen's petition (陳情) and its written reply (函復), due within six (working) days of receipt.
/// Every move of its state is a verb here that refuses what the office's procedure does not allow.
/// </summary>
[AuditDisplayName("陳情案件")]
public sealed class Petition : Entity
{
    public const int NumberMaxLength = 20;
    public const int NameMaxLength = 50;
    public const int PhoneMaxLength = 30;
    public const int EmailMaxLength = 120;
    public const int AddressMaxLength = 200;
    public const int SubjectMaxLength = 200;
    public const int ContentMaxLength = 8000;
    public const int ReplyMaxLength = 8000;
    public const int ShortTextMaxLength = 100;
    public const int ReasonMaxLength = 1000;

    private readonly List<InterimContact> _contacts = [];
    private readonly List<PetitionExtension> _extensions = [];

    private Petition()
    {
    }

    [AuditDisplayName("陳情編號")]
    public string Number { get; private set; } = "";

    public int RocYear { get; private set; }

    public int Sequence { get; private set; }

    [AuditDisplayName("來源管道")]
    public PetitionChannel Channel { get; private set; }

    public DateTime ReceivedAtUtc { get; private set; }

    [AuditDisplayName("收文日")]
    public DateOnly ReceivedOn { get; private set; }

    [PersonalData]
    [AuditDisplayName("陳情人")]
    public string? PetitionerName { get; private set; }

    [PersonalData]
    [AuditDisplayName("陳情人電話")]
    public string? PetitionerPhone { get; private set; }

    [PersonalData]
    [AuditDisplayName("陳情人電子郵件")]
    public string? PetitionerEmail { get; private set; }

    [PersonalData]
    [AuditDisplayName("陳情人地址")]
    public string? PetitionerAddress { get; private set; }

    /// <summary>For an oral petition: the record was read back to the petitioner, who signed it.</summary>
    public bool? RecordReadBack { get; private set; }

    [AuditDisplayName("簽名人")]
    public string? RecordSignedBy { get; private set; }

    [AuditDisplayName("簽名時間")]
    public DateTime? RecordSignedAtUtc { get; private set; }

    [AuditDisplayName("函轉機關")]
    public string? ForwardingAuthority { get; private set; }

    [AuditDisplayName("函轉文號")]
    public string? ForwardingDocumentNumber { get; private set; }

    [AuditDisplayName("相關執行案件")]
    public int? CaseId { get; private set; }

    [AuditDisplayName("前案")]
    public int? RelatedPetitionId { get; private set; }

    [AuditDisplayName("類別")]
    public PetitionCategory Category { get; private set; }

    [AuditDisplayName("主旨")]
    public string Subject { get; private set; } = "";

    [AuditDisplayName("陳情內容")]
    public string Content { get; private set; } = "";

    [AuditDisplayName("承辦股")]
    public int? UnitId { get; private set; }

    [AuditDisplayName("承辦科室")]
    public int? SectionId { get; private set; }

    [AuditDisplayName("承辦人")]
    public int? HandlerId { get; private set; }

    /// <summary>Who registered it (the front-desk clerk may not be the handler); may read it.</summary>
    public int? RegisteredByStaffId { get; private set; }

    [AuditDisplayName("狀態")]
    public PetitionState State { get; private set; }

    /// <summary>The days the reply is due within (6, or the extended number).</summary>
    [AuditDisplayName("期限日數")]
    public int DeadlineDays { get; private set; }

    [AuditDisplayName("函復期限")]
    public DateOnly DueOn { get; private set; }

    /// <summary>
    /// The day the reply deadline is counted from: the receipt date, or the day the petition was last reopened.
    /// A calendar change or an extension counts from here again, so a reopened petition never falls back to its first deadline.
    /// </summary>
    [AuditDisplayName("期限起算日")]
    public DateOnly DeadlineCountsFrom { get; private set; }

    /// <summary>When the petition was last reopened; extensions approved before it belong to the earlier round.</summary>
    public DateTime? ReopenedAtUtc { get; private set; }

    /// <summary>Set once an extension is granted; kept on the row so lists and counts need no join.</summary>
    public bool HasExtension { get; private set; }

    /// <summary>The first interim phone contact (Taipei date); before or on <see cref="DueOn"/> it saves a late reply from being a breach.</summary>
    public DateOnly? FirstInterimContactOn { get; private set; }

    [AuditDisplayName("函復內容")]
    public string? ReplyText { get; private set; }

    public int? SubmittedByStaffId { get; private set; }

    public DateTime? SubmittedAtUtc { get; private set; }

    [AuditDisplayName("核定人")]
    public string? ApprovedBy { get; private set; }

    public int? ApprovedByStaffId { get; private set; }

    public DateTime? ApprovedAtUtc { get; private set; }

    [AuditDisplayName("退回意見")]
    public string? ReturnComment { get; private set; }

    [AuditDisplayName("發文日")]
    public DateOnly? RepliedOn { get; private set; }

    [AuditDisplayName("發文方式")]
    public ReplyMethod? ReplyMethod { get; private set; }

    [AuditDisplayName("發文字號")]
    public string? ReplyReference { get; private set; }

    [AuditDisplayName("移文機關")]
    public string? TransferredTo { get; private set; }

    [AuditDisplayName("移文字號")]
    public string? TransferDocumentNumber { get; private set; }

    [AuditDisplayName("移文日")]
    public DateOnly? TransferredOn { get; private set; }

    [AuditDisplayName("通知陳情人日")]
    public DateOnly? PetitionerToldOn { get; private set; }

    [AuditDisplayName("存查理由")]
    public FilingReason? FilingReason { get; private set; }

    [AuditDisplayName("存查說明")]
    public string? FilingNote { get; private set; }

    [AuditDisplayName("結案日")]
    public DateOnly? ClosedOn { get; private set; }

    [AuditDisplayName("重新開啟理由")]
    public string? ReopenReason { get; private set; }

    public IReadOnlyList<InterimContact> Contacts => _contacts;

    public IReadOnlyList<PetitionExtension> Extensions => _extensions;

    public bool IsOpen => State is not (PetitionState.Replied or PetitionState.Closed or PetitionState.Transferred or PetitionState.FiledWithoutAction);

    /// <summary>Closed for the deadline: the reply went out, or the petition was transferred or filed.</summary>
    public static bool IsFinished(PetitionState state) => state is PetitionState.Replied or PetitionState.Closed or PetitionState.Transferred or PetitionState.FiledWithoutAction;

    internal static Petition Register(ValidPetitionInput input, string number, int rocYear, int sequence, DateTime receivedAtUtc, DeadlineComputation deadline, int? registeredByStaffId)
    {
        var p = new Petition
        {
            RegisteredByStaffId = registeredByStaffId,
            Number = number,
            RocYear = rocYear,
            Sequence = sequence,
            ReceivedAtUtc = receivedAtUtc,
            ReceivedOn = deadline.ReceivedOn,
            DeadlineCountsFrom = deadline.ReceivedOn,
            State = PetitionState.Registered,
        };
        p.Apply(input);
        p.SetDeadline(deadline);
        if (input.HandlerId is not null)
        {
            p.State = PetitionState.Assigned;
        }

        return p;
    }

    internal Result UpdateDetails(ValidPetitionInput input)
    {
        if (!IsOpen)
        {
            return Refuse("petition_closed", "已結案的陳情不能修改；如需續辦請先重新開啟。");
        }

        if (State is PetitionState.SubmittedForSignOff or PetitionState.Approved)
        {
            return Refuse("petition_in_signoff", "函復已陳核，不能修改陳情資料；請主管先退回。");
        }

        Apply(input);
        if (State == PetitionState.Registered && HandlerId is not null)
        {
            State = PetitionState.Assigned;
        }

        return Result.Success();
    }

    internal Result Assign(int? unitId, int? sectionId, int handlerId, string handlerName)
    {
        if (!IsOpen)
        {
            return Refuse("petition_closed", "已結案的陳情不能分派。");
        }

        if (State is PetitionState.SubmittedForSignOff or PetitionState.Approved)
        {
            return Refuse("petition_in_signoff", "函復已陳核，不能改派承辦人；請主管先退回。");
        }

        UnitId = unitId;
        SectionId = sectionId;
        HandlerId = handlerId;
        if (State == PetitionState.Registered)
        {
            State = PetitionState.Assigned;
        }

        NoteForAudit($"分派承辦人：{handlerName}");
        return Result.Success();
    }

    internal Result Start()
    {
        if (State is not (PetitionState.Assigned or PetitionState.Registered))
        {
            return Refuse("petition_state", $"目前狀態為「{PetitionNames.State(State)}」，不能開始辦理。");
        }

        if (HandlerId is null)
        {
            return Refuse("petition_no_handler", "請先分派承辦人。");
        }

        State = PetitionState.InProgress;
        NoteForAudit("開始辦理");
        return Result.Success();
    }

    internal Result LogInterimContact(InterimContact contact)
    {
        if (!IsOpen)
        {
            return Refuse("petition_closed", "已函復或結案的陳情不需再記錄期中聯繫。");
        }

        _contacts.Add(contact);
        // A call counts from the day it was recorded: a note written after the deadline cannot turn a breach
        // into "late with interim contact", whatever time it gives for the call.
        var recorded = DateOnly.FromDateTime(TaipeiTime.ToLocal(contact.LoggedAtUtc));
        if (FirstInterimContactOn is null || recorded < FirstInterimContactOn)
        {
            FirstInterimContactOn = recorded;
        }

        if (State is PetitionState.Assigned)
        {
            State = PetitionState.InProgress;
        }

        NoteForAudit($"記錄期中聯繫（{contact.Method}）：{contact.PersonReached}");
        return Result.Success();
    }

    /// <summary>The reply deadline of <paramref name="days"/> days, counted from <see cref="DeadlineCountsFrom"/>, with its day-by-day explanation.</summary>
    internal DeadlineComputation ComputeDeadline(int days, PetitionPolicyOptions policy, WorkingCalendar calendar) =>
        PetitionDeadline.Compute(DeadlineCountsFrom, days, policy, calendar, ReopenedAtUtc is null ? DeadlineStart.Receipt : DeadlineStart.Reopen);

    internal Result Extend(PetitionExtension extension, PetitionPolicyOptions policy, WorkingCalendar calendar, DateOnly today)
    {
        if (!IsOpen)
        {
            return Refuse("petition_closed", "已函復或結案的陳情不能展延。");
        }

        if (today > DueOn)
        {
            return Refuse("extension_after_due", $"函復期限（{RocDate.Format(DueOn)}）已過，不能再展延；展延須於期限前核准。");
        }

        if (extension.Days <= DeadlineDays)
        {
            return Refuse("extension_not_longer", $"展延後的日數必須多於目前的 {DeadlineDays} 日。", nameof(PetitionExtension.Days));
        }

        var deadline = ComputeDeadline(extension.Days, policy, calendar);
        _extensions.Add(extension);
        HasExtension = true;
        SetDeadline(deadline);
        NoteForAudit($"展延至 {deadline.Days} 日（{RocDate.Format(deadline.DueOn)}），核准：{extension.ApprovedBy}；理由：{extension.Reason}");
        return Result.Success();
    }

    internal Result SubmitForSignOff(string replyText, int submittedByStaffId, DateTime atUtc)
    {
        if (State is not (PetitionState.InProgress or PetitionState.Assigned))
        {
            return Refuse("petition_state", $"目前狀態為「{PetitionNames.State(State)}」，不能陳核。");
        }

        ReplyText = replyText;
        SubmittedByStaffId = submittedByStaffId;
        SubmittedAtUtc = atUtc;
        ReturnComment = null;
        State = PetitionState.SubmittedForSignOff;
        NoteForAudit("函復稿陳核");
        return Result.Success();
    }

    internal Result Approve(string approverName, int approverStaffId, DateTime atUtc)
    {
        if (State != PetitionState.SubmittedForSignOff)
        {
            return Refuse("petition_state", "只有陳核中的函復可以核定。");
        }

        if (approverStaffId == HandlerId || approverStaffId == SubmittedByStaffId)
        {
            return Refuse("four_eyes", "承辦人不能核定自己的函復；請由其他主管核定。");
        }

        ApprovedBy = approverName;
        ApprovedByStaffId = approverStaffId;
        ApprovedAtUtc = atUtc;
        State = PetitionState.Approved;
        NoteForAudit($"核定函復（{approverName}）");
        return Result.Success();
    }

    internal Result ReturnForRevision(string comment)
    {
        if (State != PetitionState.SubmittedForSignOff)
        {
            return Refuse("petition_state", "只有陳核中的函復可以退回。");
        }

        ReturnComment = comment;
        State = PetitionState.InProgress;
        NoteForAudit($"退回修正：{comment}");
        return Result.Success();
    }

    internal Result MarkReplied(DateOnly sentOn, ReplyMethod method, string reference)
    {
        if (State != PetitionState.Approved)
        {
            return Refuse("petition_not_approved", "函復須經主管核定後才能發文。");
        }

        if (sentOn < ReceivedOn)
        {
            return Refuse("reply_before_receipt", $"發文日不可早於收文日（{RocDate.Format(ReceivedOn)}）。", "SentOn");
        }

        if (ApprovedAtUtc is { } approved && sentOn < DateOnly.FromDateTime(TaipeiTime.ToLocal(approved)))
        {
            return Refuse("reply_before_approval", "發文日不可早於核定日。", "SentOn");
        }

        RepliedOn = sentOn;
        ReplyMethod = method;
        ReplyReference = reference;
        State = PetitionState.Replied;
        NoteForAudit($"函復發文（{RocDate.Format(sentOn)}，{reference}）{(sentOn <= DueOn ? "，如期" : "，逾期")}");
        return Result.Success();
    }

    internal Result Close(DateOnly today)
    {
        if (State != PetitionState.Replied)
        {
            return Refuse("petition_state", "函復發文後才能結案。");
        }

        State = PetitionState.Closed;
        ClosedOn = today;
        NoteForAudit("結案");
        return Result.Success();
    }

    internal Result Transfer(string to, string documentNumber, DateOnly transferredOn, DateOnly petitionerToldOn)
    {
        if (!IsOpen || State is PetitionState.SubmittedForSignOff or PetitionState.Approved)
        {
            return Refuse("petition_state", $"目前狀態為「{PetitionNames.State(State)}」，不能移文。");
        }

        if (transferredOn < ReceivedOn || petitionerToldOn < ReceivedOn)
        {
            return Refuse("date_before_receipt", $"移文日與通知日不可早於收文日（{RocDate.Format(ReceivedOn)}）。", "TransferredOn");
        }

        TransferredTo = to;
        TransferDocumentNumber = documentNumber;
        TransferredOn = transferredOn;
        PetitionerToldOn = petitionerToldOn;
        State = PetitionState.Transferred;
        ClosedOn = transferredOn;
        NoteForAudit($"移文 {to}（{documentNumber}），已通知陳情人");
        return Result.Success();
    }

    internal Result FileWithoutAction(FilingReason reason, string? note, int? relatedPetitionId, DateOnly today)
    {
        if (!IsOpen || State is PetitionState.SubmittedForSignOff or PetitionState.Approved)
        {
            return Refuse("petition_state", $"目前狀態為「{PetitionNames.State(State)}」，不能存查。");
        }

        FilingReason = reason;
        FilingNote = note;
        if (relatedPetitionId is not null)
        {
            RelatedPetitionId = relatedPetitionId;
        }

        State = PetitionState.FiledWithoutAction;
        ClosedOn = today;
        NoteForAudit($"存查：{PetitionNames.Filing(reason)}");
        return Result.Success();
    }

    internal Result Reopen(string reason, DateOnly today, DateTime atUtc, PetitionPolicyOptions policy, WorkingCalendar calendar)
    {
        if (IsOpen)
        {
            return Refuse("petition_open", "這件陳情尚未結案，不需重新開啟。");
        }

        // A reopened petition is answered again within the ordinary deadline, counted from the day it reopened.
        // Extensions granted before belonged to the earlier reply: they stay on record but no longer apply,
        // and a new one needs its own approval.
        DeadlineCountsFrom = today;
        ReopenedAtUtc = atUtc;
        var newDeadline = ComputeDeadline(policy.DeadlineDays, policy, calendar);
        SetDeadline(newDeadline);
        HasExtension = false;
        FirstInterimContactOn = null;
        ReopenReason = reason;
        // An unassigned petition goes back to the queue to be assigned, not "in progress" with nobody on it.
        State = HandlerId is null ? PetitionState.Registered : PetitionState.InProgress;
        ClosedOn = null;
        RepliedOn = null;
        ReplyMethod = null;
        ReplyReference = null;
        ApprovedBy = null;
        ApprovedByStaffId = null;
        ApprovedAtUtc = null;
        TransferredTo = null;
        TransferDocumentNumber = null;
        TransferredOn = null;
        PetitionerToldOn = null;
        FilingReason = null;
        FilingNote = null;
        NoteForAudit($"重新開啟：{reason}；新函復期限 {RocDate.Format(newDeadline.DueOn)}");
        return Result.Success();
    }

    /// <summary>After the office calendar changed: the same rule, from the same start, over the new calendar.</summary>
    internal bool Recompute(PetitionPolicyOptions policy, WorkingCalendar calendar, string why)
    {
        var deadline = ComputeDeadline(DeadlineDays, policy, calendar);
        if (deadline.DueOn == DueOn)
        {
            return false;
        }

        var before = DueOn;
        SetDeadline(deadline);
        NoteForAudit($"辦公日曆變更（{why}），函復期限由 {RocDate.Format(before)} 改為 {RocDate.Format(DueOn)}");
        return true;
    }

    /// <summary>
    /// The chip of a petition on <paramref name="today"/>; <paramref name="warnLimit"/> is the last due date
    /// that counts as "due soon" today (today plus the warning working days).
    /// </summary>
    public static DeadlineStatus StatusOn(DateOnly today, DateOnly warnLimit, PetitionState state, DateOnly dueOn, bool extended, DateOnly? firstContactOn)
    {
        if (IsFinished(state))
        {
            return DeadlineStatus.Done;
        }

        if (today > dueOn)
        {
            return firstContactOn is { } c && c <= dueOn ? DeadlineStatus.LateWithInterimContact : DeadlineStatus.Breach;
        }

        if (extended)
        {
            return DeadlineStatus.Extended;
        }

        return dueOn <= warnLimit ? DeadlineStatus.DueSoon : DeadlineStatus.OnTrack;
    }

    public static string StatusName(DeadlineStatus status) => status switch
    {
        DeadlineStatus.OnTrack => "進行中",
        DeadlineStatus.DueSoon => "即將到期",
        DeadlineStatus.Extended => "已展延",
        DeadlineStatus.LateWithInterimContact => "逾期已聯繫",
        DeadlineStatus.Breach => "逾期未聯繫",
        DeadlineStatus.Overdue => "已逾期",
        _ => "已結案",
    };

    private void SetDeadline(DeadlineComputation deadline)
    {
        DeadlineDays = deadline.Days;
        DueOn = deadline.DueOn;
    }

    private void Apply(ValidPetitionInput input)
    {
        Channel = input.Channel;
        PetitionerName = input.PetitionerName;
        PetitionerPhone = input.PetitionerPhone;
        PetitionerEmail = input.PetitionerEmail;
        PetitionerAddress = input.PetitionerAddress;
        RecordReadBack = input.RecordReadBack;
        RecordSignedBy = input.RecordSignedBy;
        RecordSignedAtUtc = input.RecordSignedAtUtc;
        ForwardingAuthority = input.ForwardingAuthority;
        ForwardingDocumentNumber = input.ForwardingDocumentNumber;
        CaseId = input.CaseId;
        RelatedPetitionId = input.RelatedPetitionId;
        Category = input.Category;
        Subject = input.Subject;
        Content = input.Content;
        UnitId = input.UnitId;
        SectionId = input.SectionId;
        HandlerId = input.HandlerId;
    }

    private static Result Refuse(string code, string message, string? field = null) => Result.Fail(new DomainError(code, message, field));
}

/// <summary>A phone call to the petitioner explaining progress before the deadline (期中聯繫).</summary>
public sealed class InterimContact
{
    public const int TextMaxLength = 1000;

    public const int MethodMaxLength = 20;

    private InterimContact()
    {
    }

    public int Id { get; private set; }

    public int PetitionId { get; private set; }

    public DateTime ContactedAtUtc { get; private set; }

    public string Method { get; private set; } = "電話";

    /// <summary>Who was reached (the petitioner, a family member …).</summary>
    public string PersonReached { get; private set; } = "";

    public string Summary { get; private set; } = "";

    public string LoggedBy { get; private set; } = "";

    /// <summary>When the contact was recorded in CaseDesk; this, not the stated call time, decides whether it was in time.</summary>
    public DateTime LoggedAtUtc { get; private set; }

    internal static InterimContact Create(DateTime contactedAtUtc, string method, string personReached, string summary, string loggedBy, DateTime loggedAtUtc) =>
        new() { ContactedAtUtc = contactedAtUtc, Method = method, PersonReached = personReached, Summary = summary, LoggedBy = loggedBy, LoggedAtUtc = loggedAtUtc };
}

/// <summary>An extension of the reply deadline, with who approved it and why.</summary>
public sealed class PetitionExtension
{
    private PetitionExtension()
    {
    }

    public int Id { get; private set; }

    public int PetitionId { get; private set; }

    public int Days { get; private set; }

    public string Reason { get; private set; } = "";

    public string ApprovedBy { get; private set; } = "";

    public bool ByDirector { get; private set; }

    /// <summary>For an extension by the Director: when the petitioner was told in writing, and the letter's number.</summary>
    public DateOnly? NoticeSentOn { get; private set; }

    public string? NoticeReference { get; private set; }

    public DateTime ApprovedAtUtc { get; private set; }

    internal static PetitionExtension Create(int days, string reason, string approvedBy, bool byDirector, DateOnly? noticeSentOn, string? noticeReference, DateTime atUtc) =>
        new() { Days = days, Reason = reason, ApprovedBy = approvedBy, ByDirector = byDirector, NoticeSentOn = noticeSentOn, NoticeReference = noticeReference, ApprovedAtUtc = atUtc };
}
