namespace CaseDesk.Domain.Common;

/// <summary>The sign-in roles. Names are stored in the identity tables; never rename one.</summary>
public static class Roles
{
    public const string Clerk = "Clerk";
    public const string Supervisor = "Supervisor";
    public const string DutyOfficer = "DutyOfficer";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Clerk, Supervisor, DutyOfficer, Admin];

    public static string DisplayName(string role) => role switch
    {
        Clerk => "書記官",
        Supervisor => "主管",
        DutyOfficer => "值日人員",
        Admin => "系統管理員",
        _ => role,
    };
}
