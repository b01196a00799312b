using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Auditing;

public sealed record AuditRow(long Id, DateTime AtUtc, string UserName, string Action, string Summary, string Changes);

/// <summary>Reads the audit trail of one record (supervisors and admins).</summary>
public sealed class AuditService(CaseDeskDbFactory dbFactory)
{
    public const int MaxRows = 500;

    public static bool CanRead(Actor actor) => actor.IsSupervisor || actor.IsAdmin;

    public async Task<Result<IReadOnlyList<AuditRow>>> GetTrailAsync(Actor actor, string entityType, string entityId, CancellationToken ct = default)
    {
        if (!CanRead(actor))
        {
            return DomainError.Forbidden("只有主管與系統管理員可以查閱稽核紀錄。");
        }

        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        IReadOnlyList<AuditRow> rows = await db.AuditEntries
            .Where(a => a.EntityType == entityType && a.EntityId == entityId)
            .OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id)
            .Take(MaxRows)
            .Select(a => new AuditRow(a.Id, a.AtUtc, a.UserName, a.Action, a.Summary, a.Changes))
            .ToListAsync(ct);
        return Result.Success(rows);
    }
}
