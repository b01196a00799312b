using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Cases;

/// <summary>One line of the cases list file; <see cref="ObligorId"/> is the full number only where the exporter may see it.</summary>
public sealed record CaseExportRow(string CaseNumber, string ObligorName, string ObligorId, bool IdMasked, string AgencyName, long? AmountOwed, DateOnly ReferredOn, string UnitName, string? ClerkName, CaseStatus Status);

/// <param name="Truncated">More cases matched than <see cref="CaseService.MaxExportRows"/>; the file holds the first ones in the list's order.</param>
public sealed record CaseExport(IReadOnlyList<CaseExportRow> Rows, bool Truncated);

public sealed partial class CaseService
{
    public const string ExportName = "執行案件清單";

    public const int MaxExportRows = 10_000;

    /// <summary>
    /// The cases list as filtered and sorted on screen, for a file. Full national IDs only on the exporter's own unit's
    /// cases (as on the case page); every other row — and every row for an Admin — is masked, amounts withheld as in the
    /// list. The export is audited, and the full IDs it carries are recorded as a look at personal data.
    /// </summary>
    public async Task<Result<CaseExport>> ExportAsync(Actor actor, CaseQuery query, string format, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        if (!CaseAccess.CanSeeAmounts(actor))
        {
            db.AddAudit("Export", ExportName, AuditActions.RefusedExport, $"要求匯出「{ExportName}」，遭拒：值日人員不需要案件清單。");
            await db.SaveChangesAsync(ct);
            return DomainError.Forbidden("您的角色不能匯出案件清單。");
        }

        var found = await Sort(Filter(db.Cases.AsNoTracking(), query), query)
            .Take(MaxExportRows + 1)
            .Select(c => new
            {
                c.CaseNumber,
                c.ObligorName,
                c.ObligorIdNumber,
                c.UnitId,
                Agency = c.ReferringAgency!.Name,
                c.AmountOwed,
                c.ReferredOn,
                UnitName = c.Unit!.Name,
                ClerkName = c.ResponsibleClerk == null ? null : c.ResponsibleClerk.Name,
                c.Status,
            })
            .ToListAsync(ct);
        var truncated = found.Count > MaxExportRows;
        var rows = found.Take(MaxExportRows).Select(c =>
        {
            var full = CaseAccess.CanRevealId(actor, c.UnitId);
            return new CaseExportRow(c.CaseNumber, c.ObligorName, full ? c.ObligorIdNumber : Mask.ObligorId(c.ObligorIdNumber), !full, c.Agency, c.AmountOwed, c.ReferredOn, c.UnitName, c.ClerkName, c.Status);
        }).ToList();

        var fullIds = rows.Count(r => !r.IdMasked);
        db.AddAudit("Export", ExportName, AuditActions.Exported,
            $"匯出「{ExportName}」（{format}，共 {rows.Count:N0} 筆{(truncated ? $"，超過 {MaxExportRows:N0} 筆只含前 {MaxExportRows:N0} 筆" : "")}；完整身分證號 {fullIds:N0} 筆、遮蔽 {rows.Count - fullIds:N0} 筆）");
        if (fullIds > 0)
        {
            db.AddAudit("Export", ExportName, AuditActions.ViewedPersonalData, $"匯出「{ExportName}」含 {fullIds:N0} 筆義務人完整身分證號");
        }

        await db.SaveChangesAsync(ct);
        return Result.Success(new CaseExport(rows, truncated));
    }
}
