using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Calls;

public sealed partial class CallService
{
    public async Task<PagedResult<CallListItem>> ListAsync(Actor actor, CallQuery query, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var now = Clock.GetUtcNow().UtcDateTime;
        var today = TaipeiTime.Today(Clock);
        var calls = Visible(db, actor);
        calls = query.Filter switch
        {
            CallFilter.Open => calls.Where(c => c.State == CallState.CallbackOpen || c.State == CallState.Triage),
            CallFilter.DueToday => calls.Where(c => (c.State == CallState.CallbackOpen || c.State == CallState.Triage) && c.CallbackDueOn == today && c.CallbackDueAtUtc >= now),
            CallFilter.Mine => calls.Where(c => c.AssignedStaffId == actor.StaffId && (c.State == CallState.CallbackOpen || c.State == CallState.Triage)),
            CallFilter.Triage => calls.Where(c => c.State == CallState.Triage),
            CallFilter.Overdue => calls.Where(c => (c.State == CallState.CallbackOpen || c.State == CallState.Triage) && c.CallbackDueAtUtc < now),
            CallFilter.Closed => calls.Where(c => c.State == CallState.Closed || c.State == CallState.AnsweredOnSpot),
            _ => calls,
        };
        if (query.UnitId is { } unitId)
        {
            calls = calls.Where(c => c.UnitId == unitId);
        }

        if (query.From is { } from)
        {
            calls = calls.Where(c => c.ReceivedOn >= from);
        }

        if (query.To is { } to)
        {
            calls = calls.Where(c => c.ReceivedOn <= to);
        }

        var search = TextNormalizer.ToHalfWidth(query.Search).Trim();
        if (search.Length > 0)
        {
            var digits = new string(search.Where(char.IsAsciiDigit).ToArray());
            var end = TextSearch.PrefixEnd(search);
            calls = digits.Length >= 6 && digits.Length == search.Count(ch => ch is not ('-' or ' ' or '(' or ')'))
                ? calls.Where(c => c.PhoneDigits == digits || c.Number == search)
                : calls.Where(c => c.Number == search || (c.CallerName != null && c.CallerName.CompareTo(search) >= 0 && c.CallerName.CompareTo(end) < 0)
                    || (c.CaseNumberGiven != null && c.CaseNumberGiven.CompareTo(search) >= 0 && c.CaseNumberGiven.CompareTo(end) < 0));
        }

        var total = await calls.CountAsync(ct);
        var ordered = query.Filter is CallFilter.Closed or CallFilter.All
            ? calls.OrderByDescending(c => c.ReceivedAtUtc)
            : calls.OrderBy(c => c.CallbackDueAtUtc).ThenBy(c => c.ReceivedAtUtc);
        var rows = await ordered.Skip(page.Skip).Take(page.Take)
            .Select(c => new
            {
                c.Id,
                c.Number,
                c.ReceivedAtUtc,
                c.CallerName,
                c.Phone,
                c.Relationship,
                CaseNumber = c.CaseId != null ? db.Cases.Where(x => x.Id == c.CaseId).Select(x => x.CaseNumber).FirstOrDefault() : c.CaseNumberGiven,
                Unit = db.Units.Where(u => u.Id == c.UnitId).Select(u => u.Name).FirstOrDefault(),
                Assigned = db.Staff.Where(s => s.Id == c.AssignedStaffId).Select(s => s.Name).FirstOrDefault(),
                c.State,
                c.Urgency,
                c.CallbackDueAtUtc,
                c.CallbackDueOn,
                c.FailedAttempts,
                c.Question,
            }).ToListAsync(ct);
        var items = rows.Select(r => new CallListItem(r.Id, r.Number, r.ReceivedAtUtc, r.CallerName, PhoneNumber.Mask(r.Phone), r.Relationship, r.CaseNumber, r.Unit, r.Assigned, r.State, r.Urgency, r.CallbackDueAtUtc, r.CallbackDueOn, r.FailedAttempts,
            r.Question.Length > 60 ? r.Question[..60] + "…" : r.Question)).ToList();
        return new PagedResult<CallListItem>(items, total);
    }

