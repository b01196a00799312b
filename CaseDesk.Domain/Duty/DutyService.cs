using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Notifications;
using CaseDesk.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Duty;

/// <summary>
/// The lunch-hour duty roster (中午輪值, 12:30–13:30): pools, generating a month or a quarter on the
/// office calendar, leave and the owed-turn ledger, swaps (the colleague accepts, a supervisor approves),
/// overrides, the lunch-hour log, the fairness report and each person's iCalendar feed.
/// </summary>
public sealed partial class DutyService(CaseDeskDbFactory dbFactory, CalendarService calendars)
{
    public const string ItemTypePool = nameof(DutyPool);

    /// <summary>The longest range generated at once (a quarter, with room).</summary>
    public const int MaxGenerateDays = 190;

    private TimeProvider Clock => dbFactory.Clock;

    public static bool CanManage(Actor actor, int? poolUnitId) =>
        actor.IsSupervisor && (actor.UnitId is null || actor.UnitId == poolUnitId);

    /// <summary>The first day a roster may still change: today until the lunch hour starts, tomorrow after.</summary>
    public DateOnly FirstChangeableDay(WorkingCalendar calendar)
    {
        var now = TaipeiTime.LocalNow(Clock);
        var today = DateOnly.FromDateTime(now);
        return TimeOnly.FromDateTime(now) < calendar.Hours.LunchStartsAt ? today : today.AddDays(1);
    }

    public async Task<DateOnly> FirstChangeableDayAsync(CancellationToken ct = default) => FirstChangeableDay(await calendars.GetAsync(ct));

    public async Task<Result<int>> CreatePoolAsync(Actor actor, PoolInput input, CancellationToken ct = default)
    {
        if (!CanManage(actor, input.UnitId))
        {
            return await dbFactory.RefuseAsync(actor, "DutyPool", "new", DomainError.Forbidden("只有主管可以建立輪值名單（股主管只能建立本股的名單）。"), ct);
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        var errors = await ValidatePoolAsync(db, input, null, ct);
        if (errors.Any)
        {
            return Result<int>.Fail(errors.Items);
        }

        var pool = DutyPool.Create(input.Name!.Trim(), input.UnitId);
        pool.SetPeoplePerWeekday(input.PeoplePerWeekday ?? [1, 1, 1, 1, 1, 1, 1]);
        pool.SetMembers(input.MemberStaffIds ?? []);
        db.DutyPools.Add(pool);
        var saved = await SaveAsync(db, ct);
        return saved.Succeeded ? Result.Success(pool.Id) : Result<int>.Fail(saved.Errors);
    }

    /// <summary>Changes the pool; a roster already generated is regenerated from the first changeable day with the new members.</summary>
    public async Task<Result<GenerateResult?>> UpdatePoolAsync(Actor actor, int poolId, int version, PoolInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var pool = await db.DutyPools.Include(p => p.Members).SingleOrDefaultAsync(p => p.Id == poolId, ct);
        if (pool is null)
        {
            return DomainError.NotFound();
        }

        if (!CanManage(actor, pool.UnitId))
        {
            return await dbFactory.RefuseAsync(actor, "DutyPool", poolId, DomainError.Forbidden("只有主管可以調整輪值名單。"), ct);
        }

        if (pool.Version != version)
        {
            return Result<GenerateResult?>.Fail(ConcurrencyConflict.Error(pool.UpdatedAtUtc, pool.UpdatedBy));
        }

        var errors = await ValidatePoolAsync(db, input with { UnitId = pool.UnitId }, poolId, ct);
        if (errors.Any)
        {
            return Result<GenerateResult?>.Fail(errors.Items);
        }

        input = input with { MemberStaffIds = input.MemberStaffIds ?? [], PeoplePerWeekday = input.PeoplePerWeekday ?? pool.PeoplePerWeekday };
        db.ExpectVersion(pool, version);
        var membersBefore = pool.Members.OrderBy(m => m.Order).Select(m => m.StaffId).ToList();
        var countsBefore = pool.PeoplePerWeekdayJson;
        pool.Rename(input.Name!.Trim());
        var result = pool.SetPeoplePerWeekday(input.PeoplePerWeekday!);
        if (!result.Succeeded)
        {
            return Result<GenerateResult?>.Fail(result.Errors);
        }

        if (!membersBefore.SequenceEqual(input.MemberStaffIds!))
        {
            pool.SetMembers(input.MemberStaffIds!);
        }

        GenerateResult? regenerated = null;
        var notes = new DirectNotifications(db, Clock.GetUtcNow().UtcDateTime);
        var calendar = await calendars.GetAsync(ct);
        var from = FirstChangeableDay(calendar);
        if ((!membersBefore.SequenceEqual(input.MemberStaffIds!) || countsBefore != pool.PeoplePerWeekdayJson) && pool.GeneratedThrough is { } through && through >= from)
        {
            var outcome = await DutyRoster.RegenerateAsync(db, pool, from, through, calendar, "輪值名單異動", ct);
            await NotifyChangedAsync(notes, pool, outcome.Affected, ct);
            regenerated = outcome.Result;
        }

        var saved = await SaveAsync(db, ct);
        if (!saved.Succeeded)
        {
            return Result<GenerateResult?>.Fail(saved.Errors);
        }

        notes.Publish(dbFactory.Notifier);
        return Result.Success(regenerated);
    }

    /// <summary>
    /// Generates (or regenerates) the roster from <paramref name="from"/> to <paramref name="to"/> — up to
    /// the last day already generated, so the rotation stays continuous. Days already past are never changed.
    /// </summary>
    public async Task<Result<GenerateResult>> GenerateAsync(Actor actor, int poolId, int version, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var pool = await db.DutyPools.Include(p => p.Members).SingleOrDefaultAsync(p => p.Id == poolId, ct);
        if (pool is null)
        {
            return DomainError.NotFound();
        }

        if (!CanManage(actor, pool.UnitId))
        {
            return await dbFactory.RefuseAsync(actor, "DutyPool", poolId, DomainError.Forbidden("只有主管可以排輪值表。"), ct);
        }

        if (pool.Version != version)
        {
            return Result<GenerateResult>.Fail(ConcurrencyConflict.Error(pool.UpdatedAtUtc, pool.UpdatedBy));
        }

        var calendar = await calendars.GetAsync(ct);
        var firstChangeable = FirstChangeableDay(calendar);
        var today = TaipeiTime.Today(Clock);
        if (to < from)
        {
            return new DomainError("duty_range", "結束日期不可早於開始日期。", "To");
        }

        if (from < firstChangeable)
        {
            return new DomainError("duty_past", from < today
                ? $"{RocDate.Format(from)} 起的日子已經過去，已過的輪值不能重排；請從 {RocDate.Format(firstChangeable)} 起產生。"
                : $"今天的中午輪值已經開始，不能重排；請從 {RocDate.Format(firstChangeable)} 起產生。", "From");
        }

        if (to.DayNumber - from.DayNumber > MaxGenerateDays)
        {
            return new DomainError("duty_range", $"一次最多排 {MaxGenerateDays} 天（約一季）。", "To");
        }

        if (pool.Members.Count == 0)
        {
            return new DomainError("duty_no_members", "輪值名單還沒有人員，請先加入書記官或執行員。");
        }

        if (pool.GeneratedThrough is { } through && through > to)
        {
            to = through; // regenerating part of the roster regenerates the rest of it too
        }

        var unknown = calendar.Range(from, to).FirstOrDefault(d => !d.IsKnown);
        if (unknown.Date != default)
        {
            return new DomainError("duty_calendar", $"行事曆尚未載入 {unknown.Date.Year} 年（{RocDate.RocYear(unknown.Date)} 年），無法排到 {RocDate.Format(unknown.Date)}；請管理員先匯入行事曆。", "To");
        }

        db.ExpectVersion(pool, version);
        db.AuditInserts = false;
        var outcome = await DutyRoster.RegenerateAsync(db, pool, from, to, calendar, pool.GeneratedThrough is null ? "產生輪值表" : "主管重新產生", ct);
        var notes = new DirectNotifications(db, Clock.GetUtcNow().UtcDateTime);
        await NotifyChangedAsync(notes, pool, outcome.Affected, ct);
        var saved = await SaveAsync(db, ct);
        if (!saved.Succeeded)
        {
            return Result<GenerateResult>.Fail(saved.Errors);
        }

        notes.Publish(dbFactory.Notifier);
        return Result.Success(outcome.Result);
    }

    /// <summary>A supervisor puts somebody on a day directly (an existing day, or a day the roster could not fill).</summary>
    public async Task<Result> OverrideAsync(Actor actor, int poolId, DateOnly date, int slot, int? assignmentVersion, int staffId, string? reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var pool = await db.DutyPools.Include(p => p.Members).SingleOrDefaultAsync(p => p.Id == poolId, ct);
        if (pool is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        if (!CanManage(actor, pool.UnitId))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, "DutyPool", poolId, DomainError.Forbidden("只有主管可以直接指定輪值人員。"), ct));
        }

