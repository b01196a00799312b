using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;

namespace CaseDesk.Domain.Installments;

public sealed record ChequeInput(string? Number, long? Amount, DateOnly? DueOn);

/// <summary>An installment application as the clerk types it at the desk.</summary>
public sealed record InstallmentApplicationInput
{
    public ApplicantKind ApplicantKind { get; init; }

    public string? ApplicantName { get; init; }

    public ApplicationForm Form { get; init; } = ApplicationForm.Oral;

    public string? StatementRecord { get; init; }

    public bool RecordReadBack { get; init; }

    public string? RecordSignedBy { get; init; }

    public HardshipReason? Reason { get; init; }

    public string? StatementOfFacts { get; init; }

    public SupportingDocuments Documents { get; init; }

    public string? DocumentsNote { get; init; }

    public int? RequestedInstallments { get; init; }

    public int? DayOfMonth { get; init; }

    public bool FirstPaidOnApplication { get; init; }

    public long? FirstPaymentAmount { get; init; }

    public string? FirstPaymentReceipt { get; init; }

    public string? SpecialReason { get; init; }

    public DateOnly? ConsentOn { get; init; }

    public string? ConsentReference { get; init; }

    public GuaranteeKind Guarantee { get; init; }

    public string? GuarantorName { get; init; }

    public string? GuarantorIdNumber { get; init; }

    public string? GuarantorRelationship { get; init; }

    public string? GuarantorPhone { get; init; }

    public string? CollateralDescription { get; init; }

    public IReadOnlyList<ChequeInput> Cheques { get; init; } = [];

    /// <summary>The clerk's own amounts per installment (柔性執行), replacing the even split; they must add up.</summary>
    public IReadOnlyList<long>? AdjustedAmounts { get; init; }
}

internal sealed record ValidApplication(
    ApplicantKind ApplicantKind,
    string ApplicantName,
    ApplicationForm Form,
    string? StatementRecord,
    string? RecordSignedBy,
    HardshipReason Reason,
    string StatementOfFacts,
    SupportingDocuments Documents,
    string? DocumentsNote,
    long AmountOwed,
    int RequestedInstallments,
    int DayOfMonth,
    long? FirstPaidOnApplication,
    string? FirstPaymentReceipt,
    string? SpecialReason,
    string ConsentAgency,
    DateOnly? ConsentOn,
    string? ConsentReference,
    GuaranteeKind Guarantee,
    string? GuarantorName,
    string? GuarantorIdNumber,
    string? GuarantorRelationship,
    string? GuarantorPhone,
    string? CollateralDescription,
    IReadOnlyList<(string Number, long Amount, DateOnly DueOn)> Cheques);

/// <summary>What an application is judged against, read from the database when it is checked, submitted or approved.</summary>
/// <param name="Amount">The amount the plan must cover: the case's amount owed, or the remaining balance when rescheduling.</param>
/// <param name="Agency">The referring agency whose consent is needed.</param>
/// <param name="TierAmount">The amount the tier is judged on: the amount owed, or the first version's amount when rescheduling.</param>
/// <param name="PriorInstallments">Installments of earlier versions already elapsed (rescheduling), counted towards the limits.</param>
internal sealed record PlanTarget(long Amount, string Agency, long TierAmount, int PriorInstallments);

/// <summary>The rule evaluation the form shows as the clerk types: the tier, and everything that blocks submitting or approving.</summary>
public sealed record ApplicationCheck(InstallmentEvaluation? Evaluation, IReadOnlyList<DomainError> Errors, IReadOnlyList<string> MissingForApproval, IReadOnlyList<ScheduleLine> Schedule)
{
    public bool CanSubmit => Errors.Count == 0;
}

