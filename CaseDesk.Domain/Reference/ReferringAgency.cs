using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;

namespace CaseDesk.Domain.Reference;

public enum AgencyKind
{
    NationalTax,
    LocalTax,
    LaborInsurance,
    HealthInsurance,
    MotorVehicles,
    Other,
}

/// <summary>An agency that refers debts to the branch (移送機關), e.g. 衛生福利部中央健康保險署北區業務組.</summary>
[AuditDisplayName("移送機關")]
public sealed class ReferringAgency : Entity
{
    public const int NameMaxLength = 60;
    public const int CaseWordMaxLength = 10;

    private ReferringAgency()
    {
    }

    public string Name { get; private set; } = "";

    public AgencyKind Kind { get; private set; }

    /// <summary>The word its cases carry in the case number, e.g. 健保執.</summary>
    public string CaseWord { get; private set; } = "";

    public bool IsActive { get; private set; } = true;

    public static ReferringAgency Create(string name, AgencyKind kind, string caseWord) =>
        new() { Name = name.Trim(), Kind = kind, CaseWord = caseWord.Trim() };
}
