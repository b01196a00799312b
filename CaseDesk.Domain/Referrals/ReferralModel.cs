using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;

namespace CaseDesk.Domain.Referrals;

/// <summary>What an obligor in hardship needs; a partner offers some of these, a referral asks for one or more.</summary>
[Flags]
public enum WelfareNeed
{
    None = 0,
    SocialAssistance = 1,
    EmergencyRelief = 2,
    Employment = 4,
    FamilySupport = 8,
    Other = 16,
}

public enum ReferralState
{
    Draft,
    Sent,
    Acknowledged,
    InService,
    Closed,
    Rejected,
    Withdrawn,
}

public enum ReferralOutcome
{
    ServiceGiven,
    NotEligible,
    DeclinedByObligor,
    Unreachable,
    Other,
}

public enum ConsentMethod
{
    /// <summary>The obligor signed the consent on the referral form.</summary>
    Signed,

    /// <summary>Given orally (at the desk or by phone) and recorded by a named member of staff.</summary>
    OralRecorded,
}

public enum SendMethod
{
    Email,
    Fax,
    Post,
}

public enum ReferralUrgency
{
    Normal,
    Urgent,
}

/// <summary>The household's status under the Public Assistance Act, as the obligor states it.</summary>
public enum IncomeStatus
{
    Unknown,
    NotRegistered,
    MiddleLowIncome,
    LowIncome,
}

public static class WelfareNeeds
{
    public static readonly WelfareNeed[] All = [WelfareNeed.SocialAssistance, WelfareNeed.EmergencyRelief, WelfareNeed.Employment, WelfareNeed.FamilySupport, WelfareNeed.Other];

    public static IEnumerable<WelfareNeed> Split(WelfareNeed needs) => All.Where(n => needs.HasFlag(n));

    public static string Name(WelfareNeed need) => need switch
    {
        WelfareNeed.SocialAssistance => "社會救助",
        WelfareNeed.EmergencyRelief => "急難救助",
        WelfareNeed.Employment => "就業服務",
        WelfareNeed.FamilySupport => "家庭支持",
        WelfareNeed.Other => "其他",
        _ => need.ToString(),
    };

    public static string Names(WelfareNeed needs) => string.Join("、", Split(needs).Select(Name));
}

/// <summary>A welfare partner the branch refers obligors to (社會局、勞動及人力資源局、家扶中心…), with its contact window.</summary>
[AuditDisplayName("轉介合作單位")]
public sealed class WelfarePartner : Entity
{
    public const int NameMaxLength = 100;
    public const int ContactMaxLength = 50;
    public const int PhoneMaxLength = 30;
    public const int EmailMaxLength = 200;
    public const int AddressMaxLength = 200;

    private WelfarePartner()
    {
    }

    [AuditDisplayName("名稱")]
    public string Name { get; private set; } = "";

    [AuditDisplayName("聯絡窗口")]
    public string ContactName { get; private set; } = "";

    [AuditDisplayName("電話")]
    public string? Phone { get; private set; }

    [AuditDisplayName("傳真")]
    public string? Fax { get; private set; }

    [AuditDisplayName("電子郵件")]
    public string? Email { get; private set; }

    [AuditDisplayName("地址")]
    public string? Address { get; private set; }

    /// <summary>The services the partner takes (<see cref="WelfareNeed"/> flags as an integer: one column, bitwise queries).</summary>
    [AuditDisplayName("服務項目")]
    public int ServicesMask { get; private set; }

    public WelfareNeed Services => (WelfareNeed)ServicesMask;

    [AuditDisplayName("接受電子郵件轉介")]
    public bool AcceptsEmail { get; private set; }

    [AuditDisplayName("使用中")]
    public bool IsActive { get; private set; }

