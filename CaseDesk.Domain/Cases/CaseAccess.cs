using CaseDesk.Domain.Common;

namespace CaseDesk.Domain.Cases;

/// <summary>Who may do what with enforcement cases. Pages ask the same rules to hide what would be refused.</summary>
public static class CaseAccess
{
    /// <summary>Clerks work their own unit's cases; supervisors any unit's.</summary>
    public static bool CanChange(Actor actor, int unitId) =>
        actor.IsSupervisor || (actor.IsClerk && actor.UnitId == unitId);

    public static bool CanCreate(Actor actor) => actor.IsSupervisor || actor.IsClerk;

    /// <summary>The full national ID is shown only to those who work the case; every view is audited.</summary>
    public static bool CanRevealId(Actor actor, int unitId) => CanChange(actor, unitId);

    /// <summary>Duty officers route calls; they need neither debts nor full IDs.</summary>
    public static bool CanSeeAmounts(Actor actor) => actor.IsClerk || actor.IsSupervisor || actor.IsAdmin;
}
