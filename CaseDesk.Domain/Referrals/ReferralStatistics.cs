using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Referrals;

/// <summary>One partner's figures in one quarter.</summary>
public sealed record PartnerQuarterFigures(int PartnerId, string PartnerName, int Sent, int Acknowledged, int AckWorkingDays, int AcknowledgedLate)
{
    /// <summary>Average working days from sending to the partner's acknowledgement; null before any.</summary>
    public double? AverageAckWorkingDays => Acknowledged == 0 ? null : (double)AckWorkingDays / Acknowledged;
}

/// <summary>One quarter's column of the results table (轉介成果表): referrals counted in the quarter they were sent.</summary>
public sealed record ReferralQuarterFigures
{
    public int Quarter { get; init; }

    public int Sent { get; init; }

    /// <summary>Referrals asking for each need (indexed like <see cref="WelfareNeeds.All"/>); one referral may count under several.</summary>
    public int[] ByNeed { get; init; } = new int[WelfareNeeds.All.Length];

    public IReadOnlyList<PartnerQuarterFigures> ByPartner { get; init; } = [];

    public int ServiceGiven { get; init; }

    public int ClosedOtherwise { get; init; }

    public int Rejected { get; init; }

    public int Withdrawn { get; init; }

    public int StillOpen { get; init; }

    public DateTime? FrozenAtUtc { get; init; }

    public string? FrozenBy { get; init; }

    public bool IsFrozen => FrozenAtUtc is not null;
}

public sealed record ReferralReport(int RocYear, IReadOnlyList<ReferralQuarterFigures> Quarters)
{
    /// <summary>Every partner that appears in any quarter, in name order.</summary>
    public IReadOnlyList<(int Id, string Name)> Partners => Quarters.SelectMany(q => q.ByPartner).GroupBy(p => p.PartnerId)
        .Select(g => (g.Key, g.Last().PartnerName)).OrderBy(p => p.Item2, StringComparer.Ordinal).ToList();

    public ReferralQuarterFigures Total => new()
    {
        Quarter = 0,
        Sent = Quarters.Sum(q => q.Sent),
        ByNeed = Enumerable.Range(0, WelfareNeeds.All.Length).Select(i => Quarters.Sum(q => q.ByNeed[i])).ToArray(),
        ByPartner = Quarters.SelectMany(q => q.ByPartner).GroupBy(p => p.PartnerId)
            .Select(g => new PartnerQuarterFigures(g.Key, g.Last().PartnerName, g.Sum(p => p.Sent), g.Sum(p => p.Acknowledged), g.Sum(p => p.AckWorkingDays), g.Sum(p => p.AcknowledgedLate))).ToList(),
        ServiceGiven = Quarters.Sum(q => q.ServiceGiven),
        ClosedOtherwise = Quarters.Sum(q => q.ClosedOtherwise),
        Rejected = Quarters.Sum(q => q.Rejected),
        Withdrawn = Quarters.Sum(q => q.Withdrawn),
        StillOpen = Quarters.Sum(q => q.StillOpen),
    };
}

/// <summary>The quarterly referral results (the seed report's 轉介成果表), by partner and by need, and their freezing.</summary>
public sealed class ReferralStatisticsService(CaseDeskDbFactory dbFactory, CalendarService calendars)
{
    private const string Report = "Referral";

    public async Task<Result<ReferralReport>> GetYearAsync(Actor actor, int rocYear, CancellationToken ct = default)
    {
        if (!ReferralAccess.CanSeeStatistics(actor))
        {
            return await dbFactory.RefuseAsync(actor, "ReferralStatistics", rocYear, DomainError.Forbidden("轉介成果表僅主管可以查閱。"), ct);
        }

        return Result.Success(await ReadAsync(rocYear, ct));
    }

    /// <summary>The year's results with frozen quarters overlaid, for a caller that has checked access (the service-quality report).</summary>
    internal async Task<ReferralReport> ReadAsync(int rocYear, CancellationToken ct)
    {
        var calendar = await calendars.GetAsync(ct);
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var live = await CountAsync(db, rocYear, calendar, ct);
        var quarters = await QuarterSnapshots.OverlayAsync(db, Report, rocYear, live, q => q.Quarter, (q, s) => q with { FrozenAtUtc = s.FrozenAtUtc, FrozenBy = s.FrozenBy }, ct);
        return new ReferralReport(rocYear, quarters);
    }

