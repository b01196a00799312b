namespace CaseDesk.Domain.Common;

/// <summary>
/// Who is asking. Every domain service takes the actor explicitly and decides what it may do;
/// pages only hide what the service would refuse anyway.
/// </summary>
public sealed record Actor(string UserId, string DisplayName, IReadOnlySet<string> Roles, int? StaffId = null, int? UnitId = null)
{
    /// <summary>Seeding, migrations and background jobs.</summary>
    public static readonly Actor System = new("system", "系統", new HashSet<string>());

    public bool IsInRole(string role) => Roles.Contains(role);

    public bool IsClerk => IsInRole(Common.Roles.Clerk);

    public bool IsSupervisor => IsInRole(Common.Roles.Supervisor);

    public bool IsAdmin => IsInRole(Common.Roles.Admin);

    public bool IsDutyOfficer => IsInRole(Common.Roles.DutyOfficer);

    /// <summary>The name written into audit rows and "changed by" messages.</summary>
    public string AuditName => DisplayName;
}
