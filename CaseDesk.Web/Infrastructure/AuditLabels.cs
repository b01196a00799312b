using Microsoft.Extensions.Localization;

namespace CaseDesk.Web.Infrastructure;

/// <summary>How an audit row's record reads to an Admin: "執行案件 #12", "頁面 /dashboard".</summary>
public static class AuditLabels
{
    public static string Entity(IStringLocalizer l, string entityType)
    {
        var label = l["PdEntity." + entityType];
        return label.ResourceNotFound ? entityType : label.Value;
    }

    public static string Record(IStringLocalizer l, string entityType, string entityId) =>
        entityId.Length == 0 ? Entity(l, entityType)
        : entityId.StartsWith('/') ? $"{Entity(l, entityType)} {entityId}"
        : $"{Entity(l, entityType)} #{entityId}";
}
