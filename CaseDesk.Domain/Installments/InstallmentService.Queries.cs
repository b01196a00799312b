using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Installments;

public enum PlanFilter
{
    All,
    PendingApproval,
    Active,
    InDefault,
    Revoked,

    /// <summary>Revoked since the first day of this calendar quarter (the dashboard's card).</summary>
    RevokedThisQuarter,
    Completed,
}

public sealed partial class InstallmentService
{
    /// <summary>
    /// The plan with its statement record, hardship facts and payments — for those who work the case (its unit's clerks,
    /// supervisors); null for anyone else, as for a plan that does not exist.
    /// </summary>
    public async Task<PlanDetail?> GetAsync(Actor actor, int planId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var plan = await LoadAsync(db, planId, ct);
        if (plan is null || !(actor.IsClerk || actor.IsSupervisor))
        {
            return null;
        }

        var c = await db.Cases.Where(x => x.Id == plan.CaseId).Select(x => new { x.CaseNumber, x.ObligorName, x.UnitId, Agency = x.ReferringAgency!.Name }).SingleAsync(ct);
        var canChange = CaseAccess.CanChange(actor, c.UnitId);
        if (!canChange)
        {
            return null;
        }

        var today = TaipeiTime.Today(Clock);
        var calendar = await calendars.GetAsync(ct);
        var others = await db.InstallmentPlans.Where(p => p.CaseId == plan.CaseId && p.Id != planId).OrderBy(p => p.PlanVersion)
            .Select(p => new { p.Id, p.PlanVersion, p.State, p.AmountOwed, p.PaidTotal, Count = p.Installments.Count, p.AppliedOn, p.DefaultFrom, p.OldestUnpaidDueOn })
            .ToListAsync(ct);
        var handledByMe = plan.IsPreparedOrRevisedBy(actor.StaffId);
        var inDefault = plan.IsInDefault(today);
        return new PlanDetail
        {
            Id = plan.Id,
            Version = plan.Version,
            CaseId = plan.CaseId,
            CaseNumber = c.CaseNumber,
            ObligorName = c.ObligorName,
            AgencyName = c.Agency,
            PlanVersion = plan.PlanVersion,
            PreviousPlanId = plan.PreviousPlanId,
            ApplicantKind = plan.ApplicantKind,
            ApplicantName = plan.ApplicantName,
            Form = plan.Form,
            StatementRecord = plan.StatementRecord,
            RecordSignedBy = plan.RecordSignedBy,
            Reason = plan.Reason,
            StatementOfFacts = plan.StatementOfFacts,
            Documents = plan.Documents,
            DocumentsNote = plan.DocumentsNote,
            AmountOwed = plan.AmountOwed,
            RequestedInstallments = plan.RequestedInstallments,
            DayOfMonth = plan.DayOfMonth,
            SpecialReason = plan.SpecialReason,
            PolicyNumber = plan.PolicyNumber,
            TierMax = plan.TierMax,
            PriorInstallments = plan.PriorInstallments,
            ConsentOn = plan.ConsentOn,
            ConsentReference = plan.ConsentReference,
            Guarantee = plan.Guarantee,
            GuarantorName = plan.GuarantorName,
            GuarantorIdMasked = plan.GuarantorIdNumber is { } gid ? TaiwanId.Mask(gid) : null,
            GuarantorRelationship = plan.GuarantorRelationship,
            CollateralDescription = plan.CollateralDescription,
            Cheques = plan.Cheques.OrderBy(x => x.DueOn).ThenBy(x => x.Id).Select(x => new GuaranteeChequeView(x.Id, x.Number, x.Amount, x.DueOn, x.DishonouredOn)).ToList(),
            AppliedOn = plan.AppliedOn,
            PreparedBy = plan.PreparedBy,
            RevisedBy = plan.RevisedBy,
            RevisedAtUtc = plan.RevisedAtUtc,
            State = plan.State,
            DecidedBy = plan.DecidedBy,
            DecidedAtUtc = plan.DecidedAtUtc,
            RejectionReason = plan.RejectionReason,
            RevocationReason = plan.RevocationReason,
            RevokedOn = plan.RevokedOn,
            RevokedBy = plan.RevokedBy,
            GuarantorFlagged = plan.GuarantorFlagged,
            PaidTotal = plan.PaidTotal,
            InDefault = inDefault,
            DefaultFrom = plan.DefaultFrom,
            DishonouredSince = plan.DishonouredSince,
            RedatedOnApproval = plan.State == PlanState.Submitted && plan.NeedsRedating(today),
            Lines = plan.Installments.OrderBy(i => i.Number)
                .Select(i => new InstallmentLineView(i.Number, i.DueOn, i.Amount, i.PaidAmount, i.PaidAmount < i.Amount && calendar.WorkingDayOnOrAfter(i.DueOn) < today)).ToList(),
            Payments = plan.Payments.OrderBy(p => p.PaidOn).ThenBy(p => p.Id).Select(p => new PaymentView(p.Id, p.PaidOn, p.Amount, p.Channel, p.ReceiptNumber, p.DishonouredOn, p.RecordedBy)).ToList(),
            Files = plan.DocumentFiles.OrderBy(d => d.Id).Select(d => new DocumentView(d.Id, d.FileName, d.ContentType, d.Size, d.UploadedBy, d.UploadedAtUtc)).ToList(),
            OtherVersions = others.Select(o => new PlanSummary(o.Id, o.PlanVersion, o.State, o.AmountOwed, o.PaidTotal, o.Count, o.AppliedOn, o.State == PlanState.Active && o.DefaultFrom <= today, o.OldestUnpaidDueOn)).ToList(),
            Actions = new PlanActions(
                Revise: canChange && plan.State == PlanState.Submitted,
                Approve: actor.IsSupervisor && plan.State == PlanState.Submitted && !handledByMe,
                Reject: actor.IsSupervisor && plan.State == PlanState.Submitted && !handledByMe,
                RecordPayment: canChange && plan.State == PlanState.Active,
                Revoke: actor.IsSupervisor && inDefault,
                Dishonour: canChange && plan.State is PlanState.Active or PlanState.Completed,
                DishonourGuarantee: canChange && plan.State == PlanState.Active,
                Reschedule: canChange && plan.State == PlanState.Active && !others.Any(o => o.State == PlanState.Submitted),
                Upload: canChange && plan.State is PlanState.Submitted or PlanState.Active),
        };
    }

