using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseDesk.Domain.Installments;

/// <summary>
/// Installment plans: the application taken at the desk, the rule check shown as it is typed, four-eyes
/// approval, payments and their allocation, default, revocation and rescheduling.
/// </summary>
public sealed partial class InstallmentService(CaseDeskDbFactory dbFactory, CalendarService calendars, IOptions<InstallmentOptions> options)
{
    private InstallmentOptions Options => options.Value;

    private TimeProvider Clock => dbFactory.Clock;

    /// <summary>The rule evaluation, what blocks approval, and the schedule it would give — for the form, as the clerk types.</summary>
    public async Task<Result<ApplicationCheck>> CheckAsync(Actor actor, int caseId, InstallmentApplicationInput input, int? reschedulingPlanId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var target = await TargetAsync(db, actor, caseId, reschedulingPlanId, ct);
        if (!target.Succeeded)
        {
            return Result<ApplicationCheck>.Fail(target.Errors);
        }

        var amount = target.Value.Amount;
        var policy = await CurrentPolicyAsync(db, ct);
        var today = TaipeiTime.Today(Clock);
        var errors = ApplicationRules.Validate(input, target.Value, today, policy, out _, out var evaluation);
        var calendar = await calendars.GetAsync(ct);
        IReadOnlyList<ScheduleLine> schedule = [];
        if (input.RequestedInstallments is { } n && n >= 1 && n <= InstallmentPolicy.HardCap && input.DayOfMonth is >= 1 and <= 31)
        {
            var first = input.FirstPaidOnApplication && input.FirstPaymentAmount is > 0 && input.FirstPaymentAmount < amount ? input.FirstPaymentAmount : null;
            schedule = InstallmentSchedule.Build(amount, n, today, first, input.DayOfMonth.Value, Options.RemainderOn, calendar);
            var adjusted = ApplicationRules.Adjust(schedule, input.AdjustedAmounts, amount, first, errors);
            schedule = adjusted ?? schedule;
        }

        return Result.Success(new ApplicationCheck(evaluation, errors.Items, ApplicationRules.MissingForApproval(input), schedule));
    }

    public async Task<Result<int>> SubmitAsync(Actor actor, int caseId, InstallmentApplicationInput input, int? reschedulingPlanId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var target = await TargetAsync(db, actor, caseId, reschedulingPlanId, ct);
        if (!target.Succeeded)
        {
            return Result<int>.Fail(target.Errors);
        }

        if (actor.StaffId is not { } staffId)
        {
            return await dbFactory.RefuseAsync(actor, "EnforcementCase", caseId, DomainError.Forbidden("您的帳號沒有對應的人員資料，不能受理申請。"), ct);
        }

        var open = await db.InstallmentPlans.Where(p => p.CaseId == caseId && p.State == PlanState.Submitted).AnyAsync(ct);
        var active = await db.InstallmentPlans.Where(p => p.CaseId == caseId && p.State == PlanState.Active).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        if (open)
        {
            return new DomainError("plan_pending", "這件案件已有一份待核定的分期申請；請修改該申請或等候核定。");
        }

        if (active is not null && active != reschedulingPlanId)
        {
            return new DomainError("plan_active", "這件案件已有執行中的分期；如需變更請使用「重新分期」。");
        }

        var amount = target.Value.Amount;
        var policy = await CurrentPolicyAsync(db, ct);
        var today = TaipeiTime.Today(Clock);
        var errors = ApplicationRules.Validate(input, target.Value, today, policy, out var valid, out var evaluation);
        if (input.FirstPaidOnApplication && input.FirstPaymentReceipt is { Length: > 0 } receipt && await ReceiptTakenAsync(db, receipt.Trim(), ct))
        {
            errors.Add("receipt_duplicate", $"收據號碼 {receipt.Trim()} 已經登錄過。", nameof(input.FirstPaymentReceipt));
        }
        else if (input.FirstPaidOnApplication && input.FirstPaymentReceipt is { Length: > 0 } pendingReceipt && await FirstReceiptPendingAsync(db, pendingReceipt.Trim(), null, ct))
        {
            errors.Add("receipt_duplicate", PendingReceiptMessage(pendingReceipt.Trim()), nameof(input.FirstPaymentReceipt));
        }

        var calendar = await calendars.GetAsync(ct);
        IReadOnlyList<ScheduleLine>? schedule = null;
        if (valid is not null)
        {
            var built = InstallmentSchedule.Build(amount, valid.RequestedInstallments, today, valid.FirstPaidOnApplication, valid.DayOfMonth, Options.RemainderOn, calendar);
            schedule = ApplicationRules.Adjust(built, input.AdjustedAmounts, amount, valid.FirstPaidOnApplication, errors) ?? built;
        }

        if (errors.Any)
        {
            return Result<int>.Fail(errors.Items);
        }

        var planVersion = await db.InstallmentPlans.Where(p => p.CaseId == caseId).Select(p => (int?)p.PlanVersion).MaxAsync(ct) ?? 0;
        var plan = InstallmentPlan.Submit(valid!, caseId, planVersion + 1, reschedulingPlanId, evaluation!, schedule!, today, staffId, actor.AuditName);
        db.InstallmentPlans.Add(plan);
        await db.SaveChangesAsync(ct);
        return Result.Success(plan.Id);
    }

