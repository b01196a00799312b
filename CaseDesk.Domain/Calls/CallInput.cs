using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;

namespace CaseDesk.Domain.Calls;

/// <summary>Settings of the after-hours call log; bound from the "Calls" section of appsettings.json.</summary>
public sealed class CallOptions
{
    public const string SectionName = "Calls";

    /// <summary>A callback is due by this time of the next working day.</summary>
    public TimeOnly CallbackDueTime { get; set; } = new(12, 0);

    /// <summary>Failed attempts after which a supervisor may close a callback without reaching the caller.</summary>
    public int FailedAttemptsBeforeSupervisorClose { get; set; } = 3;

    /// <summary>Calls from the same phone or about the same case within this many days are shown as possible repeats.</summary>
    public int RepeatWindowDays { get; set; } = 7;
}

/// <summary>What the duty officer types.</summary>
public sealed record CallInput
{
    public DateOnly? ReceivedOn { get; init; }

    public TimeOnly? ReceivedAt { get; init; }

    public string? CallerName { get; init; }

    public string? Phone { get; init; }

    public CallerRelationship? Relationship { get; init; }

    public string? CaseNumber { get; init; }

    /// <summary>Without a case: the unit the caller named, if any (its supervisor triages the call).</summary>
    public int? UnitId { get; init; }

    public string? Question { get; init; }

    public bool? AnsweredOnSpot { get; init; }

    public string? SpotAnswer { get; init; }

    public CallUrgency Urgency { get; init; } = CallUrgency.Normal;

    public bool OfficeHoursException { get; init; }

    public string? ExceptionReason { get; init; }
}

/// <summary>A call that passed validation, normalised.</summary>
public sealed record ValidCall(
    DateTime ReceivedAtUtc,
    string? CallerName,
    PhoneNumber? Phone,
    CallerRelationship Relationship,
    string? CaseNumber,
    string Question,
    bool AnsweredOnSpot,
    string? SpotAnswer,
    CallUrgency Urgency,
    bool OfficeHoursException,
    string? ExceptionReason);

public sealed record AttemptInput(DateOnly? On, TimeOnly? At, AttemptOutcome? Outcome, string? Note, bool CloseNow);

public sealed record CallListItem(
    int Id,
    string Number,
    DateTime ReceivedAtUtc,
    string? CallerName,
    string? PhoneMasked,
    CallerRelationship Relationship,
    string? CaseNumber,
    string? UnitName,
    string? AssignedName,
    CallState State,
    CallUrgency Urgency,
    DateTime? CallbackDueAtUtc,
    DateOnly? CallbackDueOn,
    int FailedAttempts,
    string QuestionPreview);

public sealed record CallAttemptView(DateTime AtUtc, AttemptOutcome Outcome, string? Note, string By);

public sealed record RepeatCall(int Id, string Number, DateTime ReceivedAtUtc, bool SamePhone, bool SameCase);

public sealed record CallDetail
{
    public required int Id { get; init; }

    public required int Version { get; init; }

    public required string Number { get; init; }

    public required DateTime ReceivedAtUtc { get; init; }

    public required string LoggedBy { get; init; }

    public string? CallerName { get; init; }

    public string? Phone { get; init; }

    public required CallerRelationship Relationship { get; init; }

    public string? CaseNumberGiven { get; init; }

    public int? CaseId { get; init; }

    public string? CaseNumber { get; init; }

    public string? ObligorName { get; init; }

    public int? UnitId { get; init; }

    public string? UnitName { get; init; }

    public required string Question { get; init; }

    public required bool AnsweredOnSpot { get; init; }

    public string? SpotAnswer { get; init; }

    public required CallUrgency Urgency { get; init; }

    public required bool IsOfficeHoursException { get; init; }

    public string? ExceptionReason { get; init; }

    public required CallState State { get; init; }

    public int? AssignedStaffId { get; init; }

    public string? AssignedName { get; init; }

    public DateTime? CallbackDueAtUtc { get; init; }

    public DateOnly? CallbackDueOn { get; init; }

    public required int FailedAttempts { get; init; }

    public CallClosure? Closure { get; init; }

    public string? ClosingNote { get; init; }

    public DateTime? ClosedAtUtc { get; init; }

    public string? ClosedBy { get; init; }

    public required IReadOnlyList<CallAttemptView> Attempts { get; init; }

    public required IReadOnlyList<RepeatCall> PossibleRepeats { get; init; }

    public required bool CanWork { get; init; }

    public required bool CanAssign { get; init; }

    public required bool CanSupervisorClose { get; init; }

    public required int RequiredFailedAttempts { get; init; }

    public bool IsOverdue(DateTime nowUtc) => State is CallState.CallbackOpen or CallState.Triage && CallbackDueAtUtc < nowUtc;
}

public enum CallFilter
{
    Open,
    DueToday,
    Mine,
    Triage,
    Overdue,
    Closed,
    All,
}

public sealed record CallQuery(CallFilter Filter = CallFilter.Open, string? Search = null, int? UnitId = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>Where a call goes: the case's clerk, or (no case, no clerk) the supervisors' triage.</summary>
public sealed record CallRouting(bool CaseFound, int? CaseId, string? CaseNumber, string? UnitName, string? ClerkName)
{
    public bool GoesToTriage => ClerkName is null;
}

public sealed record CallCounts(int Open, int DueToday, int Overdue, int Triage);

public sealed record CallQuarterFigures(int Quarter, int Calls, int AnsweredOnSpot, int Callbacks, int ClosedReached, int ClosedBySupervisor, int StillOpen, int ClosedLate, IReadOnlyDictionary<AttemptOutcome, int> AttemptsByOutcome, int LunchPeopleServed, int LunchDaysLogged);

public static class CallAccess
{
    public static bool CanLog(Actor actor) => actor.IsDutyOfficer || actor.IsSupervisor;

    /// <summary>The service statistics (calls, callbacks, lunch hours per quarter) and their export.</summary>
    public static bool CanSeeStatistics(Actor actor) => actor.IsSupervisor;

    /// <summary>Supervisors over every unit see all calls; a unit's supervisor and clerks see the unit's (and a unit's supervisor the ones no unit is known for).</summary>
    public static bool CanRead(Actor actor, int? unitId, int? assignedStaffId, int? loggedBy) =>
        (actor.IsSupervisor && (actor.UnitId is null || unitId is null || actor.UnitId == unitId))
        || (actor.StaffId is { } me && (me == assignedStaffId || me == loggedBy))
        || (actor.IsClerk && actor.UnitId is { } u && u == unitId);

    public static bool CanWork(Actor actor, int? unitId, int? assignedStaffId) =>
        (actor.StaffId is { } me && me == assignedStaffId) || CanAssign(actor, unitId);

    public static bool CanAssign(Actor actor, int? unitId) =>
        actor.IsSupervisor && (actor.UnitId is null || actor.UnitId == unitId);
}