internal static class ApplicationRules
{
    /// <summary>Everything that needs no database: returns the errors, or the cleaned application.</summary>
    public static ErrorList Validate(InstallmentApplicationInput input, PlanTarget target, DateOnly today, InstallmentPolicy policy, out ValidApplication? valid, out InstallmentEvaluation? evaluation)
    {
        var errors = new ErrorList();
        var amountOwed = target.Amount;
        var agency = target.Agency;
        valid = null;
        evaluation = null;

        var name = Clean(input.ApplicantName);
        errors.AddIf(name is null, "applicant_required", "請輸入申請人姓名。", nameof(input.ApplicantName));
        errors.AddIf(name?.Length > InstallmentPlan.NameMaxLength, "text_too_long", $"申請人姓名最多 {InstallmentPlan.NameMaxLength} 字。", nameof(input.ApplicantName));

        // Every other text field against its column's length, whether or not this application uses it: the
        // form sent it, and PostgreSQL would refuse the row (SQLite would keep 20,000 characters).
        foreach (var (value, max, field, label) in new (string?, int, string, string)[]
        {
            (input.RecordSignedBy, InstallmentPlan.NameMaxLength, nameof(input.RecordSignedBy), "筆錄簽名人"),
            (input.DocumentsNote, InstallmentPlan.ShortTextMaxLength, nameof(input.DocumentsNote), "文件備註"),
            (input.FirstPaymentReceipt, InstallmentPayment.ReceiptMaxLength, nameof(input.FirstPaymentReceipt), "第一期收據號碼"),
            (input.SpecialReason, InstallmentPlan.ReasonMaxLength, nameof(input.SpecialReason), "特殊情形說明"),
            (input.ConsentReference, InstallmentPlan.ShortTextMaxLength, nameof(input.ConsentReference), "移送機關同意文號"),
            (input.GuarantorName, InstallmentPlan.NameMaxLength, nameof(input.GuarantorName), "保證人姓名"),
            (input.GuarantorIdNumber, 10, nameof(input.GuarantorIdNumber), "保證人身分證字號"),
            (input.GuarantorRelationship, InstallmentPlan.ShortTextMaxLength, nameof(input.GuarantorRelationship), "保證人關係"),
            (input.GuarantorPhone, InstallmentPlan.PhoneMaxLength, nameof(input.GuarantorPhone), "保證人電話"),
            (input.CollateralDescription, InstallmentPlan.ReasonMaxLength, nameof(input.CollateralDescription), "擔保品說明"),
        })
        {
            errors.AddIf(Clean(value)?.Length > max, "text_too_long", $"{label}最多 {max:N0} 字。", field);
        }

        var record = Clean(input.StatementRecord);
        var signedBy = Clean(input.RecordSignedBy);
        if (input.Form == ApplicationForm.Oral)
        {
            errors.AddIf(record is null, "record_required", "言詞申請須製作筆錄：請輸入申請人的陳述。", nameof(input.StatementRecord));
            errors.AddIf(!input.RecordReadBack, "record_read_back", "筆錄須向申請人朗讀或使其閱覽後確認。", nameof(input.RecordReadBack));
            errors.AddIf(signedBy is null, "record_signed_by", "請填寫在筆錄上簽名的人。", nameof(input.RecordSignedBy));
        }

        errors.AddIf(record?.Length > InstallmentPlan.TextMaxLength, "text_too_long", $"筆錄最多 {InstallmentPlan.TextMaxLength:N0} 字。", nameof(input.StatementRecord));
        errors.AddIf(input.Reason is null, "reason_required", "請選擇申請事由（經濟狀況或天災事變）。", nameof(input.Reason));
        var facts = Clean(input.StatementOfFacts);
        errors.AddIf(facts is null, "facts_required", "請簡述無法一次繳清的事實（例如失業、重大損失）。", nameof(input.StatementOfFacts));
        errors.AddIf(facts?.Length > InstallmentPlan.TextMaxLength, "text_too_long", $"事實陳述最多 {InstallmentPlan.TextMaxLength:N0} 字。", nameof(input.StatementOfFacts));

        var requested = input.RequestedInstallments ?? 0;
        errors.AddIf(input.RequestedInstallments is null, "installments_required", "請輸入申請期數。", nameof(input.RequestedInstallments));
        errors.AddIf(requested > InstallmentPolicy.HardCap, "installments_cap", $"分期期數不得超過 {InstallmentPolicy.HardCap} 期；請確認輸入的期數。", nameof(input.RequestedInstallments));
        var prior = target.PriorInstallments;
        var priorText = prior > 0 ? $"（先前版本已屆期 {prior} 期，合計 {(long)prior + requested} 期）" : "";
        if (input.RequestedInstallments is not null)
        {
            evaluation = policy.Evaluate(target.TierAmount, requested, prior);
            errors.AddIf(evaluation.BelowMin, "installments_min", $"分期至少 {evaluation.Min} 期。", nameof(input.RequestedInstallments));
            errors.AddIf(evaluation.NotAllowed && requested <= InstallmentPolicy.HardCap, "installments_beyond_max",
                $"分期總數最多 {evaluation.AbsoluteMax} 期{priorText}；僅執行金額達 {Money.Format(policy.BeyondMaxThreshold)} 者得再延長。", nameof(input.RequestedInstallments));
        }

        var special = Clean(input.SpecialReason);
        errors.AddIf((evaluation?.NeedsSpecialReason == true || evaluation?.BeyondAbsoluteByAmount == true) && special is null, "special_reason_required",
            $"申請 {requested} 期{priorText}超過本級距最多 {evaluation?.TierMax} 期，須敘明特殊情形（依最高期數仍無法繳納的具體事實）。", nameof(input.SpecialReason));

        var day = input.DayOfMonth ?? 0;
        errors.AddIf(day is < 1 or > 31, "day_of_month", "每月繳款日應為 1 到 31 日。", nameof(input.DayOfMonth));

        long? first = null;
        string? firstReceipt = null;
        if (input.FirstPaidOnApplication)
        {
            first = input.FirstPaymentAmount;
            firstReceipt = Clean(input.FirstPaymentReceipt);
            errors.AddIf(first is null or <= 0, "first_amount", "請輸入申請時繳納的第一期金額。", nameof(input.FirstPaymentAmount));
            errors.AddIf(first >= amountOwed, "first_too_large", "第一期金額不可等於或超過執行金額（可直接繳清）。", nameof(input.FirstPaymentAmount));
            errors.AddIf(firstReceipt is null, "first_receipt", "請輸入第一期的收據號碼。", nameof(input.FirstPaymentReceipt));
        }

        errors.AddIf(input.ConsentOn > today, "consent_future", "移送機關同意日期不可晚於今天。", nameof(input.ConsentOn));

        string? guarantorId = null;
        if (input.Guarantee == GuaranteeKind.ThirdPartyGuarantor)
        {
            errors.AddIf(Clean(input.GuarantorName) is null, "guarantor_name", "請輸入保證人姓名。", nameof(input.GuarantorName));
            var id = TaiwanId.Parse(input.GuarantorIdNumber, nameof(input.GuarantorIdNumber));
            if (id.Succeeded)
            {
                guarantorId = id.Value.Value;
            }
            else
            {
                errors.Add(id.Errors[0] with { Message = "保證人" + id.Errors[0].Message });
            }

            errors.AddIf(Clean(input.GuarantorRelationship) is null, "guarantor_relationship", "請填寫保證人與義務人的關係。", nameof(input.GuarantorRelationship));
            errors.AddIf(Clean(input.GuarantorPhone) is null, "guarantor_phone", "請填寫保證人聯絡電話。", nameof(input.GuarantorPhone));
        }

        errors.AddIf(input.Guarantee == GuaranteeKind.Collateral && Clean(input.CollateralDescription) is null, "collateral_required", "請描述擔保品。", nameof(input.CollateralDescription));
        var cheques = new List<(string, long, DateOnly)>();
        if (input.Guarantee == GuaranteeKind.Cheques)
        {
            errors.AddIf(input.Cheques.Count == 0, "cheques_required", "請逐張登錄支票號碼、金額與到期日。", nameof(input.Cheques));
            foreach (var c in input.Cheques)
            {
                var number = Clean(c.Number);
                if (number is null || c.Amount is null or <= 0 || c.DueOn is null)
                {
                    errors.Add("cheque_incomplete", "每張支票都要有號碼、金額（大於 0）與到期日。", nameof(input.Cheques));
                    break;
                }

                cheques.Add((number, c.Amount.Value, c.DueOn.Value));
            }
        }

        if (errors.Any)
        {
            return errors;
        }

        valid = new ValidApplication(
            input.ApplicantKind, name!, input.Form, record, input.Form == ApplicationForm.Oral ? signedBy : null, input.Reason!.Value, facts!,
            input.Documents, Clean(input.DocumentsNote), amountOwed, requested, day, first, firstReceipt, special,
            agency, input.ConsentOn, Clean(input.ConsentReference), input.Guarantee,
            input.Guarantee == GuaranteeKind.ThirdPartyGuarantor ? Clean(input.GuarantorName) : null, guarantorId,
            input.Guarantee == GuaranteeKind.ThirdPartyGuarantor ? Clean(input.GuarantorRelationship) : null,
            input.Guarantee == GuaranteeKind.ThirdPartyGuarantor ? Clean(input.GuarantorPhone) : null,
            input.Guarantee == GuaranteeKind.Collateral ? Clean(input.CollateralDescription) : null,
            cheques);
        return errors;
    }

