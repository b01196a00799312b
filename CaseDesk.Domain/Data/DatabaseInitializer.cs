using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Data;

/// <summary>
/// Start-up work on the database: apply the engine's committed migrations (SQLite then runs in WAL), and make sure the
/// shipped calendar years and the branch's basic reference data exist.
/// </summary>
public sealed class DatabaseInitializer(CaseDeskDbFactory dbFactory, CalendarService calendar)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using (var db = await dbFactory.OpenAsync(Actor.System, ct))
        {
            await dbFactory.Engine.BeforeMigrateAsync(db, ct);
            await db.Database.MigrateAsync(ct);
            await dbFactory.Engine.AfterMigrateAsync(db, ct);
        }

        await calendar.SeedAsync(ct);
        await SeedReferenceDataAsync(ct);
    }

    /// <summary>The 17 execution units, the sections and the referring agencies of the branch, when the tables are empty.</summary>
    private async Task SeedReferenceDataAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.OpenAsync(Actor.System, ct);
        db.AuditInserts = false;
        if (!await db.Units.AnyAsync(ct))
        {
            db.Units.AddRange(Enumerable.Range(1, ReferenceSeed.UnitCount).Select(n => Unit.Create(n)));
        }

        if (!await db.Sections.AnyAsync(ct))
        {
            db.Sections.AddRange(ReferenceSeed.Sections.Select(Section.Create));
        }

        if (!await db.InstallmentPolicies.AnyAsync(ct))
        {
            // The statutory tiers as policy version 1; admins add versions from the policy page.
            db.InstallmentPolicies.Add(Installments.InstallmentPolicy.Statutory(new DateOnly(2008, 1, 1)));
        }

        if (!await db.Agencies.AnyAsync(ct))
        {
            db.Agencies.AddRange(ReferenceSeed.Agencies.Select(a => ReferringAgency.Create(a.Name, a.Kind, a.CaseWord)));
        }

        await db.SaveChangesAsync(ct);
    }
}
