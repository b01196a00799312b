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
/// The supervisors' deadline dashboard. Every count is a grouped query: the petition cards one pass over the
/// covering partial index of the open petitions, the on-time charts one over (RepliedOn, DueOn); nothing is
/// loaded row by row.
/// </summary>
/// <para>
/// Every open dashboard reloads when any change is committed, so two hundred supervisors' screens would run the
/// same queries two hundred times for one saved petition. Instead the result is shared: one computation per scope
/// (the office, or one unit) and per committed change, which every dashboard asking at that moment awaits. Any
/// change published through <see cref="IChangeNotifier"/> (on PostgreSQL from every server) makes the next
/// request compute afresh; a result is also never older than <see cref="MaxAge"/>, for what turns with the clock
/// alone (a callback falling due).
/// </para>
/// </summary>
public sealed class DashboardService
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);

    private readonly CaseDeskDbFactory dbFactory;
    private readonly CalendarService calendars;
    private readonly IOptions<PetitionPolicyOptions> policy;
    private readonly Installments.InstallmentService installments;
    private readonly Calls.CallService calls;
    private readonly Duty.DutyService duty;
    private readonly Referrals.ReferralService referrals;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Shared> _shared = [];
    private long _changes;
    private long _computations;

    public DashboardService(CaseDeskDbFactory dbFactory, CalendarService calendars, IOptions<PetitionPolicyOptions> policy, Installments.InstallmentService installments, Calls.CallService calls, Duty.DutyService duty, Referrals.ReferralService referrals, IChangeNotifier notifier)
    {
        this.dbFactory = dbFactory;
        this.calendars = calendars;
        this.policy = policy;
        this.installments = installments;
        this.calls = calls;
        this.duty = duty;
        this.referrals = referrals;
        // A singleton: the subscription lives as long as the server.
        _ = notifier.Subscribe(_ =>
        {
            Interlocked.Increment(ref _changes);
            return Task.CompletedTask;
        });
    }

    /// <summary>How many times the dashboard was actually computed (the rest were shared): for tests and the benchmark.</summary>
    public long Computations => Interlocked.Read(ref _computations);

    private sealed record Shared(long Changes, DateOnly Today, DateTimeOffset ComputedAt, Task<SupervisorDashboard> Result);

    public const int Weeks = 12;

    /// <summary>Tags on the two big queries, in the SQL as comments: a test reads their query plans by them.</summary>
    public const string OpenCountsTag = "dashboard: open petition counts";
    public const string RepliesTag = "dashboard: replies per day";

    /// <summary>The open petitions' deadline counts per (unit, handler): the query behind every petition card.</summary>
    public static IQueryable<OpenGroup> OpenCountsQuery(IQueryable<Petition> petitions, DateOnly today, DateOnly warnLimit) =>
        petitions.TagWith(OpenCountsTag).Where(PetitionDeadlineFilter.Open).GroupBy(p => new { p.UnitId, p.HandlerId }).Select(g => new OpenGroup(
            g.Key.UnitId,
            g.Key.HandlerId,
            new DeadlineCounts(
                g.Count(),
                g.Count(p => p.DueOn == today),
                g.Count(p => p.DueOn >= today && p.DueOn <= warnLimit && !p.HasExtension),
                g.Count(p => p.DueOn < today),
                g.Count(p => p.DueOn < today && (p.FirstInterimContactOn == null || p.FirstInterimContactOn > p.DueOn)),
                g.Count(p => p.HasExtension && p.DueOn >= today))));

    public sealed record OpenGroup(int? UnitId, int? HandlerId, DeadlineCounts Counts);

    public static bool CanSee(Actor actor) => actor.IsSupervisor;

    public async Task<Result<SupervisorDashboard>> GetAsync(Actor actor, CancellationToken ct = default)
    {
        if (!CanSee(actor))
        {
            return await dbFactory.RefuseAsync(actor, "Dashboard", "", DomainError.Forbidden("主管儀表板僅主管可以查看。"), ct);
        }

        // What differs between supervisors: the unit their callbacks and referrals are counted for (and, with a
        // unit, their own referrals). The chief of the office, without a unit, shares the office-wide result.
        var scope = actor.UnitId is { } unit ? $"unit:{unit}:staff:{actor.StaffId}" : "office";
        var now = dbFactory.Clock.GetUtcNow();
        var today = TaipeiTime.Today(dbFactory.Clock);
        var changes = Interlocked.Read(ref _changes);
        Shared shared;
        lock (_gate)
        {
            if (!_shared.TryGetValue(scope, out shared!) || shared.Changes != changes || shared.Today != today || now - shared.ComputedAt > MaxAge
                || shared.Result.IsFaulted || shared.Result.IsCanceled)
            {
                // Not the caller's token: others may be waiting for the same result; a caller who leaves stops waiting only.
                shared = new Shared(changes, today, now, ComputeAsync(actor));
                _shared[scope] = shared;
            }
        }

        return Result.Success(await shared.Result.WaitAsync(ct));
    }

    private async Task<SupervisorDashboard> ComputeAsync(Actor actor)
    {
        await Task.Yield(); // never run the queries under the caller's lock
        Interlocked.Increment(ref _computations);
        // The other areas' cards, each on its own connection, while the petition counts run here.
        var planCounts = installments.CountsAsync(CancellationToken.None);
        var callCounts = calls.CountsAsync(actor.UnitId, CancellationToken.None);
        var referralCounts = referrals.CountsAsync(actor, CancellationToken.None);
        var lunchDuty = duty.TodayAndNextAsync(CancellationToken.None);
        var today = TaipeiTime.Today(dbFactory.Clock);
        var calendar = await calendars.GetAsync(CancellationToken.None);
        var warnLimit = calendar.AddWorkingDays(today, policy.Value.WarningWorkingDays);
        await using var db = await dbFactory.OpenReadOnlyAsync(CancellationToken.None);

        // One pass over the open petitions, grouped by unit and handler together (a few hundred groups at most),
        // folded into both tables here: the covering partial index IX_Petitions_Open answers it alone.
        var groups = await OpenCountsQuery(db.Petitions, today, warnLimit).ToListAsync(CancellationToken.None);
        var byUnit = groups.GroupBy(g => g.UnitId).Select(g => (Key: g.Key, Counts: g.Aggregate(DeadlineCounts.Zero, (sum, x) => sum.Plus(x.Counts)))).ToList();
        var byHandler = groups.GroupBy(g => g.HandlerId).Select(g => (Key: g.Key, Counts: g.Aggregate(DeadlineCounts.Zero, (sum, x) => sum.Plus(x.Counts)))).ToList();

        var unitNames = await db.Units.ToDictionaryAsync(u => u.Id, u => u.Name, CancellationToken.None);
        var handlerIds = byHandler.Where(h => h.Key is not null).Select(h => h.Key!.Value).ToList();
        var handlers = await db.Staff.Where(s => handlerIds.Contains(s.Id)).Select(s => new { s.Id, s.Name, s.UnitId }).ToDictionaryAsync(s => s.Id, CancellationToken.None);

        var units = byUnit
            .Select(u => new UnitCounts(u.Key, u.Key is { } id && unitNames.TryGetValue(id, out var n) ? n : "未分股", u.Counts))
            .OrderBy(u => u.UnitId is null ? int.MaxValue : u.UnitId)
            .ToList();
        var people = byHandler
            .Select(h => new HandlerCounts(
                h.Key,
                h.Key is { } id && handlers.TryGetValue(id, out var s) ? s.Name : "未分派",
                h.Key is { } hid && handlers.TryGetValue(hid, out var s2) && s2.UnitId is { } uid && unitNames.TryGetValue(uid, out var un) ? un : null,
                h.Counts))
            .OrderByDescending(h => h.Counts.Breach).ThenByDescending(h => h.Counts.Overdue).ThenByDescending(h => h.Counts.Open)
            .ToList();
        var total = units.Aggregate(DeadlineCounts.Zero, (sum, u) => sum.Plus(u.Counts));

        // On-time rate: replies grouped by the day they went out (at most a year of days), folded into weeks and quarters.
        var weekStart = today.AddDays(-(((int)today.DayOfWeek + 6) % 7)).AddDays(-7 * (Weeks - 1));
        var yearStart = new DateOnly(today.Year, 1, 1);
        var from = weekStart < yearStart ? weekStart : yearStart;
        var replies = await db.Petitions
            .TagWith(RepliesTag)
            .Where(p => p.RepliedOn != null && p.RepliedOn >= from && p.RepliedOn <= today)
            .GroupBy(p => p.RepliedOn)
            .Select(g => new { Day = g.Key!.Value, Replied = g.Count(), OnTime = g.Count(p => p.RepliedOn <= p.DueOn) })
            .ToListAsync(CancellationToken.None);
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

        return new SupervisorDashboard(await planCounts, await callCounts, await referralCounts, await lunchDuty, today, warnLimit, total, units, people, weekly, quarterly);
    }
}