    /// <summary>The plans of one case, newest version first (the case page's section).</summary>
    public async Task<IReadOnlyList<PlanSummary>> ListForCaseAsync(int caseId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var today = TaipeiTime.Today(Clock);
        return await db.InstallmentPlans.Where(p => p.CaseId == caseId).OrderByDescending(p => p.PlanVersion)
            .Select(p => new PlanSummary(p.Id, p.PlanVersion, p.State, p.AmountOwed, p.PaidTotal, p.Installments.Count, p.AppliedOn,
                p.State == PlanState.Active && p.DefaultFrom != null && p.DefaultFrom <= today, p.OldestUnpaidDueOn))
            .ToListAsync(ct);
    }

    public async Task<PagedResult<PlanRow>> SearchAsync(Actor actor, PlanFilter filter, bool mineOnly, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var today = TaipeiTime.Today(Clock);
        var quarterStart = QuarterStart(today);
        var plans = db.InstallmentPlans.AsQueryable();
        plans = filter switch
        {
            PlanFilter.PendingApproval => plans.Where(p => p.State == PlanState.Submitted),
            PlanFilter.Active => plans.Where(p => p.State == PlanState.Active),
            PlanFilter.InDefault => plans.Where(p => p.State == PlanState.Active && p.DefaultFrom != null && p.DefaultFrom <= today),
            PlanFilter.Revoked => plans.Where(p => p.State == PlanState.Revoked),
            PlanFilter.RevokedThisQuarter => plans.Where(p => p.State == PlanState.Revoked && p.RevokedOn >= quarterStart),
            PlanFilter.Completed => plans.Where(p => p.State == PlanState.Completed),
            _ => plans,
        };
        var rows = from p in plans
                   join c in db.Cases on p.CaseId equals c.Id
                   select new { p, c };
        if (mineOnly || !actor.IsSupervisor)
        {
            var me = actor.StaffId ?? -1;
            var unit = actor.UnitId ?? -1;
            rows = mineOnly ? rows.Where(x => x.c.ResponsibleClerkId == me) : rows.Where(x => x.c.UnitId == unit);
        }

        var total = await rows.CountAsync(ct);
        var items = await rows.OrderBy(x => x.p.State == PlanState.Submitted ? 0 : 1).ThenBy(x => x.p.DefaultFrom).ThenByDescending(x => x.p.Id)
            .Skip(page.Skip).Take(page.Take)
            .Select(x => new PlanRow(x.p.Id, x.c.Id, x.c.CaseNumber, x.c.ObligorName, x.c.Unit!.Name, x.p.PlanVersion, x.p.State, x.p.AmountOwed, x.p.PaidTotal,
                x.p.OldestUnpaidDueOn, x.p.State == PlanState.Active && x.p.DefaultFrom != null && x.p.DefaultFrom <= today, x.p.AppliedOn))
            .ToListAsync(ct);
        return new PagedResult<PlanRow>(items, total);
    }

