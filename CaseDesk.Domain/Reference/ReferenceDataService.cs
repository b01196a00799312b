using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Reference;

public sealed record LookupItem(int Id, string Name);

public sealed record StaffItem(int Id, string Name, StaffTitle Title, int? UnitId, string? UnitName);

/// <summary>The short lists forms choose from: units, agencies, staff.</summary>
public sealed class ReferenceDataService(CaseDeskDbFactory dbFactory)
{
    public async Task<IReadOnlyList<LookupItem>> GetUnitsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        return await db.Units.Where(u => u.IsActive).OrderBy(u => u.Number).Select(u => new LookupItem(u.Id, u.Name)).ToListAsync(ct);
    }

    /// <summary>
    /// Adds a staff member (for a new sign-in). Admins or the operator's create-user command only;
    /// the unit is given by its number (第5股 → 5).
    /// </summary>
    public async Task<Result<int>> CreateStaffAsync(Actor actor, string name, StaffTitle title, int? unitNumber, string? email, CancellationToken ct = default)
    {
        if (!actor.IsAdmin && actor != Actor.System)
        {
            return await dbFactory.RefuseAsync(actor, "Staff", "new", DomainError.Forbidden("只有系統管理員可以新增人員。"), ct);
        }

        var trimmed = (name ?? "").Trim();
        if (trimmed.Length is 0 or > StaffMember.NameMaxLength)
        {
            return new DomainError("staff_name", $"請輸入姓名（最多 {StaffMember.NameMaxLength} 字）。", "Name");
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        int? unitId = null;
        if (unitNumber is { } number)
        {
            unitId = await db.Units.Where(u => u.Number == number && u.IsActive).Select(u => (int?)u.Id).SingleOrDefaultAsync(ct);
            if (unitId is null)
            {
                return new DomainError("unit_unknown", $"沒有第{number}股。", "Unit");
            }
        }

        if (title == StaffTitle.Clerk && unitId is null)
        {
            return new DomainError("unit_required", "書記官必須屬於一個執行股（--unit）。", "Unit");
        }

        var staff = StaffMember.Create(trimmed, title, unitId, email: email);
        db.Staff.Add(staff);
        await db.SaveChangesAsync(ct);
        return Result.Success(staff.Id);
    }

    public async Task<bool> StaffExistsAsync(int staffId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        return await db.Staff.AnyAsync(s => s.Id == staffId && s.IsActive, ct);
    }

    /// <summary>Records an account event (created, role granted) in the audit trail.</summary>
    public async Task AuditAccountAsync(Actor actor, string userName, string summary, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        db.AddAudit("User", userName, AuditActions.Created, summary);
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<LookupItem>> GetSectionsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        return await db.Sections.Where(s => s.IsActive).OrderBy(s => s.Name).Select(s => new LookupItem(s.Id, s.Name)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<LookupItem>> GetAgenciesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        return await db.Agencies.Where(a => a.IsActive).OrderBy(a => a.Kind).ThenBy(a => a.Name).Select(a => new LookupItem(a.Id, a.Name)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<StaffItem>> GetStaffAsync(StaffTitle? title = null, int? unitId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var staff = db.Staff.Where(s => s.IsActive);
        if (title is { } t)
        {
            staff = staff.Where(s => s.Title == t);
        }

        if (unitId is { } u)
        {
            staff = staff.Where(s => s.UnitId == u);
        }

        return await staff.OrderBy(s => s.UnitId).ThenBy(s => s.Name)
            .Select(s => new StaffItem(s.Id, s.Name, s.Title, s.UnitId, s.Unit == null ? null : s.Unit.Name))
            .ToListAsync(ct);
    }
}
