using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;

namespace CaseDesk.Domain.Calls;

public enum CallerRelationship
{
    Obligor,
    Family,
    Agent,
    Other,
}

public enum CallUrgency
{
    Normal,
    Urgent,
}

public enum CallState
{
    /// <summary>The duty officer answered on the spot; nothing to call back.</summary>
    AnsweredOnSpot,

    /// <summary>No responsible clerk could be found: a supervisor assigns it.</summary>
    Triage,

    /// <summary>Waiting for the clerk's callback.</summary>
    CallbackOpen,

    Closed,
}

public enum AttemptOutcome
{
    Reached,
    NoAnswer,
    WrongNumber,
    LeftMessage,
}

public enum CallClosure
{
    Reached,
    SupervisorDecision,
}

/// <summary>
/// One entry of the after-hours call log (義務人來電記錄表): a call the duty officer took at night, on a
/// weekend or a holiday. What could not be answered on the spot becomes a callback for the case's clerk,
/// due by noon of the next working day.
/// </summary>
[AuditDisplayName("來電紀錄")]
public sealed class AfterHoursCall : Entity
{
    public const int NumberMaxLength = 20;
    public const int NameMaxLength = 50;
    public const int TextMaxLength = 2000;
    public const int ShortTextMaxLength = 200;

    private readonly List<CallbackAttempt> _attempts = [];

    private AfterHoursCall()
    {
    }

    /// <summary>115來00001.</summary>
    public string Number { get; private set; } = "";

    public int RocYear { get; private set; }

    public int Sequence { get; private set; }

    public DateTime ReceivedAtUtc { get; private set; }

    /// <summary>The Taipei date of the call (quarterly counts).</summary>
    public DateOnly ReceivedOn { get; private set; }

    public int? LoggedByStaffId { get; private set; }

    public string LoggedBy { get; private set; } = "";

    [AuditDisplayName("來電人")]
    [PersonalData]
    public string? CallerName { get; private set; }

    [AuditDisplayName("電話")]
    [PersonalData]
    public string? Phone { get; private set; }

    /// <summary>Digits only (no extension), for spotting repeats.</summary>
    public string? PhoneDigits { get; private set; }

    [AuditDisplayName("關係")]
    public CallerRelationship Relationship { get; private set; }

    /// <summary>The case number as the caller gave it.</summary>
    public string? CaseNumberGiven { get; private set; }

    public int? CaseId { get; private set; }

    [AuditDisplayName("執行股")]
    public int? UnitId { get; private set; }

    [AuditDisplayName("詢問內容")]
    public string Question { get; private set; } = "";

    public bool AnsweredOnSpot { get; private set; }

    [AuditDisplayName("當場答復")]
    public string? SpotAnswer { get; private set; }

    [AuditDisplayName("緊急程度")]
    public CallUrgency Urgency { get; private set; }

    /// <summary>Logged during office hours on purpose (the switchboard was closed, a system outage…).</summary>
    public bool IsOfficeHoursException { get; private set; }

    public string? ExceptionReason { get; private set; }

    [AuditDisplayName("狀態")]
    public CallState State { get; private set; }

    [AuditDisplayName("回電承辦人")]
    public int? AssignedStaffId { get; private set; }

    public DateTime? CallbackDueAtUtc { get; private set; }

    /// <summary>The Taipei date of <see cref="CallbackDueAtUtc"/> (reminders, the desk's chip).</summary>
    public DateOnly? CallbackDueOn { get; private set; }

    /// <summary>Attempts that did not reach the caller (no answer, wrong number, left a message).</summary>
    public int FailedAttempts { get; private set; }

    public CallClosure? Closure { get; private set; }

    [AuditDisplayName("結案說明")]
    public string? ClosingNote { get; private set; }

    public DateTime? ClosedAtUtc { get; private set; }

    public string? ClosedBy { get; private set; }

    public IReadOnlyList<CallbackAttempt> Attempts => _attempts;

    public bool IsOpen => State is CallState.Triage or CallState.CallbackOpen;

    internal static AfterHoursCall Log(ValidCall call, string number, int rocYear, int sequence, DateOnly receivedOn, int? loggedByStaffId, string loggedBy, int? caseId, int? unitId, int? assignedStaffId, DateTime? dueAtUtc, DateOnly? dueOn)
    {
        var c = new AfterHoursCall
        {
            Number = number,
            RocYear = rocYear,
            Sequence = sequence,
            ReceivedAtUtc = call.ReceivedAtUtc,
            ReceivedOn = receivedOn,
            LoggedByStaffId = loggedByStaffId,
            LoggedBy = loggedBy,
            CallerName = call.CallerName,
            Phone = call.Phone?.Display,
            PhoneDigits = call.Phone?.Digits,
            Relationship = call.Relationship,
            CaseNumberGiven = call.CaseNumber,
            CaseId = caseId,
            UnitId = unitId,
            Question = call.Question,
            AnsweredOnSpot = call.AnsweredOnSpot,
            SpotAnswer = call.SpotAnswer,
            Urgency = call.Urgency,
            IsOfficeHoursException = call.OfficeHoursException,
            ExceptionReason = call.ExceptionReason,
        };
        if (call.AnsweredOnSpot)
        {
            c.State = CallState.AnsweredOnSpot;
        }
        else
        {
            c.State = assignedStaffId is null ? CallState.Triage : CallState.CallbackOpen;
            c.AssignedStaffId = assignedStaffId;
            c.CallbackDueAtUtc = dueAtUtc;
            c.CallbackDueOn = dueOn;
        }

        return c;
    }