        var calendar = await calendars.GetAsync(ct);
        var errors = new ErrorList();
        reason = reason?.Trim();
        errors.AddIf(string.IsNullOrEmpty(reason), "override_reason", "請填寫指定原因（例如：原輪值人員臨時公出）。", "Reason");
        errors.AddIf(reason?.Length > DutyAbsence.ReasonMaxLength, "override_reason", $"原因最多 {DutyAbsence.ReasonMaxLength} 字。", "Reason");
        await CheckCanServeAsync(db, pool, staffId, date, calendar, errors, "StaffId", ct);
        errors.AddIf(slot < 0 || slot >= Math.Max(1, pool.PeopleOn(date.DayOfWeek)), "override_slot", "這天沒有這個輪值位置。");
        if (errors.Any)
        {
            return Result.Fail(errors.Items);
        }

        var assignment = await db.DutyAssignments.SingleOrDefaultAsync(a => a.PoolId == poolId && a.Date == date && a.Slot == slot, ct);
        var others = await db.DutyAssignments.AnyAsync(a => a.PoolId == poolId && a.Date == date && a.Slot != slot && a.StaffId == staffId, ct);
        if (others)
        {
            return Result.Fail(new DomainError("override_twice", "這位同仁當天已經在輪值。", "StaffId"));
        }

