using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Installments;

/// <summary>One quarter of installment decisions: applications taken, approved, rejected (decided in the quarter) and plans revoked in it.</summary>
public sealed record InstallmentQuarterFigures(int Quarter, int Applied, int Approved, int Rejected, int Revoked);

/// <summary>Installment applications per quarter of a ROC year, counted in the database (the service-quality report's 分期繳納 section).</summary>
public sealed class InstallmentStatisticsService(CaseDeskDbFactory dbFactory)
{
    public static bool CanSeeStatistics(Actor actor) => actor.IsSupervisor || actor.IsAdmin;

    public async Task<Result<IReadOnlyList<InstallmentQuarterFigures>>> QuarterlyAsync(Actor actor, int rocYear, CancellationToken ct = default)
    {
        if (!CanSeeStatistics(actor))
        {
            return await dbFactory.RefuseAsync(actor, "InstallmentStatistics", rocYear, DomainError.Forbidden("分期繳納統計僅主管可以查閱。"), ct);
        }

        return Result.Success(await ReadAsync(rocYear, ct));
    }

    internal async Task<IReadOnlyList<InstallmentQuarterFigures>> ReadAsync(int rocYear, CancellationToken ct)
    {
        var year = rocYear + RocDate.EraOffset;
        var from = new DateOnly(year, 1, 1);
        var to = from.AddYears(1);
        var fromUtc = TaipeiTime.ToUtc(from, TimeOnly.MinValue);
        var toUtc = TaipeiTime.ToUtc(to, TimeOnly.MinValue);
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var applied = await db.InstallmentPlans.Where(p => p.AppliedOn >= from && p.AppliedOn < to)
            .GroupBy(p => p.AppliedOn.Month).Select(g => new { Month = g.Key, Count = g.Count() }).ToListAsync(ct);
        var decided = await db.InstallmentPlans.Where(p => p.DecidedAtUtc >= fromUtc && p.DecidedAtUtc < toUtc)
            .Select(p => new { At = p.DecidedAtUtc!.Value, Rejected = p.State == PlanState.Rejected }).ToListAsync(ct);
        var revoked = await db.InstallmentPlans.Where(p => p.RevokedOn >= from && p.RevokedOn < to)
            .GroupBy(p => p.RevokedOn!.Value.Month).Select(g => new { Month = g.Key, Count = g.Count() }).ToListAsync(ct);
        static int Quarter(int month) => (month - 1) / 3 + 1;
        return Enumerable.Range(1, 4).Select(q =>
        {
            var inQuarter = decided.Where(d => Quarter(TaipeiTime.ToLocal(d.At).Month) == q).ToList();
            return new InstallmentQuarterFigures(q,
                applied.Where(a => Quarter(a.Month) == q).Sum(a => a.Count),
                inQuarter.Count(d => !d.Rejected),
                inQuarter.Count(d => d.Rejected),
                revoked.Where(r => Quarter(r.Month) == q).Sum(r => r.Count));
        }).ToList();
    }
}
