using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Reference;

namespace CaseDesk.Domain.Cases;

public enum ObligorKind
{
    Person,
    Company,
}

public enum CaseStatus
{
    InEnforcement,
    InstallmentPlan,
    Deferred,
    Closed,
}

/// <summary>One referred public-law debt (執行案件) and its obligor.</summary>
[AuditDisplayName("執行案件")]
public sealed class EnforcementCase : Entity
{
    public const int ObligorNameMaxLength = 100;
    public const int ObligorIdMaxLength = 10;
    public const int PhoneMaxLength = 30;
    public const int AddressMaxLength = 200;
    public const int NotesMaxLength = 2000;
    public const int DeferralReasonMaxLength = 200;

    /// <summary>A deferral runs at most this long from the day it is set or extended; extended again at its end if need be.</summary>
    public const int DeferralMaxMonths = 6;

    private EnforcementCase()
    {
    }

    [AuditDisplayName("執行案號")]
    public string CaseNumber { get; private set; } = "";

    public int RocYear { get; private set; }

    public long Sequence { get; private set; }

    [AuditDisplayName("義務人類別")]
    public ObligorKind ObligorKind { get; private set; }

    [AuditDisplayName("義務人")]
    public string ObligorName { get; private set; } = "";

    [PersonalData]
    [AuditDisplayName("身分證/統一編號")]
    public string ObligorIdNumber { get; private set; } = "";

    [PersonalData]
    [AuditDisplayName("電話")]
    public string? ObligorPhone { get; private set; }

    [PersonalData]
    [AuditDisplayName("地址")]
    public string? ObligorAddress { get; private set; }

    [AuditDisplayName("移送機關")]
    public int ReferringAgencyId { get; private set; }

    public ReferringAgency? ReferringAgency { get; private set; }

    [AuditDisplayName("執行金額")]
    public long AmountOwed { get; private set; }

    [AuditDisplayName("移送日期")]
    public DateOnly ReferredOn { get; private set; }

    [AuditDisplayName("執行股")]
    public int UnitId { get; private set; }

    public Unit? Unit { get; private set; }

    [AuditDisplayName("承辦書記官")]
    public int? ResponsibleClerkId { get; private set; }

    public StaffMember? ResponsibleClerk { get; private set; }

    [AuditDisplayName("狀態")]
    public CaseStatus Status { get; private set; }

    [AuditDisplayName("備註")]
    public string? Notes { get; private set; }

    /// <summary>Enforcement deferred (暫緩執行) until this date, e.g. while a welfare partner helps the obligor.</summary>
    [AuditDisplayName("暫緩執行至")]
    public DateOnly? DeferredUntil { get; private set; }

    [AuditDisplayName("暫緩原因")]
    public string? DeferralReason { get; private set; }

    /// <summary>
    /// The rules of a deferral's end date and reason, the same wherever a deferral is set or extended (the case
    /// page, a referral's sending): after today, at most <see cref="DeferralMaxMonths"/> months on, a reason given.
    /// </summary>
    public static void ValidateDeferral(DateOnly? until, string? reason, DateOnly today, ErrorList errors, string untilField = "Until", string reasonField = "Reason")
    {
        errors.AddIf(until is null, "defer_until", "請填寫暫緩執行的期限。", untilField);
        errors.AddIf(until <= today, "defer_until", "暫緩執行的期限應晚於今天。", untilField);
        errors.AddIf(until > today.AddMonths(DeferralMaxMonths), "defer_until", $"暫緩執行最長 {DeferralMaxMonths} 個月，屆期再視情況延長。", untilField);
        errors.AddIf(string.IsNullOrWhiteSpace(reason), "defer_reason", "請填寫暫緩執行的原因。", reasonField);
        errors.AddIf(reason?.Trim().Length > DeferralReasonMaxLength, "defer_reason", $"原因最多 {DeferralReasonMaxLength} 字。", reasonField);
    }

    /// <summary>The deferral's end date has passed but the case has not been put back into enforcement yet (the scan does that).</summary>
    public bool IsDeferralOver(DateOnly today) => Status == CaseStatus.Deferred && DeferredUntil < today;

    /// <summary>Ends a deferral early (the referral it waited for ended, or a clerk lifts it): the case is back in enforcement.</summary>
    internal void EndDeferral(string because)
    {
        if (Status != CaseStatus.Deferred)
        {
            return;
        }

        Status = CaseStatus.InEnforcement;
        DeferredUntil = null;
        DeferralReason = null;
        NoteForAudit($"解除暫緩執行，恢復執行（{because}）");
    }

