using System.Text.Json;
using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Common;

/// <summary>
/// A finished quarter's figures of one quarterly report (petitions, referrals), frozen when the quarter
/// was reported to headquarters, so later edits cannot rewrite what was sent.
/// </summary>
public sealed class QuarterSnapshot
{
    public const int ReportMaxLength = 30;

    private QuarterSnapshot()
    {
    }

    public int Id { get; private set; }

    /// <summary>Which report (<c>Petition</c>, <c>Referral</c>); its freezes are audited as <c>PetitionQuarter</c>, <c>ReferralQuarter</c>.</summary>
    public string Report { get; private set; } = "";

    public int RocYear { get; private set; }

    public int Quarter { get; private set; }

    public string FiguresJson { get; private set; } = "";

    public DateTime FrozenAtUtc { get; private set; }

    public string FrozenBy { get; private set; } = "";

    internal static QuarterSnapshot Create(string report, int rocYear, int quarter, string json, DateTime atUtc, string by) =>
        new() { Report = report, RocYear = rocYear, Quarter = quarter, FiguresJson = json, FrozenAtUtc = atUtc, FrozenBy = by };
}

/// <summary>Freezing and reading quarter snapshots: one set of rules for every quarterly report.</summary>
internal static class QuarterSnapshots
{
    public static DateOnly QuarterEnd(int rocYear, int quarter) => new DateOnly(rocYear + RocDate.EraOffset, quarter * 3, 1).AddMonths(1).AddDays(-1);

    /// <summary>The live figures, with each frozen quarter replaced by its snapshot (stamped with who froze it and when).</summary>
    public static async Task<List<T>> OverlayAsync<T>(CaseDeskDbContext db, string report, int rocYear, IReadOnlyList<T> live, Func<T, int> quarterOf, Func<T, QuarterSnapshot, T> stamp, CancellationToken ct)
    {
        var frozen = await db.QuarterSnapshots.Where(s => s.Report == report && s.RocYear == rocYear).ToListAsync(ct);
        return live.Select(q => frozen.FirstOrDefault(s => s.Quarter == quarterOf(q)) is { } snapshot
            ? stamp(JsonSerializer.Deserialize<T>(snapshot.FiguresJson)!, snapshot)
            : q).ToList();
    }

    /// <summary>
    /// Freezes a finished quarter of <paramref name="report"/> with the figures <paramref name="count"/> gives now;
    /// refuses an unknown or unfinished quarter and a second freeze (also when two supervisors press at once).
    /// </summary>
    public static async Task<Result> FreezeAsync<T>(CaseDeskDbContext db, Actor actor, TimeProvider clock, string report, string title, int rocYear, int quarter,
        Func<Task<T>> count, Func<T, string> summary, CancellationToken ct)
    {
        if (quarter is < 1 or > 4)
        {
            return Result.Fail(new DomainError("quarter_invalid", "季別應為 1 到 4。"));
        }

        var quarterEnd = QuarterEnd(rocYear, quarter);
        if (TaipeiTime.Today(clock) <= quarterEnd)
        {
            return Result.Fail(new DomainError("quarter_not_finished", $"第{quarter}季尚未結束（{RocDate.Format(quarterEnd)}），結束後才能凍結。"));
        }

        var frozenAlready = new DomainError("quarter_frozen", $"{rocYear}年第{quarter}季已經凍結。");
        if (await db.QuarterSnapshots.AnyAsync(s => s.Report == report && s.RocYear == rocYear && s.Quarter == quarter, ct))
        {
            return Result.Fail(frozenAlready);
        }

        var figures = await count();
        db.QuarterSnapshots.Add(QuarterSnapshot.Create(report, rocYear, quarter, JsonSerializer.Serialize(figures), clock.GetUtcNow().UtcDateTime, actor.AuditName));
        db.AddAudit(report + "Quarter", $"{rocYear}Q{quarter}", AuditActions.Created, $"凍結 {rocYear} 年第{quarter}季{title}（{summary(figures)}）");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Result.Fail(frozenAlready);
        }

        return Result.Success();
    }
}