    /// <summary>What still blocks approval (not submission): consent, a guarantee, the supporting documents — the same list approval enforces.</summary>
    public static IReadOnlyList<string> MissingForApproval(InstallmentApplicationInput input) =>
        BlockingApproval(input.ConsentOn, input.ConsentReference, input.Guarantee, input.Documents).Select(b => b.Label).ToList();

    /// <summary>Each thing missing for approval: the short label the form lists, and the error approval gives.</summary>
    /// <param name="consentReference">The consent's document number (or the stationed agency officer who gave it): the record of the consent, required with its date.</param>
    public static IReadOnlyList<(string Label, DomainError Error)> BlockingApproval(DateOnly? consentOn, string? consentReference, GuaranteeKind guarantee, SupportingDocuments documents)
    {
        var missing = new List<(string, DomainError)>();
        if (consentOn is null)
        {
            missing.Add(("移送機關同意（日期與文號）", new DomainError("consent_missing", "尚未取得移送機關同意，不能核定。", "ConsentOn")));
        }
        else if (Clean(consentReference) is null)
        {
            missing.Add(("移送機關同意的文號", new DomainError("consent_reference_missing", "尚未填寫移送機關同意的文號（「同意文號／駐點人員」欄：同意函的文號，或當場同意的駐點人員），不能核定。", "ConsentReference")));
        }

        if (guarantee == GuaranteeKind.None)
        {
            missing.Add(("擔保（具結、保證人、擔保品或支票）", new DomainError("guarantee_missing", "尚未提供擔保（具結、保證人、擔保品或支票），不能核定。", "Guarantee")));
        }

        if (documents == SupportingDocuments.None)
        {
            missing.Add(("證明文件（說明無法一次繳清的理由）", new DomainError("documents_missing", "尚未勾選收到的證明文件（說明無法一次繳清的理由），不能核定。", "Documents")));
        }

        return missing;
    }