    /// <summary>Whether the partner can be reached by <paramref name="method"/>; null when it can, else what is missing.</summary>
    public string? MissingContactFor(SendMethod method) => method switch
    {
        SendMethod.Email when !AcceptsEmail => $"{Name}不接受電子郵件轉介，請改以傳真或郵寄。",
        SendMethod.Email when string.IsNullOrWhiteSpace(Email) => $"{Name}沒有登錄電子郵件地址，請先補登或改以傳真、郵寄。",
        SendMethod.Fax when string.IsNullOrWhiteSpace(Fax) => $"{Name}沒有登錄傳真號碼，請先補登或改用其他方式。",
        SendMethod.Post when string.IsNullOrWhiteSpace(Address) => $"{Name}沒有登錄地址，請先補登或改用其他方式。",
        _ => null,
    };

    internal static WelfarePartner Create(ValidPartnerInput input) => new WelfarePartner { IsActive = true }.Apply(input);

    internal void Update(ValidPartnerInput input) => Apply(input);

    internal void SetActive(bool active, string note)
    {
        IsActive = active;
        NoteForAudit(note);
    }

    private WelfarePartner Apply(ValidPartnerInput input)
    {
        Name = input.Name;
        ContactName = input.ContactName;
        Phone = input.Phone;
        Fax = input.Fax;
        Email = input.Email;
        Address = input.Address;
        ServicesMask = (int)input.Services;
        AcceptsEmail = input.AcceptsEmail;
        return this;
    }
}

/// <summary>
/// A referral (個案轉介) of an obligor in hardship to a welfare partner, as a closed loop: draft → sent →
/// acknowledged by the partner → in service → closed with an outcome; or rejected by the partner, or
/// withdrawn. Nothing leaves the office without the obligor's recorded consent.
/// </summary>
[AuditDisplayName("轉介")]
public sealed class Referral : Entity
{
    public const int NumberMaxLength = 20;
    public const int NameMaxLength = 100;
    public const int IdMaxLength = 10;
    public const int PhoneMaxLength = 30;
    public const int AddressMaxLength = 200;
    public const int TextMaxLength = 2000;
    public const int ShortTextMaxLength = 200;

    private Referral()
    {
    }

    /// <summary>115轉00001.</summary>
    public string Number { get; private set; } = "";

    public int RocYear { get; private set; }

    public int Sequence { get; private set; }

    [AuditDisplayName("執行案件")]
    public int? CaseId { get; private set; }

    [AuditDisplayName("執行股")]
    public int UnitId { get; private set; }

    [AuditDisplayName("承辦人")]
    public int ClerkStaffId { get; private set; }

    [AuditDisplayName("義務人")]
    public string ObligorName { get; private set; } = "";

    [PersonalData]
    [AuditDisplayName("身分證統一編號")]
    public string? ObligorIdNumber { get; private set; }

    [PersonalData]
    [AuditDisplayName("電話")]
    public string? ObligorPhone { get; private set; }

    [PersonalData]
    [AuditDisplayName("地址")]
    public string? ObligorAddress { get; private set; }

    [AuditDisplayName("合作單位")]
    public int PartnerId { get; private set; }

    /// <summary><see cref="WelfareNeed"/> flags as an integer (bitwise counts per need in SQL).</summary>
    [AuditDisplayName("需求")]
    public int NeedsMask { get; private set; }

    public WelfareNeed Needs => (WelfareNeed)NeedsMask;

    [AuditDisplayName("需求說明")]
    public string? OtherNeed { get; private set; }

    [AuditDisplayName("個案狀況")]
    public string Situation { get; private set; } = "";

    [AuditDisplayName("家戶人數")]
    public int? HouseholdSize { get; private set; }

    [AuditDisplayName("受扶養人數")]
    public int? Dependents { get; private set; }

    [AuditDisplayName("家戶月收入")]
    public long? MonthlyIncome { get; private set; }

    [AuditDisplayName("福利身分")]
    public IncomeStatus IncomeStatus { get; private set; }

