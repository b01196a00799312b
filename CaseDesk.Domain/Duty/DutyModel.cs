using System.Text.Json;
using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;

namespace CaseDesk.Domain.Duty;

public enum AssignmentSource
{
    Generated,
    Swap,
    Override,
}

public enum SwapState
{
    Requested,
    Accepted,
    Approved,
    Declined,
    Rejected,
    Cancelled,
}

/// <summary>
/// A lunch-duty pool (中午輪值): the staff who take turns at the service desk 12:30–13:30, office-wide or for
/// one unit, with how many people each weekday needs.
/// </summary>
[AuditDisplayName("中午輪值名單")]
public sealed class DutyPool : Entity
{
    public const int NameMaxLength = 50;

    private readonly List<DutyPoolMember> _members = [];

    private DutyPool()
    {
    }

    public string Name { get; private set; } = "";

    /// <summary>Null for the office-wide pool.</summary>
    public int? UnitId { get; private set; }

    /// <summary>People needed per day, by day of week (Sunday = 0 … Saturday = 6; Saturday counts for make-up days).</summary>
    public string PeoplePerWeekdayJson { get; private set; } = "[1,1,1,1,1,1,1]";

    public IReadOnlyList<DutyPoolMember> Members => _members;

    /// <summary>The last day generated so far (regenerations after an absence or a calendar change run up to it).</summary>
    public DateOnly? GeneratedThrough { get; private set; }

    internal void MarkGenerated(DateOnly from, DateOnly to, string summary)
    {
        if (GeneratedThrough is null || to > GeneratedThrough)
        {
            GeneratedThrough = to;
        }

        NoteForAudit(summary);
    }

    internal void Rename(string name)
    {
        if (name != Name)
        {
            NoteForAudit($"名稱改為「{name}」");
            Name = name;
        }
    }

    public int PeopleOn(DayOfWeek day) => PeopleOn(PeoplePerWeekday, day);

    /// <summary>
    /// People needed on a working day. A Saturday or Sunday is only a working day when the calendar makes it a
    /// make-up day, and then it is staffed like a weekday: when the pool's count for that day is 0, the smallest
    /// Monday–Friday count above 0 (at least one person), so a make-up day never silently gets nobody.
    /// </summary>
    public static int PeopleOn(int[] peoplePerWeekday, DayOfWeek day)
    {
        var count = peoplePerWeekday[(int)day];
        if (count > 0 || day is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
        {
            return count;
        }

        var weekday = peoplePerWeekday[1..6].Where(c => c > 0).DefaultIfEmpty(1).Min();
        return Math.Max(1, weekday);
    }

    public int[] PeoplePerWeekday => JsonSerializer.Deserialize<int[]>(PeoplePerWeekdayJson) ?? [1, 1, 1, 1, 1, 1, 1];

    internal static DutyPool Create(string name, int? unitId) => new() { Name = name, UnitId = unitId };

    internal Result SetPeoplePerWeekday(int[] counts)
    {
        if (counts.Length != 7 || counts.Any(c => c is < 0 or > 10))
        {
            return Result.Fail(new DomainError("duty_people", "每日人數應為 0 到 10 人。", "PeoplePerWeekday"));
        }

        var json = JsonSerializer.Serialize(counts);
        if (json != PeoplePerWeekdayJson)
        {
            PeoplePerWeekdayJson = json;
            NoteForAudit("每日輪值人數（日一二三四五六）：" + string.Join("／", counts));
        }

        return Result.Success();
    }

    internal void SetMembers(IReadOnlyList<int> staffIdsInOrder)
    {
        _members.RemoveAll(m => !staffIdsInOrder.Contains(m.StaffId));
        for (var i = 0; i < staffIdsInOrder.Count; i++)
        {
            var existing = _members.FirstOrDefault(m => m.StaffId == staffIdsInOrder[i]);
            if (existing is null)
            {
                _members.Add(DutyPoolMember.Create(staffIdsInOrder[i], i));
            }
            else
            {
                existing.Order = i;
            }
        }

        NoteForAudit($"更新輪值人員（{staffIdsInOrder.Count} 人）");
    }
}

public sealed class DutyPoolMember
{
    private DutyPoolMember()
    {
    }

    public int Id { get; private set; }

    public int PoolId { get; private set; }

    public int StaffId { get; private set; }

    /// <summary>Position in the rotation.</summary>
    public int Order { get; internal set; }

