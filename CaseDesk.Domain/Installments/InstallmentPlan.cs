using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;

namespace CaseDesk.Domain.Installments;

/// <summary>
/// An installment plan (分期繳納) of one enforcement case: the application as taken at the desk, the
/// schedule, the payments and the decisions. A rescheduled plan is a new version; the old one is kept.
/// </summary>
[AuditDisplayName("分期繳納")]
public sealed class InstallmentPlan : Entity
{
    public const int NameMaxLength = 50;
    public const int TextMaxLength = 4000;
    public const int ShortTextMaxLength = 100;
    public const int ReasonMaxLength = 1000;
    public const int PhoneMaxLength = 30;

    private readonly List<Installment> _installments = [];
    private readonly List<InstallmentPayment> _payments = [];
    private readonly List<GuaranteeCheque> _cheques = [];
    private readonly List<InstallmentDocument> _documentFiles = [];

    private InstallmentPlan()
    {
    }

    [AuditDisplayName("執行案件")]
    public int CaseId { get; private set; }

    /// <summary>1 for the first plan of the case, 2 after a rescheduling, …</summary>
    public int PlanVersion { get; private set; }

    public int? PreviousPlanId { get; private set; }

    [AuditDisplayName("申請人身分")]
    public ApplicantKind ApplicantKind { get; private set; }

    [AuditDisplayName("申請人")]
    public string ApplicantName { get; private set; } = "";

    [AuditDisplayName("申請方式")]
    public ApplicationForm Form { get; private set; }

    [AuditDisplayName("筆錄")]
    public string? StatementRecord { get; private set; }

    public bool? RecordReadBack { get; private set; }

    [AuditDisplayName("筆錄簽名人")]
    public string? RecordSignedBy { get; private set; }

    [AuditDisplayName("申請事由")]
    public HardshipReason Reason { get; private set; }

    [AuditDisplayName("事實陳述")]
    public string StatementOfFacts { get; private set; } = "";

    [AuditDisplayName("證明文件")]
    public SupportingDocuments Documents { get; private set; }

    public string? DocumentsNote { get; private set; }

    [AuditDisplayName("執行金額")]
    public long AmountOwed { get; private set; }

    [AuditDisplayName("申請期數")]
    public int RequestedInstallments { get; private set; }

    [AuditDisplayName("每月繳款日")]
    public int DayOfMonth { get; private set; }

    public long? FirstPaidOnApplication { get; private set; }

    public string? FirstPaymentReceipt { get; private set; }

    [AuditDisplayName("特殊情形理由")]
    public string? SpecialReason { get; private set; }

    /// <summary>The policy version the rules were last evaluated under (at submission, revision and approval).</summary>
    public int PolicyNumber { get; private set; }

    public int TierMax { get; private set; }

    /// <summary>The amount the tier is judged on: the amount owed of the first version (a rescheduling keeps its tier).</summary>
    public long TierAmount { get; private set; }

    /// <summary>Installments of earlier versions already elapsed when this version was applied for (or approved): they count towards the limits.</summary>
    public int PriorInstallments { get; private set; }

    public string ConsentAgency { get; private set; } = "";

    [AuditDisplayName("移送機關同意日")]
    public DateOnly? ConsentOn { get; private set; }

    [AuditDisplayName("同意文號")]
    public string? ConsentReference { get; private set; }

    [AuditDisplayName("擔保方式")]
    public GuaranteeKind Guarantee { get; private set; }

    [AuditDisplayName("保證人")]
    public string? GuarantorName { get; private set; }

    [PersonalData]
    [AuditDisplayName("保證人身分證號")]
    public string? GuarantorIdNumber { get; private set; }

    public string? GuarantorRelationship { get; private set; }

    [PersonalData]
    public string? GuarantorPhone { get; private set; }

    [AuditDisplayName("擔保品")]
    public string? CollateralDescription { get; private set; }

    public DateOnly AppliedOn { get; private set; }

    public int PreparedByStaffId { get; private set; }

    public string PreparedBy { get; private set; } = "";

    /// <summary>Who last revised the application before the decision (a supervisor who did may not decide it).</summary>
    [AuditDisplayName("修改人")]
    public string? RevisedBy { get; private set; }

    public DateTime? RevisedAtUtc { get; private set; }

