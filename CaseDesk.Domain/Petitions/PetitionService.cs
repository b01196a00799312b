using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Reference;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseDesk.Domain.Petitions;

/// <summary>Registering and working petitions: every verb checks who is acting and which state allows it.</summary>
public sealed partial class PetitionService(CaseDeskDbFactory dbFactory, CalendarService calendars, IOptions<PetitionPolicyOptions> policyOptions)
{
    private PetitionPolicyOptions Policy => policyOptions.Value;

    public TimeProvider Clock => dbFactory.Clock;

    /// <summary>The due date a petition received on <paramref name="receivedOn"/> would get, with its explanation (for the intake form).</summary>
    public async Task<DeadlineComputation> PreviewDeadlineAsync(DateOnly receivedOn, CancellationToken ct = default) =>
        PetitionDeadline.Compute(receivedOn, Policy.DeadlineDays, Policy, await calendars.GetAsync(ct));

    public async Task<Result<int>> RegisterAsync(Actor actor, PetitionInput input, CancellationToken ct = default)
    {
        if (!PetitionAccess.CanRegister(actor))
        {
            return await dbFactory.RefuseAsync(actor, nameof(Petition), "new", DomainError.Forbidden("只有書記官或主管可以登錄陳情。"), ct);
        }

        var now = Clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var valid = await ValidateAsync(db, actor, input, ct);
        if (!valid.Succeeded)
        {
            return Result<int>.Fail(valid.Errors);
        }

        var receivedOn = input.ReceivedOn!.Value;
        var today = TaipeiTime.Today(Clock);
        var receivedAt = input.ReceivedAt is { } t
            ? TaipeiTime.ToUtc(receivedOn, t)
            : receivedOn == today ? now : TaipeiTime.ToUtc(receivedOn, new TimeOnly(8, 30));
        if (receivedAt > now)
        {
            return new DomainError("received_future", "收文時間不可晚於現在。", nameof(PetitionInput.ReceivedAt));
        }

        var signedAt = RecordSignedAt(input, receivedOn, receivedAt, now);
        if (!signedAt.Succeeded)
        {
            return Result<int>.Fail(signedAt.Errors);
        }

        var deadline = PetitionDeadline.Compute(receivedOn, Policy.DeadlineDays, Policy, await calendars.GetAsync(ct));
        var rocYear = RocDate.RocYear(receivedOn);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var sequence = await NumberSeries.NextAsync<Petition>(db, rocYear, ct);
        var petition = Petition.Register(valid.Value with { RecordSignedAtUtc = signedAt.Value }, $"{rocYear}陳{sequence:00000}", rocYear, sequence, receivedAt, deadline, actor.StaffId);
        db.Petitions.Add(petition);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.PublishCommittedChanges();
        return Result.Success(petition.Id);
    }

    /// <summary>
    /// Corrects what was registered. The receipt date and time fix the deadline and are not changed here;
    /// moving the petition to another unit or handler is an assignment (supervisors), not an edit.
    /// </summary>
    public async Task<Result> UpdateAsync(Actor actor, int id, int version, PetitionInput input, CancellationToken ct = default) =>
        await WorkAsync(actor, id, version, ct, async (db, p) =>
        {
            if (!actor.IsSupervisor && (input.UnitId != p.UnitId || input.HandlerId != p.HandlerId))
            {
                return Result.Fail(new DomainError("reassign_supervisor_only", "改派執行股或承辦人須由主管以「分派」為之。", nameof(PetitionInput.HandlerId)));
            }

            var valid = await ValidateAsync(db, actor, input with { ReceivedOn = p.ReceivedOn }, ct);
            if (!valid.Succeeded)
            {
                return Result.Fail(valid.Errors);
            }

            var signedAt = RecordSignedAt(input, p.ReceivedOn, p.ReceivedAtUtc, Clock.GetUtcNow().UtcDateTime);
            return signedAt.Succeeded ? p.UpdateDetails(valid.Value with { RecordSignedAtUtc = signedAt.Value }) : Result.Fail(signedAt.Errors);
        });

