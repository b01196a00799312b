using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;

namespace CaseDesk.Domain.Reference;

/// <summary>An execution unit (執行股), e.g. 第5股.</summary>
[AuditDisplayName("執行股")]
public sealed class Unit : Entity
{
    public const int NameMaxLength = 30;

    private Unit()
    {
    }

    public int Number { get; private set; }

    public string Name { get; private set; } = "";

    public bool IsActive { get; private set; } = true;

    public static Unit Create(int number, string? name = null) =>
        new() { Number = number, Name = string.IsNullOrWhiteSpace(name) ? $"第{number}股" : name.Trim() };
}

/// <summary>An administrative section (科/室), e.g. 政風室.</summary>
[AuditDisplayName("科室")]
public sealed class Section : Entity
{
    public const int NameMaxLength = 30;

    private Section()
    {
    }

    public string Name { get; private set; } = "";

    public bool IsActive { get; private set; } = true;

    public static Section Create(string name) => new() { Name = name.Trim() };
}