    /// <summary>Everyone who revised the application, as ",12,15,": four eyes means none of them decides it.</summary>
    public string ReviserStaffIds { get; private set; } = "";

    [AuditDisplayName("狀態")]
    public PlanState State { get; private set; }

    [AuditDisplayName("核定人")]
    public string? DecidedBy { get; private set; }

    public DateTime? DecidedAtUtc { get; private set; }

    [AuditDisplayName("駁回理由")]
    public string? RejectionReason { get; private set; }

    [AuditDisplayName("廢止理由")]
    public string? RevocationReason { get; private set; }

    public DateOnly? RevokedOn { get; private set; }

    /// <summary>The supervisor who revoked the plan (the approver stays in <see cref="DecidedBy"/>).</summary>
    [AuditDisplayName("廢止人")]
    public string? RevokedBy { get; private set; }

    /// <summary>Set on revocation: enforcement may now reach the guarantor's property.</summary>
    public bool GuarantorFlagged { get; private set; }

    public long PaidTotal { get; private set; }

    /// <summary>The due date of the oldest installment not fully paid (null when everything is paid).</summary>
    public DateOnly? OldestUnpaidDueOn { get; private set; }

    /// <summary>
    /// From this day the plan is in default unless paid up: the working day on or after the oldest unpaid due date plus
    /// the grace working days, or the day a cheque was dishonoured while its amount has not been made good, whichever is earlier.
    /// </summary>
    public DateOnly? DefaultFrom { get; private set; }

    /// <summary>The day of the oldest dishonoured cheque whose amount has not been made good (a default ground of its own).</summary>
    public DateOnly? DishonouredSince { get; private set; }

    public IReadOnlyList<Installment> Installments => _installments;

    public IReadOnlyList<InstallmentPayment> Payments => _payments;

    public IReadOnlyList<GuaranteeCheque> Cheques => _cheques;

    public IReadOnlyList<InstallmentDocument> DocumentFiles => _documentFiles;

    public long Balance => AmountOwed - PaidTotal;

    public bool IsInDefault(DateOnly today) => State == PlanState.Active && DefaultFrom is { } from && today >= from;

    /// <summary>True when <paramref name="staffId"/> took or revised the application: four eyes keep them from deciding it.</summary>
    public bool IsPreparedOrRevisedBy(int? staffId) =>
        staffId is { } id && (id == PreparedByStaffId || ReviserStaffIds.Contains($",{id},", StringComparison.Ordinal));

    internal static InstallmentPlan Submit(ValidApplication a, int caseId, int planVersion, int? previousPlanId, InstallmentEvaluation evaluation, IReadOnlyList<ScheduleLine> schedule, DateOnly appliedOn, int preparedByStaffId, string preparedBy)
    {
        var plan = new InstallmentPlan
        {
            CaseId = caseId,
            PlanVersion = planVersion,
            PreviousPlanId = previousPlanId,
            AppliedOn = appliedOn,
            PreparedByStaffId = preparedByStaffId,
            PreparedBy = preparedBy,
            State = PlanState.Submitted,
        };
        plan.Apply(a, evaluation, schedule);
        plan.NoteForAudit($"受理分期繳納申請（{(a.Form == ApplicationForm.Oral ? "言詞" : "書面")}），{a.RequestedInstallments} 期");
        return plan;
    }

    internal Result Revise(ValidApplication a, InstallmentEvaluation evaluation, IReadOnlyList<ScheduleLine> schedule, int reviserStaffId, string reviser, DateTime atUtc)
    {
        if (State != PlanState.Submitted)
        {
            return Refuse("plan_decided", "已核定或駁回的申請不能修改；如需變更請申請重新分期。");
        }

        _installments.Clear();
        Apply(a, evaluation, schedule);
        RevisedBy = reviser;
        RevisedAtUtc = atUtc;
        if (!IsPreparedOrRevisedBy(reviserStaffId))
        {
            ReviserStaffIds = (ReviserStaffIds.Length == 0 ? "," : ReviserStaffIds) + reviserStaffId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",";
        }

        NoteForAudit($"修改分期繳納申請（{reviser}）");
        return Result.Success();
    }