    /// <summary>The dashboard's installment cards, counted in the database.</summary>
    public async Task<PlanCounts> CountsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var today = TaipeiTime.Today(Clock);
        var quarterStart = QuarterStart(today);
        // Two index range scans, (State, DefaultFrom) and (State, RevokedOn), never the table's wide rows.
        var live = await db.InstallmentPlans
            .Where(p => p.State == PlanState.Submitted || p.State == PlanState.Active)
            .GroupBy(p => p.State)
            .Select(g => new { State = g.Key, Count = g.Count(), Default = g.Count(p => p.DefaultFrom != null && p.DefaultFrom <= today) })
            .ToListAsync(ct);
        var revoked = await db.InstallmentPlans.CountAsync(p => p.State == PlanState.Revoked && p.RevokedOn >= quarterStart, ct);
        var pending = live.FirstOrDefault(x => x.State == PlanState.Submitted);
        var active = live.FirstOrDefault(x => x.State == PlanState.Active);
        return new PlanCounts(pending?.Count ?? 0, active?.Count ?? 0, active?.Default ?? 0, revoked);
    }

    /// <summary>The first day of <paramref name="today"/>'s calendar quarter: the card and the list it links to count from here.</summary>
    private static DateOnly QuarterStart(DateOnly today) => new(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1);

    /// <summary>The application as its edit form (or a rescheduling form) starts from.</summary>
    public async Task<Result<(InstallmentApplicationInput Input, int Version)>> GetForReviseAsync(Actor actor, int planId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var p = await LoadAsync(db, planId, ct);
        if (p is null)
        {
            return DomainError.NotFound();
        }

        if (!await CanChangeCaseAsync(db, actor, p.CaseId, ct))
        {
            return await dbFactory.RefuseAsync(actor, nameof(InstallmentPlan), planId, DomainError.Forbidden("只有本股書記官或主管可以修改分期申請。"), ct);
        }

        if (p.GuarantorIdNumber is not null)
        {
            db.AddAudit(nameof(InstallmentPlan), planId, AuditActions.ViewedPersonalData, "開啟分期申請編輯畫面（含保證人完整身分證號）");
            await db.SaveChangesAsync(ct);
        }

        return Result.Success((p.ToInput(), p.Version));
    }

    /// <summary>An uploaded document's bytes for those who work the case (its unit's clerks, supervisors); the view is audited.</summary>
    public async Task<Result<(string FileName, string ContentType, string Path)>> OpenDocumentAsync(Actor actor, int planId, int documentId, string documentRoot, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var doc = await (from d in db.Set<InstallmentDocument>()
                         join p in db.InstallmentPlans on d.PlanId equals p.Id
                         join c in db.Cases on p.CaseId equals c.Id
                         where d.Id == documentId && d.PlanId == planId
                         select new { d.FileName, d.ContentType, d.StoredName, c.UnitId }).SingleOrDefaultAsync(ct);
        if (doc is null)
        {
            return DomainError.NotFound();
        }

        if (!CaseAccess.CanChange(actor, doc.UnitId))
        {
            return await dbFactory.RefuseAsync(actor, nameof(InstallmentPlan), planId, DomainError.Forbidden("只有本股書記官或主管可以開啟這份證明文件。"), ct);
        }

        db.AddAudit(nameof(InstallmentPlan), planId, AuditActions.ViewedPersonalData, $"開啟證明文件「{doc.FileName}」");
        await db.SaveChangesAsync(ct);
        return Result.Success((doc.FileName, doc.ContentType, System.IO.Path.Combine(documentRoot, planId.ToString(System.Globalization.CultureInfo.InvariantCulture), doc.StoredName)));
    }

    public async Task<IReadOnlyList<InstallmentPolicy>> GetPoliciesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        return await db.InstallmentPolicies.OrderByDescending(p => p.Number).ToListAsync(ct);
    }

    public async Task<InstallmentPolicy> GetCurrentPolicyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        return await CurrentPolicyAsync(db, ct);
    }

    /// <summary>A new version of the tier table (Admins). Plans keep the version they were evaluated under.</summary>
    public async Task<Result<int>> CreatePolicyAsync(Actor actor, IReadOnlyList<InstallmentTier> tiers, int minInstallments, int absoluteMax, long beyondThreshold, DateOnly effectiveFrom, string? note, CancellationToken ct = default)
    {
        if (!actor.IsAdmin)
        {
            return await dbFactory.RefuseAsync(actor, "InstallmentPolicy", "new", DomainError.Forbidden("只有系統管理員可以修改分期繳納標準。"), ct);
        }

        if (effectiveFrom < TaipeiTime.Today(Clock))
        {
            return new DomainError("policy_effective_past", "新標準的生效日不可早於今天（已受理的申請不受影響）。", "EffectiveFrom");
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        var number = (await db.InstallmentPolicies.MaxAsync(p => (int?)p.Number, ct) ?? 0) + 1;
        var created = InstallmentPolicy.Create(number, effectiveFrom, tiers, minInstallments, absoluteMax, beyondThreshold, note);
        if (!created.Succeeded)
        {
            return Result<int>.Fail(created.Errors);
        }

        db.InstallmentPolicies.Add(created.Value);
        await db.SaveChangesAsync(ct);
        return Result.Success(number);
    }
}