    /// <summary>
    /// When the petitioner signed an oral petition's read-back record: as the clerk entered it (a time alone is on the
    /// receipt day), at receipt when left empty; never before receipt nor in the future. Null for other channels.
    /// </summary>
    private static Result<DateTime?> RecordSignedAt(PetitionInput input, DateOnly receivedOn, DateTime receivedAtUtc, DateTime nowUtc)
    {
        if (input.Channel != PetitionChannel.InPerson)
        {
            return Result.Success<DateTime?>(null);
        }

        if (input.RecordSignedOn is null && input.RecordSignedAt is null)
        {
            return Result.Success<DateTime?>(receivedAtUtc);
        }

        if (input.RecordSignedAt is not { } time)
        {
            return Result<DateTime?>.Fail(new DomainError("record_signed_time_required", "請輸入紀錄的簽名時間（例如 09:05）；日期與時間都留空則以收文時間為準。", nameof(PetitionInput.RecordSignedAt)));
        }

        var signedAt = TaipeiTime.ToUtc(input.RecordSignedOn ?? receivedOn, time);
        // Times are entered to the minute: signing in the minute of receipt is not "before" it.
        var receivedMinute = receivedAtUtc.AddTicks(-(receivedAtUtc.Ticks % TimeSpan.TicksPerMinute));
        if (signedAt < receivedMinute)
        {
            return Result<DateTime?>.Fail(new DomainError("record_signed_before_receipt", $"紀錄簽名時間不可早於收文時間（{RocDate.FormatInstant(receivedAtUtc)}）。", nameof(PetitionInput.RecordSignedOn)));
        }

        if (signedAt > nowUtc)
        {
            return Result<DateTime?>.Fail(new DomainError("record_signed_future", "紀錄簽名時間不可晚於現在。", nameof(PetitionInput.RecordSignedOn)));
        }

        return Result.Success<DateTime?>(signedAt);
    }