    /// <summary>Four eyes: whoever took or revised the application does not decide it.</summary>
    internal Result CheckDecider(int deciderStaffId, string verb)
    {
        if (State != PlanState.Submitted)
        {
            return Refuse("plan_state", $"目前狀態為「{StateName(State)}」，不能{verb}。");
        }

        if (deciderStaffId == PreparedByStaffId)
        {
            return Refuse("four_eyes", $"受理申請的人不能{verb}自己的申請；請由其他主管{verb}。");
        }

        if (IsPreparedOrRevisedBy(deciderStaffId))
        {
            return Refuse("four_eyes", $"您修改過這份申請，不能再{verb}；請由未經手的其他主管{verb}。");
        }

        return Result.Success();
    }

    /// <param name="evaluation">The rules as they stand on the approval day (the caller has re-validated the application against them).</param>
    internal Result Approve(int approverStaffId, string approver, DateTime atUtc, DateOnly today, InstallmentEvaluation evaluation, int graceDays, Calendar.WorkingCalendar calendar)
    {
        var decider = CheckDecider(approverStaffId, "核定");
        if (!decider.Succeeded)
        {
            return decider;
        }

        var missing = ApplicationRules.BlockingApproval(ConsentOn, ConsentReference, Guarantee, Documents);
        if (missing.Count > 0)
        {
            return Result.Fail(missing.Select(m => m.Error).ToList());
        }

        State = PlanState.Active;
        DecidedBy = approver;
        DecidedAtUtc = atUtc;
        PolicyNumber = evaluation.PolicyNumber;
        TierMax = evaluation.TierMax;
        TierAmount = evaluation.JudgedAmount;
        PriorInstallments = evaluation.Prior;
        var redated = RedateIfStale(today, calendar);
        if (FirstPaidOnApplication is { } first and > 0)
        {
            AddPayment(InstallmentPayment.Create(AppliedOn, first, PaymentChannel.Counter, FirstPaymentReceipt!, PreparedBy, atUtc));
        }

        Recalculate(graceDays, calendar);
        NoteForAudit($"核定分期繳納（{approver}），共 {_installments.Count} 期{(redated ? "；原排定的繳款日已過，依核定日重新排定" : "")}");
        return Result.Success();
    }

    /// <summary>
    /// True when the schedule built at submission has an installment (other than one paid at the counter) due on or
    /// before <paramref name="today"/>: approving it as it stands would put the plan in default at once.
    /// </summary>
    public bool NeedsRedating(DateOnly today) =>
        _installments.Any(i => !(i.Number == 1 && FirstPaidOnApplication is > 0) && i.DueOn <= today);

    /// <summary>Moves the due dates on from the approval day (same amounts, same day of month); installment 1 paid at the counter keeps its day.</summary>
    private bool RedateIfStale(DateOnly today, Calendar.WorkingCalendar calendar)
    {
        if (!NeedsRedating(today))
        {
            return false;
        }

        var dates = InstallmentSchedule.Build(AmountOwed, _installments.Count, today, FirstPaidOnApplication, DayOfMonth, RemainderPlacement.First, calendar);
        foreach (var installment in _installments)
        {
            if (!(installment.Number == 1 && FirstPaidOnApplication is > 0))
            {
                installment.Redate(dates[installment.Number - 1].DueOn);
            }
        }

        return true;
    }

    internal Result Reject(string approver, int approverStaffId, string reason, DateTime atUtc)
    {
        var decider = CheckDecider(approverStaffId, "駁回");
        if (!decider.Succeeded)
        {
            return decider;
        }

        State = PlanState.Rejected;
        DecidedBy = approver;
        DecidedAtUtc = atUtc;
        RejectionReason = reason;
        NoteForAudit($"駁回分期繳納申請：{reason}");
        return Result.Success();
    }

    internal Result RecordPayment(InstallmentPayment payment, int graceDays, Calendar.WorkingCalendar calendar)
    {
        if (State != PlanState.Active)
        {
            return Refuse("plan_not_active", State switch
            {
                PlanState.Revoked => "分期已廢止，不能再登錄分期繳款；請改依一般執行程序收款。",
                PlanState.Completed => "分期已全部繳清，不需再登錄繳款。",
                _ => $"目前狀態為「{StateName(State)}」，不能登錄繳款。",
            });
        }

        if (payment.Amount > Balance)
        {
            return Refuse("payment_exceeds_balance", $"繳款金額超過剩餘應繳 {Money.Format(Balance)}。", "Amount");
        }

        AddPayment(payment);
        Recalculate(graceDays, calendar);
        NoteForAudit($"登錄繳款 {Money.Format(payment.Amount)}（{payment.ReceiptNumber}）{(State == PlanState.Completed ? "，全部繳清" : "")}");
        return Result.Success();
    }

