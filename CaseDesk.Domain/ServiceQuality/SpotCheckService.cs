using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseDesk.Domain.ServiceQuality;

public sealed record PlannedUnit(int UnitId, string UnitName, int ChecksThisMonth);

public sealed record SpotCheckPlanView(int RocYear, int Month, int UnitsPerMonth, IReadOnlyList<PlannedUnit> Units);

public sealed record SpotCheckRow(int Id, DateOnly CheckedOn, int UnitId, string UnitName, string PersonAnswering, int Score, string? Notes, string CheckedBy, bool BelowThreshold);

/// <summary>Phone-courtesy spot checks (電話禮貌抽測): the monthly plan, the checker's records, and results per month and quarter.</summary>
public sealed class SpotCheckService(CaseDeskDbFactory dbFactory, IOptions<ServiceQualityOptions> options)
{
    private ServiceQualityOptions Options => options.Value;

    private DateOnly Today => TaipeiTime.Today(dbFactory.Clock);

    public async Task<Result<SpotCheckPlanView>> PlanAsync(Actor actor, int rocYear, int month, CancellationToken ct = default)
    {
        if (!ServiceQualityAccess.CanRecordSpotChecks(actor) && !ServiceQualityAccess.CanSeeReport(actor))
        {
            return await dbFactory.RefuseAsync(actor, "SpotCheck", $"{rocYear}/{month}", DomainError.Forbidden("電話禮貌抽測僅主管可以查閱。"), ct);
        }

        if (month is < 1 or > 12)
        {
            return new DomainError("check_month", "月份應為 1 到 12。");
        }

        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var units = await db.Units.Where(u => u.IsActive).OrderBy(u => u.Number).Select(u => new { u.Id, u.Name }).ToListAsync(ct);
        var drawn = SpotCheckPlan.Draw(rocYear, month, units.Select(u => u.Id).ToList(), Options.SpotChecksPerMonth);
        var from = new DateOnly(rocYear + RocDate.EraOffset, month, 1);
        var to = from.AddMonths(1);
        var done = await db.Set<PhoneSpotCheck>().Where(c => c.CheckedOn >= from && c.CheckedOn < to)
            .GroupBy(c => c.UnitId).Select(g => new { UnitId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.UnitId, g => g.Count, ct);
        return Result.Success(new SpotCheckPlanView(rocYear, month, drawn.Count,
            drawn.Select(id => new PlannedUnit(id, units.Single(u => u.Id == id).Name, done.GetValueOrDefault(id))).ToList()));
    }

    public async Task<Result<int>> RecordAsync(Actor actor, SpotCheckInput input, CancellationToken ct = default)
    {
        if (!ServiceQualityAccess.CanRecordSpotChecks(actor))
        {
            return await dbFactory.RefuseAsync(actor, "SpotCheck", "new", DomainError.Forbidden("只有主管可以登錄電話禮貌抽測。"), ct);
        }

        var valid = input.Validate(Today);
        if (!valid.Succeeded)
        {
            return Result<int>.Fail(valid.Errors);
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        if (!await db.Units.AnyAsync(u => u.Id == valid.Value.UnitId && u.IsActive, ct))
        {
            return new DomainError("check_unit_unknown", "找不到這個執行股，請從清單選擇受測股別。", nameof(SpotCheckInput.UnitId));
        }

        var check = PhoneSpotCheck.Create(valid.Value, actor.AuditName);
        db.Add(check);
        await db.SaveChangesAsync(ct);
        return Result.Success(check.Id);
    }

    public async Task<Result<IReadOnlyList<SpotCheckRow>>> ListAsync(Actor actor, int rocYear, int month, CancellationToken ct = default)
    {
        if (!ServiceQualityAccess.CanRecordSpotChecks(actor) && !ServiceQualityAccess.CanSeeReport(actor))
        {
            return await dbFactory.RefuseAsync(actor, "SpotCheck", $"{rocYear}/{month}", DomainError.Forbidden("電話禮貌抽測僅主管可以查閱。"), ct);
        }

        var from = new DateOnly(rocYear + RocDate.EraOffset, Math.Clamp(month, 1, 12), 1);
        var to = from.AddMonths(1);
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var rows = await db.Set<PhoneSpotCheck>().Where(c => c.CheckedOn >= from && c.CheckedOn < to)
            .OrderByDescending(c => c.CheckedOn).ThenByDescending(c => c.Id)
            .Select(c => new { c.Id, c.CheckedOn, c.UnitId, Unit = db.Units.Where(u => u.Id == c.UnitId).Select(u => u.Name).FirstOrDefault(), c.PersonAnswering, c.Score, c.Notes, c.CheckedBy })
            .ToListAsync(ct);
        IReadOnlyList<SpotCheckRow> list = rows.Select(r => new SpotCheckRow(r.Id, r.CheckedOn, r.UnitId, r.Unit ?? "?", r.PersonAnswering, r.Score, r.Notes, r.CheckedBy, r.Score < Options.SpotCheckThreshold)).ToList();
        return Result.Success(list);
    }

    public async Task<Result<SpotCheckYearFigures>> StatisticsAsync(Actor actor, int rocYear, CancellationToken ct = default)
    {
        if (!ServiceQualityAccess.CanRecordSpotChecks(actor) && !ServiceQualityAccess.CanSeeReport(actor))
        {
            return await dbFactory.RefuseAsync(actor, "SpotCheck", rocYear, DomainError.Forbidden("電話禮貌抽測僅主管可以查閱。"), ct);
        }

        return Result.Success(await ReadAsync(rocYear, ct));
    }

    internal async Task<SpotCheckYearFigures> ReadAsync(int rocYear, CancellationToken ct)
    {
        var from = Quarters.Start(rocYear, 1);
        var to = Quarters.End(rocYear, 4);
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var scores = await db.Set<PhoneSpotCheck>().Where(c => c.CheckedOn >= from && c.CheckedOn <= to)
            .Select(c => new { c.CheckedOn.Month, c.UnitId, c.Score }).ToListAsync(ct);
        var names = await db.Units.ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var threshold = Options.SpotCheckThreshold;
        var months = Enumerable.Range(1, 12).Select(m => SpotCheckPeriodFigures.Of(scores.Where(s => s.Month == m).Select(s => s.Score))).ToList();
        var byQuarter = Enumerable.Range(1, 4).Select(q =>
        {
            IReadOnlyList<UnitSpotCheckFigures> units = scores.Where(s => (s.Month - 1) / 3 + 1 == q).GroupBy(s => s.UnitId)
                .Select(g =>
                {
                    var figures = SpotCheckPeriodFigures.Of(g.Select(s => s.Score));
                    return new UnitSpotCheckFigures(g.Key, names.GetValueOrDefault(g.Key, "?"), figures, figures.Average < threshold);
                })
                .OrderBy(u => u.UnitId).ToList();
            return (q, units);
        }).ToList();
        return new SpotCheckYearFigures(rocYear, months, threshold, byQuarter);
    }
}
