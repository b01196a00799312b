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
            return await dbFactory.RefuseAsync(actor, "AuditTrail", $"{entityType}/{entityId}", DomainError.Forbidden("只有主管與系統管理員可以查閱稽核紀錄。"), ct);
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

    /// <summary>
    /// Records a file export (who, what, which period) — or a refused attempt at one, so a crafted request to an
    /// export is as visible in the trail as a menu click.
    /// </summary>
    public async Task RecordExportAsync(Actor actor, string export, string period, string? refusedBecause = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        db.AddAudit("Export", export.Length > AuditEntry.EntityIdMaxLength ? export[..AuditEntry.EntityIdMaxLength] : export, refusedBecause is null ? AuditActions.Exported : AuditActions.RefusedExport,
            refusedBecause is null ? $"匯出「{export}」（{period}）" : $"要求匯出「{export}」（{period}），遭拒：{refusedBecause}");
        await db.SaveChangesAsync(ct);
    }
}
