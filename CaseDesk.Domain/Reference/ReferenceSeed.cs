namespace CaseDesk.Domain.Reference;

/// <summary>The branch's structure as its quarterly report describes it (桃園分署: 17 execution units, stationed agencies).</summary>
public static class ReferenceSeed
{
    public const int UnitCount = 17;

    public static readonly IReadOnlyList<string> Sections = ["秘書室", "政風室", "統計室", "會計室", "人事室"];

    public static readonly IReadOnlyList<(string Name, AgencyKind Kind, string CaseWord)> Agencies =
    [
        ("財政部北區國稅局桃園分局", AgencyKind.NationalTax, "國稅執"),
        ("桃園市政府地方稅務局", AgencyKind.LocalTax, "地稅執"),
        ("勞動部勞工保險局桃園辦事處", AgencyKind.LaborInsurance, "勞保執"),
        ("衛生福利部中央健康保險署北區業務組", AgencyKind.HealthInsurance, "健保執"),
        ("交通部公路局桃園監理站", AgencyKind.MotorVehicles, "交罰執"),
        ("交通部公路局中壢監理站", AgencyKind.MotorVehicles, "交罰執"),
    ];
}
