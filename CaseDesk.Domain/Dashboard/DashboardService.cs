using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Petitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseDesk.Domain.Dashboard;

public sealed record DeadlineCounts(int Open, int DueToday, int DueSoon, int Overdue, int Breach, int Extended)
{
    public static readonly DeadlineCounts Zero = new(0, 0, 0, 0, 0, 0);

    public DeadlineCounts Plus(DeadlineCounts o) =>
        new(Open + o.Open, DueToday + o.DueToday, DueSoon + o.DueSoon, Overdue + o.Overdue, Breach + o.Breach, Extended + o.Extended);
}

public sealed record UnitCounts(int? UnitId, string UnitName, DeadlineCounts Counts);

public sealed record HandlerCounts(int? HandlerId, string HandlerName, string? UnitName, DeadlineCounts Counts);

public sealed record OnTimePoint(string Label, int Replied, int OnTime)
{
    public double? Rate => Replied == 0 ? null : (double)OnTime / Replied;
}

public sealed record SupervisorDashboard(
    Installments.PlanCounts Installments,
    Calls.CallCounts Callbacks,
    Referrals.ReferralCounts Referrals,
    IReadOnlyList<Duty.OnDutyView> LunchDuty,
    DateOnly Today,
    DateOnly WarnLimit,
    DeadlineCounts Total,
    IReadOnlyList<UnitCounts> Units,
    IReadOnlyList<HandlerCounts> Handlers,
    IReadOnlyList<OnTimePoint> Weekly,
    IReadOnlyList<OnTimePoint> Quarterly);

/// <summary>
/// The supervisors' deadline dashboard. Every count is a grouped query over the open petitions (served by
/// the (State, DueOn) indexes); nothing is loaded row by row.
/// </summary>
public sealed class DashboardService(CaseDeskDbFactory dbFactory, CalendarService calendars, IOptions<PetitionPolicyOptions> policy, Installments.InstallmentService installments, Calls.CallService calls, Duty.DutyService duty, Referrals.ReferralService referrals)
{
    public const int Weeks = 12;

    public static bool CanSee(Actor actor) => actor.IsSupervisor;

    public async Task<Result<SupervisorDashboard>> GetAsync(Actor actor, CancellationToken ct = default)
    {
        if (!CanSee(actor))
        {
            return DomainError.Forbidden("主管儀表板僅主管可以查看。");
        }

        var today = TaipeiTime.Today(dbFactory.Clock);
        var calendar = await calendars.GetAsync(ct);
        var warnLimit = calendar.AddWorkingDays(today, policy.Value.WarningWorkingDays);
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var open = db.Petitions.Where(PetitionDeadlineFilter.Open);

        var byUnit = await open.GroupBy(p => p.UnitId).Select(g => new
        {
            g.Key,
            Open = g.Count(),
            DueToday = g.Count(p => p.DueOn == today),
            DueSoon = g.Count(p => p.DueOn >= today && p.DueOn <= warnLimit && !p.HasExtension),
            Overdue = g.Count(p => p.DueOn < today),
            Breach = g.Count(p => p.DueOn < today && (p.FirstInterimContactOn == null || p.FirstInterimContactOn > p.DueOn)),
            Extended = g.Count(p => p.HasExtension && p.DueOn >= today),
        }).ToListAsync(ct);
        var byHandler = await open.GroupBy(p => p.HandlerId).Select(g => new
        {
            g.Key,
            Open = g.Count(),
            DueToday = g.Count(p => p.DueOn == today),
            DueSoon = g.Count(p => p.DueOn >= today && p.DueOn <= warnLimit && !p.HasExtension),
            Overdue = g.Count(p => p.DueOn < today),
            Breach = g.Count(p => p.DueOn < today && (p.FirstInterimContactOn == null || p.FirstInterimContactOn > p.DueOn)),
            Extended = g.Count(p => p.HasExtension && p.DueOn >= today),
        }).ToListAsync(ct);

        var unitNames = await db.Units.ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var handlerIds = byHandler.Where(h => h.Key is not null).Select(h => h.Key!.Value).ToList();
        var handlers = await db.Staff.Where(s => handlerIds.Contains(s.Id)).Select(s => new { s.Id, s.Name, s.UnitId }).ToDictionaryAsync(s => s.Id, ct);

        var units = byUnit
            .Select(u => new UnitCounts(u.Key, u.Key is { } id && unitNames.TryGetValue(id, out var n) ? n : "未分股", new DeadlineCounts(u.Open, u.DueToday, u.DueSoon, u.Overdue, u.Breach, u.Extended)))
            .OrderBy(u => u.UnitId is null ? int.MaxValue : u.UnitId)
            .ToList();
        var people = byHandler
            .Select(h => new HandlerCounts(
                h.Key,
                h.Key is { } id && handlers.TryGetValue(id, out var s) ? s.Name : "未分派",
                h.Key is { } hid && handlers.TryGetValue(hid, out var s2) && s2.UnitId is { } uid && unitNames.TryGetValue(uid, out var un) ? un : null,
                new DeadlineCounts(h.Open, h.DueToday, h.DueSoon, h.Overdue, h.Breach, h.Extended)))
            .OrderByDescending(h => h.Counts.Breach).ThenByDescending(h => h.Counts.Overdue).ThenByDescending(h => h.Counts.Open)
            .ToList();
        var total = units.Aggregate(DeadlineCounts.Zero, (sum, u) => sum.Plus(u.Counts));

        // On-time rate: replies grouped by the day they went out (at most a year of days), folded into weeks and quarters.
        var weekStart = today.AddDays(-(((int)today.DayOfWeek + 6) % 7)).AddDays(-7 * (Weeks - 1));
        var yearStart = new DateOnly(today.Year, 1, 1);
        var from = weekStart < yearStart ? weekStart : yearStart;
        var replies = await db.Petitions
            .Where(p => p.RepliedOn != null && p.RepliedOn >= from && p.RepliedOn <= today)
            .GroupBy(p => p.RepliedOn)
            .Select(g => new { Day = g.Key!.Value, Replied = g.Count(), OnTime = g.Count(p => p.RepliedOn <= p.DueOn) })
            .ToListAsync(ct);
        var weekly = Enumerable.Range(0, Weeks).Select(i =>
        {
            var start = weekStart.AddDays(7 * i);
            var days = replies.Where(r => r.Day >= start && r.Day < start.AddDays(7)).ToList();
            return new OnTimePoint(RocDate.Format(start)[4..], days.Sum(d => d.Replied), days.Sum(d => d.OnTime));
        }).ToList();
        var quarterly = Enumerable.Range(1, 4).Select(q =>
        {
            var days = replies.Where(r => r.Day >= yearStart && (r.Day.Month - 1) / 3 + 1 == q).ToList();
            return new OnTimePoint($"Q{q}", days.Sum(d => d.Replied), days.Sum(d => d.OnTime));
        }).ToList();

        return Result.Success(new SupervisorDashboard(await installments.CountsAsync(ct), await calls.CountsAsync(actor.UnitId, ct), await referrals.CountsAsync(actor, ct), await duty.TodayAndNextAsync(ct), today, warnLimit, total, units, people, weekly, quarterly));
    }
}