    /// <summary>A deferral whose end date has passed ends by itself: the case is back in enforcement. False when there is nothing to end.</summary>
    internal bool EndExpiredDeferral(DateOnly today)
    {
        if (!IsDeferralOver(today))
        {
            return false;
        }

        var until = DeferredUntil!.Value;
        Status = CaseStatus.InEnforcement;
        DeferredUntil = null;
        DeferralReason = null;
        NoteForAudit($"暫緩執行於 {Identity.RocDate.Format(until)} 期滿，恢復執行");
        return true;
    }

    /// <summary>Marks the case deferred (暫緩執行) with a reason and an end date.</summary>
    internal void Defer(DateOnly until, string reason, string? because = null)
    {
        if (Status == CaseStatus.Closed)
        {
            throw new DomainException($"Case {CaseNumber} is closed.");
        }

        Status = CaseStatus.Deferred;
        DeferredUntil = until;
        DeferralReason = reason;
        NoteForAudit($"暫緩執行至 {Identity.RocDate.Format(until)}{(because is null ? "" : $"（{because}）")}：{reason}");
    }

    /// <summary>Moves a deferral's end date later (the partner still helps the obligor), with the reason for the extension.</summary>
    internal void ExtendDeferral(DateOnly until, string reason)
    {
        if (Status != CaseStatus.Deferred)
        {
            throw new DomainException($"Case {CaseNumber} is not deferred.");
        }

        if (DeferredUntil is { } current && until <= current)
        {
            throw new DomainException($"Case {CaseNumber}: an extension must end after {current:yyyy-MM-dd}.");
        }

        var before = DeferredUntil;
        DeferredUntil = until;
        DeferralReason = reason;
        NoteForAudit($"延長暫緩執行至 {Identity.RocDate.Format(until)}{(before is { } b ? $"（原至 {Identity.RocDate.Format(b)}）" : "")}：{reason}");
    }

    /// <summary>Which status changes a clerk may make by hand.</summary>
    public static bool CanMove(CaseStatus from, CaseStatus to) => (from, to) switch
    {
        _ when from == to => true,
        (CaseStatus.Closed, CaseStatus.InEnforcement) => true,
        (CaseStatus.Closed, _) => false,
        // A deferral needs its end date (at most 6 months) and reason: only the 暫緩執行 action sets it.
        (_, CaseStatus.Deferred) => false,
        _ => true,
    };

    internal static EnforcementCase Create(ValidCaseInput input) =>
        new EnforcementCase { Status = CaseStatus.InEnforcement }.Apply(input);

    internal void Update(ValidCaseInput input)
    {
        if (!CanMove(Status, input.Status))
        {
            throw new DomainException($"Case {CaseNumber}: {Status} → {input.Status} is not allowed.");
        }

        Apply(input);
    }

    /// <summary>A status set by another area's decision (an installment plan approved or revoked).</summary>
    internal void MoveTo(CaseStatus status, string why)
    {
        if (Status == status)
        {
            return;
        }

        Status = status;
        NoteForAudit($"狀態改為「{StatusName(status)}」：{why}");
    }

    private EnforcementCase Apply(ValidCaseInput input)
    {
        CaseNumber = input.Number.Value;
        RocYear = input.Number.RocYear;
        Sequence = input.Number.Sequence;
        ObligorKind = input.ObligorKind;
        ObligorName = input.ObligorName;
        ObligorIdNumber = input.ObligorIdNumber;
        ObligorPhone = input.ObligorPhone;
        ObligorAddress = input.ObligorAddress;
        ReferringAgencyId = input.ReferringAgencyId;
        AmountOwed = input.AmountOwed;
        ReferredOn = input.ReferredOn;
        UnitId = input.UnitId;
        ResponsibleClerkId = input.ResponsibleClerkId;
        if (input.Status != CaseStatus.Deferred)
        {
            DeferredUntil = null;
            DeferralReason = null;
        }

        Status = input.Status;
        Notes = input.Notes;
        return this;
    }

    public static string StatusName(CaseStatus status) => status switch
    {
        CaseStatus.InEnforcement => "執行中",
        CaseStatus.InstallmentPlan => "分期繳納中",
        CaseStatus.Deferred => "暫緩執行",
        CaseStatus.Closed => "已結案",
        _ => status.ToString(),
    };
}