    /// <summary>
    /// A cheque paid as an installment bounced: its money no longer counts and the installments it paid are unpaid again
    /// (payments recorded before it keep theirs). A dishonoured cheque is a default ground: the plan is in default from
    /// that day until payments recorded afterwards make good its amount. A completed plan whose cheque bounces is
    /// active again; a plan that is no longer running (revoked, superseded, not yet approved) takes no dishonour.
    /// </summary>
    internal Result MarkChequeDishonoured(int paymentId, DateOnly on, int graceDays, Calendar.WorkingCalendar calendar)
    {
        if (State is not (PlanState.Active or PlanState.Completed))
        {
            return RefuseDishonour();
        }

        var payment = _payments.SingleOrDefault(p => p.Id == paymentId);
        if (payment is null || payment.Channel != PaymentChannel.Cheque)
        {
            return Refuse("payment_not_cheque", "只有以支票繳納的款項可以登錄退票。");
        }

        if (payment.DishonouredOn is not null)
        {
            return Refuse("cheque_already_dishonoured", "這張支票已經登錄退票。");
        }

        if (on < payment.PaidOn)
        {
            return Refuse("dishonoured_before_paid", $"退票日期不可早於繳款日（{Identity.RocDate.Format(payment.PaidOn)}）。", "On");
        }

        payment.Dishonour(on, LastSequence);
        if (State == PlanState.Completed)
        {
            State = PlanState.Active;
        }

        Recalculate(graceDays, calendar);
        NoteForAudit($"支票退票（{payment.ReceiptNumber}），該筆款項所繳的分期改為未繳，自 {Identity.RocDate.Format(on)} 起遲延");
        return Result.Success();
    }

    /// <summary>A cheque held as guarantee bounced: a default ground from that day until payments recorded afterwards make good its amount.</summary>
    internal Result MarkGuaranteeChequeDishonoured(int chequeId, DateOnly on, int graceDays, Calendar.WorkingCalendar calendar)
    {
        if (State != PlanState.Active)
        {
            return RefuseDishonour();
        }

        var cheque = _cheques.SingleOrDefault(c => c.Id == chequeId);
        if (cheque is null)
        {
            return Refuse("cheque_not_found", "找不到這張擔保支票。");
        }

        if (cheque.DishonouredOn is not null)
        {
            return Refuse("cheque_already_dishonoured", "這張支票已經登錄退票。");
        }

        cheque.Dishonour(on, LastSequence);
        Recalculate(graceDays, calendar);
        NoteForAudit($"擔保支票退票（{cheque.Number}），自 {Identity.RocDate.Format(on)} 起遲延");
        return Result.Success();
    }

    private Result RefuseDishonour() => Refuse("plan_not_active", State switch
    {
        PlanState.Submitted => "申請尚未核定，不能登錄退票。",
        PlanState.Rejected => "申請已駁回，不能登錄退票。",
        PlanState.Revoked => "分期已廢止，不能再登錄退票；請依一般執行程序處理。",
        PlanState.Superseded => "這一版已由重新分期取代，不能在此登錄退票；請通知主管依新版本處理。",
        _ => $"目前狀態為「{StateName(State)}」，只有分期中的分期可以登錄退票。",
    });

    /// <summary>廢止 follows a default (an installment unpaid after its due date, or a dishonoured cheque): never on a plan being kept.</summary>
    internal Result Revoke(string reason, string by, DateOnly today)
    {
        if (State != PlanState.Active)
        {
            return Refuse("plan_not_active", "只有執行中的分期可以廢止。");
        }

        if (!IsInDefault(today))
        {
            return Refuse("plan_not_in_default", "這份分期沒有遲延（沒有逾期未繳的分期，也沒有未補足的退票支票），依規定不能廢止；義務人遲延後再由主管決定。");
        }

        State = PlanState.Revoked;
        RevocationReason = reason;
        RevokedOn = today;
        RevokedBy = by;
        GuarantorFlagged = Guarantee == GuaranteeKind.ThirdPartyGuarantor;
        NoteForAudit($"廢止分期（{by}）：{reason}");
        return Result.Success();
    }

