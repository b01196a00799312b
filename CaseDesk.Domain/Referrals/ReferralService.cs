using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseDesk.Domain.Referrals;

/// <summary>Who may do what with referrals and partners. Pages ask the same rules to hide what would be refused.</summary>
public static class ReferralAccess
{
    public static bool CanCreate(Actor actor) => (actor.IsClerk || actor.IsSupervisor) && actor.StaffId is not null;

    /// <summary>The clerk who handles it, the unit's clerks (a colleague covering), its supervisors and those over every unit.</summary>
    public static bool CanWork(Actor actor, int unitId, int clerkStaffId) =>
        (actor.StaffId is { } me && me == clerkStaffId)
        || (actor.IsClerk && actor.UnitId == unitId)
        || (actor.IsSupervisor && (actor.UnitId is null || actor.UnitId == unitId));

    public static bool CanSeeStatistics(Actor actor) => actor.IsSupervisor || actor.IsAdmin;

    public static bool CanManagePartners(Actor actor) => actor.IsAdmin;
}

/// <summary>
/// Welfare referrals (關懷弱勢 個案轉介): the clerk refers an obligor in hardship to a partner with the
/// obligor's consent, sends the referral form (e-mail, fax, post), and follows it round the closed loop
/// until the partner's outcome is recorded. Deadlines count working days of the office calendar.
/// </summary>
public sealed partial class ReferralService(CaseDeskDbFactory dbFactory, CalendarService calendars, IOptions<ReferralOptions> options)
{
    public const string ItemType = nameof(Referral);

    private ReferralOptions Options => options.Value;

    private TimeProvider Clock => dbFactory.Clock;

    private DateOnly Today => TaipeiTime.Today(Clock);

    // ── Partners (admins) ──────────────────────────────────────────────