    internal static DutyPoolMember Create(int staffId, int order) => new() { StaffId = staffId, Order = order };
}

/// <summary>One person on lunch duty on one working day.</summary>
[AuditDisplayName("中午輪值")]
public sealed class DutyAssignment : Entity
{
    private DutyAssignment()
    {
    }

    public int PoolId { get; private set; }

    public DateOnly Date { get; private set; }

    public int Slot { get; private set; }

    [AuditDisplayName("輪值人員")]
    public int StaffId { get; private set; }

    public AssignmentSource Source { get; private set; }

    /// <summary>The turn repays one the person owed from an absence (outside the rotation).</summary>
    public bool RepaysOwedTurn { get; private set; }

    /// <summary>Whose rotation turn this day was when it was generated (kept through swaps and overrides; null for a repaid turn).</summary>
    public int? RotationStaffId { get; private set; }

    /// <summary>Why a supervisor set this day directly.</summary>
    public string? OverrideReason { get; private set; }

    /// <summary>Who had this (rotation) day before a supervisor set somebody else on it: that person owes the turn and takes the covering colleague's next one.</summary>
    public int? DisplacedStaffId { get; private set; }

    public bool IsFixed => Source is AssignmentSource.Swap or AssignmentSource.Override;

    internal static DutyAssignment Generate(int poolId, DateOnly date, int slot, int staffId, bool repays) =>
        new() { PoolId = poolId, Date = date, Slot = slot, StaffId = staffId, Source = AssignmentSource.Generated, RepaysOwedTurn = repays, RotationStaffId = repays ? null : staffId };

    internal static DutyAssignment Overridden(int poolId, DateOnly date, int slot, int staffId, string reason) =>
        new() { PoolId = poolId, Date = date, Slot = slot, StaffId = staffId, Source = AssignmentSource.Override, OverrideReason = reason };

    /// <summary>Regeneration put somebody else on this (not fixed) day.</summary>
    internal void Regenerate(int staffId, bool repays, string note)
    {
        StaffId = staffId;
        RepaysOwedTurn = repays;
        RotationStaffId = repays ? null : staffId;
        Source = AssignmentSource.Generated;
        OverrideReason = null;
        DisplacedStaffId = null;
        NoteForAudit(note);
    }

    internal void SwapTo(int staffId, string note)
    {
        StaffId = staffId;
        Source = AssignmentSource.Swap;
        NoteForAudit(note);
    }

    internal void Override(int staffId, int? displacedStaffId, string reason, string note)
    {
        DisplacedStaffId = displacedStaffId;
        StaffId = staffId;
        Source = AssignmentSource.Override;
        OverrideReason = reason;
        RepaysOwedTurn = false;
        NoteForAudit(note);
    }
}

/// <summary>Leave or absence: the person is skipped, and owes the turn.</summary>
[AuditDisplayName("輪值請假")]
public sealed class DutyAbsence : Entity
{
    public const int ReasonMaxLength = 100;

    private DutyAbsence()
    {
    }

    public int StaffId { get; private set; }

    public DateOnly From { get; private set; }

    public DateOnly To { get; private set; }

    public string Reason { get; private set; } = "";

    public bool Covers(DateOnly date) => date >= From && date <= To;

    internal static DutyAbsence Create(int staffId, DateOnly from, DateOnly to, string reason) => new() { StaffId = staffId, From = from, To = to, Reason = reason };

    /// <summary>Leave cut short: the days already past stay on record (they explain the turns owed).</summary>
    internal void EndOn(DateOnly lastDay, string note)
    {
        To = lastDay;
        NoteForAudit(note);
    }
}

/// <summary>A turn skipped because of an absence, owed until the person serves an extra one.</summary>
public sealed class DutyOwedTurn
{
    private DutyOwedTurn()
    {
    }

    public int Id { get; private set; }

    public int PoolId { get; private set; }

    public int StaffId { get; private set; }

    public DateOnly SkippedOn { get; private set; }

    public DateOnly? RepaidOn { get; private set; }

    internal static DutyOwedTurn Create(int poolId, int staffId, DateOnly skippedOn) => new() { PoolId = poolId, StaffId = staffId, SkippedOn = skippedOn };

    internal void Repay(DateOnly on) => RepaidOn = on;

    internal void Unrepay() => RepaidOn = null;
}

/// <summary>Two people exchange turns: the colleague accepts, a supervisor approves.</summary>
[AuditDisplayName("輪值換班")]
public sealed class DutySwap : Entity
{
    public const int NoteMaxLength = 300;