        var name = await StaffNameAsync(db, staffId, ct);
        var notes = new DirectNotifications(db, Clock.GetUtcNow().UtcDateTime);
        var affected = new Dictionary<int, DateOnly> { [staffId] = date };
        if (assignment is null)
        {
            db.DutyAssignments.Add(DutyAssignment.Overridden(poolId, date, slot, staffId, reason!));
        }
        else
        {
            if (assignmentVersion is not { } v || v != assignment.Version)
            {
                return Result.Fail(ConcurrencyConflict.Error(assignment.UpdatedAtUtc, assignment.UpdatedBy));
            }

            db.ExpectVersion(assignment, v);

            if (assignment.StaffId == staffId)
            {
                return Result.Fail(new DomainError("override_same", "這天已經是這位同仁輪值。", "StaffId"));
            }

            var displaced = assignment.StaffId;
            var wasRepay = assignment.RepaysOwedTurn;
            affected[displaced] = date;
            var before = await StaffNameAsync(db, displaced, ct);
            assignment.Override(staffId, wasRepay ? null : displaced, reason!, $"主管指定 {RocDate.Format(date)} 由 {name} 輪值（原 {before}）：{reason}");

            // The displaced person owes the turn, and takes the covering colleague's next turn for it when free:
            // neither gains nor loses one.
            var owed = wasRepay ? await db.DutyOwedTurns.FirstOrDefaultAsync(o => o.PoolId == poolId && o.StaffId == displaced && o.RepaidOn == date, ct) : null;
            if (owed is null)
            {
                owed = DutyOwedTurn.Create(poolId, displaced, date);
                db.DutyOwedTurns.Add(owed);
            }
            else
            {
                owed.Unrepay();
            }

            var payback = await db.DutyAssignments.Where(a => a.PoolId == poolId && a.StaffId == staffId && a.Date > date && a.Source == AssignmentSource.Generated && !a.RepaysOwedTurn)
                .OrderBy(a => a.Date).FirstOrDefaultAsync(ct);
            if (payback is not null
                && !await db.DutyAssignments.AnyAsync(a => a.PoolId == poolId && a.Date == payback.Date && a.StaffId == displaced, ct)
                && !await db.DutyAbsences.AnyAsync(a => a.StaffId == displaced && a.From <= payback.Date && a.To >= payback.Date, ct))
            {
                payback.Regenerate(displaced, repays: true, $"{before} 補回 {RocDate.Format(date)} 由 {name} 代班的輪次");
                owed.Repay(payback.Date);
                affected[staffId] = date;
            }

            foreach (var s in await db.DutySwaps.Where(s => (s.RequesterAssignmentId == assignment.Id || s.CounterpartAssignmentId == assignment.Id) && (s.State == SwapState.Requested || s.State == SwapState.Accepted)).ToListAsync(ct))
            {
                s.Void("主管已直接指定該日輪值人員");
            }
        }

        await NotifyChangedAsync(notes, pool, affected, ct);
        var saved = await SaveAsync(db, ct);
        if (saved.Succeeded)
        {
            notes.Publish(dbFactory.Notifier);
        }