    internal void Supersede(int newPlanId)
    {
        State = PlanState.Superseded;
        NoteForAudit($"經重新分期，由新版本（#{newPlanId}）取代");
    }

    private int LastSequence => _payments.Count == 0 ? 0 : _payments.Max(p => p.Sequence);

    private void AddPayment(InstallmentPayment payment)
    {
        payment.Sequence = LastSequence + 1;
        _payments.Add(payment);
    }

    /// <summary>
    /// Allocates the payments and derives default and completion. The allocation rule:
    /// <list type="bullet">
    /// <item>Payments are taken in the order they were recorded; each fills the oldest installments not yet fully paid.</item>
    /// <item>A cheque later dishonoured held the installments it filled until the dishonour was recorded; then they
    /// become unpaid again (the cheque's own installments, not later ones), and payments recorded after the dishonour
    /// fill them first when they are the oldest open ones.</item>
    /// <item>Every dishonoured cheque (paid or held as guarantee) is a default ground from its day until valid payments
    /// recorded after its dishonour add up to its amount (older dishonours are made good first).</item>
    /// <item>The plan is in default from the earlier of that day and the grace period's end after the oldest unpaid
    /// installment: <see cref="Calendar.WorkingCalendar.AddWorkingDays"/>(working day on or after the due date, grace + 1),
    /// so on the due day itself (or the working day it moves to) the obligor may still pay.</item>
    /// </list>
    /// </summary>
    internal void Recalculate(int graceDays, Calendar.WorkingCalendar calendar)
    {
        var lines = _installments.OrderBy(i => i.Number).ToList();
        var paid = new long[lines.Count];
        var dishonours = _payments.Where(p => p.DishonouredOn is not null).Select(p => (After: p.DishonouredAfterSequence ?? int.MaxValue, On: p.DishonouredOn!.Value, p.Amount, Payment: (InstallmentPayment?)p))
            .Concat(_cheques.Where(c => c.DishonouredOn is not null).Select(c => (After: c.DishonouredAfterSequence ?? int.MaxValue, On: c.DishonouredOn!.Value, c.Amount, Payment: (InstallmentPayment?)null)))
            .OrderBy(d => d.After).ThenBy(d => d.On)
            .ToList();
        var held = new Dictionary<InstallmentPayment, long[]>();
        var toMakeGood = new List<(DateOnly On, long Left)>();
        var released = 0;

        void ReleaseDishonoursBefore(long sequence)
        {
            for (; released < dishonours.Count && dishonours[released].After < sequence; released++)
            {
                var d = dishonours[released];
                if (d.Payment is { } cheque && held.Remove(cheque, out var share))
                {
                    for (var i = 0; i < paid.Length; i++)
                    {
                        paid[i] -= share[i];
                    }
                }

                toMakeGood.Add((d.On, d.Amount));
            }
        }

        foreach (var payment in _payments.OrderBy(p => p.Sequence))
        {
            ReleaseDishonoursBefore(payment.Sequence);
            var share = new long[lines.Count];
            var left = payment.Amount;
            for (var i = 0; i < lines.Count && left > 0; i++)
            {
                var take = Math.Min(lines[i].Amount - paid[i], left);
                if (take > 0)
                {
                    paid[i] += take;
                    share[i] = take;
                    left -= take;
                }
            }

            if (payment.DishonouredOn is not null)
            {
                held[payment] = share;
                continue;
            }

            var amount = payment.Amount;
            for (var k = 0; k < toMakeGood.Count && amount > 0; k++)
            {
                var take = Math.Min(toMakeGood[k].Left, amount);
                toMakeGood[k] = (toMakeGood[k].On, toMakeGood[k].Left - take);
                amount -= take;
            }
        }

        ReleaseDishonoursBefore(long.MaxValue);
        for (var i = 0; i < lines.Count; i++)
        {
            lines[i].SetPaid(paid[i]);
        }

        PaidTotal = _payments.Where(p => p.DishonouredOn is null).Sum(p => p.Amount);
        var oldest = lines.FirstOrDefault(i => i.PaidAmount < i.Amount);
        OldestUnpaidDueOn = oldest?.DueOn;
        DishonouredSince = oldest is null ? null : toMakeGood.Where(d => d.Left > 0).Select(d => (DateOnly?)d.On).Min();
        DateOnly? overdueFrom = oldest is null ? null : calendar.AddWorkingDays(calendar.WorkingDayOnOrAfter(oldest.DueOn), graceDays + 1);
        DefaultFrom = DishonouredSince is { } since && (overdueFrom is null || since < overdueFrom) ? since : overdueFrom;
        if (State == PlanState.Active && oldest is null)
        {
            State = PlanState.Completed;
        }
    }