    public async Task<Result> FreezeQuarterAsync(Actor actor, int rocYear, int quarter, CancellationToken ct = default)
    {
        if (!ReferralAccess.CanSeeStatistics(actor) || !actor.IsSupervisor)
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, "ReferralStatistics", $"{rocYear}Q{quarter}", DomainError.Forbidden("只有主管可以凍結季報。"), ct));
        }

        var calendar = await calendars.GetAsync(ct);
        await using var db = await dbFactory.OpenAsync(actor, ct);
        return await QuarterSnapshots.FreezeAsync(db, actor, dbFactory.Clock, Report, "轉介成果", rocYear, quarter,
            async () => (await CountAsync(db, rocYear, calendar, ct))[quarter - 1], f => $"轉介 {f.Sent} 件", ct);
    }

    /// <summary>
    /// Counts in grouped queries (by month of sending, partner, state, needs); only the acknowledged
    /// referrals' two dates are read to count the working days the partner took.
    /// </summary>
    private static async Task<List<ReferralQuarterFigures>> CountAsync(CaseDeskDbContext db, int rocYear, WorkingCalendar calendar, CancellationToken ct)
    {
        var from = new DateOnly(rocYear + RocDate.EraOffset, 1, 1);
        var to = from.AddYears(1);
        var sent = db.Referrals.Where(r => r.SentOn >= from && r.SentOn < to);
        var groups = await sent
            .GroupBy(r => new { r.SentOn!.Value.Month, r.PartnerId, r.State, r.Outcome })
            .Select(g => new
            {
                g.Key.Month,
                g.Key.PartnerId,
                g.Key.State,
                g.Key.Outcome,
                Count = g.Count(),
                Social = g.Count(r => (r.NeedsMask & (int)WelfareNeed.SocialAssistance) != 0),
                Relief = g.Count(r => (r.NeedsMask & (int)WelfareNeed.EmergencyRelief) != 0),
                Employment = g.Count(r => (r.NeedsMask & (int)WelfareNeed.Employment) != 0),
                Family = g.Count(r => (r.NeedsMask & (int)WelfareNeed.FamilySupport) != 0),
                Other = g.Count(r => (r.NeedsMask & (int)WelfareNeed.Other) != 0),
            })
            .ToListAsync(ct);
        var acks = await sent.Where(r => r.AcknowledgedOn != null)
            .Select(r => new { r.PartnerId, SentOn = r.SentOn!.Value, AcknowledgedOn = r.AcknowledgedOn!.Value, r.AckDueOn })
            .ToListAsync(ct);
        var names = await db.WelfarePartners.Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);

        static int Quarter(int month) => (month - 1) / 3 + 1;
        return Enumerable.Range(1, 4).Select(q =>
        {
            var rows = groups.Where(g => Quarter(g.Month) == q).ToList();
            var quarterAcks = acks.Where(a => Quarter(a.SentOn.Month) == q).ToList();
            var partners = rows.Select(r => r.PartnerId).Concat(quarterAcks.Select(a => a.PartnerId)).Distinct()
                .Select(id =>
                {
                    var mine = quarterAcks.Where(a => a.PartnerId == id).ToList();
                    return new PartnerQuarterFigures(id, names.GetValueOrDefault(id, "?"), rows.Where(r => r.PartnerId == id).Sum(r => r.Count), mine.Count,
                        mine.Sum(a => calendar.CountWorkingDays(a.SentOn, a.AcknowledgedOn)), mine.Count(a => a.AcknowledgedOn > a.AckDueOn));
                })
                .OrderBy(p => p.PartnerName, StringComparer.Ordinal).ToList();
            return new ReferralQuarterFigures
            {
                Quarter = q,
                Sent = rows.Sum(r => r.Count),
                ByNeed = [rows.Sum(r => r.Social), rows.Sum(r => r.Relief), rows.Sum(r => r.Employment), rows.Sum(r => r.Family), rows.Sum(r => r.Other)],
                ByPartner = partners,
                ServiceGiven = rows.Where(r => r.State == ReferralState.Closed && r.Outcome == ReferralOutcome.ServiceGiven).Sum(r => r.Count),
                ClosedOtherwise = rows.Where(r => r.State == ReferralState.Closed && r.Outcome != ReferralOutcome.ServiceGiven).Sum(r => r.Count),
                Rejected = rows.Where(r => r.State == ReferralState.Rejected).Sum(r => r.Count),
                Withdrawn = rows.Where(r => r.State == ReferralState.Withdrawn).Sum(r => r.Count),
                StillOpen = rows.Where(r => Referral.IsActive(r.State)).Sum(r => r.Count),
            };
        }).ToList();
    }
}