    public async Task<Result<int>> CreatePartnerAsync(Actor actor, PartnerInput input, CancellationToken ct = default)
    {
        if (!ReferralAccess.CanManagePartners(actor))
        {
            return await dbFactory.RefuseAsync(actor, "WelfarePartner", "new", DomainError.Forbidden("只有系統管理員可以維護合作單位。"), ct);
        }

        var valid = ReferralValidation.Partner(input);
        if (!valid.Succeeded)
        {
            return Result<int>.Fail(valid.Errors);
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        if (await db.WelfarePartners.AnyAsync(p => p.Name == valid.Value.Name, ct))
        {
            return new DomainError("partner_duplicate", "已經有同名的合作單位。", "Name");
        }

        var partner = WelfarePartner.Create(valid.Value);
        db.WelfarePartners.Add(partner);
        await db.SaveChangesAsync(ct);
        return Result.Success(partner.Id);
    }

    public async Task<Result> UpdatePartnerAsync(Actor actor, int partnerId, int version, PartnerInput input, CancellationToken ct = default)
    {
        if (!ReferralAccess.CanManagePartners(actor))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, "WelfarePartner", partnerId, DomainError.Forbidden("只有系統管理員可以維護合作單位。"), ct));
        }

        var valid = ReferralValidation.Partner(input);
        if (!valid.Succeeded)
        {
            return valid;
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        var partner = await db.WelfarePartners.SingleOrDefaultAsync(p => p.Id == partnerId, ct);
        if (partner is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        if (await db.WelfarePartners.AnyAsync(p => p.Id != partnerId && p.Name == valid.Value.Name, ct))
        {
            return Result.Fail(new DomainError("partner_duplicate", "已經有同名的合作單位。", "Name"));
        }

        db.ExpectVersion(partner, version);
        partner.Update(valid.Value);
        return await db.SaveOrConflictAsync(ct);
    }

    public async Task<Result> SetPartnerActiveAsync(Actor actor, int partnerId, int version, bool active, CancellationToken ct = default)
    {
        if (!ReferralAccess.CanManagePartners(actor))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, "WelfarePartner", partnerId, DomainError.Forbidden("只有系統管理員可以維護合作單位。"), ct));
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        var partner = await db.WelfarePartners.SingleOrDefaultAsync(p => p.Id == partnerId, ct);
        if (partner is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        db.ExpectVersion(partner, version);
        partner.SetActive(active, active ? "恢復使用合作單位" : "停用合作單位（既有轉介不受影響）");
        return await db.SaveOrConflictAsync(ct);
    }

    /// <summary>Deletes a partner nobody ever referred to (a typo); one in use can only be deactivated.</summary>
    public async Task<Result> DeletePartnerAsync(Actor actor, int partnerId, int version, CancellationToken ct = default)
    {
        if (!ReferralAccess.CanManagePartners(actor))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, "WelfarePartner", partnerId, DomainError.Forbidden("只有系統管理員可以維護合作單位。"), ct));
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        var partner = await db.WelfarePartners.SingleOrDefaultAsync(p => p.Id == partnerId, ct);
        if (partner is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        var used = await db.Referrals.CountAsync(r => r.PartnerId == partnerId, ct);
        if (used > 0)
        {
            return Result.Fail(new DomainError("partner_in_use", $"{partner.Name}已有 {used} 件轉介紀錄，不能刪除；不再合作時請改為「停用」。"));
        }

        db.ExpectVersion(partner, version);
        db.WelfarePartners.Remove(partner);
        try
        {
            return await db.SaveOrConflictAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A referral to it was saved at the same moment: the foreign key keeps the partner.
            return Result.Fail(new DomainError("partner_in_use", $"{partner.Name}已有轉介紀錄，不能刪除；請改為「停用」。"));
        }
    }

    // ── Referrals ─────────────────────────────────────────────────────

    public async Task<Result<int>> CreateAsync(Actor actor, ReferralInput input, CancellationToken ct = default)
    {
        if (!ReferralAccess.CanCreate(actor))
        {
            return await dbFactory.RefuseAsync(actor, nameof(Referral), "new", DomainError.Forbidden("只有書記官或主管可以建立轉介。"), ct);
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        var errors = new ErrorList();
        var (caseId, caseUnit) = await FindCaseAsync(db, input.CaseNumber, errors, ct);
        if (caseUnit is { } u && !CaseAccess.CanChange(actor, u))
        {
            return await dbFactory.RefuseAsync(actor, "EnforcementCase", caseId, DomainError.Forbidden("這件執行案件不是貴股的案件，請由承辦股辦理轉介。"), ct);
        }

        var partner = input.PartnerId is { } pid ? await db.WelfarePartners.SingleOrDefaultAsync(p => p.Id == pid, ct) : null;
        var valid = ReferralValidation.Referral(input, caseId, partner, Today, errors);
        if (valid is null)
        {
            return Result<int>.Fail(errors.Items);
        }

        var unitId = caseUnit ?? actor.UnitId ?? await db.Staff.Where(s => s.Id == actor.StaffId).Select(s => s.UnitId).SingleOrDefaultAsync(ct);
        if (unitId is null)
        {
            return new DomainError("referral_unit", "無法判斷承辦股：請由執行股同仁建立，或指定執行案件。", "CaseNumber");
        }

        var rocYear = RocDate.RocYear(Today);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var sequence = await NumberSeries.NextAsync<Referral>(db, rocYear, ct);
        var referral = Referral.Create(valid, $"{rocYear}轉{sequence:00000}", rocYear, sequence, unitId.Value, actor.StaffId!.Value);
        db.Referrals.Add(referral);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.PublishCommittedChanges();
        return Result.Success(referral.Id);
    }

    public async Task<Result> UpdateDraftAsync(Actor actor, int referralId, int version, ReferralInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var referral = await db.Referrals.SingleOrDefaultAsync(r => r.Id == referralId, ct);
        if (referral is null || !ReferralAccess.CanWork(actor, referral.UnitId, referral.ClerkStaffId))
        {
            return Result.Fail(referral is null ? DomainError.NotFound() : await dbFactory.RefuseAsync(actor, nameof(Referral), referralId, DomainError.Forbidden(), ct));
        }

        if (referral.State != ReferralState.Draft)
        {
            return Result.Fail(new DomainError("referral_not_draft", "轉介已送出，內容不能再修改；如需更正請撤回後重新轉介。"));
        }

        var errors = new ErrorList();
        var (caseId, caseUnit) = await FindCaseAsync(db, input.CaseNumber, errors, ct);
        if (caseUnit is { } u && !CaseAccess.CanChange(actor, u))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(Referral), referralId, DomainError.Forbidden("這件執行案件不是貴股的案件。"), ct));
        }

        var partner = input.PartnerId is { } pid ? await db.WelfarePartners.SingleOrDefaultAsync(p => p.Id == pid, ct) : null;
        var valid = ReferralValidation.Referral(input, caseId, partner, Today, errors);
        if (valid is null)
        {
            return Result.Fail(errors.Items);
        }

        db.ExpectVersion(referral, version);
        referral.UpdateDraft(valid, caseUnit);
        return await db.SaveOrConflictAsync(ct);
    }

    /// <summary>One step of the closed loop (send, acknowledge, close…), validated with messages a clerk understands; audited.</summary>
    public async Task<Result> ActAsync(Actor actor, int referralId, int version, ReferralStep step, CancellationToken ct = default)
    {
        var calendar = await calendars.GetAsync(ct);
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var referral = await db.Referrals.SingleOrDefaultAsync(r => r.Id == referralId, ct);
        if (referral is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        if (!ReferralAccess.CanWork(actor, referral.UnitId, referral.ClerkStaffId))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(Referral), referralId, DomainError.Forbidden("只有承辦股同仁或主管可以處理這件轉介。"), ct));
        }

        if (referral.Version != version)
        {
            return Result.Fail(ConcurrencyConflict.Error(referral.UpdatedAtUtc, referral.UpdatedBy));
        }

        db.ExpectVersion(referral, version);
        var today = Today;
        var on = step.On ?? today;
        var note = ReferralValidation.Prose(step.Note);
        var errors = new ErrorList();
        errors.AddIf(on > today, "step_future", "日期不能晚於今天。", "On");
        errors.AddIf(note?.Length > Referral.TextMaxLength, "step_note", $"說明最多 {Referral.TextMaxLength} 字。", "Note");
        var refused = StateRefusal(referral.State, step.Action);
        if (refused is not null)
        {
            return Result.Fail(new DomainError("referral_state", refused));
        }

        var holdBackForm = false;
        switch (step.Action)
        {
            case ReferralAction.RecordConsent:
                var consent = ReferralValidation.Consent(new ConsentInput(step.On, step.ConsentMethod, step.ConsentRecordedBy), today, errors);
                if (errors.Any)
                {
                    return Result.Fail(errors.Items);
                }

                referral.RecordConsent(consent!.On, consent.Method, consent.RecordedBy);
                break;

            case ReferralAction.Send:
                var sent = await SendAsync(db, referral, step, on, calendar, errors, ct);
                if (!sent)
                {
                    return Result.Fail(errors.Items);
                }

                break;

            case ReferralAction.Acknowledge:
                var reference = ReferralValidation.Clean(step.PartnerReference);
                errors.AddIf(on < referral.SentOn, "ack_before_sent", $"收案日期不能早於轉介送出日（{RocDate.Format(referral.SentOn!.Value)}）。", "On");
                errors.AddIf(reference?.Length > 50, "ack_reference", "對方案號最多 50 字。", "PartnerReference");
                if (errors.Any)
                {
                    return Result.Fail(errors.Items);
                }

                referral.Acknowledge(on, reference);
                break;

            case ReferralAction.StartService:
                errors.AddIf(on < referral.AcknowledgedOn, "service_before_ack", $"開始服務日期不能早於收案日（{RocDate.Format(referral.AcknowledgedOn!.Value)}）。", "On");
                if (errors.Any)
                {
                    return Result.Fail(errors.Items);
                }

                referral.StartService(on, note);
                break;

            case ReferralAction.Close:
                errors.AddIf(step.Outcome is null, "close_outcome", "請選擇處理結果。", "Outcome");
                errors.AddIf(step.Outcome == ReferralOutcome.Other && note is null, "close_note", "處理結果為「其他」時請說明。", "Note");
                errors.AddIf(on < referral.AcknowledgedOn, "close_before_ack", $"結案日期不能早於收案日（{RocDate.Format(referral.AcknowledgedOn!.Value)}）。", "On");
                errors.AddIf(on < referral.InServiceOn, "close_before_service", $"結案日期不能早於開始服務日（{RocDate.Format(referral.InServiceOn)}）。", "On");
                if (errors.Any)
                {
                    return Result.Fail(errors.Items);
                }

                referral.Close(on, step.Outcome!.Value, note);
                break;

            case ReferralAction.Reject:
                errors.AddIf(note is null, "reject_reason", "請填寫合作單位退件的原因。", "Note");
                errors.AddIf(on < referral.SentOn, "reject_before_sent", $"退件日期不能早於轉介送出日（{RocDate.Format(referral.SentOn!.Value)}）。", "On");
                errors.AddIf(on < referral.AcknowledgedOn, "reject_before_ack", $"退件日期不能早於收案日（{RocDate.Format(referral.AcknowledgedOn)}）。", "On");
                if (errors.Any)
                {
                    return Result.Fail(errors.Items);
                }

                referral.Reject(on, note!);
                break;

            case ReferralAction.Withdraw:
                errors.AddIf(note is null, "withdraw_reason", "請填寫撤回的原因（例如：義務人撤回同意）。", "Note");
                if (LatestStep(referral) is { } latest && on < latest.On)
                {
                    errors.Add("withdraw_before_step", $"撤回日期不能早於{latest.Name}（{RocDate.Format(latest.On)}）。", "On");
                }

                if (errors.Any)
                {
                    return Result.Fail(errors.Items);
                }

                referral.Withdraw(on, note!);
                holdBackForm = true;
                break;

            case ReferralAction.Reopen:
                errors.AddIf(note is null, "reopen_reason", "請填寫重新開啟的原因。", "Note");
                if (errors.Any)
                {
                    return Result.Fail(errors.Items);
                }

                // A referral withdrawn before its form ever reached the partner (the mail was held back) goes back to draft, to be sent again.
                var neverDelivered = referral.State == ReferralState.Withdrawn && referral.SendMethod == SendMethod.Email
                    && !await db.OutboxMails.AnyAsync(m => m.NotificationId == null && m.AttachmentName == FormFileName(referral.Number) && m.State == MailState.Sent, ct);
                referral.Reopen(note!, neverDelivered);
                break;

            case ReferralAction.FollowUp:
                errors.AddIf(note is null, "followup_note", "請記錄追蹤的情形（例如：電話詢問社工，已安排訪視）。", "Note");
                errors.AddIf(step.NextFollowUpOn is { } next && next <= today, "followup_next", "下次追蹤日期應晚於今天。", "NextFollowUpOn");
                errors.AddIf(on < referral.SentOn, "followup_before_sent", $"追蹤日期不能早於轉介送出日（{RocDate.Format(referral.SentOn)}）。", "On");
                if (errors.Any)
                {
                    return Result.Fail(errors.Items);
                }

                referral.RecordFollowUp(on, note!, step.NextFollowUpOn);
                break;
        }

        if (step.LiftDeferral && step.Action is ReferralAction.Close or ReferralAction.Reject or ReferralAction.Withdraw && referral.CaseId is { } deferredCase)
        {
            var enforcementCase = await db.Cases.SingleAsync(c => c.Id == deferredCase, ct);
            if (enforcementCase.Status == CaseStatus.Deferred)
            {
                enforcementCase.EndDeferral($"轉介 {referral.Number}「{Referral.StateName(referral.State)}」");
            }
        }

        if (!holdBackForm)
        {
            return await db.SaveOrConflictAsync(ct);
        }

        // Withdrawn (the obligor may have withdrawn the consent): a form still waiting in the outbox stays in the
        // office. Only a mail the sender has not claimed is held back, in the same transaction as the withdrawal;
        // one already on its way is delivered and recorded as sent.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = Clock.GetUtcNow().UtcDateTime;
        var document = FormFileName(referral.Number);
        await db.OutboxMails
            .Where(m => m.NotificationId == null && m.AttachmentName == document && m.State == MailState.Pending && (m.ClaimedUntilUtc == null || m.ClaimedUntilUtc < now))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.State, MailState.Cancelled), ct);
        var saved = await db.SaveOrConflictAsync(ct);
        if (saved.Succeeded)
        {
            await tx.CommitAsync(ct);
        }

        return saved;
    }

    /// <summary>Why <paramref name="action"/> is not possible in <paramref name="state"/>, or null when it is.</summary>
    public static string? StateRefusal(ReferralState state, ReferralAction action) => (action, state) switch
    {
        (ReferralAction.RecordConsent or ReferralAction.Send, ReferralState.Draft) => null,
        (ReferralAction.RecordConsent, _) => "轉介送出後不能再修改同意紀錄。",
        (ReferralAction.Send, _) => "這件轉介已經送出。",
        (ReferralAction.Acknowledge, ReferralState.Sent) => null,
        (ReferralAction.Acknowledge, ReferralState.Draft) => "轉介尚未送出，不能登錄收案。",
        (ReferralAction.Acknowledge, _) => "這件轉介已經登錄過收案或已結束。",
        (ReferralAction.StartService, ReferralState.Acknowledged) => null,
        (ReferralAction.StartService, _) => "合作單位收案後才能登錄開始服務。",
        (ReferralAction.Close, ReferralState.Acknowledged or ReferralState.InService) => null,
        (ReferralAction.Close, ReferralState.Sent) => "合作單位尚未收案：請先登錄收案回覆；對方不受理時請登錄退件。",
        (ReferralAction.Close, _) => "這件轉介不能結案（尚未送出或已經結束）。",
        (ReferralAction.Reject, ReferralState.Sent or ReferralState.Acknowledged) => null,
        (ReferralAction.Reject, _) => "只有已送出或已收案的轉介可以登錄退件。",
        (ReferralAction.Withdraw, _) when !Referral.IsFinished(state) => null,
        (ReferralAction.Withdraw, _) => "這件轉介已經結束。",
        (ReferralAction.Reopen, _) when Referral.IsFinished(state) => null,
        (ReferralAction.Reopen, _) => "只有已結束的轉介可以重新開啟。",
        (ReferralAction.FollowUp, _) when Referral.IsActive(state) => null,
        (ReferralAction.FollowUp, _) => "只有進行中的轉介可以記錄追蹤。",
        _ => "這個動作目前不能執行。",
    };

    /// <summary>The consent gate, the partner's contact for the chosen method, the deadlines, the e-mail and (optionally) the case's deferral.</summary>
    private async Task<bool> SendAsync(CaseDeskDbContext db, Referral referral, ReferralStep step, DateOnly on, WorkingCalendar calendar, ErrorList errors, CancellationToken ct)
    {
        if (!referral.HasConsent)
        {
            errors.Add("referral_no_consent", "義務人尚未同意將資料提供給合作單位，不能送出轉介。請先記錄同意（簽名或口頭）。");
            return false;
        }

        errors.AddIf(on < referral.ConsentOn, "send_before_consent", $"轉介日期不能早於義務人同意日（{RocDate.Format(referral.ConsentOn!.Value)}）。", "On");
        errors.AddIf(step.Method is null, "send_method", "請選擇轉介方式（電子郵件、傳真或郵寄）。", "Method");
        errors.AddIf(step.NextFollowUpOn < on, "send_followup_before_sent", $"追蹤日期不能早於轉介送出日（{RocDate.Format(on)}）；留空則為送出後第 {Options.FollowUpWorkingDays} 個工作日。", "NextFollowUpOn");
        var partner = await db.WelfarePartners.SingleAsync(p => p.Id == referral.PartnerId, ct);
        errors.AddIf(!partner.IsActive, "send_partner_inactive", $"{partner.Name}已停用，請修改草稿改選其他合作單位。", "Method");
        if (step.Method is { } m && partner.MissingContactFor(m) is { } missing)
        {
            errors.Add("send_no_contact", missing, "Method");
        }

        Cases.EnforcementCase? enforcementCase = null;
        if (step.DeferCase || step.DeferCaseUntil is not null)
        {
            var reason = ReferralValidation.Prose(step.DeferReason);
            errors.AddIf(referral.CaseId is null, "defer_no_case", "沒有連結執行案件，無法註記暫緩執行。", "DeferCaseUntil");
            Cases.EnforcementCase.ValidateDeferral(step.DeferCaseUntil, reason, Today, errors, "DeferCaseUntil", "DeferReason");
            if (referral.CaseId is { } caseId)
            {
                enforcementCase = await db.Cases.SingleAsync(c => c.Id == caseId, ct);
                errors.AddIf(enforcementCase.Status == CaseStatus.Closed, "defer_closed", "執行案件已結案，無法註記暫緩執行。", "DeferCaseUntil");
            }

            if (!errors.Any)
            {
                enforcementCase!.Defer(step.DeferCaseUntil!.Value, reason!, $"轉介 {referral.Number}");
            }
        }

        if (errors.Any)
        {
            return false;
        }

        var ackDue = calendar.AddWorkingDays(on, Options.AcknowledgeWorkingDays);
        // The clerk's own follow-up date is kept as chosen (a calendar change does not recount it); otherwise the default.
        var followUp = step.NextFollowUpOn ?? calendar.AddWorkingDays(on, Options.FollowUpWorkingDays);
        referral.Send(on, step.Method!.Value, ackDue, followUp, followUpSetByClerk: step.NextFollowUpOn is not null);
        if (step.Method == SendMethod.Email)
        {
            var form = await FormModelAsync(db, referral, ct);
            var subject = $"{Options.OfficeName} 個案轉介單 {referral.Number}（{WelfareNeeds.Names(referral.Needs)}）";
            var body = $"""
                {partner.ContactName} 您好：

                本分署依關懷弱勢個案轉介機制，轉介義務人 {referral.ObligorName} 一案（{WelfareNeeds.Names(referral.Needs)}），
                個案轉介單如附件，義務人已同意提供資料（{RocDate.Format(referral.ConsentOn!.Value)}）。
                敬請於 {RocDate.FormatLongWithWeekday(ackDue)} 前回覆收案情形，並惠告貴單位案號。

                {Options.OfficeName}
                承辦人：{form.ClerkName}（{form.UnitName}）{(form.ClerkPhone is null ? "" : "　電話：" + form.ClerkPhone)}
                """;
            db.OutboxMails.Add(OutboxMail.Document(Actor.System.UserId, partner.Email!, subject, body, FormFileName(referral.Number),
                ReferralFormDocument.Render(form, standalone: true), referral.Urgency == ReferralUrgency.Urgent, Clock.GetUtcNow().UtcDateTime));
        }

        return true;
    }

    /// <summary>The last step a withdrawal cannot be dated before: service started, acknowledged, sent, or (a draft) the day it was drafted.</summary>
    private static (DateOnly On, string Name)? LatestStep(Referral referral) =>
        referral.InServiceOn is { } service ? (service, "開始服務日")
        : referral.AcknowledgedOn is { } ack ? (ack, "收案日")
        : referral.SentOn is { } sent ? (sent, "轉介送出日")
        : (DateOnly.FromDateTime(TaipeiTime.ToLocal(referral.CreatedAtUtc)), "轉介建立日");

    /// <summary>The referral form's file name as the partner receives it (and as the outbox knows it).</summary>
    public static string FormFileName(string number) => $"個案轉介單-{number}.html";

    /// <summary>The case a referral names (by number); errors when a number is given but not found.</summary>
    private static async Task<(int? CaseId, int? UnitId)> FindCaseAsync(CaseDeskDbContext db, string? caseNumber, ErrorList errors, CancellationToken ct)
    {
        if (ReferralValidation.Clean(caseNumber) is not { } given)
        {
            return (null, null);
        }

        var parsed = CaseNumber.Parse(given);
        if (!parsed.Succeeded)
        {
            errors.Add("referral_case", "執行案號格式不正確（例如：115年度健保執字第00012345號）；沒有案件時請留白。", "CaseNumber");
            return (null, null);
        }

        var number = parsed.Value.Value;
        var found = await db.Cases.Where(c => c.CaseNumber == number).Select(c => new { c.Id, c.UnitId }).SingleOrDefaultAsync(ct);
        if (found is null)
        {
            errors.Add("referral_case", $"找不到執行案號 {number}。", "CaseNumber");
            return (null, null);
        }

        return (found.Id, found.UnitId);
    }
}
