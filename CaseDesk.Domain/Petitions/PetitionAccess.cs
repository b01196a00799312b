using CaseDesk.Domain.Common;

namespace CaseDesk.Domain.Petitions;

/// <summary>Who may read and work a petition. Pages ask the same rules to show only what will be accepted.</summary>
public static class PetitionAccess
{
    public static bool CanRegister(Actor actor) => actor.IsClerk || actor.IsSupervisor;

    public static bool CanRead(Actor actor, int? unitId, int? handlerId, int? registeredBy) =>
        actor.IsSupervisor
        || (actor.IsClerk && actor.StaffId is { } me && (handlerId == me || registeredBy == me || (unitId is not null && unitId == actor.UnitId)));

    /// <summary>The handler works the petition; an unassigned one of the clerk's unit may be taken; supervisors may act for anyone.</summary>
    public static bool CanWork(Actor actor, int? unitId, int? handlerId) =>
        actor.IsSupervisor || (actor.IsClerk && actor.StaffId is { } me && (handlerId == me || (handlerId is null && unitId is not null && unitId == actor.UnitId)));

    /// <summary>Four eyes: a supervisor who is neither the handler nor the one who submitted the reply.</summary>
    public static bool CanApprove(Actor actor, int? handlerId, int? submittedBy) =>
        actor.IsSupervisor && actor.StaffId is { } me && me != handlerId && me != submittedBy;

    public static bool CanExtend(Actor actor, int? handlerId) => actor.IsSupervisor && actor.StaffId != handlerId;

    public static bool CanReopen(Actor actor) => actor.IsSupervisor;

    public static bool CanSeeStatistics(Actor actor) => actor.IsSupervisor;
}