    internal void AttachDocument(InstallmentDocument document)
    {
        _documentFiles.Add(document);
        NoteForAudit($"上傳證明文件「{document.FileName}」");
    }

    public static string StateName(PlanState state) => state switch
    {
        PlanState.Submitted => "待核定",
        PlanState.Active => "分期中",
        PlanState.Rejected => "已駁回",
        PlanState.Completed => "已繳清",
        PlanState.Revoked => "已廢止",
        _ => "已重新分期",
    };

    /// <summary>The application as its form (and the approval's re-check) sees it.</summary>
    internal InstallmentApplicationInput ToInput() => new()
    {
        ApplicantKind = ApplicantKind,
        ApplicantName = ApplicantName,
        Form = Form,
        StatementRecord = StatementRecord,
        RecordReadBack = RecordReadBack == true,
        RecordSignedBy = RecordSignedBy,
        Reason = Reason,
        StatementOfFacts = StatementOfFacts,
        Documents = Documents,
        DocumentsNote = DocumentsNote,
        RequestedInstallments = RequestedInstallments,
        DayOfMonth = DayOfMonth,
        FirstPaidOnApplication = FirstPaidOnApplication is > 0,
        FirstPaymentAmount = FirstPaidOnApplication,
        FirstPaymentReceipt = FirstPaymentReceipt,
        SpecialReason = SpecialReason,
        ConsentOn = ConsentOn,
        ConsentReference = ConsentReference,
        Guarantee = Guarantee,
        GuarantorName = GuarantorName,
        GuarantorIdNumber = GuarantorIdNumber,
        GuarantorRelationship = GuarantorRelationship,
        GuarantorPhone = GuarantorPhone,
        CollateralDescription = CollateralDescription,
        Cheques = _cheques.Select(c => new ChequeInput(c.Number, c.Amount, c.DueOn)).ToList(),
        AdjustedAmounts = _installments.OrderBy(i => i.Number).Select(i => i.Amount).ToList(),
    };

    private void Apply(ValidApplication a, InstallmentEvaluation evaluation, IReadOnlyList<ScheduleLine> schedule)
    {
        ApplicantKind = a.ApplicantKind;
        ApplicantName = a.ApplicantName;
        Form = a.Form;
        StatementRecord = a.StatementRecord;
        RecordReadBack = a.Form == ApplicationForm.Oral ? true : null;
        RecordSignedBy = a.RecordSignedBy;
        Reason = a.Reason;
        StatementOfFacts = a.StatementOfFacts;
        Documents = a.Documents;
        DocumentsNote = a.DocumentsNote;
        AmountOwed = a.AmountOwed;
        RequestedInstallments = a.RequestedInstallments;
        DayOfMonth = a.DayOfMonth;
        FirstPaidOnApplication = a.FirstPaidOnApplication;
        FirstPaymentReceipt = a.FirstPaymentReceipt;
        SpecialReason = a.SpecialReason;
        PolicyNumber = evaluation.PolicyNumber;
        TierMax = evaluation.TierMax;
        TierAmount = evaluation.JudgedAmount;
        PriorInstallments = evaluation.Prior;
        ConsentAgency = a.ConsentAgency;
        ConsentOn = a.ConsentOn;
        ConsentReference = a.ConsentReference;
        Guarantee = a.Guarantee;
        GuarantorName = a.GuarantorName;
        GuarantorIdNumber = a.GuarantorIdNumber;
        GuarantorRelationship = a.GuarantorRelationship;
        GuarantorPhone = a.GuarantorPhone;
        CollateralDescription = a.CollateralDescription;
        _cheques.Clear();
        _cheques.AddRange(a.Cheques.Select(c => GuaranteeCheque.Create(c.Number, c.Amount, c.DueOn)));
        _installments.AddRange(schedule.Select(l => Installment.Create(l.Number, l.DueOn, l.Amount)));
    }