    public async Task<CallDetail?> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var c = await db.AfterHoursCalls.Include(x => x.Attempts).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !CallAccess.CanRead(actor, c.UnitId, c.AssignedStaffId, c.LoggedByStaffId))
        {
            return null;
        }

        var linked = c.CaseId is { } caseId ? await db.Cases.Where(x => x.Id == caseId).Select(x => new { x.CaseNumber, x.ObligorName }).SingleOrDefaultAsync(ct) : null;
        var unit = c.UnitId is { } u ? await db.Units.Where(x => x.Id == u).Select(x => x.Name).SingleOrDefaultAsync(ct) : null;
        var assigned = c.AssignedStaffId is { } s ? await db.Staff.Where(x => x.Id == s).Select(x => x.Name).SingleOrDefaultAsync(ct) : null;
        var window = TimeSpan.FromDays(Options.RepeatWindowDays);
        var from = c.ReceivedAtUtc - window;
        var to = c.ReceivedAtUtc + window;
        var repeats = await Visible(db, actor)
            .Where(x => x.Id != c.Id && x.ReceivedAtUtc >= from && x.ReceivedAtUtc <= to
                && ((c.PhoneDigits != null && x.PhoneDigits == c.PhoneDigits) || (c.CaseId != null && x.CaseId == c.CaseId)))
            .OrderBy(x => x.ReceivedAtUtc)
            .Select(x => new RepeatCall(x.Id, x.Number, x.ReceivedAtUtc, c.PhoneDigits != null && x.PhoneDigits == c.PhoneDigits, c.CaseId != null && x.CaseId == c.CaseId))
            .Take(20).ToListAsync(ct);
        return new CallDetail
        {
            Id = c.Id,
            Version = c.Version,
            Number = c.Number,
            ReceivedAtUtc = c.ReceivedAtUtc,
            LoggedBy = c.LoggedBy,
            CallerName = c.CallerName,
            Phone = c.Phone,
            Relationship = c.Relationship,
            CaseNumberGiven = c.CaseNumberGiven,
            CaseId = c.CaseId,
            CaseNumber = linked?.CaseNumber,
            ObligorName = linked?.ObligorName,
            UnitId = c.UnitId,
            UnitName = unit,
            Question = c.Question,
            AnsweredOnSpot = c.AnsweredOnSpot,
            SpotAnswer = c.SpotAnswer,
            Urgency = c.Urgency,
            IsOfficeHoursException = c.IsOfficeHoursException,
            ExceptionReason = c.ExceptionReason,
            State = c.State,
            AssignedStaffId = c.AssignedStaffId,
            AssignedName = assigned,
            CallbackDueAtUtc = c.CallbackDueAtUtc,
            CallbackDueOn = c.CallbackDueOn,
            FailedAttempts = c.FailedAttempts,
            Closure = c.Closure,
            ClosingNote = c.ClosingNote,
            ClosedAtUtc = c.ClosedAtUtc,
            ClosedBy = c.ClosedBy,
            Attempts = c.Attempts.OrderBy(a => a.AtUtc).Select(a => new CallAttemptView(a.AtUtc, a.Outcome, a.Note, a.By)).ToList(),
            PossibleRepeats = repeats,
            CanWork = c.IsOpen && c.State == CallState.CallbackOpen && (CallAccess.CanWork(actor, c.UnitId, c.AssignedStaffId) || CanAssign(actor, c.UnitId)),
            CanAssign = c.IsOpen && CanAssign(actor, c.UnitId),
            CanSupervisorClose = c.IsOpen && CanAssign(actor, c.UnitId),
            RequiredFailedAttempts = Options.FailedAttemptsBeforeSupervisorClose,
        };
    }

    /// <summary>
    /// Possible repeats of a call being typed (same phone or case in the last days), for the form's hint: only
    /// calls the actor may see in the call list, so the hint never shows another unit's call numbers.
    /// </summary>
    public async Task<IReadOnlyList<RepeatCall>> RepeatsOfAsync(Actor actor, string? phone, string? caseNumber, CancellationToken ct = default)
    {
        var digits = PhoneNumber.TryParse(phone, out var parsed, out _) ? parsed.Digits : null;
        var number = Cases.CaseNumber.Parse(caseNumber) is { Succeeded: true } cn ? cn.Value.Value : null;
        if (digits is null && number is null)
        {
            return [];
        }

        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var caseId = number is null ? null : await db.Cases.Where(c => c.CaseNumber == number).Select(c => (int?)c.Id).SingleOrDefaultAsync(ct);
        var since = Clock.GetUtcNow().UtcDateTime.AddDays(-Options.RepeatWindowDays);
        return await Visible(db, actor)
            .Where(x => x.ReceivedAtUtc >= since && ((digits != null && x.PhoneDigits == digits) || (caseId != null && x.CaseId == caseId)))
            .OrderByDescending(x => x.ReceivedAtUtc)
            .Select(x => new RepeatCall(x.Id, x.Number, x.ReceivedAtUtc, digits != null && x.PhoneDigits == digits, caseId != null && x.CaseId == caseId))
            .Take(10).ToListAsync(ct);
    }

    /// <summary>Where a call about <paramref name="caseNumber"/> would go, for the form's hint as the duty officer types.</summary>
    public async Task<CallRouting> PreviewRoutingAsync(string? caseNumber, int? unitId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var parsed = Cases.CaseNumber.Parse(caseNumber);
        if (parsed.Succeeded)
        {
            var number = parsed.Value.Value;
            var found = await db.Cases.Where(c => c.CaseNumber == number)
                .Select(c => new { c.Id, c.CaseNumber, Unit = c.Unit!.Name, Clerk = db.Staff.Where(s => s.Id == c.ResponsibleClerkId && s.IsActive).Select(s => s.Name).FirstOrDefault() })
                .SingleOrDefaultAsync(ct);
            if (found is not null)
            {
                return new CallRouting(true, found.Id, found.CaseNumber, found.Unit, found.Clerk);
            }
        }

        var unit = unitId is { } u ? await db.Units.Where(x => x.Id == u).Select(x => x.Name).SingleOrDefaultAsync(ct) : null;
        return new CallRouting(false, null, null, unit, null);
    }

    /// <summary>The dashboard's callback cards, for a unit or the whole office; indexed counts only.</summary>
    public async Task<CallCounts> CountsAsync(int? unitId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var now = Clock.GetUtcNow().UtcDateTime;
        var today = TaipeiTime.Today(Clock);
        var open = db.AfterHoursCalls.Where(c => c.State == CallState.CallbackOpen || c.State == CallState.Triage);
        if (unitId is { } u)
        {
            open = open.Where(c => c.UnitId == u || c.UnitId == null);
        }

        var grouped = await open.GroupBy(c => 1).Select(g => new
        {
            Open = g.Count(),
            DueToday = g.Count(c => c.CallbackDueOn == today && c.CallbackDueAtUtc >= now),
            Overdue = g.Count(c => c.CallbackDueAtUtc < now),
            Triage = g.Count(c => c.State == CallState.Triage),
        }).SingleOrDefaultAsync(ct);
        return grouped is null ? new CallCounts(0, 0, 0, 0) : new CallCounts(grouped.Open, grouped.DueToday, grouped.Overdue, grouped.Triage);
    }

    /// <summary>
    /// After-hours calls and callbacks by outcome per quarter of a ROC year, with the lunch-hour service counts
    /// (the service statistics, 為民服務統計): supervisors only, like the other statistics.
    /// </summary>
    public async Task<Result<IReadOnlyList<CallQuarterFigures>>> QuarterlyAsync(Actor actor, int rocYear, CancellationToken ct = default)
    {
        if (!CallAccess.CanSeeStatistics(actor))
        {
            return await dbFactory.RefuseAsync(actor, "CallStatistics", rocYear, DomainError.Forbidden("為民服務統計僅主管可以查閱。"), ct);
        }

        if (rocYear is < 1 or > 8088)
        {
            return new DomainError("stats_year", "年度不正確。");
        }

        return Result.Success(await ReadQuarterlyAsync(rocYear, ct));
    }

    /// <summary>The year's call and lunch-hour figures, for a caller that has checked access (the service-quality report).</summary>
    internal async Task<IReadOnlyList<CallQuarterFigures>> ReadQuarterlyAsync(int rocYear, CancellationToken ct)
    {
        var year = rocYear + RocDate.EraOffset;
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var calls = await db.AfterHoursCalls.Where(c => c.ReceivedOn >= from && c.ReceivedOn <= to)
            .GroupBy(c => new { c.ReceivedOn.Month, c.State, c.Closure, Late = c.ClosedAtUtc > c.CallbackDueAtUtc })
            .Select(g => new { g.Key.Month, g.Key.State, g.Key.Closure, g.Key.Late, Count = g.Count() }).ToListAsync(ct);
        var attempts = await (
            from a in db.Set<CallbackAttempt>()
            join c in db.AfterHoursCalls on a.CallId equals c.Id
            where c.ReceivedOn >= @from && c.ReceivedOn <= to
            group a by new { c.ReceivedOn.Month, a.Outcome } into g
            select new { g.Key.Month, g.Key.Outcome, Count = g.Count() }).ToListAsync(ct);
        var lunch = await db.LunchDutyLogs.Where(l => l.Date >= from && l.Date <= to)
            .GroupBy(l => l.Date.Month).Select(g => new { Month = g.Key, Served = g.Sum(l => l.PeopleServed), Days = g.Select(l => l.Date).Distinct().Count() }).ToListAsync(ct);
        var figures = Enumerable.Range(1, 4).Select(q =>
        {
            bool In(int month) => (month - 1) / 3 + 1 == q;
            var qc = calls.Where(c => In(c.Month)).ToList();
            return new CallQuarterFigures(
                q,
                qc.Sum(c => c.Count),
                qc.Where(c => c.State == CallState.AnsweredOnSpot).Sum(c => c.Count),
                qc.Where(c => c.State != CallState.AnsweredOnSpot).Sum(c => c.Count),
                qc.Where(c => c.Closure == CallClosure.Reached).Sum(c => c.Count),
                qc.Where(c => c.Closure == CallClosure.SupervisorDecision).Sum(c => c.Count),
                qc.Where(c => c.State is CallState.CallbackOpen or CallState.Triage).Sum(c => c.Count),
                qc.Where(c => c.State == CallState.Closed && c.Late == true).Sum(c => c.Count),
                Enum.GetValues<AttemptOutcome>().ToDictionary(o => o, o => attempts.Where(a => In(a.Month) && a.Outcome == o).Sum(a => a.Count)),
                lunch.Where(l => In(l.Month)).Sum(l => l.Served),
                lunch.Where(l => In(l.Month)).Sum(l => l.Days));
        }).ToList();
        return figures;
    }

    private static IQueryable<AfterHoursCall> Visible(CaseDeskDbContext db, Actor actor)
    {
        var me = actor.StaffId ?? -1;
        if (actor.IsSupervisor)
        {
            return actor.UnitId is { } supervised
                ? db.AfterHoursCalls.Where(c => c.UnitId == supervised || c.UnitId == null || c.AssignedStaffId == me || c.LoggedByStaffId == me)
                : db.AfterHoursCalls;
        }

        if (actor.IsClerk && actor.UnitId is { } unit)
        {
            return db.AfterHoursCalls.Where(c => c.AssignedStaffId == me || c.UnitId == unit || c.LoggedByStaffId == me);
        }

        return db.AfterHoursCalls.Where(c => c.AssignedStaffId == me || c.LoggedByStaffId == me);
    }
}
