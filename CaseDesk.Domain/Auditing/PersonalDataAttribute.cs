namespace CaseDesk.Domain.Auditing;

/// <summary>
/// Marks a property holding personal data (個人資料): the audit trail records that it changed,
/// never its values.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PersonalDataAttribute : Attribute;