    /// <summary>
    /// The clerk's own amounts per installment (柔性執行) in place of the even split: as many as the schedule has,
    /// each above zero, adding up exactly — and installment 1 stays what was paid at the counter when it was.
    /// </summary>
    public static IReadOnlyList<ScheduleLine>? Adjust(IReadOnlyList<ScheduleLine> schedule, IReadOnlyList<long>? amounts, long total, long? firstPaidOnApplication, ErrorList errors)
    {
        if (amounts is null || amounts.Count == 0)
        {
            return null;
        }

        if (amounts.Count != schedule.Count)
        {
            errors.Add("adjusted_count", $"調整後的期數（{amounts.Count}）與申請期數（{schedule.Count}）不同。", "AdjustedAmounts");
            return null;
        }

        if (amounts.Any(a => a <= 0))
        {
            errors.Add("adjusted_positive", "每期金額都必須大於 0 元。", "AdjustedAmounts");
            return null;
        }

        if (firstPaidOnApplication is { } first and > 0 && amounts[0] != first)
        {
            errors.Add("adjusted_first", $"第 1 期已於申請時繳納 {Money.Format(first)}，調整後的第 1 期金額須與其相同（目前為 {Money.Format(amounts[0])}）。", "AdjustedAmounts");
            return null;
        }

        var sum = amounts.Sum();
        if (sum != total)
        {
            errors.Add("adjusted_sum", $"各期金額合計 {Money.Format(sum)}，與應繳金額 {Money.Format(total)} 相差 {Money.Format(total - sum)}；須剛好相符。", "AdjustedAmounts");
            return null;
        }

        return schedule.Select((line, i) => line with { Amount = amounts[i] }).ToList();
    }

    private static string? Clean(string? s)
    {
        var t = (s ?? "").Trim();
        return t.Length == 0 ? null : t;
    }
}
