namespace CaseDesk.Domain.Auditing;

/// <summary>The name of an entity or property as the audit timeline shows it (Traditional Chinese).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property)]
public sealed class AuditDisplayNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