    [AuditDisplayName("特殊狀況")]
    public string? SpecialCircumstances { get; private set; }

    [AuditDisplayName("緊急程度")]
    public ReferralUrgency Urgency { get; private set; }

    [AuditDisplayName("同意日期")]
    public DateOnly? ConsentOn { get; private set; }

    [AuditDisplayName("同意方式")]
    public ConsentMethod? ConsentMethod { get; private set; }

    [AuditDisplayName("同意紀錄人")]
    public string? ConsentRecordedBy { get; private set; }

    [AuditDisplayName("狀態")]
    public ReferralState State { get; private set; }

    [AuditDisplayName("轉介日期")]
    public DateOnly? SentOn { get; private set; }

    [AuditDisplayName("轉介方式")]
    public SendMethod? SendMethod { get; private set; }

    [AuditDisplayName("回覆期限")]
    public DateOnly? AckDueOn { get; private set; }

    [AuditDisplayName("收案日期")]
    public DateOnly? AcknowledgedOn { get; private set; }

    [AuditDisplayName("對方案號")]
    public string? PartnerReference { get; private set; }

    [AuditDisplayName("開始服務")]
    public DateOnly? InServiceOn { get; private set; }

    [AuditDisplayName("結案日期")]
    public DateOnly? ClosedOn { get; private set; }

    [AuditDisplayName("處理結果")]
    public ReferralOutcome? Outcome { get; private set; }

    [AuditDisplayName("結果說明")]
    public string? OutcomeNote { get; private set; }

    [AuditDisplayName("原因")]
    public string? StateReason { get; private set; }

    [AuditDisplayName("追蹤日期")]
    public DateOnly? FollowUpOn { get; private set; }

    /// <summary>The clerk chose the follow-up date (a calendar change then leaves it alone).</summary>
    public bool FollowUpSetByClerk { get; private set; }

    [AuditDisplayName("最近追蹤")]
    public DateOnly? LastFollowUpOn { get; private set; }

    [AuditDisplayName("追蹤紀錄")]
    public string? LastFollowUpNote { get; private set; }

    public bool HasConsent => ConsentOn is not null && ConsentMethod is not null;

    public static bool IsActive(ReferralState state) => state is ReferralState.Sent or ReferralState.Acknowledged or ReferralState.InService;

    public static bool IsFinished(ReferralState state) => state is ReferralState.Closed or ReferralState.Rejected or ReferralState.Withdrawn;

    internal static Referral Create(ValidReferralInput input, string number, int rocYear, int sequence, int unitId, int clerkStaffId)
    {
        var r = new Referral { Number = number, RocYear = rocYear, Sequence = sequence, UnitId = unitId, ClerkStaffId = clerkStaffId, State = ReferralState.Draft };
        r.Apply(input);
        return r;
    }

    /// <param name="caseUnitId">The unit of the case the draft now names: the referral belongs to that unit.</param>
    internal void UpdateDraft(ValidReferralInput input, int? caseUnitId)
    {
        Require(State == ReferralState.Draft, "只有草稿可以修改內容。");
        if (input.Consent is null && HasConsent)
        {
            ClearConsent("撤銷義務人同意紀錄（草稿改為未同意）");
        }

        if (caseUnitId is { } unit && unit != UnitId)
        {
            UnitId = unit;
            NoteForAudit("改連結其他股的執行案件，轉介改由該股辦理");
        }

        Apply(input);
    }

    private void ClearConsent(string note)
    {
        ConsentOn = null;
        ConsentMethod = null;
        ConsentRecordedBy = null;
        NoteForAudit(note);
    }