    public async Task<Result> ReviseAsync(Actor actor, int planId, int version, InstallmentApplicationInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var plan = await LoadAsync(db, planId, ct);
        if (plan is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        var target = await TargetAsync(db, actor, plan.CaseId, plan.PreviousPlanId, ct);
        if (!target.Succeeded)
        {
            return Result.Fail(target.Errors);
        }

        if (actor.StaffId is not { } staffId)
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(InstallmentPlan), planId, DomainError.Forbidden("您的帳號沒有對應的人員資料，不能修改申請。"), ct));
        }

        var amount = target.Value.Amount;
        var policy = await CurrentPolicyAsync(db, ct);
        var today = TaipeiTime.Today(Clock);
        var errors = ApplicationRules.Validate(input, target.Value, today, policy, out var valid, out var evaluation);
        if (valid?.FirstPaymentReceipt is { } receipt && receipt != plan.FirstPaymentReceipt && await ReceiptTakenAsync(db, receipt, ct))
        {
            errors.Add("receipt_duplicate", $"收據號碼 {receipt} 已經登錄過。", nameof(input.FirstPaymentReceipt));
        }
        else if (valid?.FirstPaymentReceipt is { } pendingReceipt && pendingReceipt != plan.FirstPaymentReceipt && await FirstReceiptPendingAsync(db, pendingReceipt, planId, ct))
        {
            errors.Add("receipt_duplicate", PendingReceiptMessage(pendingReceipt), nameof(input.FirstPaymentReceipt));
        }

        var calendar = await calendars.GetAsync(ct);
        IReadOnlyList<ScheduleLine>? schedule = null;
        if (valid is not null)
        {
            var built = InstallmentSchedule.Build(amount, valid.RequestedInstallments, plan.AppliedOn, valid.FirstPaidOnApplication, valid.DayOfMonth, Options.RemainderOn, calendar);
            schedule = ApplicationRules.Adjust(built, input.AdjustedAmounts, amount, valid.FirstPaidOnApplication, errors) ?? built;
        }

        if (errors.Any)
        {
            return Result.Fail(errors.Items);
        }

        db.ExpectVersion(plan, version);
        var result = plan.Revise(valid!, evaluation!, schedule!, staffId, actor.AuditName, Clock.GetUtcNow().UtcDateTime);
        return result.Succeeded ? await db.SaveOrConflictAsync(ct) : result;
    }

    public async Task<Result> ApproveAsync(Actor actor, int planId, int version, CancellationToken ct = default)
    {
        if (!actor.IsSupervisor || actor.StaffId is not { } staffId)
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(InstallmentPlan), planId, DomainError.Forbidden("分期繳納須由主管核定。"), ct));
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        var plan = await LoadAsync(db, planId, ct);
        if (plan is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        db.ExpectVersion(plan, version);
        var decider = plan.CheckDecider(staffId, "核定");
        if (!decider.Succeeded)
        {
            return await dbFactory.AuditRefusalAsync(actor, nameof(InstallmentPlan), planId, decider, ct);
        }

        if (plan.FirstPaymentReceipt is { } receipt && await ReceiptTakenAsync(db, receipt, ct))
        {
            return Result.Fail(new DomainError("receipt_duplicate", $"第一期收據號碼 {receipt} 已經登錄過；請修改申請。"));
        }

        // The application is judged again as it stands today: the case's amount owed (or the old plan's balance) and the
        // policy in force may have changed since it was submitted.
        InstallmentPlan? previous = null;
        if (plan.PreviousPlanId is { } previousId)
        {
            previous = await LoadAsync(db, previousId, ct);
            if (previous is null || previous.State != PlanState.Active || previous.Balance != plan.AmountOwed)
            {
                return Result.Fail(new DomainError("reschedule_balance_changed", "原分期的剩餘金額已變動（或已非執行中），請依目前餘額修改重新分期申請。"));
            }
        }

        var target = await TargetAsync(db, actor, plan.CaseId, plan.PreviousPlanId, ct);
        if (!target.Succeeded)
        {
            return Result.Fail(target.Errors);
        }

        if (target.Value.Amount != plan.AmountOwed)
        {
            return Result.Fail(new DomainError("amount_changed", $"案件的執行金額已變動（申請時 {Money.Format(plan.AmountOwed)}，目前 {Money.Format(target.Value.Amount)}）；請書記官依目前金額修改申請後再核定。"));
        }

        var today = TaipeiTime.Today(Clock);
        var policy = await CurrentPolicyAsync(db, ct);
        var recheck = ApplicationRules.Validate(plan.ToInput(), target.Value, today, policy, out _, out var evaluation);
        if (recheck.Any)
        {
            var errors = new List<DomainError> { new("approval_recheck", $"依目前的分期標準（第 {policy.Number} 版）與執行金額重新檢核，這份申請已不符規定，請書記官修改後再核定：") };
            errors.AddRange(recheck.Items.Select(e => e with { Field = null }));
            return Result.Fail(errors);
        }

        var calendar = await calendars.GetAsync(ct);
        var result = plan.Approve(staffId, actor.AuditName, Clock.GetUtcNow().UtcDateTime, today, evaluation!, Options.GraceWorkingDays, calendar);
        if (!result.Succeeded)
        {
            return result;
        }

        previous?.Supersede(plan.Id);
        var enforcementCase = await db.Cases.SingleAsync(c => c.Id == plan.CaseId, ct);
        enforcementCase.MoveTo(plan.State == PlanState.Completed ? CaseStatus.Closed : CaseStatus.InstallmentPlan, $"分期繳納經 {actor.AuditName} 核定");
        return await SaveAsync(db, ct);
    }

    public async Task<Result> RejectAsync(Actor actor, int planId, int version, string? reason, CancellationToken ct = default)
    {
        if (!actor.IsSupervisor || actor.StaffId is not { } staffId)
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(InstallmentPlan), planId, DomainError.Forbidden("駁回分期繳納申請須由主管為之。"), ct));
        }

        var text = (reason ?? "").Trim();
        if (text.Length == 0 || text.Length > InstallmentPlan.ReasonMaxLength)
        {
            return Result.Fail(new DomainError("reject_reason_required", $"請寫明駁回理由（最多 {InstallmentPlan.ReasonMaxLength} 字）。", "Reason"));
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        var plan = await LoadAsync(db, planId, ct);
        if (plan is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        db.ExpectVersion(plan, version);
        var result = plan.Reject(actor.AuditName, staffId, text, Clock.GetUtcNow().UtcDateTime);
        return result.Succeeded ? await db.SaveOrConflictAsync(ct) : await dbFactory.AuditRefusalAsync(actor, nameof(InstallmentPlan), planId, result, ct);
    }

    public async Task<Result> RecordPaymentAsync(Actor actor, int planId, int version, PaymentInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var plan = await LoadAsync(db, planId, ct);
        if (plan is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        if (!await CanChangeCaseAsync(db, actor, plan.CaseId, ct))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(InstallmentPlan), planId, DomainError.Forbidden("只有本股書記官或主管可以登錄繳款。"), ct));
        }

        var errors = new ErrorList();
        var receipt = (input.ReceiptNumber ?? "").Trim();
        var today = TaipeiTime.Today(Clock);
        errors.AddIf(input.PaidOn is null, "paid_on_required", "請輸入繳款日期。", nameof(input.PaidOn));
        errors.AddIf(input.PaidOn > today, "paid_on_future", "繳款日期不可晚於今天。", nameof(input.PaidOn));
        errors.AddIf(input.PaidOn < plan.AppliedOn, "paid_on_before_plan", $"繳款日期不可早於申請日（{RocDate.Format(plan.AppliedOn)}）。", nameof(input.PaidOn));
        errors.AddIf(input.Amount is null or <= 0, "payment_positive", "繳款金額必須大於 0 元。", nameof(input.Amount));
        errors.AddIf(input.Channel is null, "channel_required", "請選擇繳款管道。", nameof(input.Channel));
        errors.AddIf(receipt.Length == 0, "receipt_required", "請輸入收據號碼。", nameof(input.ReceiptNumber));
        errors.AddIf(receipt.Length > InstallmentPayment.ReceiptMaxLength, "text_too_long", $"收據號碼最多 {InstallmentPayment.ReceiptMaxLength} 字。", nameof(input.ReceiptNumber));
        if (receipt.Length > 0 && await ReceiptTakenAsync(db, receipt, ct))
        {
            errors.Add("receipt_duplicate", $"收據號碼 {receipt} 已經登錄過，同一筆款項不能重複登錄。", nameof(input.ReceiptNumber));
        }

        if (errors.Any)
        {
            return Result.Fail(errors.Items);
        }

        var calendar = await calendars.GetAsync(ct);
        db.ExpectVersion(plan, version);
        var result = plan.RecordPayment(InstallmentPayment.Create(input.PaidOn!.Value, input.Amount!.Value, input.Channel!.Value, receipt, actor.AuditName, Clock.GetUtcNow().UtcDateTime), Options.GraceWorkingDays, calendar);
        if (!result.Succeeded)
        {
            return result;
        }

        if (plan.State == PlanState.Completed)
        {
            var enforcementCase = await db.Cases.SingleAsync(c => c.Id == plan.CaseId, ct);
            enforcementCase.MoveTo(CaseStatus.Closed, "分期款項全部繳清");
        }

        return await SaveAsync(db, ct);
    }

    public async Task<Result> MarkChequeDishonouredAsync(Actor actor, int planId, int version, int paymentId, DateOnly? on, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var plan = await LoadAsync(db, planId, ct);
        if (plan is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        if (!await CanChangeCaseAsync(db, actor, plan.CaseId, ct))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(InstallmentPlan), planId, DomainError.Forbidden("只有本股書記官或主管可以登錄退票。"), ct));
        }

        if (on is null || on > TaipeiTime.Today(Clock))
        {
            return Result.Fail(new DomainError("dishonoured_on", "請輸入退票日期（不可晚於今天）。", "On"));
        }

        var calendar = await calendars.GetAsync(ct);
        var wasCompleted = plan.State == PlanState.Completed;
        db.ExpectVersion(plan, version);
        var result = plan.MarkChequeDishonoured(paymentId, on.Value, Options.GraceWorkingDays, calendar);
        if (!result.Succeeded)
        {
            return result;
        }

        if (wasCompleted)
        {
            var enforcementCase = await db.Cases.SingleAsync(c => c.Id == plan.CaseId, ct);
            enforcementCase.MoveTo(CaseStatus.InstallmentPlan, "支票退票，分期恢復");
        }

        return await SaveAsync(db, ct);
    }

    /// <summary>A cheque held as guarantee bounced: the plan is in default from that day (a default ground under the rules).</summary>
    public async Task<Result> MarkGuaranteeChequeDishonouredAsync(Actor actor, int planId, int version, int chequeId, DateOnly? on, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var plan = await LoadAsync(db, planId, ct);
        if (plan is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        if (!await CanChangeCaseAsync(db, actor, plan.CaseId, ct))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(InstallmentPlan), planId, DomainError.Forbidden("只有本股書記官或主管可以登錄退票。"), ct));
        }

        if (on is null || on > TaipeiTime.Today(Clock))
        {
            return Result.Fail(new DomainError("dishonoured_on", "請輸入退票日期（不可晚於今天）。", "On"));
        }

        var calendar = await calendars.GetAsync(ct);
        db.ExpectVersion(plan, version);
        var result = plan.MarkGuaranteeChequeDishonoured(chequeId, on.Value, Options.GraceWorkingDays, calendar);
        return result.Succeeded ? await SaveAsync(db, ct) : result;
    }

    /// <summary>廢止: a supervisor's decision, never automatic. The case returns to enforcement; a guarantor is flagged.</summary>
    public async Task<Result> RevokeAsync(Actor actor, int planId, int version, string? reason, CancellationToken ct = default)
    {
        if (!actor.IsSupervisor)
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(InstallmentPlan), planId, DomainError.Forbidden("廢止分期須由主管決定。"), ct));
        }

        var text = (reason ?? "").Trim();
        if (text.Length == 0 || text.Length > InstallmentPlan.ReasonMaxLength)
        {
            return Result.Fail(new DomainError("revoke_reason_required", $"請寫明廢止理由（最多 {InstallmentPlan.ReasonMaxLength} 字）。", "Reason"));
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        var plan = await LoadAsync(db, planId, ct);
        if (plan is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        db.ExpectVersion(plan, version);
        var result = plan.Revoke(text, actor.AuditName, TaipeiTime.Today(Clock));
        if (!result.Succeeded)
        {
            return result;
        }

        var enforcementCase = await db.Cases.SingleAsync(c => c.Id == plan.CaseId, ct);
        enforcementCase.MoveTo(CaseStatus.InEnforcement, $"分期經 {actor.AuditName} 廢止，恢復執行{(plan.GuarantorFlagged ? "（含保證人財產）" : "")}");
        return await SaveAsync(db, ct);
    }

    public static bool IsAllowedDocument(ReadOnlySpan<byte> head, out string contentType, out string extension)
    {
        (contentType, extension) = head switch
        {
            _ when head.StartsWith("%PDF-"u8) => ("application/pdf", ".pdf"),
            _ when head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }) => ("image/jpeg", ".jpg"),
            _ when head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }) => ("image/png", ".png"),
            _ => ("", ""),
        };
        return contentType.Length > 0;
    }

    /// <summary>
    /// Stores an uploaded supporting document outside the database. Only PDF, JPEG and PNG, recognised by
    /// their content (not their name), within the size limit.
    /// </summary>
    public async Task<Result> UploadDocumentAsync(Actor actor, int planId, string fileName, Stream content, long declaredSize, string documentRoot, CancellationToken ct = default)
    {
        if (declaredSize > Options.MaxDocumentBytes)
        {
            return Result.Fail(new DomainError("upload_too_big", $"檔案太大（上限 {Options.MaxDocumentBytes / 1024 / 1024} MB）。", "File"));
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        var plan = await LoadAsync(db, planId, ct);
        if (plan is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        if (!await CanChangeCaseAsync(db, actor, plan.CaseId, ct))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(InstallmentPlan), planId, DomainError.Forbidden("只有本股書記官或主管可以上傳文件。"), ct));
        }

        if (plan.State is not (PlanState.Submitted or PlanState.Active))
        {
            return Result.Fail(new DomainError("upload_plan_closed", $"這份分期目前為「{InstallmentPlan.StateName(plan.State)}」，不能再上傳文件；請在待核定或分期中的版本上傳。", "File"));
        }

        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        if (buffer.Length > Options.MaxDocumentBytes)
        {
            return Result.Fail(new DomainError("upload_too_big", $"檔案太大（上限 {Options.MaxDocumentBytes / 1024 / 1024} MB）。", "File"));
        }

        var bytes = buffer.ToArray();
        if (!IsAllowedDocument(bytes, out var contentType, out var extension))
        {
            return Result.Fail(new DomainError("upload_type", "只接受 PDF、JPEG 或 PNG 檔（依檔案內容判斷，而非副檔名）。", "File"));
        }

        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes));
        var name = Path.GetFileName(fileName);
        name = name.Length > InstallmentDocument.FileNameMaxLength ? name[..InstallmentDocument.FileNameMaxLength] : name;
        var stored = Guid.NewGuid().ToString("N") + extension;
        plan.AttachDocument(InstallmentDocument.Create(name, contentType, bytes.Length, stored, hash, actor.AuditName, Clock.GetUtcNow().UtcDateTime));

        // The file is written first and removed again unless the row that points to it is saved: a failed save leaves
        // no stray file, and no saved row points to a file that was never written.
        var folder = Path.Combine(documentRoot, planId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var path = Path.Combine(folder, stored);
        Directory.CreateDirectory(folder);
        var saved = false;
        try
        {
            await File.WriteAllBytesAsync(path, bytes, ct);
            var result = await SaveAsync(db, ct);
            saved = result.Succeeded;
            return result;
        }
        finally
        {
            if (!saved)
            {
                File.Delete(path);
            }
        }
    }

    private async Task<Result> SaveAsync(CaseDeskDbContext db, CancellationToken ct)
    {
        try
        {
            return await db.SaveOrConflictAsync(ct);
        }
        catch (DbUpdateException ex) when (IsDuplicateReceipt(db, ex))
        {
            // A receipt number taken a moment ago by someone else, after the check above: the unique index said no.
            return Result.Fail(new DomainError("receipt_duplicate", "收據號碼已經登錄過，同一筆款項不能重複登錄。", nameof(PaymentInput.ReceiptNumber)));
        }
    }

    /// <summary>Only the unique index on the receipt number is a duplicate receipt; every other failure stays an error.</summary>
    internal static bool IsDuplicateReceipt(CaseDeskDbContext db, DbUpdateException ex) =>
        db.IsUniqueViolation<InstallmentPayment>(ex, nameof(InstallmentPayment.ReceiptNumber));

    private static Task<bool> ReceiptTakenAsync(CaseDeskDbContext db, string receipt, CancellationToken ct) =>
        db.Set<InstallmentPayment>().AnyAsync(p => p.ReceiptNumber == receipt, ct);

    /// <summary>
    /// A first payment taken at the counter is recorded as a payment only on approval: until then its receipt number
    /// lives on the pending application, and a second application must not claim the same receipt.
    /// </summary>
    private static Task<bool> FirstReceiptPendingAsync(CaseDeskDbContext db, string receipt, int? exceptPlanId, CancellationToken ct) =>
        db.InstallmentPlans.AnyAsync(p => p.State == PlanState.Submitted && p.FirstPaymentReceipt == receipt && p.Id != exceptPlanId, ct);

    private static string PendingReceiptMessage(string receipt) =>
        $"收據號碼 {receipt} 已用於另一份待核定分期申請的第一期繳款，同一筆款項不能重複登錄。";

    private static async Task<bool> CanChangeCaseAsync(CaseDeskDbContext db, Actor actor, int caseId, CancellationToken ct)
    {
        var unitId = await db.Cases.Where(c => c.Id == caseId).Select(c => c.UnitId).SingleAsync(ct);
        return CaseAccess.CanChange(actor, unitId);
    }

    /// <summary>
    /// What the plan is judged against: the amount it covers (the case's debt, or the remaining balance when rescheduling),
    /// the referring agency, and for a rescheduling the first version's amount (the tier does not drop as the debt is paid)
    /// and the installments of earlier versions already elapsed (the limits hold for the total across versions).
    /// </summary>
    private async Task<Result<PlanTarget>> TargetAsync(CaseDeskDbContext db, Actor actor, int caseId, int? reschedulingPlanId, CancellationToken ct)
    {
        var c = await db.Cases.Where(x => x.Id == caseId).Select(x => new { x.UnitId, x.AmountOwed, x.Status, Agency = x.ReferringAgency!.Name }).SingleOrDefaultAsync(ct);
        if (c is null)
        {
            return DomainError.NotFound("找不到這件執行案件。");
        }

        if (!CaseAccess.CanChange(actor, c.UnitId))
        {
            return await dbFactory.RefuseAsync(actor, "EnforcementCase", caseId, DomainError.Forbidden("只有本股書記官或主管可以受理分期申請。"), ct);
        }

        if (c.Status == CaseStatus.Closed)
        {
            return new DomainError("case_closed", "已結案的案件不能申請分期。");
        }

        if (reschedulingPlanId is { } previousId)
        {
            var today = TaipeiTime.Today(Clock);
            var previous = await db.InstallmentPlans.Where(p => p.Id == previousId && p.CaseId == caseId)
                .Select(p => new { p.State, p.AmountOwed, p.PaidTotal, p.TierAmount, p.PriorInstallments, Elapsed = p.Installments.Count(i => i.DueOn <= today) })
                .SingleOrDefaultAsync(ct);
            if (previous is null || previous.State != PlanState.Active)
            {
                return new DomainError("reschedule_not_active", "只有執行中的分期可以重新分期。");
            }

            var tierAmount = previous.TierAmount > 0 ? previous.TierAmount : previous.AmountOwed;
            return Result.Success(new PlanTarget(previous.AmountOwed - previous.PaidTotal, c.Agency, tierAmount, previous.PriorInstallments + previous.Elapsed));
        }

        return Result.Success(new PlanTarget(c.AmountOwed, c.Agency, c.AmountOwed, 0));
    }

    private static Task<InstallmentPlan?> LoadAsync(CaseDeskDbContext db, int planId, CancellationToken ct) =>
        db.InstallmentPlans
            .Include(p => p.Installments)
            .Include(p => p.Payments)
            .Include(p => p.Cheques)
            .Include(p => p.DocumentFiles)
            .AsSplitQuery()
            .SingleOrDefaultAsync(p => p.Id == planId, ct);

    /// <summary>The policy in force today: of those already effective, the one that took effect last.</summary>
    internal static async Task<InstallmentPolicy> CurrentPolicyAsync(CaseDeskDbContext db, CancellationToken ct)
    {
        var today = TaipeiTime.Today(db.Clock);
        return await db.InstallmentPolicies.AsNoTracking().Where(p => p.EffectiveFrom <= today)
                   .OrderByDescending(p => p.EffectiveFrom).ThenByDescending(p => p.Number).FirstOrDefaultAsync(ct)
            ?? InstallmentPolicy.Statutory(new DateOnly(2008, 1, 1));
    }
}