    internal Result Assign(int staffId, int? unitId, string staffName, string by)
    {
        if (!IsOpen)
        {
            return Result.Fail(new DomainError("call_closed", "這通來電已結案，不能再分派。"));
        }

        if (AssignedStaffId == staffId)
        {
            return Result.Fail(new DomainError("call_same_assignee", "已經是這位承辦人。", "StaffId"));
        }

        AssignedStaffId = staffId;
        UnitId = unitId ?? UnitId;
        State = CallState.CallbackOpen;
        NoteForAudit($"{by} 分派由 {staffName} 回電");
        return Result.Success();
    }

    internal Result AddAttempt(DateTime atUtc, AttemptOutcome outcome, string? note, int? staffId, string by)
    {
        if (!IsOpen)
        {
            return Result.Fail(new DomainError("call_closed", "這通來電已結案。"));
        }

        if (State == CallState.Triage)
        {
            return Result.Fail(new DomainError("call_triage", "這通來電尚待主管分派承辦人。"));
        }

        _attempts.Add(CallbackAttempt.Create(atUtc, outcome, note, staffId, by));
        if (outcome != AttemptOutcome.Reached)
        {
            FailedAttempts++;
        }

        NoteForAudit($"回電（{OutcomeName(outcome)}）" + (string.IsNullOrEmpty(note) ? "" : "：" + note));
        return Result.Success();
    }

    /// <summary>Closes after the caller was reached and answered.</summary>
    internal Result CloseReached(string answer, DateTime atUtc, string by)
    {
        if (!IsOpen)
        {
            return Result.Fail(new DomainError("call_closed", "這通來電已結案。"));
        }

        if (_attempts.All(a => a.Outcome != AttemptOutcome.Reached))
        {
            return Result.Fail(new DomainError("call_not_reached", "尚未聯絡上來電人：請先記錄一次「已聯絡上」的回電，或在多次聯絡未果後請主管決定結案。", "Outcome"));
        }

        Closure = CallClosure.Reached;
        ClosingNote = answer;
        ClosedAtUtc = atUtc;
        ClosedBy = by;
        State = CallState.Closed;
        NoteForAudit("已回電答復，結案");
        return Result.Success();
    }

    /// <summary>A supervisor closes a callback nobody could complete, after the required failed attempts.</summary>
    internal Result CloseBySupervisor(string decision, int requiredFailedAttempts, DateTime atUtc, string by)
    {
        if (!IsOpen)
        {
            return Result.Fail(new DomainError("call_closed", "這通來電已結案。"));
        }

        if (FailedAttempts < requiredFailedAttempts)
        {
            return Result.Fail(new DomainError("call_attempts", $"須先回電 {requiredFailedAttempts} 次未果（目前 {FailedAttempts} 次），主管才能決定結案。"));
        }

        Closure = CallClosure.SupervisorDecision;
        ClosingNote = decision;
        ClosedAtUtc = atUtc;
        ClosedBy = by;
        State = CallState.Closed;
        NoteForAudit($"主管決定結案（{by}）：{decision}");
        return Result.Success();
    }

    /// <summary>The office calendar changed (a typhoon day): the callback falls due on the new next working day.</summary>
    internal void Reschedule(DateTime dueAtUtc, DateOnly dueOn, string why)
    {
        if (!IsOpen || CallbackDueAtUtc == dueAtUtc)
        {
            return;
        }

        CallbackDueAtUtc = dueAtUtc;
        CallbackDueOn = dueOn;
        NoteForAudit("回電期限因行事曆異動調整：" + why);
    }

    public static string OutcomeName(AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.Reached => "已聯絡上",
        AttemptOutcome.NoAnswer => "無人接聽",
        AttemptOutcome.WrongNumber => "號碼錯誤",
        AttemptOutcome.LeftMessage => "已留言",
        _ => outcome.ToString(),
    };
}

/// <summary>One try at calling the obligor back.</summary>
public sealed class CallbackAttempt
{
    public const int NoteMaxLength = 1000;

    private CallbackAttempt()
    {
    }

    public int Id { get; private set; }

    public int CallId { get; private set; }

    public DateTime AtUtc { get; private set; }

    public AttemptOutcome Outcome { get; private set; }

    /// <summary>What was said (the answer given when reached).</summary>
    public string? Note { get; private set; }

    public int? ByStaffId { get; private set; }

    public string By { get; private set; } = "";

    internal static CallbackAttempt Create(DateTime atUtc, AttemptOutcome outcome, string? note, int? staffId, string by) =>
        new() { AtUtc = atUtc, Outcome = outcome, Note = note, ByStaffId = staffId, By = by };
}