    private void Apply(ValidReferralInput input)
    {
        CaseId = input.CaseId;
        ObligorName = input.ObligorName;
        ObligorIdNumber = input.ObligorIdNumber;
        ObligorPhone = input.ObligorPhone;
        ObligorAddress = input.ObligorAddress;
        PartnerId = input.PartnerId;
        NeedsMask = (int)input.Needs;
        OtherNeed = input.OtherNeed;
        Situation = input.Situation;
        HouseholdSize = input.HouseholdSize;
        Dependents = input.Dependents;
        MonthlyIncome = input.MonthlyIncome;
        IncomeStatus = input.IncomeStatus;
        SpecialCircumstances = input.SpecialCircumstances;
        Urgency = input.Urgency;
        if (input.Consent is { } consent)
        {
            ConsentOn = consent.On;
            ConsentMethod = consent.Method;
            ConsentRecordedBy = consent.RecordedBy;
        }
    }

    internal void RecordConsent(DateOnly on, ConsentMethod method, string recordedBy)
    {
        Require(State == ReferralState.Draft, "轉介送出後不能再修改同意紀錄。");
        ConsentOn = on;
        ConsentMethod = method;
        ConsentRecordedBy = recordedBy;
        NoteForAudit($"記錄義務人同意（{RocDate.Format(on)}，{(method == Referrals.ConsentMethod.Signed ? "簽名" : "口頭")}，{recordedBy}）");
    }

    internal void Send(DateOnly on, SendMethod method, DateOnly ackDueOn, DateOnly followUpOn, bool followUpSetByClerk = false)
    {
        Require(State == ReferralState.Draft, "只有草稿可以送出。");
        Require(HasConsent, "義務人尚未同意提供資料，不能送出轉介。");
        State = ReferralState.Sent;
        SentOn = on;
        SendMethod = method;
        AckDueOn = ackDueOn;
        FollowUpOn = followUpOn;
        FollowUpSetByClerk = followUpSetByClerk;
        NoteForAudit($"送出轉介（{RocDate.Format(on)}，{SendMethodName(method)}），回覆期限 {RocDate.Format(ackDueOn)}，追蹤日 {RocDate.Format(followUpOn)}{(followUpSetByClerk ? "（承辦人指定）" : "")}");
    }

    internal void Acknowledge(DateOnly on, string? reference)
    {
        Require(State == ReferralState.Sent, "只有已送出、尚未回覆的轉介可以登錄收案。");
        State = ReferralState.Acknowledged;
        AcknowledgedOn = on;
        PartnerReference = reference;
        NoteForAudit($"合作單位收案（{RocDate.Format(on)}{(reference is null ? "" : $"，對方案號 {reference}")}）");
    }

    internal void StartService(DateOnly on, string? note)
    {
        Require(State == ReferralState.Acknowledged, "合作單位收案後才能登錄開始服務。");
        State = ReferralState.InService;
        InServiceOn = on;
        NoteForAudit($"開始服務（{RocDate.Format(on)}）{(note is null ? "" : "：" + note)}");
    }

    internal void Close(DateOnly on, ReferralOutcome outcome, string? note)
    {
        Require(State is ReferralState.Acknowledged or ReferralState.InService, "合作單位收案後才能結案；未收案的請登錄退件或撤回。");
        State = ReferralState.Closed;
        ClosedOn = on;
        Outcome = outcome;
        OutcomeNote = note;
        NoteForAudit($"結案（{RocDate.Format(on)}）：{OutcomeName(outcome)}{(note is null ? "" : "，" + note)}");
    }

    internal void Reject(DateOnly on, string reason)
    {
        Require(State is ReferralState.Sent or ReferralState.Acknowledged, "只有已送出或已收案的轉介可以登錄退件。");
        State = ReferralState.Rejected;
        ClosedOn = on;
        StateReason = reason;
        NoteForAudit($"合作單位退件（{RocDate.Format(on)}）：{reason}");
    }

    internal void Withdraw(DateOnly on, string reason)
    {
        Require(!IsFinished(State), "這件轉介已經結束。");
        State = ReferralState.Withdrawn;
        ClosedOn = on;
        StateReason = reason;
        NoteForAudit($"撤回轉介（{RocDate.Format(on)}）：{reason}");
    }