    private DutySwap()
    {
    }

    public int RequesterStaffId { get; private set; }

    public int RequesterAssignmentId { get; private set; }

    public int CounterpartStaffId { get; private set; }

    public int CounterpartAssignmentId { get; private set; }

    public int PoolId { get; private set; }

    /// <summary>The requester's day (the counterpart takes it).</summary>
    public DateOnly RequesterDate { get; private set; }

    /// <summary>The counterpart's day (the requester takes it).</summary>
    public DateOnly CounterpartDate { get; private set; }

    public bool IsOpen => State is SwapState.Requested or SwapState.Accepted;

    [AuditDisplayName("狀態")]
    public SwapState State { get; private set; }

    public string? Note { get; private set; }

    public string? DecidedBy { get; private set; }

    internal static DutySwap Request(DutyAssignment mine, DutyAssignment theirs, string? note) =>
        new()
        {
            PoolId = mine.PoolId,
            RequesterStaffId = mine.StaffId,
            RequesterAssignmentId = mine.Id,
            RequesterDate = mine.Date,
            CounterpartStaffId = theirs.StaffId,
            CounterpartAssignmentId = theirs.Id,
            CounterpartDate = theirs.Date,
            Note = note,
            State = SwapState.Requested,
        };

    /// <summary>The roster changed under an open request (regeneration, override, absence): it no longer applies.</summary>
    internal void Void(string why)
    {
        if (IsOpen)
        {
            State = SwapState.Cancelled;
            NoteForAudit("換班申請失效：" + why);
        }
    }

    internal Result Accept(int staffId)
    {
        if (State != SwapState.Requested || staffId != CounterpartStaffId)
        {
            return Result.Fail(new DomainError("swap_state", State != SwapState.Requested ? "這個換班申請已處理。" : "只有被邀請換班的同仁可以同意。"));
        }

        State = SwapState.Accepted;
        NoteForAudit("同仁同意換班");
        return Result.Success();
    }

    internal Result Decline(int staffId)
    {
        if (State != SwapState.Requested || staffId != CounterpartStaffId)
        {
            return Result.Fail(new DomainError("swap_state", "只有被邀請換班的同仁可以婉拒尚未處理的申請。"));
        }

        State = SwapState.Declined;
        NoteForAudit("同仁婉拒換班");
        return Result.Success();
    }

    internal Result Decide(bool approve, string by)
    {
        if (State != SwapState.Accepted)
        {
            return Result.Fail(new DomainError("swap_not_accepted", "須先經被邀請的同仁同意，主管才能核准。"));
        }

        State = approve ? SwapState.Approved : SwapState.Rejected;
        DecidedBy = by;
        NoteForAudit(approve ? $"主管核准換班（{by}）" : $"主管不准換班（{by}）");
        return Result.Success();
    }

    internal Result Cancel(int staffId)
    {
        if (staffId != RequesterStaffId || State is not (SwapState.Requested or SwapState.Accepted))
        {
            return Result.Fail(new DomainError("swap_state", "只有申請人可以撤回尚未核准的換班。"));
        }

        State = SwapState.Cancelled;
        NoteForAudit("申請人撤回換班");
        return Result.Success();
    }
}

/// <summary>What the person on duty served at the desk during the lunch hour (counts feed the quarterly report).</summary>
[AuditDisplayName("中午輪值紀錄")]
public sealed class LunchDutyLog : Entity
{
    public const int NotesMaxLength = 1000;

    private LunchDutyLog()
    {
    }

    public DateOnly Date { get; private set; }

    public int StaffId { get; private set; }

    [AuditDisplayName("服務人數")]
    public int PeopleServed { get; private set; }

    [AuditDisplayName("特殊情形")]
    public string? Notes { get; private set; }

    internal static LunchDutyLog Create(DateOnly date, int staffId, int served, string? notes) => new() { Date = date, StaffId = staffId, PeopleServed = served, Notes = notes };

    internal void Update(int served, string? notes)
    {
        PeopleServed = served;
        Notes = notes;
    }
}

/// <summary>A secret per person for the iCalendar feed (calendar programs cannot sign in).</summary>
public sealed class DutyFeedToken
{
    private DutyFeedToken()
    {
    }

    public int Id { get; private set; }

    public int StaffId { get; private set; }

    public string Token { get; private set; } = "";

    internal static DutyFeedToken Create(int staffId) =>
        new() { StaffId = staffId, Token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).ToLowerInvariant() };
}
