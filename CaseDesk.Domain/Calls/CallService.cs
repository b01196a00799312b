using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Notifications;
using CaseDesk.Domain.Reference;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseDesk.Domain.Calls;

/// <summary>
/// The after-hours call log (義務人來電記錄表): duty officers log the calls of nights, weekends and
/// holidays; what they could not answer goes to the case's clerk (or, without a case, to the unit
/// supervisor's triage) as a callback due by noon of the next working day.
/// </summary>
public sealed partial class CallService(CaseDeskDbFactory dbFactory, CalendarService calendars, IOptions<CallOptions> options)
{
    public const string ItemType = nameof(AfterHoursCall);

    private CallOptions Options => options.Value;

    private TimeProvider Clock => dbFactory.Clock;

    /// <summary>When a callback for a call received at <paramref name="receivedAtUtc"/> is due: the next working day, at the configured time.</summary>
    public static DateTime CallbackDue(DateTime receivedAtUtc, WorkingCalendar calendar, TimeOnly dueTime, out DateOnly dueOn)
    {
        var local = TaipeiTime.ToLocal(receivedAtUtc);
        dueOn = calendar.IsOfficeHours(receivedAtUtc)
            ? calendar.NextWorkingDay(DateOnly.FromDateTime(local))
            : DateOnly.FromDateTime(TaipeiTime.ToLocal(calendar.NextOpening(receivedAtUtc)));
        return TaipeiTime.ToUtc(dueOn, dueTime);
    }

    public async Task<Result<int>> LogAsync(Actor actor, CallInput input, CancellationToken ct = default)
    {
        if (!CallAccess.CanLog(actor))
        {
            return await dbFactory.RefuseAsync(actor, nameof(AfterHoursCall), "new", DomainError.Forbidden("只有值日人員或主管可以登錄下班時間的來電。"), ct);
        }

        var calendar = await calendars.GetAsync(ct);
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var valid = await ValidateAsync(db, input, calendar, ct);
        if (!valid.Succeeded)
        {
            return Result<int>.Fail(valid.Errors);
        }

        var call = valid.Value;
        int? caseId = null;
        int? unitId = input.UnitId;
        int? assigned = null;
        if (call.CaseNumber is { } given && CaseNumber.Parse(given).Succeeded)
        {
            var number = CaseNumber.Parse(given).Value.Value;
            var found = await db.Cases.Where(c => c.CaseNumber == number).Select(c => new { c.Id, c.UnitId, c.ResponsibleClerkId }).SingleOrDefaultAsync(ct);
            if (found is not null)
            {
                caseId = found.Id;
                unitId = found.UnitId;
                assigned = found.ResponsibleClerkId is { } clerk && await db.Staff.AnyAsync(s => s.Id == clerk && s.IsActive, ct) ? clerk : null;
            }
        }

        DateTime? dueAt = null;
        DateOnly? dueOn = null;
        if (!call.AnsweredOnSpot)
        {
            dueAt = CallbackDue(call.ReceivedAtUtc, calendar, Options.CallbackDueTime, out var d);
            dueOn = d;
        }

        var receivedOn = DateOnly.FromDateTime(TaipeiTime.ToLocal(call.ReceivedAtUtc));
        var rocYear = RocDate.RocYear(receivedOn);
        // The call and the notifications of the people who must act on it are saved together, or not at all.
        var notes = new DirectNotifications(db, Clock.GetUtcNow().UtcDateTime);
        AfterHoursCall entry;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var sequence = await NumberSeries.NextAsync<AfterHoursCall>(db, rocYear, ct);
            entry = AfterHoursCall.Log(call, $"{rocYear}來{sequence:00000}", rocYear, sequence, receivedOn, actor.StaffId, actor.AuditName, caseId, unitId, assigned, dueAt, dueOn);
            db.AfterHoursCalls.Add(entry);
            await db.SaveChangesAsync(ct);
            if (!call.AnsweredOnSpot)
            {
                var urgent = call.Urgency == CallUrgency.Urgent;
                if (assigned is { } clerk)
                {
                    await notes.ToStaffAsync([clerk], NotificationKind.CallbackAssigned, ItemType, entry.Id, entry.Number, dueOn!.Value, ct, urgent);
                }
                else
                {
                    await notes.ToSupervisorsAsync(unitId, NotificationKind.CallTriage, ItemType, entry.Id, entry.Number, dueOn!.Value, ct, urgent);
                }

                await db.SaveChangesAsync(ct);
            }

            await tx.CommitAsync(ct);
        }