        return saved;
    }

    /// <summary>
    /// Leave or absence: the person is skipped on those days and owes the turns. An absence that overlaps
    /// a day fixed by an approved swap or an override is refused, with the day explained.
    /// </summary>
    public async Task<Result<int>> AddAbsenceAsync(Actor actor, AbsenceInput input, CancellationToken ct = default)
    {
        var staffId = input.StaffId ?? actor.StaffId;
        if (staffId is null)
        {
            return await dbFactory.RefuseAsync(actor, "DutyAbsence", "new", DomainError.Forbidden("您的帳號沒有對應的人員資料。"), ct);
        }

        if (staffId != actor.StaffId && !actor.IsSupervisor)
        {
            return await dbFactory.RefuseAsync(actor, "DutyAbsence", "new", DomainError.Forbidden("只能登記自己的請假；替同仁登記請找主管。"), ct);
        }

        if (staffId != actor.StaffId && actor.UnitId is { } supervisedUnit)
        {
            await using var check = await dbFactory.OpenReadOnlyAsync(ct);
            if (!await check.Staff.AnyAsync(s => s.Id == staffId && s.UnitId == supervisedUnit, ct))
            {
                return await dbFactory.RefuseAsync(actor, "DutyAbsence", "new", DomainError.Forbidden("股主管只能替本股同仁登記請假。"), ct);
            }
        }

        var errors = new ErrorList();
        var reason = input.Reason?.Trim();
        errors.AddIf(input.From is null, "absence_from", "請填寫請假開始日期。", nameof(AbsenceInput.From));
        errors.AddIf(input.To is null, "absence_to", "請填寫請假結束日期。", nameof(AbsenceInput.To));
        errors.AddIf(input.From is { } f0 && input.To is { } t0 && t0 < f0, "absence_range", "結束日期不可早於開始日期。", nameof(AbsenceInput.To));
        errors.AddIf(input.From is { } f1 && input.To is { } t1 && t1.DayNumber - f1.DayNumber > 366, "absence_range", "請假期間最長一年。", nameof(AbsenceInput.To));
        errors.AddIf(string.IsNullOrEmpty(reason), "absence_reason", "請填寫假別或原因（例如：特休、公假、病假）。", nameof(AbsenceInput.Reason));
        errors.AddIf(reason?.Length > DutyAbsence.ReasonMaxLength, "absence_reason", $"原因最多 {DutyAbsence.ReasonMaxLength} 字。", nameof(AbsenceInput.Reason));
        if (errors.Any)
        {
            return Result<int>.Fail(errors.Items);
        }

        var from = input.From!.Value;
        var to = input.To!.Value;
        await using var db = await dbFactory.OpenAsync(actor, ct);
        if (!await db.Staff.AnyAsync(s => s.Id == staffId && s.IsActive, ct))
        {
            return new DomainError("absence_staff", "找不到這位同仁。", nameof(AbsenceInput.StaffId));
        }

        var overlap = await db.DutyAbsences.Where(a => a.StaffId == staffId && a.From <= to && a.To >= from).FirstOrDefaultAsync(ct);
        if (overlap is not null)
        {
            return new DomainError("absence_overlap", $"與已登記的請假 {RocDate.Format(overlap.From)}–{RocDate.Format(overlap.To)}（{overlap.Reason}）重疊；請修改原登記。", nameof(AbsenceInput.From));
        }

        var calendar = await calendars.GetAsync(ct);
        var firstChangeable = FirstChangeableDay(calendar);
        var conflicts = await ConflictsWithFixedDaysAsync(db, staffId.Value, Max(from, firstChangeable), to, ct);
        if (conflicts.Count > 0)
        {
            return Result<int>.Fail(conflicts);
        }

        var absence = DutyAbsence.Create(staffId.Value, from, to, reason!);
        db.DutyAbsences.Add(absence);
        var notes = new DirectNotifications(db, Clock.GetUtcNow().UtcDateTime);
        await RegenerateForStaffAsync(db, staffId.Value, Max(from, firstChangeable), to, calendar, $"{await StaffNameAsync(db, staffId.Value, ct)} 請假 {RocDate.Format(from)}–{RocDate.Format(to)}", notes, ct);
        var saved = await SaveAsync(db, ct);
        if (!saved.Succeeded)
        {
            return Result<int>.Fail(saved.Errors);
        }

        notes.Publish(dbFactory.Notifier);
        return Result.Success(absence.Id);
    }

    public async Task<Result> RemoveAbsenceAsync(Actor actor, int absenceId, int version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var absence = await db.DutyAbsences.SingleOrDefaultAsync(a => a.Id == absenceId, ct);
        if (absence is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        if (absence.StaffId != actor.StaffId && !actor.IsSupervisor)
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, "DutyAbsence", absenceId, DomainError.Forbidden("只能取消自己的請假登記。"), ct));
        }

        if (absence.StaffId != actor.StaffId && actor.UnitId is { } supervisedUnit && !await db.Staff.AnyAsync(s => s.Id == absence.StaffId && s.UnitId == supervisedUnit, ct))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, "DutyAbsence", absenceId, DomainError.Forbidden("股主管只能取消本股同仁的請假登記。"), ct));
        }

        var calendar = await calendars.GetAsync(ct);
        var firstChangeable = FirstChangeableDay(calendar);
        if (absence.To < firstChangeable)
        {
            return Result.Fail(new DomainError("absence_past", "已過的請假不能取消（輪值紀錄不再變動）。"));
        }

        if (absence.Version != version)
        {
            return Result.Fail(ConcurrencyConflict.Error(absence.UpdatedAtUtc, absence.UpdatedBy));
        }

        db.ExpectVersion(absence, version);
        var cancelledFrom = Max(absence.From, firstChangeable);
        var cancelledTo = absence.To;
        if (absence.From < firstChangeable)
        {
            absence.EndOn(firstChangeable.AddDays(-1), $"請假提前結束：{RocDate.Format(firstChangeable)} 起取消");
        }
        else
        {
            db.DutyAbsences.Remove(absence);
        }

        var notes = new DirectNotifications(db, Clock.GetUtcNow().UtcDateTime);
        await RegenerateForStaffAsync(db, absence.StaffId, cancelledFrom, cancelledTo, calendar, $"{await StaffNameAsync(db, absence.StaffId, ct)} 取消請假 {RocDate.Format(cancelledFrom)}–{RocDate.Format(cancelledTo)}", notes, ct);
        var saved = await SaveAsync(db, ct);
        if (saved.Succeeded)
        {
            notes.Publish(dbFactory.Notifier);
        }

        return saved;
    }

    /// <summary>Asks a colleague of the same pool to exchange turns: my day for one of theirs.</summary>
    public async Task<Result<int>> RequestSwapAsync(Actor actor, int myAssignmentId, int counterpartStaffId, DateOnly? counterpartDate, string? note, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var mine = await db.DutyAssignments.SingleOrDefaultAsync(a => a.Id == myAssignmentId, ct);
        if (mine is null)
        {
            return DomainError.NotFound();
        }

        if (mine.StaffId != actor.StaffId)
        {
            return await dbFactory.RefuseAsync(actor, "DutyAssignment", myAssignmentId, DomainError.Forbidden("只能拿自己的輪值申請換班。"), ct);
        }

        var pool = await db.DutyPools.Include(p => p.Members).SingleAsync(p => p.Id == mine.PoolId, ct);
        var calendar = await calendars.GetAsync(ct);
        var errors = new ErrorList();
        note = note?.Trim();
        errors.AddIf(note?.Length > DutySwap.NoteMaxLength, "swap_note", $"說明最多 {DutySwap.NoteMaxLength} 字。", "Note");
        if (counterpartStaffId == mine.StaffId)
        {
            errors.Add("swap_self", "不能和自己換班。", "CounterpartStaffId");
        }
        else if (pool.Members.All(m => m.StaffId != counterpartStaffId))
        {
            errors.Add("swap_not_member", $"{await StaffNameAsync(db, counterpartStaffId, ct)} 不在「{pool.Name}」輪值名單內，不能換班。", "CounterpartStaffId");
        }

        if (counterpartDate is null)
        {
            errors.Add("swap_date", "請選擇對方的輪值日。", "CounterpartDate");
        }

        if (errors.Any)
        {
            return Result<int>.Fail(errors.Items);
        }

        var theirDate = counterpartDate!.Value;
        var firstChangeable = FirstChangeableDay(calendar);
        foreach (var day in new[] { mine.Date, theirDate })
        {
            var info = calendar.Describe(day);
            if (!info.IsWorkingDay)
            {
                errors.Add("swap_holiday", $"{RocDate.Format(day)} 不是上班日（{(info.Description.Length > 0 ? info.Description : "星期" + RocDate.WeekdayName(day))}），沒有中午輪值，不能換班。", day == mine.Date ? null : "CounterpartDate");
            }
            else if (day < firstChangeable)
            {
                errors.Add("swap_past", $"{RocDate.Format(day)} 的輪值已經開始或過去，不能換班。", day == mine.Date ? null : "CounterpartDate");
            }
        }

        if (errors.Any)
        {
            return Result<int>.Fail(errors.Items);
        }

        var theirs = await db.DutyAssignments.SingleOrDefaultAsync(a => a.PoolId == mine.PoolId && a.Date == theirDate && a.StaffId == counterpartStaffId, ct);
        var counterpartName = await StaffNameAsync(db, counterpartStaffId, ct);
        if (theirs is null)
        {
            return new DomainError("swap_no_turn", $"{counterpartName} 在 {RocDate.Format(theirDate)} 沒有輪值，請選擇對方的輪值日。", "CounterpartDate");
        }

        errors = await CheckSwapStillValidAsync(db, mine, theirs, ct);
        if (await db.DutySwaps.AnyAsync(s => (s.State == SwapState.Requested || s.State == SwapState.Accepted)
            && (s.RequesterAssignmentId == mine.Id || s.CounterpartAssignmentId == mine.Id || s.RequesterAssignmentId == theirs.Id || s.CounterpartAssignmentId == theirs.Id), ct))
        {
            errors.Add("swap_pending", "其中一天已有處理中的換班申請，請等候處理或先撤回。");
        }

        if (errors.Any)
        {
            return Result<int>.Fail(errors.Items);
        }

        var swap = DutySwap.Request(mine, theirs, string.IsNullOrEmpty(note) ? null : note);
        db.DutySwaps.Add(swap);
        var notes = new DirectNotifications(db, Clock.GetUtcNow().UtcDateTime);
        await notes.ToStaffAsync([counterpartStaffId], NotificationKind.SwapRequested, ItemTypePool, pool.Id, pool.Name, theirDate, ct);
        var saved = await SaveAsync(db, ct);
        if (!saved.Succeeded)
        {
            return Result<int>.Fail(saved.Errors);
        }

        notes.Publish(dbFactory.Notifier);
        return Result.Success(swap.Id);
    }

    public Task<Result> AcceptSwapAsync(Actor actor, int swapId, int version, CancellationToken ct = default) =>
        SwapStepAsync(actor, swapId, version, ct, async (db, swap, pool, notes) =>
        {
            var result = swap.Accept(actor.StaffId ?? 0);
            if (result.Succeeded)
            {
                await notes.ToSupervisorsAsync(pool.UnitId, NotificationKind.SwapAwaitingApproval, ItemTypePool, pool.Id, pool.Name, swap.RequesterDate, ct, officeWideOnly: true);
                await notes.ToStaffAsync([swap.RequesterStaffId], NotificationKind.SwapAwaitingApproval, ItemTypePool, pool.Id, pool.Name, swap.RequesterDate, ct);
            }

            return result;
        });

    public Task<Result> DeclineSwapAsync(Actor actor, int swapId, int version, CancellationToken ct = default) =>
        SwapStepAsync(actor, swapId, version, ct, async (db, swap, pool, notes) =>
        {
            var result = swap.Decline(actor.StaffId ?? 0);
            if (result.Succeeded)
            {
                await notes.ToStaffAsync([swap.RequesterStaffId], NotificationKind.SwapRefused, ItemTypePool, pool.Id, pool.Name, swap.RequesterDate, ct);
            }

            return result;
        });

    public Task<Result> CancelSwapAsync(Actor actor, int swapId, int version, CancellationToken ct = default) =>
        SwapStepAsync(actor, swapId, version, ct, async (db, swap, pool, notes) =>
        {
            var result = swap.Cancel(actor.StaffId ?? 0);
            if (result.Succeeded)
            {
                await notes.ToStaffAsync([swap.CounterpartStaffId], NotificationKind.SwapRefused, ItemTypePool, pool.Id, pool.Name, swap.CounterpartDate, ct);
            }

            return result;
        });

    /// <summary>The supervisor's decision on a swap both colleagues agreed to; approval exchanges the two days.</summary>
    public Task<Result> DecideSwapAsync(Actor actor, int swapId, int version, bool approve, CancellationToken ct = default) =>
        SwapStepAsync(actor, swapId, version, ct, async (db, swap, pool, notes) =>
        {
            if (!CanManage(actor, pool.UnitId))
            {
                return Result.Fail(await dbFactory.RefuseAsync(actor, "DutySwap", swapId, DomainError.Forbidden("只有主管可以核准換班。"), ct));
            }

            if (!approve)
            {
                var rejected = swap.Decide(false, actor.AuditName);
                if (rejected.Succeeded)
                {
                    await notes.ToStaffAsync([swap.RequesterStaffId, swap.CounterpartStaffId], NotificationKind.SwapRefused, ItemTypePool, pool.Id, pool.Name, swap.RequesterDate, ct);
                }

                return rejected;
            }

            var mine = await db.DutyAssignments.SingleOrDefaultAsync(a => a.Id == swap.RequesterAssignmentId, ct);
            var theirs = await db.DutyAssignments.SingleOrDefaultAsync(a => a.Id == swap.CounterpartAssignmentId, ct);
            if (mine is null || theirs is null || mine.StaffId != swap.RequesterStaffId || theirs.StaffId != swap.CounterpartStaffId)
            {
                swap.Void("申請後輪值表已變動");
                await notes.ToStaffAsync([swap.RequesterStaffId, swap.CounterpartStaffId], NotificationKind.SwapRefused, ItemTypePool, pool.Id, pool.Name, swap.RequesterDate, ct);
                return Result.Fail(new DomainError("swap_stale", "申請後輪值表已經變動，這個換班申請已失效；請同仁重新申請。"));
            }

            var calendar = await calendars.GetAsync(ct);
            var firstChangeable = FirstChangeableDay(calendar);
            if (mine.Date < firstChangeable || theirs.Date < firstChangeable)
            {
                return Result.Fail(new DomainError("swap_past", "其中一天的輪值已經開始或過去，不能再換班。"));
            }

            var errors = await CheckSwapStillValidAsync(db, mine, theirs, ct);
            if (errors.Any)
            {
                return Result.Fail(errors.Items);
            }

            var decided = swap.Decide(true, actor.AuditName);
            if (!decided.Succeeded)
            {
                return decided;
            }

            var requesterName = await StaffNameAsync(db, swap.RequesterStaffId, ct);
            var counterpartName = await StaffNameAsync(db, swap.CounterpartStaffId, ct);
            mine.SwapTo(swap.CounterpartStaffId, $"換班：{RocDate.Format(mine.Date)} 由 {counterpartName} 代 {requesterName} 輪值（{actor.AuditName} 核准）");
            theirs.SwapTo(swap.RequesterStaffId, $"換班：{RocDate.Format(theirs.Date)} 由 {requesterName} 代 {counterpartName} 輪值（{actor.AuditName} 核准）");
            await notes.ToStaffAsync([swap.RequesterStaffId, swap.CounterpartStaffId], NotificationKind.DutyChanged, ItemTypePool, pool.Id, pool.Name, Min(mine.Date, theirs.Date), ct);
            return Result.Success();
        });

    /// <summary>The person on duty records what the lunch hour brought (people served, anything notable).</summary>
    public async Task<Result<int>> LogLunchAsync(Actor actor, LunchLogInput input, int? version, CancellationToken ct = default)
    {
        if (actor.StaffId is not { } staffId)
        {
            return await dbFactory.RefuseAsync(actor, "LunchLog", input.Date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), DomainError.Forbidden("您的帳號沒有對應的人員資料。"), ct);
        }

        var errors = new ErrorList();
        var notesText = input.Notes?.Trim();
        errors.AddIf(input.Date is null, "lunch_date", "請選擇日期。", nameof(LunchLogInput.Date));
        errors.AddIf(input.PeopleServed is null, "lunch_served", "請填寫服務人數（沒有民眾請填 0）。", nameof(LunchLogInput.PeopleServed));
        errors.AddIf(input.PeopleServed is < 0 or > 999, "lunch_served", "服務人數應為 0 到 999。", nameof(LunchLogInput.PeopleServed));
        errors.AddIf(notesText?.Length > LunchDutyLog.NotesMaxLength, "lunch_notes", $"特殊情形最多 {LunchDutyLog.NotesMaxLength} 字。", nameof(LunchLogInput.Notes));
        if (errors.Any)
        {
            return Result<int>.Fail(errors.Items);
        }

        var date = input.Date!.Value;
        var calendar = await calendars.GetAsync(ct);
        var now = TaipeiTime.LocalNow(Clock);
        var today = DateOnly.FromDateTime(now);
        if (date > today || (date == today && TimeOnly.FromDateTime(now) < calendar.Hours.LunchStartsAt))
        {
            return new DomainError("lunch_future", $"中午輪值 {calendar.Hours.LunchStartsAt:HH\\:mm} 開始後才能登錄當天的紀錄。", nameof(LunchLogInput.Date));
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        var onDuty = await db.DutyAssignments.AnyAsync(a => a.Date == date && a.StaffId == staffId, ct);
        if (!onDuty)
        {
            return new DomainError("lunch_not_on_duty", $"您在 {RocDate.Format(date)} 沒有中午輪值，不能登錄該日紀錄。", nameof(LunchLogInput.Date));
        }

        var log = await db.LunchDutyLogs.SingleOrDefaultAsync(l => l.Date == date && l.StaffId == staffId, ct);
        if (log is null)
        {
            log = LunchDutyLog.Create(date, staffId, input.PeopleServed!.Value, string.IsNullOrEmpty(notesText) ? null : notesText);
            db.LunchDutyLogs.Add(log);
        }
        else
        {
            if (version is { } v)
            {
                db.ExpectVersion(log, v);
            }

            log.Update(input.PeopleServed!.Value, string.IsNullOrEmpty(notesText) ? null : notesText);
        }

        var saved = await SaveAsync(db, ct);
        return saved.Succeeded ? Result.Success(log.Id) : Result<int>.Fail(saved.Errors);
    }

    /// <summary>Creates (or returns) the secret of the person's calendar feed; <paramref name="renew"/> replaces a leaked one.</summary>
    public async Task<Result<string>> FeedTokenAsync(Actor actor, bool renew = false, CancellationToken ct = default)
    {
        if (actor.StaffId is not { } staffId)
        {
            return await dbFactory.RefuseAsync(actor, "DutyFeed", "token", DomainError.Forbidden("您的帳號沒有對應的人員資料。"), ct);
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        var token = await db.DutyFeedTokens.SingleOrDefaultAsync(t => t.StaffId == staffId, ct);
        if (token is not null && !renew)
        {
            return Result.Success(token.Token);
        }

        if (token is not null)
        {
            db.DutyFeedTokens.Remove(token);
        }

        var fresh = DutyFeedToken.Create(staffId);
        db.DutyFeedTokens.Add(fresh);
        db.AddAudit("DutyFeed", staffId, Auditing.AuditActions.Updated, renew ? "重新產生輪值行事曆訂閱網址" : "建立輪值行事曆訂閱網址");
        var saved = await SaveAsync(db, ct);
        return saved.Succeeded ? Result.Success(fresh.Token) : Result<string>.Fail(saved.Errors);
    }

    internal static async Task NotifyChangedAsync(DirectNotifications notes, DutyPool pool, IReadOnlyDictionary<int, DateOnly> affected, CancellationToken ct)
    {
        foreach (var group in affected.GroupBy(a => a.Value))
        {
            await notes.ToStaffAsync(group.Select(g => g.Key), NotificationKind.DutyChanged, ItemTypePool, pool.Id, pool.Name, group.Key, ct);
        }
    }

    private async Task<Result> SwapStepAsync(Actor actor, int swapId, int version, CancellationToken ct, Func<CaseDeskDbContext, DutySwap, DutyPool, DirectNotifications, Task<Result>> step)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var swap = await db.DutySwaps.SingleOrDefaultAsync(s => s.Id == swapId, ct);
        if (swap is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        var pool = await db.DutyPools.SingleAsync(p => p.Id == swap.PoolId, ct);
        if (swap.Version != version)
        {
            return Result.Fail(ConcurrencyConflict.Error(swap.UpdatedAtUtc, swap.UpdatedBy));
        }

        db.ExpectVersion(swap, version);
        var notes = new DirectNotifications(db, Clock.GetUtcNow().UtcDateTime);
        var result = await step(db, swap, pool, notes);
        if (!result.Succeeded && !swap.HasAuditNote)
        {
            return result;
        }

        var saved = await SaveAsync(db, ct);
        if (saved.Succeeded)
        {
            notes.Publish(dbFactory.Notifier);
        }

        return saved.Succeeded ? result : saved;
    }

    private async Task RegenerateForStaffAsync(CaseDeskDbContext db, int staffId, DateOnly from, DateOnly to, WorkingCalendar calendar, string why, DirectNotifications notes, CancellationToken ct)
    {
        var pools = await db.DutyPools.Include(p => p.Members).Where(p => p.Members.Any(m => m.StaffId == staffId) && p.GeneratedThrough >= from).ToListAsync(ct);
        foreach (var pool in pools)
        {
            var hasTurns = await db.DutyAssignments.AnyAsync(a => a.PoolId == pool.Id && a.StaffId == staffId && a.Date >= from && a.Date <= to, ct)
                || await db.DutyOwedTurns.AnyAsync(o => o.PoolId == pool.Id && o.StaffId == staffId && o.SkippedOn >= from && o.SkippedOn <= to, ct);
            if (!hasTurns)
            {
                continue; // the absence falls on nobody's turn of this pool: nothing moves
            }

            var outcome = await DutyRoster.RegenerateAsync(db, pool, from, pool.GeneratedThrough!.Value, calendar, why, ct);
            await NotifyChangedAsync(notes, pool, outcome.Affected, ct);
        }
    }

    private static async Task<List<DomainError>> ConflictsWithFixedDaysAsync(CaseDeskDbContext db, int staffId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var errors = new List<DomainError>();
        if (to < from)
        {
            return errors;
        }

        var fixedDays = await db.DutyAssignments.AsNoTracking()
            .Where(a => a.StaffId == staffId && a.Date >= from && a.Date <= to && (a.Source == AssignmentSource.Swap || a.Source == AssignmentSource.Override))
            .OrderBy(a => a.Date).ToListAsync(ct);
        foreach (var day in fixedDays)
        {
            if (day.Source == AssignmentSource.Swap)
            {
                var swap = await db.DutySwaps.AsNoTracking()
                    .Where(s => s.State == SwapState.Approved && (s.RequesterAssignmentId == day.Id || s.CounterpartAssignmentId == day.Id))
                    .OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);
                var other = swap is null ? "" : await StaffNameAsync(db, swap.RequesterStaffId == staffId ? swap.CounterpartStaffId : swap.RequesterStaffId, ct);
                errors.Add(new DomainError("absence_conflict_swap",
                    $"{RocDate.Format(day.Date)} 是經主管{(swap?.DecidedBy is { } by ? $"（{by}）" : "")}核准的換班輪值{(other.Length > 0 ? $"（與 {other} 互換）" : "")}；請先請主管改派該日，再登記請假。",
                    nameof(AbsenceInput.From)));
            }
            else
            {
                errors.Add(new DomainError("absence_conflict_override",
                    $"{RocDate.Format(day.Date)} 是主管直接指定的輪值（{day.OverrideReason}）；請先請主管改派該日，再登記請假。",
                    nameof(AbsenceInput.From)));
            }
        }

        var pending = await db.DutySwaps.AsNoTracking().Where(s => (s.State == SwapState.Requested || s.State == SwapState.Accepted)
            && ((s.RequesterStaffId == staffId && s.CounterpartDate >= from && s.CounterpartDate <= to) || (s.CounterpartStaffId == staffId && s.RequesterDate >= from && s.RequesterDate <= to)))
            .FirstOrDefaultAsync(ct);
        if (pending is not null)
        {
            var day = pending.RequesterStaffId == staffId ? pending.CounterpartDate : pending.RequesterDate;
            errors.Add(new DomainError("absence_conflict_pending", $"{RocDate.Format(day)} 有處理中的換班申請會排到您，請先撤回或婉拒該申請，再登記請假。", nameof(AbsenceInput.From)));
        }

        return errors;
    }

    private async Task<ErrorList> CheckSwapStillValidAsync(CaseDeskDbContext db, DutyAssignment mine, DutyAssignment theirs, CancellationToken ct)
    {
        var errors = new ErrorList();
        var requesterName = await StaffNameAsync(db, mine.StaffId, ct);
        var counterpartName = await StaffNameAsync(db, theirs.StaffId, ct);
        if (await db.DutyAssignments.AnyAsync(a => a.PoolId == mine.PoolId && a.Date == theirs.Date && a.StaffId == mine.StaffId, ct))
        {
            errors.Add("swap_same_day", $"{requesterName} 在 {RocDate.Format(theirs.Date)} 已經有輪值。", "CounterpartDate");
        }

        if (await db.DutyAssignments.AnyAsync(a => a.PoolId == mine.PoolId && a.Date == mine.Date && a.StaffId == theirs.StaffId, ct))
        {
            errors.Add("swap_same_day", $"{counterpartName} 在 {RocDate.Format(mine.Date)} 已經有輪值。", "CounterpartStaffId");
        }

        if (await db.DutyAbsences.AnyAsync(a => a.StaffId == mine.StaffId && a.From <= theirs.Date && a.To >= theirs.Date, ct))
        {
            errors.Add("swap_absent", $"{requesterName} 在 {RocDate.Format(theirs.Date)} 已登記請假，不能換到那天。", "CounterpartDate");
        }

        if (await db.DutyAbsences.AnyAsync(a => a.StaffId == theirs.StaffId && a.From <= mine.Date && a.To >= mine.Date, ct))
        {
            errors.Add("swap_absent", $"{counterpartName} 在 {RocDate.Format(mine.Date)} 已登記請假，不能換到那天。", "CounterpartStaffId");
        }

        return errors;
    }

    private async Task CheckCanServeAsync(CaseDeskDbContext db, DutyPool pool, int staffId, DateOnly date, WorkingCalendar calendar, ErrorList errors, string field, CancellationToken ct)
    {
        var info = calendar.Describe(date);
        if (!info.IsWorkingDay)
        {
            errors.Add("duty_holiday", $"{RocDate.Format(date)} 不是上班日（{(info.Description.Length > 0 ? info.Description : "星期" + RocDate.WeekdayName(date))}），沒有中午輪值。");
        }
        else if (date < FirstChangeableDay(calendar))
        {
            errors.Add("duty_past", $"{RocDate.Format(date)} 的輪值已經開始或過去，不能變更。");
        }

        if (pool.Members.All(m => m.StaffId != staffId))
        {
            errors.Add("duty_not_member", $"{await StaffNameAsync(db, staffId, ct)} 不在「{pool.Name}」輪值名單內。", field);
        }
        else if (await db.DutyAbsences.AnyAsync(a => a.StaffId == staffId && a.From <= date && a.To >= date, ct))
        {
            errors.Add("duty_absent", $"{await StaffNameAsync(db, staffId, ct)} 在 {RocDate.Format(date)} 已登記請假。", field);
        }
    }

    private static async Task<ErrorList> ValidatePoolAsync(CaseDeskDbContext db, PoolInput input, int? poolId, CancellationToken ct)
    {
        var errors = new ErrorList();
        var name = input.Name?.Trim() ?? "";
        errors.AddIf(name.Length == 0, "pool_name", "請填寫名單名稱。", nameof(PoolInput.Name));
        errors.AddIf(name.Length > DutyPool.NameMaxLength, "pool_name", $"名稱最多 {DutyPool.NameMaxLength} 字。", nameof(PoolInput.Name));
        if (name.Length > 0 && await db.DutyPools.AnyAsync(p => p.Name == name && p.Id != poolId, ct))
        {
            errors.Add("pool_name_taken", $"已有名為「{name}」的輪值名單。", nameof(PoolInput.Name));
        }

        var counts = input.PeoplePerWeekday;
        errors.AddIf(counts is null || counts.Length != 7 || counts.Any(c => c is < 0 or > 10), "duty_people", "每日人數應為 0 到 10 人。", nameof(PoolInput.PeoplePerWeekday));
        errors.AddIf(counts is { Length: 7 } && counts[1..6].All(c => c == 0), "duty_people", "星期一到五至少要有一天排人。", nameof(PoolInput.PeoplePerWeekday));
        var ids = input.MemberStaffIds ?? [];
        errors.AddIf(ids.Distinct().Count() != ids.Count, "pool_members", "同一位同仁只能加入一次。", nameof(PoolInput.MemberStaffIds));
        if (input.UnitId is { } unitId && !await db.Units.AnyAsync(u => u.Id == unitId, ct))
        {
            errors.Add("pool_unit", "找不到這個執行股。", nameof(PoolInput.UnitId));
        }

        var elsewhere = await (from m in db.Set<DutyPoolMember>()
                               join p in db.DutyPools on m.PoolId equals p.Id
                               join s in db.Staff on m.StaffId equals s.Id
                               where ids.Contains(m.StaffId) && p.Id != poolId
                               select new { s.Name, Pool = p.Name }).ToListAsync(ct);
        foreach (var e in elsewhere)
        {
            errors.Add("pool_members", $"{e.Name} 已在「{e.Pool}」輪值名單內；一人只排一份名單，以免同一天重複輪值。", nameof(PoolInput.MemberStaffIds));
        }

        var staff = await db.Staff.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name, s.Title, s.UnitId, s.IsActive }).ToListAsync(ct);
        errors.AddIf(staff.Count != ids.Distinct().Count(), "pool_members", "名單中有找不到的人員。", nameof(PoolInput.MemberStaffIds));
        foreach (var s in staff)
        {
            if (!s.IsActive)
            {
                errors.Add("pool_members", $"{s.Name} 已離職或停用。", nameof(PoolInput.MemberStaffIds));
            }
            else if (s.Title is not (StaffTitle.Clerk or StaffTitle.Executor))
            {
                errors.Add("pool_members", $"{s.Name}（{StaffMember.TitleName(s.Title)}）不是書記官或執行員，不排中午輪值。", nameof(PoolInput.MemberStaffIds));
            }
            else if (input.UnitId is { } u && s.UnitId != u)
            {
                errors.Add("pool_members", $"{s.Name} 不屬於本股，不能加入本股的輪值名單。", nameof(PoolInput.MemberStaffIds));
            }
        }

        return errors;
    }

    /// <summary>Saves; a concurrent edit or a row someone else created at the same moment becomes a clear message, not an exception.</summary>
    private static async Task<Result> SaveAsync(CaseDeskDbContext db, CancellationToken ct)
    {
        try
        {
            return await db.SaveOrConflictAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Result.Fail(new DomainError("duty_race", "同一時間有人做了相同的變更；請重新整理畫面後再試，您輸入的內容沒有儲存。"));
        }
    }

    private static async Task<string> StaffNameAsync(CaseDeskDbContext db, int staffId, CancellationToken ct) =>
        await db.Staff.Where(s => s.Id == staffId).Select(s => s.Name).SingleOrDefaultAsync(ct) ?? $"#{staffId}";

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
