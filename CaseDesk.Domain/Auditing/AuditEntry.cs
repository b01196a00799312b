namespace CaseDesk.Domain.Auditing;

public static class AuditActions
{
    public const string Created = "Created";
    public const string Updated = "Updated";
    public const string StateChanged = "StateChanged";
    public const string Deleted = "Deleted";
    public const string ViewedPersonalData = "ViewedPersonalData";

    /// <summary>Somebody asked for a full ID or phone they may not see: refused, and kept for the Admins' report.</summary>
    public const string RefusedPersonalData = "RefusedPersonalData";

    public const string Exported = "Exported";

    public const string RefusedExport = "RefusedExport";
    public const string Imported = "Imported";

    /// <summary>A change, approval or record refused to the actor (wrong role, another unit, one's own work to approve).</summary>
    public const string Refused = "Refused";
}

/// <summary>
/// One append-only row of the audit trail: who did what to which record, when. The context refuses
/// to update or delete these rows.
/// </summary>
public sealed class AuditEntry
{
    public const int EntityTypeMaxLength = 64;
    public const int EntityIdMaxLength = 64;
    public const int ActionMaxLength = 32;
    public const int SummaryMaxLength = 500;

    private AuditEntry()
    {
    }

    public long Id { get; private set; }

    public DateTime AtUtc { get; private set; }

    public string UserId { get; private set; } = "";

    public string UserName { get; private set; } = "";

    public string EntityType { get; private set; } = "";

    public string EntityId { get; private set; } = "";

    public string Action { get; private set; } = "";

    /// <summary>A sentence a supervisor reads in the timeline, in Traditional Chinese.</summary>
    public string Summary { get; private set; } = "";

    /// <summary>JSON object of changed properties: <c>{"Name":["old","new"]}</c>; personal data is never written here.</summary>
    public string Changes { get; private set; } = "{}";

    public static AuditEntry Create(DateTime atUtc, string userId, string userName, string entityType, string entityId, string action, string summary, string changes = "{}") =>
        new()
        {
            AtUtc = atUtc,
            UserId = userId,
            UserName = userName,
            EntityType = entityType,
            EntityId = entityId,
            Action = action,
            Summary = summary.Length > SummaryMaxLength ? summary[..SummaryMaxLength] : summary,
            Changes = changes,
        };
}
