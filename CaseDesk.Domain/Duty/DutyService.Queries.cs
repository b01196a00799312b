using System.Globalization;
using System.Text;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Duty;

public sealed partial class DutyService
{
    public async Task<IReadOnlyList<DutyPoolView>> GetPoolsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var pools = await db.DutyPools.Include(p => p.Members).OrderBy(p => p.UnitId == null ? 0 : 1).ThenBy(p => p.Name).ToListAsync(ct);
        var staffIds = pools.SelectMany(p => p.Members.Select(m => m.StaffId)).Distinct().ToList();
        var staff = await db.Staff.Where(s => staffIds.Contains(s.Id)).Select(s => new { s.Id, s.Name, s.Title, Unit = s.Unit!.Name }).ToDictionaryAsync(s => s.Id, ct);
        var units = await db.Units.ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        return pools.Select(p => new DutyPoolView(
            p.Id,
            p.Name,
            p.UnitId,
            p.UnitId is { } u ? units.GetValueOrDefault(u) : null,
            p.PeoplePerWeekday,
            p.Members.OrderBy(m => m.Order).Select(m => staff.TryGetValue(m.StaffId, out var s) ? new DutyMemberView(s.Id, s.Name, s.Title, s.Unit, m.Order) : new DutyMemberView(m.StaffId, $"#{m.StaffId}", StaffTitle.Clerk, null, m.Order)).ToList(),
            p.GeneratedThrough,
            p.Version)).ToList();
    }

    /// <summary>Staff who may join a lunch-duty pool: active clerks and executors (of the unit, for a unit's pool).</summary>
    public async Task<IReadOnlyList<StaffItem>> EligibleStaffAsync(int? unitId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        return await db.Staff.Where(s => s.IsActive && (s.Title == StaffTitle.Clerk || s.Title == StaffTitle.Executor) && (unitId == null || s.UnitId == unitId))
            .OrderBy(s => s.UnitId).ThenBy(s => s.Name)
            .Select(s => new StaffItem(s.Id, s.Name, s.Title, s.UnitId, s.Unit!.Name)).ToListAsync(ct);
    }

    /// <summary>One month of one pool, every date of the month (holidays included, to draw the calendar).</summary>
    public async Task<DutyMonthView?> GetMonthAsync(int poolId, int year, int month, CancellationToken ct = default)
    {
        var pool = (await GetPoolsAsync(ct)).FirstOrDefault(p => p.Id == poolId);
        if (pool is null)
        {
            return null;
        }

        var first = new DateOnly(year, month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var days = await DaysAsync(pool, first, last, ct);
        return new DutyMonthView(pool, year, month, days);
    }

    public async Task<IReadOnlyList<DutyDayView>> DaysAsync(DutyPoolView pool, DateOnly first, DateOnly last, CancellationToken ct = default)
    {
        var calendar = await calendars.GetAsync(ct);
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var rows = await (
            from a in db.DutyAssignments
            join s in db.Staff on a.StaffId equals s.Id
            where a.PoolId == pool.Id && a.Date >= first && a.Date <= last
            orderby a.Date, a.Slot
            select new { a.Id, a.Date, a.Slot, a.StaffId, s.Name, a.Source, a.RepaysOwedTurn, a.OverrideReason, a.Version }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var pending = await db.DutySwaps.Where(s => (s.State == SwapState.Requested || s.State == SwapState.Accepted) && (ids.Contains(s.RequesterAssignmentId) || ids.Contains(s.CounterpartAssignmentId)))
            .Select(s => new[] { s.RequesterAssignmentId, s.CounterpartAssignmentId }).ToListAsync(ct);
        var pendingIds = pending.SelectMany(p => p).ToHashSet();
        var served = await db.LunchDutyLogs.Where(l => l.Date >= first && l.Date <= last).GroupBy(l => new { l.Date, l.StaffId })
            .Select(g => new { g.Key.Date, g.Key.StaffId, Served = g.Sum(l => l.PeopleServed) }).ToListAsync(ct);
        var byDay = rows.ToLookup(r => r.Date);
        return calendar.Range(first, last).Select(d =>
        {
            var slots = byDay[d.Date].Select(r => new DutySlotView(r.Id, pool.Id, r.Slot, r.StaffId, r.Name, r.Source, r.RepaysOwedTurn, r.OverrideReason, r.Version, pendingIds.Contains(r.Id))).ToList();
            var staffToday = slots.Select(s => s.StaffId).ToHashSet();
            var servedToday = served.Where(x => x.Date == d.Date && staffToday.Contains(x.StaffId)).ToList();
            return new DutyDayView(d, d.IsWorkingDay ? DutyPool.PeopleOn(pool.PeoplePerWeekday, d.Date.DayOfWeek) : 0, slots, servedToday.Count > 0 ? servedToday.Sum(x => x.Served) : null);
        }).ToList();
    }

    public async Task<IReadOnlyList<MyTurnView>> MyTurnsAsync(Actor actor, int take = 10, CancellationToken ct = default)
    {
        if (actor.StaffId is not { } staffId)
        {
            return [];
        }

        var today = TaipeiTime.Today(Clock);
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var turns = await (
            from a in db.DutyAssignments
            join p in db.DutyPools on a.PoolId equals p.Id
            where a.StaffId == staffId && a.Date >= today
            orderby a.Date
            select new { a.Id, a.PoolId, p.Name, a.Date, a.Source, a.RepaysOwedTurn, a.Version }).Take(take).ToListAsync(ct);
        var ids = turns.Select(t => t.Id).ToList();
        var pending = (await db.DutySwaps.Where(s => (s.State == SwapState.Requested || s.State == SwapState.Accepted) && (ids.Contains(s.RequesterAssignmentId) || ids.Contains(s.CounterpartAssignmentId)))
            .Select(s => new[] { s.RequesterAssignmentId, s.CounterpartAssignmentId }).ToListAsync(ct)).SelectMany(x => x).ToHashSet();
        return turns.Select(t => new MyTurnView(t.Id, t.PoolId, t.Name, t.Date, t.Source, t.RepaysOwedTurn, t.Version, pending.Contains(t.Id))).ToList();
    }

    /// <summary>The actor's turns of the last <paramref name="days"/> days up to today (to log a lunch hour a day late).</summary>
    public async Task<IReadOnlyList<DateOnly>> MyRecentTurnsAsync(Actor actor, int days = 14, CancellationToken ct = default)
    {
        if (actor.StaffId is not { } staffId)
        {
            return [];
        }

        var today = TaipeiTime.Today(Clock);
        var since = today.AddDays(-days);
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        return await db.DutyAssignments.Where(a => a.StaffId == staffId && a.Date >= since && a.Date <= today)
            .OrderByDescending(a => a.Date).Select(a => a.Date).Distinct().ToListAsync(ct);
    }

    /// <summary>A colleague's coming turns in the pool (to pick the day to swap with).</summary>
    public async Task<IReadOnlyList<DateOnly>> TurnsOfAsync(int poolId, int staffId, CancellationToken ct = default)
    {
        var calendar = await calendars.GetAsync(ct);
        var from = FirstChangeableDay(calendar);
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        return await db.DutyAssignments.Where(a => a.PoolId == poolId && a.StaffId == staffId && a.Date >= from).OrderBy(a => a.Date).Select(a => a.Date).Take(20).ToListAsync(ct);
    }

    /// <summary>Swaps the actor is part of, and for supervisors the ones waiting for approval; the last 60 days of decided ones.</summary>
    public async Task<IReadOnlyList<SwapView>> SwapsAsync(Actor actor, CancellationToken ct = default)
    {
        var since = Clock.GetUtcNow().UtcDateTime.AddDays(-60);
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var staffId = actor.StaffId ?? -1;
        var query =
            from s in db.DutySwaps
            join p in db.DutyPools on s.PoolId equals p.Id
            join r in db.Staff on s.RequesterStaffId equals r.Id
            join c in db.Staff on s.CounterpartStaffId equals c.Id
            where (s.State == SwapState.Requested || s.State == SwapState.Accepted || s.UpdatedAtUtc >= since)
                && (s.RequesterStaffId == staffId || s.CounterpartStaffId == staffId
                    || (actor.IsSupervisor && (actor.UnitId == null || p.UnitId == actor.UnitId)))
            orderby s.Id descending
            select new SwapView(s.Id, s.Version, s.State, p.Name, s.RequesterStaffId, r.Name, s.RequesterDate, s.CounterpartStaffId, c.Name, s.CounterpartDate, s.Note, s.CreatedAtUtc, s.DecidedBy);
        return await query.Take(100).ToListAsync(ct);
    }

    /// <summary>
    /// Absences still to come or recent: everyone sees their own; a supervisor over every unit sees everybody's,
    /// a unit's supervisor the unit's people (leave is personal data, shown only to whoever keeps it).
    /// </summary>
    public async Task<IReadOnlyList<AbsenceView>> AbsencesAsync(Actor actor, CancellationToken ct = default)
    {
        var since = TaipeiTime.Today(Clock).AddDays(-31);
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var staffId = actor.StaffId ?? -1;
        var supervisesAll = actor.IsSupervisor && actor.UnitId is null;
        var supervisedUnit = actor.IsSupervisor ? actor.UnitId ?? -1 : -1;
        return await (
            from a in db.DutyAbsences
            join s in db.Staff on a.StaffId equals s.Id
            where a.To >= since && (a.StaffId == staffId || supervisesAll || s.UnitId == supervisedUnit)
            orderby a.From
            select new AbsenceView(a.Id, a.StaffId, s.Name, a.From, a.To, a.Reason, a.Version)).Take(200).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<OwedTurnView>> OwedTurnsAsync(int poolId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var owed = await (
            from o in db.DutyOwedTurns
            join s in db.Staff on o.StaffId equals s.Id
            where o.PoolId == poolId && ((o.SkippedOn >= @from && o.SkippedOn <= to) || o.RepaidOn == null)
            orderby o.SkippedOn, s.Name
            select new OwedTurnView(o.StaffId, s.Name, o.SkippedOn, o.RepaidOn, "")).ToListAsync(ct);
        if (owed.Count == 0)
        {
            return owed;
        }

        // The reason is not stored with the turn: it is the leave that covered the day, or the override that took it.
        var staffIds = owed.Select(o => o.StaffId).Distinct().ToList();
        var dates = owed.Select(o => o.SkippedOn).Distinct().ToList();
        var (first, last) = (dates.Min(), dates.Max());
        var absences = await db.DutyAbsences.Where(a => staffIds.Contains(a.StaffId) && a.From <= last && a.To >= first)
            .Select(a => new { a.StaffId, a.From, a.To, a.Reason }).ToListAsync(ct);
        var overrides = await db.DutyAssignments.Where(a => a.PoolId == poolId && a.Source == AssignmentSource.Override && a.DisplacedStaffId != null && dates.Contains(a.Date))
            .Select(a => new { a.Date, Displaced = a.DisplacedStaffId!.Value, a.OverrideReason }).ToListAsync(ct);
        return owed.Select(o =>
        {
            var leave = absences.FirstOrDefault(a => a.StaffId == o.StaffId && a.From <= o.SkippedOn && a.To >= o.SkippedOn);
            var overridden = overrides.FirstOrDefault(a => a.Date == o.SkippedOn && a.Displaced == o.StaffId);
            var reason = leave is not null ? "請假：" + leave.Reason
                : overridden is not null ? "主管指定他人輪值" + (overridden.OverrideReason is { Length: > 0 } r ? "：" + r : "")
                : "";
            return o with { Reason = reason };
        }).ToList();
    }

    /// <summary>Who is on lunch duty on <paramref name="date"/>, over every pool (the dashboard's and the desk's card).</summary>
    public async Task<OnDutyView> OnDutyAsync(DateOnly date, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var people = await (
            from a in db.DutyAssignments
            join p in db.DutyPools on a.PoolId equals p.Id
            join s in db.Staff on a.StaffId equals s.Id
            where a.Date == date
            orderby p.Name, a.Slot
            select new OnDutyPerson(s.Id, s.Name, p.Name, s.Phone)).ToListAsync(ct);
        var calendar = await calendars.GetAsync(ct);
        return new OnDutyView(date, people, calendar.IsWorkingDay(date));
    }

    /// <summary>Today's duty and the next working day's (for the dashboard and My desk).</summary>
    public async Task<IReadOnlyList<OnDutyView>> TodayAndNextAsync(CancellationToken ct = default)
    {
        var calendar = await calendars.GetAsync(ct);
        var today = TaipeiTime.Today(Clock);
        var next = calendar.NextWorkingDay(today);
        return [await OnDutyAsync(today, ct), await OnDutyAsync(next, ct)];
    }

    public async Task<FairnessReport?> FairnessAsync(int poolId, int year, int quarter, CancellationToken ct = default)
    {
        if (quarter is < 1 or > 4)
        {
            return null;
        }

        var pool = (await GetPoolsAsync(ct)).FirstOrDefault(p => p.Id == poolId);
        if (pool is null)
        {
            return null;
        }

        var from = new DateOnly(year, (quarter * 3) - 2, 1);
        var to = from.AddMonths(3).AddDays(-1);
        var today = TaipeiTime.Today(Clock);
        var calendar = await calendars.GetAsync(ct);
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var turns = await db.DutyAssignments.Where(a => a.PoolId == poolId && a.Date >= from && a.Date <= to)
            .GroupBy(a => a.StaffId).Select(g => new { StaffId = g.Key, Turns = g.Count(), Served = g.Count(a => a.Date < today) }).ToListAsync(ct);
        var owed = await db.DutyOwedTurns.Where(o => o.PoolId == poolId && o.SkippedOn >= from && o.SkippedOn <= to)
            .GroupBy(o => o.StaffId).Select(g => new { StaffId = g.Key, Open = g.Count(o => o.RepaidOn == null), Repaid = g.Count(o => o.RepaidOn != null) }).ToListAsync(ct);
        // Turns repaid this quarter for leave in an earlier one are not a surplus.
        var repaidForEarlier = await db.DutyOwedTurns.Where(o => o.PoolId == poolId && o.SkippedOn < from && o.RepaidOn >= from && o.RepaidOn <= to)
            .GroupBy(o => o.StaffId).Select(g => new { StaffId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var swaps = await db.DutySwaps.Where(s => s.PoolId == poolId && s.State == SwapState.Approved && ((s.RequesterDate >= from && s.RequesterDate <= to) || (s.CounterpartDate >= from && s.CounterpartDate <= to)))
            .Select(s => new { s.RequesterStaffId, s.CounterpartStaffId }).ToListAsync(ct);
        var memberIds = pool.Members.Select(m => m.StaffId).ToList();
        var absences = await db.DutyAbsences.Where(a => memberIds.Contains(a.StaffId) && a.From <= to && a.To >= from).Select(a => new { a.StaffId, a.From, a.To }).ToListAsync(ct);
        var generatedThrough = pool.GeneratedThrough ?? DateOnly.MinValue;
        var unfilled = (await DaysAsync(pool, from, to, ct)).Count(d => d.IsUnfilled && d.Day.Date >= today && d.Day.Date <= generatedThrough);

        var people = pool.Members.Select(m => m.StaffId).Union(turns.Select(t => t.StaffId)).ToList();
        var names = await db.Staff.Where(s => people.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var rows = people.Select(id =>
        {
            var t = turns.FirstOrDefault(x => x.StaffId == id);
            var o = owed.FirstOrDefault(x => x.StaffId == id);
            var earlier = repaidForEarlier.FirstOrDefault(x => x.StaffId == id)?.Count ?? 0;
            var absent = absences.Where(a => a.StaffId == id).Sum(a => calendar.Range(a.From > from ? a.From : from, a.To < to ? a.To : to).Count(d => d.IsWorkingDay));
            var turnCount = t?.Turns ?? 0;
            var open = o?.Open ?? 0;

            // A person's share: the turns they have, plus those they owe from recorded leave, less repayments of earlier quarters' leave.
            var share = turnCount + open - earlier;
            return (Id: id, Turns: turnCount, Served: t?.Served ?? 0, Open: open, Repaid: o?.Repaid ?? 0, Swaps: swaps.Count(s => s.RequesterStaffId == id || s.CounterpartStaffId == id), Absent: absent, Share: share);
        }).ToList();
        var counted = rows.Where(r => memberIds.Contains(r.Id)).ToList();
        var mean = counted.Count == 0 ? 0 : counted.Average(r => r.Share);
        var report = rows.Select(r =>
        {
            var deviation = r.Share - mean;
            var flagged = memberIds.Contains(r.Id) && Math.Abs(deviation) > 1 + 1e-9;
            return new FairnessRow(r.Id, names.GetValueOrDefault(r.Id, $"#{r.Id}"), r.Turns, r.Served, r.Open, r.Repaid, r.Swaps, r.Absent, Math.Round(deviation, 2), flagged);
        }).OrderBy(r => pool.Members.FirstOrDefault(m => m.StaffId == r.StaffId)?.Order ?? int.MaxValue).ToList();
        return new FairnessReport(pool.Id, pool.Name, year, quarter, from, to, Math.Round(mean, 2), report, unfilled);
    }

    /// <summary>
    /// The lunch-hour logs of a period, newest first, a page at a time, with the period's totals. Everyone reads
    /// their own; a supervisor over every unit reads everybody's, a unit's supervisor the unit's people.
    /// </summary>
    public async Task<LunchLogPage> LunchLogsAsync(Actor actor, LunchLogQuery query, PageRequest page, CancellationToken ct = default)
    {
        if (query.From is { } f && query.To is { } t && t < f)
        {
            return new LunchLogPage([], 0, 0, 0);
        }

        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var logs =
            from l in VisibleLunchLogs(db, actor)
            join s in db.Staff on l.StaffId equals s.Id
            select new { Log = l, Staff = s };
        if (query.From is { } from)
        {
            logs = logs.Where(x => x.Log.Date >= from);
        }

        if (query.To is { } to)
        {
            logs = logs.Where(x => x.Log.Date <= to);
        }

        if (query.StaffId is { } staffId)
        {
            logs = logs.Where(x => x.Log.StaffId == staffId);
        }

        var totals = await logs.GroupBy(x => 1).Select(g => new { Count = g.Count(), Served = g.Sum(x => x.Log.PeopleServed), Days = g.Select(x => x.Log.Date).Distinct().Count() }).SingleOrDefaultAsync(ct);
        if (totals is null)
        {
            return new LunchLogPage([], 0, 0, 0);
        }

        var rows = await logs.OrderByDescending(x => x.Log.Date).ThenBy(x => x.Staff.Name).ThenBy(x => x.Log.Id)
            .Skip(page.Skip).Take(page.Take)
            .Select(x => new LunchLogRow(x.Log.Id, x.Log.Date, x.Log.StaffId, x.Staff.Name, x.Staff.Unit == null ? null : x.Staff.Unit.Name, x.Log.PeopleServed, x.Log.Notes))
            .ToListAsync(ct);
        return new LunchLogPage(rows, totals.Count, totals.Served, totals.Days);
    }

    /// <summary>Whose lunch-hour logs the actor may pick in the list's filter: the people of the logs they may read.</summary>
    public async Task<IReadOnlyList<StaffItem>> LunchLogPeopleAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var ids = VisibleLunchLogs(db, actor).Select(l => l.StaffId).Distinct();
        return await db.Staff.Where(s => ids.Contains(s.Id)).OrderBy(s => s.UnitId).ThenBy(s => s.Name)
            .Select(s => new StaffItem(s.Id, s.Name, s.Title, s.UnitId, s.Unit!.Name)).ToListAsync(ct);
    }

    /// <summary>Whether the actor reads other people's lunch-hour logs too (and so needs the person filter).</summary>
    public static bool CanReadOthersLunchLogs(Actor actor) => actor.IsSupervisor;

    private static IQueryable<LunchDutyLog> VisibleLunchLogs(CaseDeskDbContext db, Actor actor)
    {
        var me = actor.StaffId ?? -1;
        if (!actor.IsSupervisor)
        {
            return db.LunchDutyLogs.Where(l => l.StaffId == me);
        }

        if (actor.UnitId is not { } unit)
        {
            return db.LunchDutyLogs;
        }

        return db.LunchDutyLogs.Where(l => l.StaffId == me || db.Staff.Any(s => s.Id == l.StaffId && s.UnitId == unit));
    }

    public async Task<LunchLogView?> MyLunchLogAsync(Actor actor, DateOnly date, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        return await (
            from l in db.LunchDutyLogs
            join s in db.Staff on l.StaffId equals s.Id
            where l.Date == date && l.StaffId == actor.StaffId
            select new LunchLogView(l.Id, l.Date, l.StaffId, s.Name, l.PeopleServed, l.Notes, l.Version)).SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// The person's turns as an iCalendar feed (RFC 5545): the last 60 days and every day to come, one
    /// event per turn at the lunch hour, in UTC, with stable UIDs so a calendar program updates moved turns.
    /// Null for an unknown token.
    /// </summary>
    public async Task<string?> IcsAsync(string token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 64)
        {
            return null;
        }

        var calendar = await calendars.GetAsync(ct);
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var staffId = await (from t in db.DutyFeedTokens
                             join s in db.Staff on t.StaffId equals s.Id
                             where t.Token == token && s.IsActive
                             select (int?)t.StaffId).SingleOrDefaultAsync(ct);
        if (staffId is null)
        {
            return null;
        }

        var since = TaipeiTime.Today(Clock).AddDays(-60);
        var turns = await (
            from a in db.DutyAssignments
            join p in db.DutyPools on a.PoolId equals p.Id
            where a.StaffId == staffId && a.Date >= since
            orderby a.Date
            select new { a.Id, a.Date, a.Version, a.UpdatedAtUtc, Pool = p.Name, a.Source }).ToListAsync(ct);
        var name = await db.Staff.Where(s => s.Id == staffId).Select(s => s.Name).SingleAsync(ct);
        return BuildIcs(name, turns.Select(t => (t.Id, t.Date, t.Version, t.UpdatedAtUtc, t.Pool, t.Source)).ToList(), calendar.Hours.LunchStartsAt, calendar.Hours.LunchEndsAt, Clock.GetUtcNow().UtcDateTime);
    }

    internal static string BuildIcs(string name, IReadOnlyList<(int Id, DateOnly Date, int Version, DateTime UpdatedAtUtc, string Pool, AssignmentSource Source)> turns, TimeOnly start, TimeOnly end, DateTime nowUtc)
    {
        var sb = new StringBuilder();
        void Line(string text)
        {
            // Fold at 75 octets (UTF-8), never splitting a character.
            var bytes = 0;
            var current = new StringBuilder();
            var first = true;
            foreach (var rune in text.EnumerateRunes())
            {
                var size = rune.Utf8SequenceLength;
                if (bytes + size > (first ? 75 : 74))
                {
                    sb.Append(current).Append("\r\n ");
                    current.Clear();
                    bytes = 0;
                    first = false;
                }

                current.Append(rune.ToString());
                bytes += size;
            }

            sb.Append(current).Append("\r\n");
        }

        static string Utc(DateTime t) => t.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//CaseDesk//Lunch duty//ZH-TW");
        Line("CALSCALE:GREGORIAN");
        Line("METHOD:PUBLISH");
        Line("X-WR-CALNAME:" + Escape($"中午輪值－{name}"));
        Line("X-WR-TIMEZONE:Asia/Taipei");
        foreach (var t in turns)
        {
            Line("BEGIN:VEVENT");
            Line($"UID:duty-{t.Id}@casedesk");
            Line("DTSTAMP:" + Utc(nowUtc));
            Line("LAST-MODIFIED:" + Utc(t.UpdatedAtUtc));
            Line("SEQUENCE:" + t.Version.ToString(CultureInfo.InvariantCulture));
            Line("DTSTART:" + Utc(TaipeiTime.ToUtc(t.Date, start)));
            Line("DTEND:" + Utc(TaipeiTime.ToUtc(t.Date, end)));
            Line("SUMMARY:" + Escape($"中午輪值（{t.Pool}）"));
            Line("DESCRIPTION:" + Escape($"{RocDate.FormatLongWithWeekday(t.Date)} {start:HH\\:mm}–{end:HH\\:mm} 服務台中午輪值" + (t.Source == AssignmentSource.Swap ? "（換班）" : t.Source == AssignmentSource.Override ? "（主管指定）" : "")));
            Line("LOCATION:" + Escape("為民服務中心服務台"));
            Line("TRANSP:OPAQUE");
            Line("BEGIN:VALARM");
            Line("ACTION:DISPLAY");
            Line("DESCRIPTION:" + Escape("中午輪值"));
            Line("TRIGGER:-PT15M");
            Line("END:VALARM");
            Line("END:VEVENT");
        }

        Line("END:VCALENDAR");
        return sb.ToString();
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