    private static Result Refuse(string code, string message, string? field = null) => Result.Fail(new DomainError(code, message, field));
}

/// <summary>One installment of the schedule.</summary>
public sealed class Installment
{
    private Installment()
    {
    }

    public int Id { get; private set; }

    public int PlanId { get; private set; }

    public int Number { get; private set; }

    public DateOnly DueOn { get; private set; }

    public long Amount { get; private set; }

    public long PaidAmount { get; private set; }

    internal static Installment Create(int number, DateOnly dueOn, long amount) => new() { Number = number, DueOn = dueOn, Amount = amount };

    internal void SetPaid(long paid) => PaidAmount = paid;

    internal void Redate(DateOnly dueOn) => DueOn = dueOn;
}

/// <summary>A payment against the plan; the receipt number is unique across the office.</summary>
public sealed class InstallmentPayment
{
    public const int ReceiptMaxLength = 40;

    private InstallmentPayment()
    {
    }

    public int Id { get; private set; }

    public int PlanId { get; private set; }

    public DateOnly PaidOn { get; private set; }

    public long Amount { get; private set; }

    public PaymentChannel Channel { get; private set; }

    public string ReceiptNumber { get; private set; } = "";

    /// <summary>1, 2, … in the order the plan's payments were recorded (the allocation follows it).</summary>
    public int Sequence { get; internal set; }

    public DateOnly? DishonouredOn { get; private set; }

    /// <summary>The <see cref="Sequence"/> of the last payment recorded before the dishonour was: later payments make it good.</summary>
    public int? DishonouredAfterSequence { get; private set; }

    public string RecordedBy { get; private set; } = "";

    public DateTime RecordedAtUtc { get; private set; }

    internal static InstallmentPayment Create(DateOnly paidOn, long amount, PaymentChannel channel, string receipt, string recordedBy, DateTime atUtc) =>
        new() { PaidOn = paidOn, Amount = amount, Channel = channel, ReceiptNumber = receipt, RecordedBy = recordedBy, RecordedAtUtc = atUtc };

    internal void Dishonour(DateOnly on, int afterSequence)
    {
        DishonouredOn = on;
        DishonouredAfterSequence = afterSequence;
    }
}

/// <summary>A cheque handed to the referring agency's representative as guarantee.</summary>
public sealed class GuaranteeCheque
{
    private GuaranteeCheque()
    {
    }

    public int Id { get; private set; }

    public int PlanId { get; private set; }

    public string Number { get; private set; } = "";

    public long Amount { get; private set; }

    public DateOnly DueOn { get; private set; }

    /// <summary>The cheque bounced when presented: a default ground, like a missed installment.</summary>
    public DateOnly? DishonouredOn { get; private set; }

    /// <summary>The last payment's sequence when the dishonour was recorded: payments after it make the amount good.</summary>
    public int? DishonouredAfterSequence { get; private set; }

    internal static GuaranteeCheque Create(string number, long amount, DateOnly dueOn) => new() { Number = number, Amount = amount, DueOn = dueOn };

    internal void Dishonour(DateOnly on, int afterSequence)
    {
        DishonouredOn = on;
        DishonouredAfterSequence = afterSequence;
    }
}

/// <summary>An uploaded supporting document: the file lives outside the database, this row says where.</summary>
public sealed class InstallmentDocument
{
    public const int FileNameMaxLength = 200;

    private InstallmentDocument()
    {
    }

    public int Id { get; private set; }

    public int PlanId { get; private set; }

    public string FileName { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public long Size { get; private set; }

    public string StoredName { get; private set; } = "";

    public string Sha256 { get; private set; } = "";

    public string UploadedBy { get; private set; } = "";

    public DateTime UploadedAtUtc { get; private set; }

    internal static InstallmentDocument Create(string fileName, string contentType, long size, string storedName, string sha256, string by, DateTime atUtc) =>
        new() { FileName = fileName, ContentType = contentType, Size = size, StoredName = storedName, Sha256 = sha256, UploadedBy = by, UploadedAtUtc = atUtc };
}
