using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Reference;

namespace CaseDesk.Domain.Duty;

public sealed record DutyMemberView(int StaffId, string Name, StaffTitle Title, string? UnitName, int Order);

public sealed record DutyPoolView(int Id, string Name, int? UnitId, string? UnitName, int[] PeoplePerWeekday, IReadOnlyList<DutyMemberView> Members, DateOnly? GeneratedThrough, int Version);

public sealed record DutySlotView(int AssignmentId, int PoolId, int Slot, int StaffId, string StaffName, AssignmentSource Source, bool RepaysOwedTurn, string? OverrideReason, int Version, bool PendingSwap);

public sealed record DutyDayView(DayInfo Day, int Needed, IReadOnlyList<DutySlotView> Slots, int? PeopleServed)
{
    public bool IsUnfilled => Day.IsWorkingDay && Slots.Count < Needed;
}

public sealed record DutyMonthView(DutyPoolView Pool, int Year, int Month, IReadOnlyList<DutyDayView> Days);

public sealed record MyTurnView(int AssignmentId, int PoolId, string PoolName, DateOnly Date, AssignmentSource Source, bool RepaysOwedTurn, int Version, bool PendingSwap);

public sealed record SwapView(
    int Id,
    int Version,
    SwapState State,
    string PoolName,
    int RequesterStaffId,
    string RequesterName,
    DateOnly RequesterDate,
    int CounterpartStaffId,
    string CounterpartName,
    DateOnly CounterpartDate,
    string? Note,
    DateTime CreatedAtUtc,
    string? DecidedBy);

public sealed record AbsenceView(int Id, int StaffId, string StaffName, DateOnly From, DateOnly To, string Reason, int Version);

/// <param name="Reason">Why the turn was skipped: the leave's reason, or a supervisor's override and its reason; empty when neither is on record.</param>
public sealed record OwedTurnView(int StaffId, string StaffName, DateOnly SkippedOn, DateOnly? RepaidOn, string Reason = "");

public sealed record GenerateResult(DateOnly From, DateOnly To, int Created, int Changed, int Removed, int NewOwed, int Repaid, IReadOnlyList<DateOnly> UnfilledDays);

/// <summary>On duty on one day, over every pool.</summary>
public sealed record OnDutyView(DateOnly Date, IReadOnlyList<OnDutyPerson> People, bool IsWorkingDay = true);

public sealed record OnDutyPerson(int StaffId, string Name, string PoolName, string? Phone);

public sealed record FairnessRow(
    int StaffId,
    string Name,
    int Turns,
    int Served,
    int OwedOpen,
    int OwedRepaid,
    int Swaps,
    int AbsenceDays,
    double Deviation,
    bool Flagged);

/// <summary>
/// Turns per person in a quarter. Each person's share is their turns plus the turns they still owe from
/// recorded leave (less repayments of an earlier quarter's leave); <see cref="FairnessRow.Flagged"/>: a
/// share more than one turn from the mean — unevenness that recorded leave does not explain.
/// </summary>
public sealed record FairnessReport(int PoolId, string PoolName, int Year, int Quarter, DateOnly From, DateOnly To, double Mean, IReadOnlyList<FairnessRow> Rows, int UnfilledDays)
{
    public bool IsFair => Rows.All(r => !r.Flagged);
}

public sealed record LunchLogView(int Id, DateOnly Date, int StaffId, string StaffName, int PeopleServed, string? Notes, int Version);

/// <summary>The lunch-hour log list's filter: a period (either end open) and optionally one person.</summary>
public sealed record LunchLogQuery(DateOnly? From = null, DateOnly? To = null, int? StaffId = null);

public sealed record LunchLogRow(int Id, DateOnly Date, int StaffId, string StaffName, string? UnitName, int PeopleServed, string? Notes);

/// <summary>One page of lunch-hour logs, with the whole filtered period's count, people served and days logged.</summary>
public sealed record LunchLogPage(IReadOnlyList<LunchLogRow> Items, int TotalCount, int PeopleServed, int DaysLogged);

public sealed record LunchLogInput(DateOnly? Date, int? PeopleServed, string? Notes);

public sealed record AbsenceInput(int? StaffId, DateOnly? From, DateOnly? To, string? Reason);

public sealed record PoolInput(string? Name, int? UnitId, int[]? PeoplePerWeekday, IReadOnlyList<int>? MemberStaffIds);
