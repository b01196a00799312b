using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;

namespace CaseDesk.Domain.Reference;

public enum StaffTitle
{
    Clerk,
    Executor,
    EnforcementOfficer,
    ChiefOfficer,
    Director,
    DutyOfficer,
    SectionChief,
    Administrator,
}

/// <summary>A person working at the branch, with or without a sign-in.</summary>
[AuditDisplayName("人員")]
public sealed class StaffMember : Entity
{
    public const int NameMaxLength = 30;
    public const int EmailMaxLength = 120;
    public const int PhoneMaxLength = 30;

    private StaffMember()
    {
    }

    [AuditDisplayName("姓名")]
    public string Name { get; private set; } = "";

    [AuditDisplayName("職稱")]
    public StaffTitle Title { get; private set; }

    [AuditDisplayName("執行股")]
    public int? UnitId { get; private set; }

    public Unit? Unit { get; private set; }

    [AuditDisplayName("科室")]
    public int? SectionId { get; private set; }

    public Section? Section { get; private set; }

    public string? Email { get; private set; }

    public string? Phone { get; private set; }

    public bool IsActive { get; private set; } = true;

    public static StaffMember Create(string name, StaffTitle title, int? unitId = null, int? sectionId = null, string? email = null, string? phone = null) =>
        new() { Name = name.Trim(), Title = title, UnitId = unitId, SectionId = sectionId, Email = email, Phone = phone };

    public static string TitleName(StaffTitle title) => title switch
    {
        StaffTitle.Clerk => "書記官",
        StaffTitle.Executor => "執行員",
        StaffTitle.EnforcementOfficer => "行政執行官",
        StaffTitle.ChiefOfficer => "主任行政執行官",
        StaffTitle.Director => "分署長",
        StaffTitle.DutyOfficer => "值日人員",
        StaffTitle.SectionChief => "科長",
        StaffTitle.Administrator => "系統管理員",
        _ => title.ToString(),
    };
}