    public async Task<Result> AssignAsync(Actor actor, int id, int version, int handlerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var petition = await db.Petitions.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (petition is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        var takingIt = actor.IsClerk && handlerId == actor.StaffId && petition.HandlerId is null && petition.UnitId == actor.UnitId;
        if (!actor.IsSupervisor && !takingIt)
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(Petition), id, DomainError.Forbidden("分派承辦人由主管為之；書記官只能承接本股尚未分派的陳情。"), ct));
        }

        var handler = await db.Staff.Where(s => s.Id == handlerId && s.IsActive).Select(s => new { s.Name, s.UnitId, s.SectionId }).SingleOrDefaultAsync(ct);
        if (handler is null)
        {
            return Result.Fail(new DomainError("handler_unknown", "所選的承辦人不存在或已離職。", "HandlerId"));
        }

        db.ExpectVersion(petition, version);
        var result = petition.Assign(handler.UnitId ?? petition.UnitId, handler.SectionId ?? petition.SectionId, handlerId, handler.Name);
        return result.Succeeded ? await db.SaveOrConflictAsync(ct) : result;
    }

    public Task<Result> StartAsync(Actor actor, int id, int version, CancellationToken ct = default) =>
        WorkAsync(actor, id, version, ct, (_, p) => Task.FromResult(p.Start()));

    public Task<Result> LogInterimContactAsync(Actor actor, int id, int version, InterimContactInput input, CancellationToken ct = default) =>
        WorkAsync(actor, id, version, ct, (_, p) =>
        {
            var errors = new ErrorList();
            var person = (input.PersonReached ?? "").Trim();
            var summary = (input.Summary ?? "").Trim();
            var method = string.IsNullOrWhiteSpace(input.Method) ? "電話" : input.Method.Trim();
            errors.AddIf(method.Length > InterimContact.MethodMaxLength, "text_too_long", $"聯繫方式最多 {InterimContact.MethodMaxLength} 字。", nameof(InterimContactInput.Method));
            errors.AddIf(person.Length == 0, "contact_person_required", "請填寫聯繫到的人（例如陳情人本人）。", nameof(InterimContactInput.PersonReached));
            errors.AddIf(person.Length > Petition.NameMaxLength, "text_too_long", $"聯繫對象最多 {Petition.NameMaxLength} 字。", nameof(InterimContactInput.PersonReached));
            errors.AddIf(summary.Length == 0, "contact_summary_required", "請簡述向陳情人說明的處理進度。", nameof(InterimContactInput.Summary));
            errors.AddIf(summary.Length > InterimContact.TextMaxLength, "text_too_long", $"聯繫說明最多 {InterimContact.TextMaxLength:N0} 字。", nameof(InterimContactInput.Summary));
            var now = Clock.GetUtcNow().UtcDateTime;
            var at = input.ContactedAtLocal is { } local ? TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), TaipeiTime.Zone) : now;
            errors.AddIf(at > now.AddMinutes(1), "contact_future", "聯繫時間不可晚於現在。", nameof(InterimContactInput.ContactedAtLocal));
            errors.AddIf(at < p.ReceivedAtUtc, "contact_before_receipt", "聯繫時間不可早於收文時間。", nameof(InterimContactInput.ContactedAtLocal));
            if (errors.Any)
            {
                return Task.FromResult(Result.Fail(errors.Items));
            }

            return Task.FromResult(p.LogInterimContact(InterimContact.Create(at, method, person, summary, actor.AuditName, now)));
        });

    public async Task<Result> ExtendAsync(Actor actor, int id, int version, ExtensionInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var petition = await db.Petitions.Include(p => p.Extensions).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (petition is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        if (!PetitionAccess.CanExtend(actor, petition.HandlerId))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(Petition), id, DomainError.Forbidden("展延須經科長（主管）核准，承辦人不能自行展延。"), ct));
        }

        var errors = new ErrorList();
        var reason = (input.Reason ?? "").Trim();
        errors.AddIf(input.Days is null, "extension_days_required", "請輸入展延後的總日數。", nameof(ExtensionInput.Days));
        errors.AddIf(reason.Length == 0, "extension_reason_required", "請說明展延理由（案情複雜、需函詢他機關等）。", nameof(ExtensionInput.Reason));
        errors.AddIf(reason.Length > Petition.ReasonMaxLength, "text_too_long", $"展延理由最多 {Petition.ReasonMaxLength:N0} 字。", nameof(ExtensionInput.Reason));
        var noticeReference = string.IsNullOrWhiteSpace(input.NoticeReference) ? null : input.NoticeReference.Trim();
        errors.AddIf(noticeReference?.Length > Petition.ShortTextMaxLength, "text_too_long", $"書面通知的發文字號最多 {Petition.ShortTextMaxLength} 字。", nameof(ExtensionInput.NoticeReference));
        var days = input.Days ?? 0;
        var beyond = days > Policy.SectionChiefExtensionDays;
        var title = actor.StaffId is { } staffId ? await db.Staff.Where(s => s.Id == staffId).Select(s => (StaffTitle?)s.Title).SingleOrDefaultAsync(ct) : null;
        if (beyond)
        {
            errors.AddIf(title != StaffTitle.Director, "extension_director_only", $"展延超過 {Policy.SectionChiefExtensionDays} 日須由分署長核准。", nameof(ExtensionInput.Days));
            errors.AddIf(days > Policy.MaxDirectorExtensionDays, "extension_too_long", $"展延最多 {Policy.MaxDirectorExtensionDays} 日。", nameof(ExtensionInput.Days));
            errors.AddIf(input.NoticeSentOn is null, "extension_notice_required", "分署長展延時，須以書面將理由通知陳情人；請填寫通知日期。", nameof(ExtensionInput.NoticeSentOn));
            errors.AddIf(noticeReference is null, "extension_notice_reference_required", "請填寫書面通知的發文字號。", nameof(ExtensionInput.NoticeReference));
        }

        if (errors.Any)
        {
            return Result.Fail(errors.Items);
        }

        var extension = PetitionExtension.Create(days, reason, actor.AuditName, beyond, input.NoticeSentOn, noticeReference, Clock.GetUtcNow().UtcDateTime);
        db.ExpectVersion(petition, version);
        var result = petition.Extend(extension, Policy, await calendars.GetAsync(ct), TaipeiTime.Today(Clock));
        return result.Succeeded ? await db.SaveOrConflictAsync(ct) : result;
    }

    public Task<Result> SubmitAsync(Actor actor, int id, int version, string? replyText, CancellationToken ct = default) =>
        WorkAsync(actor, id, version, ct, (_, p) =>
        {
            var text = (replyText ?? "").Trim();
            if (text.Length == 0)
            {
                return Task.FromResult(Result.Fail(new DomainError("reply_required", "請輸入函復內容後再陳核。", "ReplyText")));
            }

            if (text.Length > Petition.ReplyMaxLength)
            {
                return Task.FromResult(Result.Fail(new DomainError("text_too_long", $"函復內容最多 {Petition.ReplyMaxLength:N0} 字，目前 {text.Length:N0} 字。", "ReplyText")));
            }

            return Task.FromResult(actor.StaffId is { } staffId
                ? p.SubmitForSignOff(text, staffId, Clock.GetUtcNow().UtcDateTime)
                : Result.Fail(DomainError.Forbidden("您的帳號沒有對應的人員資料，不能陳核。")));
        });

    public async Task<Result> ApproveAsync(Actor actor, int id, int version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var petition = await db.Petitions.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (petition is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        if (!actor.IsSupervisor || actor.StaffId is not { } staffId)
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(Petition), id, DomainError.Forbidden("函復須由主管核定。"), ct));
        }

        db.ExpectVersion(petition, version);
        var result = petition.Approve(actor.AuditName, staffId, Clock.GetUtcNow().UtcDateTime);
        return result.Succeeded ? await db.SaveOrConflictAsync(ct) : await dbFactory.AuditRefusalAsync(actor, nameof(Petition), id, result, ct);
    }

    public async Task<Result> ReturnAsync(Actor actor, int id, int version, string? comment, CancellationToken ct = default)
    {
        var text = (comment ?? "").Trim();
        if (text.Length == 0 || text.Length > Petition.ReasonMaxLength)
        {
            return Result.Fail(new DomainError("return_comment_required", $"請寫明退回修正的意見（最多 {Petition.ReasonMaxLength} 字）。", "Comment"));
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        var petition = await db.Petitions.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (petition is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        if (!PetitionAccess.CanApprove(actor, petition.HandlerId, petition.SubmittedByStaffId))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(Petition), id, DomainError.Forbidden("退回須由承辦人以外的主管為之。"), ct));
        }

        db.ExpectVersion(petition, version);
        var result = petition.ReturnForRevision(text);
        return result.Succeeded ? await db.SaveOrConflictAsync(ct) : result;
    }

    public Task<Result> MarkRepliedAsync(Actor actor, int id, int version, ReplyInput input, CancellationToken ct = default) =>
        WorkAsync(actor, id, version, ct, (_, p) =>
        {
            var errors = new ErrorList();
            var reference = (input.Reference ?? "").Trim();
            errors.AddIf(input.SentOn is null, "reply_date_required", "請輸入發文日期。", nameof(ReplyInput.SentOn));
            errors.AddIf(input.SentOn > TaipeiTime.Today(Clock), "reply_date_future", "發文日期不可晚於今天。", nameof(ReplyInput.SentOn));
            errors.AddIf(input.Method is null, "reply_method_required", "請選擇發文方式。", nameof(ReplyInput.Method));
            errors.AddIf(reference.Length == 0, "reply_reference_required", "請輸入發文字號。", nameof(ReplyInput.Reference));
            errors.AddIf(reference.Length > Petition.ShortTextMaxLength, "text_too_long", $"發文字號最多 {Petition.ShortTextMaxLength} 字。", nameof(ReplyInput.Reference));
            return Task.FromResult(errors.Any ? Result.Fail(errors.Items) : p.MarkReplied(input.SentOn!.Value, input.Method!.Value, reference));
        });

    public Task<Result> CloseAsync(Actor actor, int id, int version, CancellationToken ct = default) =>
        WorkAsync(actor, id, version, ct, (_, p) => Task.FromResult(p.Close(TaipeiTime.Today(Clock))));

    public Task<Result> TransferAsync(Actor actor, int id, int version, TransferInput input, CancellationToken ct = default) =>
        WorkAsync(actor, id, version, ct, (_, p) =>
        {
            var errors = new ErrorList();
            var to = (input.To ?? "").Trim();
            var doc = (input.DocumentNumber ?? "").Trim();
            var today = TaipeiTime.Today(Clock);
            errors.AddIf(to.Length == 0, "transfer_to_required", "請填寫移文的主管機關。", nameof(TransferInput.To));
            errors.AddIf(doc.Length == 0, "transfer_document_required", "請填寫移文字號。", nameof(TransferInput.DocumentNumber));
            errors.AddIf(to.Length > Petition.ShortTextMaxLength, "text_too_long", $"移文的主管機關名稱最多 {Petition.ShortTextMaxLength} 字。", nameof(TransferInput.To));
            errors.AddIf(doc.Length > Petition.ShortTextMaxLength, "text_too_long", $"移文字號最多 {Petition.ShortTextMaxLength} 字。", nameof(TransferInput.DocumentNumber));
            errors.AddIf(input.TransferredOn is null, "transfer_date_required", "請輸入移文日期。", nameof(TransferInput.TransferredOn));
            errors.AddIf(input.PetitionerToldOn is null, "transfer_told_required", "移文時須通知陳情人；請輸入通知日期。", nameof(TransferInput.PetitionerToldOn));
            errors.AddIf(input.TransferredOn > today || input.PetitionerToldOn > today, "date_future", "日期不可晚於今天。", nameof(TransferInput.TransferredOn));
            return Task.FromResult(errors.Any ? Result.Fail(errors.Items) : p.Transfer(to, doc, input.TransferredOn!.Value, input.PetitionerToldOn!.Value));
        });

    public Task<Result> FileWithoutActionAsync(Actor actor, int id, int version, FilingInput input, CancellationToken ct = default) =>
        WorkAsync(actor, id, version, ct, async (db, p) =>
        {
            var note = (input.Note ?? "").Trim();
            if (input.Reason is null)
            {
                return Result.Fail(new DomainError("filing_reason_required", "請選擇存查理由（行政程序法第 173 條）。", nameof(FilingInput.Reason)));
            }

            if (note.Length > Petition.ReasonMaxLength)
            {
                return Result.Fail(new DomainError("text_too_long", $"存查說明最多 {Petition.ReasonMaxLength:N0} 字。", nameof(FilingInput.Note)));
            }

            int? related = null;
            if (!string.IsNullOrWhiteSpace(input.RelatedPetitionNumber))
            {
                var number = input.RelatedPetitionNumber.Trim();
                if (number.Length > Petition.NumberMaxLength)
                {
                    return Result.Fail(new DomainError("text_too_long", $"前案陳情編號最多 {Petition.NumberMaxLength} 字（例如 115陳00001）。", nameof(FilingInput.RelatedPetitionNumber)));
                }

                related = await db.Petitions.Where(x => x.Number == number && x.Id != p.Id).Select(x => (int?)x.Id).SingleOrDefaultAsync(ct);
                if (related is null)
                {
                    return Result.Fail(new DomainError("related_unknown", $"找不到陳情編號 {number}。", nameof(FilingInput.RelatedPetitionNumber)));
                }
            }

            if (input.Reason == FilingReason.RepeatedAfterClearAnswer)
            {
                if ((related ?? p.RelatedPetitionId) is not { } earlierId)
                {
                    return Result.Fail(new DomainError("related_required", "重複陳情請填寫已答覆的前案陳情編號。", nameof(FilingInput.RelatedPetitionNumber)));
                }

                // §173: only a petition repeating one already clearly answered may be filed without action.
                var earlier = await db.Petitions.Where(x => x.Id == earlierId).Select(x => new { x.Number, x.State }).SingleAsync(ct);
                if (earlier.State is not (PetitionState.Replied or PetitionState.Closed))
                {
                    return Result.Fail(new DomainError("related_not_answered", $"前案 {earlier.Number} 尚未函復（目前為「{PetitionNames.State(earlier.State)}」），不能以「同一事由經明確答覆後重複陳情」存查；請待前案函復後再存查，或依一般程序辦理。", nameof(FilingInput.RelatedPetitionNumber)));
                }
            }

            return p.FileWithoutAction(input.Reason.Value, note.Length == 0 ? null : note, related, TaipeiTime.Today(Clock));
        });

    public async Task<Result> ReopenAsync(Actor actor, int id, int version, string? reason, CancellationToken ct = default)
    {
        if (!PetitionAccess.CanReopen(actor))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(Petition), id, DomainError.Forbidden("重新開啟已結案的陳情須由主管為之。"), ct));
        }

        var text = (reason ?? "").Trim();
        if (text.Length == 0 || text.Length > Petition.ReasonMaxLength)
        {
            return Result.Fail(new DomainError("reopen_reason_required", $"請寫明重新開啟的理由（最多 {Petition.ReasonMaxLength} 字）。", "Reason"));
        }

        var calendar = await calendars.GetAsync(ct);
        return await WorkAsync(actor, id, version, ct, (_, p) => Task.FromResult(p.Reopen(text, TaipeiTime.Today(Clock), Clock.GetUtcNow().UtcDateTime, Policy, calendar)));
    }

    /// <summary>Loads the petition, checks the actor works it, runs the verb, saves against the version the user saw.</summary>
    private async Task<Result> WorkAsync(Actor actor, int id, int version, CancellationToken ct, Func<CaseDeskDbContext, Petition, Task<Result>> verb)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var petition = await db.Petitions.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (petition is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        if (!PetitionAccess.CanWork(actor, petition.UnitId, petition.HandlerId))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(Petition), id, DomainError.Forbidden("只有承辦人或主管可以辦理這件陳情。"), ct));
        }

        db.ExpectVersion(petition, version);
        var result = await verb(db, petition);
        return result.Succeeded ? await db.SaveOrConflictAsync(ct) : result;
    }

    private static async Task<Result<ValidPetitionInput>> ValidateAsync(CaseDeskDbContext db, Actor actor, PetitionInput input, CancellationToken ct)
    {
        var errors = input.ValidateText(TaipeiTime.Today(db.Clock), out var valid);
        int? caseId = null;
        if (!string.IsNullOrWhiteSpace(input.CaseNumber))
        {
            var parsed = Cases.CaseNumber.Parse(input.CaseNumber, nameof(PetitionInput.CaseNumber));
            if (!parsed.Succeeded)
            {
                errors.Add(parsed.Errors[0]);
            }
            else
            {
                var number = parsed.Value.Value;
                caseId = await db.Cases.Where(c => c.CaseNumber == number).Select(c => (int?)c.Id).SingleOrDefaultAsync(ct);
                errors.AddIf(caseId is null, "case_unknown", $"找不到執行案號 {number}；可留空，日後再連結。", nameof(PetitionInput.CaseNumber));
            }
        }

        int? relatedId = null;
        if (!string.IsNullOrWhiteSpace(input.RelatedPetitionNumber))
        {
            var number = input.RelatedPetitionNumber.Trim();
            relatedId = await db.Petitions.Where(p => p.Number == number).Select(p => (int?)p.Id).SingleOrDefaultAsync(ct);
            errors.AddIf(relatedId is null, "related_unknown", $"找不到陳情編號 {number}。", nameof(PetitionInput.RelatedPetitionNumber));
        }

        if (input.UnitId is { } unitId)
        {
            errors.AddIf(!await db.Units.AnyAsync(u => u.Id == unitId && u.IsActive, ct), "unit_unknown", "所選的執行股不存在。", nameof(PetitionInput.UnitId));
        }

        if (input.SectionId is { } sectionId)
        {
            errors.AddIf(!await db.Sections.AnyAsync(s => s.Id == sectionId && s.IsActive, ct), "section_unknown", "所選的科室不存在。", nameof(PetitionInput.SectionId));
        }

        if (input.HandlerId is { } handlerId)
        {
            var handler = await db.Staff.Where(s => s.Id == handlerId && s.IsActive).Select(s => new { s.UnitId }).SingleOrDefaultAsync(ct);
            errors.AddIf(handler is null, "handler_unknown", "所選的承辦人不存在或已離職。", nameof(PetitionInput.HandlerId));
            errors.AddIf(handler is not null && !actor.IsSupervisor && handlerId != actor.StaffId, "handler_not_self", "書記官登錄時只能指定自己承辦；分派給他人請由主管為之。", nameof(PetitionInput.HandlerId));
        }

        return errors.Any || valid is null
            ? Result<ValidPetitionInput>.Fail(errors.Items)
            : Result.Success(valid with { CaseId = caseId, RelatedPetitionId = relatedId });
    }
}