        db.PublishCommittedChanges();
        notes.Publish(dbFactory.Notifier);
        return Result.Success(entry.Id);
    }

    /// <summary>The caller's full phone number, for whoever may read the call; the look is audited (lists and pages show it masked).</summary>
    public async Task<Result<string?>> RevealPhoneAsync(Actor actor, int callId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var call = await db.AfterHoursCalls.AsNoTracking().Where(c => c.Id == callId).Select(c => new { c.Phone, c.UnitId, c.AssignedStaffId, c.LoggedByStaffId, c.Number }).SingleOrDefaultAsync(ct);
        if (call is null)
        {
            return DomainError.Forbidden();
        }

        if (!CallAccess.CanRead(actor, call.UnitId, call.AssignedStaffId, call.LoggedByStaffId))
        {
            db.AddAudit(nameof(AfterHoursCall), callId, Auditing.AuditActions.RefusedPersonalData, $"要求查看來電 {call.Number} 的完整電話，遭拒（無權限）");
            await db.SaveChangesAsync(ct);
            return DomainError.Forbidden();
        }

        db.AddAudit(nameof(AfterHoursCall), callId, Auditing.AuditActions.ViewedPersonalData, $"查看來電 {call.Number} 的完整電話");
        await db.SaveChangesAsync(ct);
        return Result.Success(call.Phone);
    }

    /// <summary>The supervisor gives a triaged (or wrongly routed) call to a clerk.</summary>
    public async Task<Result> AssignAsync(Actor actor, int callId, int version, int staffId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var call = await db.AfterHoursCalls.SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        if (!CanAssign(actor, call.UnitId))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(AfterHoursCall), callId, DomainError.Forbidden("只有主管可以分派回電。"), ct));
        }

        var staff = await db.Staff.Where(s => s.Id == staffId && s.IsActive).Select(s => new { s.Name, s.UnitId, s.Title }).SingleOrDefaultAsync(ct);
        if (staff is null || staff.Title is not (StaffTitle.Clerk or StaffTitle.Executor))
        {
            return Result.Fail(new DomainError("call_assignee", "請選擇在職的書記官或執行員。", "StaffId"));
        }

        if (actor.UnitId is { } supervised && staff.UnitId != supervised)
        {
            return Result.Fail(new DomainError("call_assignee_unit", "股主管只能分派給本股同仁；其他股的來電請轉請全分署主管分派。", "StaffId"));
        }

        if (call.Version != version)
        {
            return Result.Fail(ConcurrencyConflict.Error(call.UpdatedAtUtc, call.UpdatedBy));
        }

        db.ExpectVersion(call, version);
        var result = call.Assign(staffId, staff.UnitId, staff.Name, actor.AuditName);
        if (!result.Succeeded)
        {
            return result;
        }

        var notes = new DirectNotifications(db, Clock.GetUtcNow().UtcDateTime);
        await notes.ToStaffAsync([staffId], NotificationKind.CallbackAssigned, ItemType, call.Id, call.Number, call.CallbackDueOn ?? TaipeiTime.Today(Clock), ct, call.Urgency == CallUrgency.Urgent);
        var saved = await db.SaveOrConflictAsync(ct);
        if (saved.Succeeded)
        {
            notes.Publish(dbFactory.Notifier);
        }

        return saved;
    }

    /// <summary>The clerk records a try at calling back; a reached caller with <see cref="AttemptInput.CloseNow"/> closes the callback.</summary>
    public async Task<Result> AddAttemptAsync(Actor actor, int callId, int version, AttemptInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var call = await db.AfterHoursCalls.Include(c => c.Attempts).SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        if (!CallAccess.CanWork(actor, call.UnitId, call.AssignedStaffId) && !CanAssign(actor, call.UnitId))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(AfterHoursCall), callId, DomainError.Forbidden("只有回電承辦人或主管可以記錄回電。"), ct));
        }

        var now = Clock.GetUtcNow().UtcDateTime;
        var errors = new ErrorList();
        var note = input.Note?.Trim();
        errors.AddIf(input.Outcome is null, "attempt_outcome", "請選擇回電結果（已聯絡上、無人接聽、號碼錯誤或已留言）。", nameof(AttemptInput.Outcome));
        errors.AddIf(input.On is null || input.At is null, "attempt_time", "請填寫回電的日期與時間。", nameof(AttemptInput.At));
        errors.AddIf(note?.Length > CallbackAttempt.NoteMaxLength, "attempt_note", $"說明最多 {CallbackAttempt.NoteMaxLength} 字。", nameof(AttemptInput.Note));
        errors.AddIf(input.Outcome == AttemptOutcome.Reached && string.IsNullOrEmpty(note), "attempt_answer", "已聯絡上時，請記錄答復的內容。", nameof(AttemptInput.Note));
        errors.AddIf(input.CloseNow && input.Outcome is not null and not AttemptOutcome.Reached, "attempt_close", "未聯絡上來電人不能結案；多次聯絡未果請主管決定。", nameof(AttemptInput.Outcome));
        DateTime at = default;
        if (input.On is { } on && input.At is { } time)
        {
            at = TaipeiTime.ToUtc(on, time);
            errors.AddIf(at > now.AddMinutes(1), "attempt_future", "回電時間不可晚於現在。", nameof(AttemptInput.At));
            errors.AddIf(at < call.ReceivedAtUtc, "attempt_before_call", "回電時間不可早於來電時間。", nameof(AttemptInput.At));
        }

        if (errors.Any)
        {
            return Result.Fail(errors.Items);
        }

        if (call.Version != version)
        {
            return Result.Fail(ConcurrencyConflict.Error(call.UpdatedAtUtc, call.UpdatedBy));
        }

        db.ExpectVersion(call, version);
        var result = call.AddAttempt(at, input.Outcome!.Value, string.IsNullOrEmpty(note) ? null : note, actor.StaffId, actor.AuditName);
        if (result.Succeeded && input.CloseNow)
        {
            result = call.CloseReached(note!, now, actor.AuditName);
        }

        return result.Succeeded ? await db.SaveOrConflictAsync(ct) : result;
    }

    /// <summary>Closes a callback whose caller was reached (the answer defaults to the last reached attempt's).</summary>
    public async Task<Result> CloseAsync(Actor actor, int callId, int version, string? answer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var call = await db.AfterHoursCalls.Include(c => c.Attempts).SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        if (!CallAccess.CanWork(actor, call.UnitId, call.AssignedStaffId) && !CanAssign(actor, call.UnitId))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(AfterHoursCall), callId, DomainError.Forbidden("只有回電承辦人或主管可以結案。"), ct));
        }

        var text = answer?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            text = call.Attempts.Where(a => a.Outcome == AttemptOutcome.Reached).OrderBy(a => a.AtUtc).LastOrDefault()?.Note;
        }

        if (text?.Length > AfterHoursCall.TextMaxLength)
        {
            return Result.Fail(new DomainError("call_note", $"結案說明最多 {AfterHoursCall.TextMaxLength} 字。", "Answer"));
        }

        if (call.Version != version)
        {
            return Result.Fail(ConcurrencyConflict.Error(call.UpdatedAtUtc, call.UpdatedBy));
        }

        db.ExpectVersion(call, version);
        var result = call.CloseReached(text ?? "", Clock.GetUtcNow().UtcDateTime, actor.AuditName);
        return result.Succeeded ? await db.SaveOrConflictAsync(ct) : result;
    }

    /// <summary>A supervisor closes a callback that could not be completed, with the decision recorded.</summary>
    public async Task<Result> SupervisorCloseAsync(Actor actor, int callId, int version, string? decision, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var call = await db.AfterHoursCalls.Include(c => c.Attempts).SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        if (!CanAssign(actor, call.UnitId))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(AfterHoursCall), callId, DomainError.Forbidden("只有主管可以決定結案。"), ct));
        }

        var text = decision?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return Result.Fail(new DomainError("call_decision", "請填寫主管決定結案的理由（例如：三次聯絡未果，改以書面通知）。", "Decision"));
        }

        if (text.Length > AfterHoursCall.TextMaxLength)
        {
            return Result.Fail(new DomainError("call_decision", $"理由最多 {AfterHoursCall.TextMaxLength} 字。", "Decision"));
        }

        if (call.Version != version)
        {
            return Result.Fail(ConcurrencyConflict.Error(call.UpdatedAtUtc, call.UpdatedBy));
        }

        db.ExpectVersion(call, version);
        var result = call.CloseBySupervisor(text, Options.FailedAttemptsBeforeSupervisorClose, Clock.GetUtcNow().UtcDateTime, actor.AuditName);
        return result.Succeeded ? await db.SaveOrConflictAsync(ct) : result;
    }

    /// <summary>Any supervisor may assign a call no unit is known for; a unit's supervisor assigns the unit's calls.</summary>
    public static bool CanAssign(Actor actor, int? unitId) => CallAccess.CanAssign(actor, unitId) || (actor.IsSupervisor && unitId is null);

    private async Task<Result<ValidCall>> ValidateAsync(CaseDeskDbContext db, CallInput input, WorkingCalendar calendar, CancellationToken ct)
    {
        var errors = new ErrorList();
        var now = Clock.GetUtcNow().UtcDateTime;
        errors.AddIf(input.ReceivedOn is null, "call_date", "請填寫來電日期。", nameof(CallInput.ReceivedOn));
        errors.AddIf(input.ReceivedAt is null, "call_time", "請填寫來電時間（24 小時制，例如 21:15）。", nameof(CallInput.ReceivedAt));
        DateTime received = default;
        if (input.ReceivedOn is { } on && input.ReceivedAt is { } at)
        {
            received = TaipeiTime.ToUtc(on, at);
            if (received > now.AddMinutes(1))
            {
                errors.Add("call_future", "來電時間不可晚於現在。", nameof(CallInput.ReceivedAt));
            }
            else if (received < now.AddDays(-30))
            {
                errors.Add("call_too_old", "來電時間在 30 天以前，請確認日期。", nameof(CallInput.ReceivedOn));
            }
            else if (calendar.IsOfficeHours(received) && !input.OfficeHoursException)
            {
                var day = calendar.Describe(on);
                errors.Add("call_office_hours",
                    $"{RocDate.Format(on)}（{RocDate.WeekdayName(on)}{(day.IsMakeUpWorkday ? "，補行上班日" : "")}）{at:HH\\:mm} 是上班時間（{calendar.Hours.OpensAt:HH\\:mm}–{calendar.Hours.ClosesAt:HH\\:mm}），來電應由承辦股直接處理；確有需要請勾選「上班時間例外」並說明原因。",
                    nameof(CallInput.ReceivedAt));
            }
        }

        var exceptionReason = input.ExceptionReason?.Trim();
        errors.AddIf(input.OfficeHoursException && string.IsNullOrEmpty(exceptionReason), "call_exception_reason", "請說明上班時間例外登錄的原因。", nameof(CallInput.ExceptionReason));
        errors.AddIf(exceptionReason?.Length > AfterHoursCall.ShortTextMaxLength, "call_exception_reason", $"原因最多 {AfterHoursCall.ShortTextMaxLength} 字。", nameof(CallInput.ExceptionReason));

        var name = input.CallerName?.Trim();
        errors.AddIf(name?.Length > AfterHoursCall.NameMaxLength, "call_name", $"姓名最多 {AfterHoursCall.NameMaxLength} 字。", nameof(CallInput.CallerName));
        PhoneNumber? phone = null;
        if (!string.IsNullOrWhiteSpace(input.Phone))
        {
            if (PhoneNumber.TryParse(input.Phone, out var parsed, out var phoneError))
            {
                phone = parsed;
            }
            else
            {
                errors.Add("call_phone", phoneError, nameof(CallInput.Phone));
            }
        }
        else if (input.AnsweredOnSpot != true)
        {
            errors.Add("call_phone_required", "需要回電時，請留下來電人的電話。", nameof(CallInput.Phone));
        }

        errors.AddIf(input.Relationship is null, "call_relationship", "請選擇來電人與義務人的關係。", nameof(CallInput.Relationship));
        var question = input.Question?.Trim() ?? "";
        errors.AddIf(question.Length == 0, "call_question", "請詳細記錄來電詢問的內容，讓承辦人回電時不必重問。", nameof(CallInput.Question));
        errors.AddIf(question.Length > AfterHoursCall.TextMaxLength, "call_question", $"內容最多 {AfterHoursCall.TextMaxLength} 字。", nameof(CallInput.Question));
        errors.AddIf(input.AnsweredOnSpot is null, "call_answered", "請選擇是否已當場答復。", nameof(CallInput.AnsweredOnSpot));
        var answer = input.SpotAnswer?.Trim();
        errors.AddIf(input.AnsweredOnSpot == true && string.IsNullOrEmpty(answer), "call_spot_answer", "已當場答復時，請記錄答復的內容。", nameof(CallInput.SpotAnswer));
        errors.AddIf(answer?.Length > AfterHoursCall.TextMaxLength, "call_spot_answer", $"內容最多 {AfterHoursCall.TextMaxLength} 字。", nameof(CallInput.SpotAnswer));
        var caseNumber = TextNormalizer.ToHalfWidth(input.CaseNumber).Trim();
        errors.AddIf(caseNumber.Length > CaseNumber.MaxLength, "call_case", "案號太長。", nameof(CallInput.CaseNumber));
        if (input.UnitId is { } unitId && !await db.Units.AnyAsync(u => u.Id == unitId, ct))
        {
            errors.Add("call_unit", "找不到這個執行股。", nameof(CallInput.UnitId));
        }

        if (errors.Any)
        {
            return Result<ValidCall>.Fail(errors.Items);
        }

        return Result.Success(new ValidCall(
            received,
            string.IsNullOrEmpty(name) ? null : name,
            phone,
            input.Relationship!.Value,
            caseNumber.Length == 0 ? null : caseNumber,
            question,
            input.AnsweredOnSpot!.Value,
            input.AnsweredOnSpot == true ? answer : null,
            input.Urgency,
            input.OfficeHoursException,
            input.OfficeHoursException ? exceptionReason : null));
    }
}