    /// <summary>
    /// Back to work (a step recorded by mistake): the referral returns to where it stood. To refer the
    /// obligor to another partner after a rejection, a new referral is made from this one, so the first
    /// sending stays in its quarter's results.
    /// </summary>
    /// <param name="neverDelivered">The form never reached the partner (an e-mail held back at withdrawal): back to draft.</param>
    internal void Reopen(string reason, bool neverDelivered = false)
    {
        Require(IsFinished(State), "只有已結束的轉介可以重新開啟。");
        var was = State;
        State = (was, SentOn, AcknowledgedOn, InServiceOn) switch
        {
            _ when neverDelivered => ReferralState.Draft,
            (_, null, _, _) => ReferralState.Draft,
            (_, _, null, _) => ReferralState.Sent,
            (_, _, _, null) => ReferralState.Acknowledged,
            _ => ReferralState.InService,
        };
        if (State == ReferralState.Draft)
        {
            if (was == ReferralState.Withdrawn && HasConsent)
            {
                ClearConsent("撤回後重新開啟：義務人須重新同意");
            }

            SentOn = null;
            SendMethod = null;
            AckDueOn = null;
            AcknowledgedOn = null;
            PartnerReference = null;
            InServiceOn = null;
            FollowUpOn = null;
        }

        ClosedOn = null;
        Outcome = null;
        OutcomeNote = null;
        StateReason = reason;
        NoteForAudit($"重新開啟（原「{StateName(was)}」，改為「{StateName(State)}」）：{reason}");
    }

    internal void RecordFollowUp(DateOnly on, string note, DateOnly? next)
    {
        Require(IsActive(State), "只有進行中的轉介可以記錄追蹤。");
        LastFollowUpOn = on;
        LastFollowUpNote = note;
        FollowUpOn = next;
        FollowUpSetByClerk = true;
        NoteForAudit($"追蹤（{RocDate.Format(on)}）：{note}{(next is { } n ? $"；下次追蹤 {RocDate.Format(n)}" : "；不再排定追蹤")}");
    }

    /// <summary>The office calendar changed: deadlines counted in working days are counted again.</summary>
    internal void Recount(DateOnly ackDueOn, DateOnly? followUpOn, string why)
    {
        var changed = false;
        if (State == ReferralState.Sent && AckDueOn != ackDueOn)
        {
            AckDueOn = ackDueOn;
            changed = true;
        }

        if (!FollowUpSetByClerk && followUpOn is not null && FollowUpOn != followUpOn)
        {
            FollowUpOn = followUpOn;
            changed = true;
        }

        if (changed)
        {
            NoteForAudit($"期限依行事曆重算（{why}）");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new DomainException(message);
        }
    }

    public static string StateName(ReferralState state) => state switch
    {
        ReferralState.Draft => "草稿",
        ReferralState.Sent => "已送出",
        ReferralState.Acknowledged => "已收案",
        ReferralState.InService => "服務中",
        ReferralState.Closed => "已結案",
        ReferralState.Rejected => "退件",
        ReferralState.Withdrawn => "已撤回",
        _ => state.ToString(),
    };

    public static string OutcomeName(ReferralOutcome outcome) => outcome switch
    {
        ReferralOutcome.ServiceGiven => "已提供服務",
        ReferralOutcome.NotEligible => "不符資格",
        ReferralOutcome.DeclinedByObligor => "義務人拒絕",
        ReferralOutcome.Unreachable => "聯繫不上",
        ReferralOutcome.Other => "其他",
        _ => outcome.ToString(),
    };

    public static string SendMethodName(SendMethod method) => method switch
    {
        Referrals.SendMethod.Email => "電子郵件",
        Referrals.SendMethod.Fax => "傳真",
        Referrals.SendMethod.Post => "郵寄",
        _ => method.ToString(),
    };
}
