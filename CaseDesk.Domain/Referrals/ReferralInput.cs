using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;

namespace CaseDesk.Domain.Referrals;

/// <summary>Settings of welfare referrals; bound from the "Referrals" section of appsettings.json.</summary>
public sealed class ReferralOptions
{
    public const string SectionName = "Referrals";

    /// <summary>The partner is expected to acknowledge within this many working days of sending.</summary>
    public int AcknowledgeWorkingDays { get; set; } = 5;

    /// <summary>The clerk follows the referral up this many working days after sending (unless they set a date).</summary>
    public int FollowUpWorkingDays { get; set; } = 20;

    /// <summary>The office's name as it heads the referral form (from the "Office" section).</summary>
    public string OfficeName { get; set; } = "法務部行政執行署桃園分署";
}

public sealed record PartnerInput
{
    public string? Name { get; init; }

    public string? ContactName { get; init; }

    public string? Phone { get; init; }

    public string? Fax { get; init; }

    public string? Email { get; init; }

    public string? Address { get; init; }

    public WelfareNeed Services { get; init; }

    public bool AcceptsEmail { get; init; }
}

public sealed record ValidPartnerInput(string Name, string ContactName, string? Phone, string? Fax, string? Email, string? Address, WelfareNeed Services, bool AcceptsEmail);

public sealed record ConsentInput(DateOnly? On, ConsentMethod? Method, string? RecordedBy);

public sealed record ValidConsent(DateOnly On, ConsentMethod Method, string RecordedBy);

/// <summary>What the clerk types on the referral form.</summary>
public sealed record ReferralInput
{
    /// <summary>The enforcement case, by its number (or empty for a walk-in obligor without a case here).</summary>
    public string? CaseNumber { get; init; }

    public string? ObligorName { get; init; }

    public string? ObligorIdNumber { get; init; }

    public string? ObligorPhone { get; init; }

    public string? ObligorAddress { get; init; }

    public int? PartnerId { get; init; }

    public WelfareNeed Needs { get; init; }

    public string? OtherNeed { get; init; }

    public string? Situation { get; init; }

    public int? HouseholdSize { get; init; }

    public int? Dependents { get; init; }

    public long? MonthlyIncome { get; init; }

    public IncomeStatus IncomeStatus { get; init; }

    public string? SpecialCircumstances { get; init; }

    public ReferralUrgency Urgency { get; init; }

    /// <summary>The consent, when it is given while the form is filled in (it can be recorded later).</summary>
    public bool ConsentGiven { get; init; }

    public ConsentInput? Consent { get; init; }
}

public sealed record ValidReferralInput(
    int? CaseId,
    string ObligorName,
    string? ObligorIdNumber,
    string? ObligorPhone,
    string? ObligorAddress,
    int PartnerId,
    WelfareNeed Needs,
    string? OtherNeed,
    string Situation,
    int? HouseholdSize,
    int? Dependents,
    long? MonthlyIncome,
    IncomeStatus IncomeStatus,
    string? SpecialCircumstances,
    ReferralUrgency Urgency,
    ValidConsent? Consent);

public enum ReferralAction
{
    RecordConsent,
    Send,
    Acknowledge,
    StartService,
    Close,
    Reject,
    Withdraw,
    Reopen,
    FollowUp,
}

/// <summary>One step of the closed loop, as the action dialog collects it; which fields count depends on <see cref="Action"/>.</summary>
public sealed record ReferralStep
{
    public required ReferralAction Action { get; init; }

    /// <summary>When it happened (sent, acknowledged, closed…); defaults to today.</summary>
    public DateOnly? On { get; init; }

    public SendMethod? Method { get; init; }

    public ConsentMethod? ConsentMethod { get; init; }

    public string? ConsentRecordedBy { get; init; }

    public string? PartnerReference { get; init; }

    public ReferralOutcome? Outcome { get; init; }

    /// <summary>The outcome's note, the reason of a rejection, withdrawal or reopening, or the follow-up note.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// Follow-up: the next follow-up date. Send: the clerk's own follow-up date instead of the default (20 working days
    /// after sending), not before the send date; kept as chosen when the calendar changes.
    /// </summary>
    public DateOnly? NextFollowUpOn { get; init; }

    /// <summary>Send: also mark the enforcement case deferred (暫緩執行) until <see cref="DeferCaseUntil"/> (implied when a date is given).</summary>
    public bool DeferCase { get; init; }

    public DateOnly? DeferCaseUntil { get; init; }

    /// <summary>Close, reject, withdraw: put the case back into enforcement if it is deferred.</summary>
    public bool LiftDeferral { get; init; }

    public string? DeferReason { get; init; }
}

/// <summary>Validation of what clerks and admins type, with messages a clerk understands.</summary>
internal static class ReferralValidation
{
    /// <summary>Names, numbers and addresses: half-width (as the cases keep them, and as search compares them), trimmed.</summary>
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : TextNormalizer.ToHalfWidth(value).Trim();

    /// <summary>What the clerk writes in sentences (the situation, notes, reasons): trimmed only, so 「，（）：」 stay as typed on the form the partner receives.</summary>
    public static string? Prose(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static Result<ValidPartnerInput> Partner(PartnerInput input)
    {
        var errors = new ErrorList();
        var name = Clean(input.Name);
        var contact = Clean(input.ContactName);
        errors.AddIf(name is null, "partner_name", "請填寫合作單位名稱。", "Name");
        errors.AddIf(name?.Length > WelfarePartner.NameMaxLength, "partner_name", $"名稱最多 {WelfarePartner.NameMaxLength} 字。", "Name");
        errors.AddIf(contact is null, "partner_contact", "請填寫聯絡窗口（承辦人姓名）。", "ContactName");
        errors.AddIf(contact?.Length > WelfarePartner.ContactMaxLength, "partner_contact", $"聯絡窗口最多 {WelfarePartner.ContactMaxLength} 字。", "ContactName");
        var phone = Phone(input.Phone, "Phone", "電話", errors);
        var fax = Phone(input.Fax, "Fax", "傳真", errors);
        var email = Clean(input.Email);
        if (email is not null && (email.Length > WelfarePartner.EmailMaxLength || !System.Net.Mail.MailAddress.TryCreate(email, out _) || !email.Contains('@', StringComparison.Ordinal)))
        {
            errors.Add("partner_email", "電子郵件格式不正確（例如 window@example.gov.tw）。", "Email");
        }

        var address = Clean(input.Address);
        errors.AddIf(address?.Length > WelfarePartner.AddressMaxLength, "partner_address", $"地址最多 {WelfarePartner.AddressMaxLength} 字。", "Address");
        errors.AddIf((input.Services & ~AllNeeds) != 0 || input.Services == WelfareNeed.None, "partner_services", "請勾選合作單位提供的服務（至少一項）。", "Services");
        errors.AddIf(input.AcceptsEmail && email is null, "partner_email_needed", "勾選接受電子郵件轉介時，請填寫電子郵件地址。", "Email");
        errors.AddIf(phone is null && fax is null && email is null, "partner_no_contact", "請至少填寫電話、傳真或電子郵件其中一項。", "Phone");
        return errors.Any
            ? Result<ValidPartnerInput>.Fail(errors.Items)
            : Result.Success(new ValidPartnerInput(name!, contact!, phone, fax, email, address, input.Services, input.AcceptsEmail));
    }

    private static WelfareNeed AllNeeds => WelfareNeeds.All.Aggregate(WelfareNeed.None, (a, b) => a | b);

    private static string? Phone(string? value, string field, string label, ErrorList errors)
    {
        if (Clean(value) is null)
        {
            return null;
        }

        if (!PhoneNumber.TryParse(value, out var phone, out var error))
        {
            errors.Add("phone_invalid", $"{label}：{error}", field);
            return null;
        }

        return phone.Display;
    }

    public static ValidConsent? Consent(ConsentInput? input, DateOnly today, ErrorList errors)
    {
        if (input is null)
        {
            return null;
        }

        errors.AddIf(input.On is null, "consent_date", "請填寫義務人同意的日期。", "ConsentOn");
        errors.AddIf(input.On > today, "consent_future", "同意日期不能晚於今天。", "ConsentOn");
        errors.AddIf(input.Method is null, "consent_method", "請選擇同意方式（簽名或口頭）。", "ConsentMethod");
        var by = Clean(input.RecordedBy);
        errors.AddIf(by is null, "consent_by", input.Method == ConsentMethod.OralRecorded ? "口頭同意請填寫記錄人。" : "請填寫見證簽名的同仁。", "ConsentRecordedBy");
        errors.AddIf(by?.Length > 50, "consent_by", "記錄人最多 50 字。", "ConsentRecordedBy");
        return input.On is { } on && input.Method is { } method && by is not null && on <= today && by.Length <= 50 ? new ValidConsent(on, method, by) : null;
    }

    public static ValidReferralInput? Referral(ReferralInput input, int? caseId, WelfarePartner? partner, DateOnly today, ErrorList errors)
    {
        var name = Clean(input.ObligorName);
        errors.AddIf(name is null, "referral_name", "請填寫義務人姓名。", "ObligorName");
        errors.AddIf(name?.Length > Referrals.Referral.NameMaxLength, "referral_name", $"姓名最多 {Referrals.Referral.NameMaxLength} 字。", "ObligorName");
        string? id = null;
        if (Clean(input.ObligorIdNumber) is { } rawId)
        {
            var parsed = TaiwanId.Parse(rawId, "ObligorIdNumber");
            if (parsed.Succeeded)
            {
                id = parsed.Value.Value;
            }
            else
            {
                errors.Add(new DomainError("referral_id", "身分證統一編號不正確，請再核對一次（或留白）。", "ObligorIdNumber"));
            }
        }

        var phone = Phone(input.ObligorPhone, "ObligorPhone", "電話", errors);
        var address = Clean(input.ObligorAddress);
        errors.AddIf(address?.Length > Referrals.Referral.AddressMaxLength, "referral_address", $"地址最多 {Referrals.Referral.AddressMaxLength} 字。", "ObligorAddress");

        errors.AddIf(input.PartnerId is null, "referral_partner", "請選擇轉介的合作單位。", "PartnerId");
        errors.AddIf(input.PartnerId is not null && partner is null, "referral_partner", "找不到這個合作單位。", "PartnerId");
        errors.AddIf(partner is { IsActive: false }, "referral_partner_inactive", "這個合作單位已停用，請選擇其他單位。", "PartnerId");
        errors.AddIf(input.Needs == WelfareNeed.None || (input.Needs & ~AllNeeds) != 0, "referral_needs", "請勾選義務人的需求（至少一項）。", "Needs");
        if (partner is not null && input.Needs != WelfareNeed.None && (input.Needs & partner.Services) == WelfareNeed.None)
        {
            errors.Add("referral_partner_services", $"{partner.Name}不提供所勾選的服務（提供：{WelfareNeeds.Names(partner.Services)}），請改選合作單位或需求。", "PartnerId");
        }

        var otherNeed = Prose(input.OtherNeed);
        errors.AddIf(input.Needs.HasFlag(WelfareNeed.Other) && otherNeed is null, "referral_other_need", "勾選「其他」時請說明需求。", "OtherNeed");
        errors.AddIf(otherNeed?.Length > Referrals.Referral.ShortTextMaxLength, "referral_other_need", $"需求說明最多 {Referrals.Referral.ShortTextMaxLength} 字。", "OtherNeed");
        var situation = Prose(input.Situation);
        errors.AddIf(situation is null, "referral_situation", "請以您的話描述義務人的狀況（例如：失業三個月，獨力扶養兩名子女）。", "Situation");
        errors.AddIf(situation?.Length > Referrals.Referral.TextMaxLength, "referral_situation", $"狀況說明最多 {Referrals.Referral.TextMaxLength} 字。", "Situation");
        errors.AddIf(input.HouseholdSize is < 1 or > 30, "referral_household", "家戶人數應為 1 到 30 人。", "HouseholdSize");
        errors.AddIf(input.Dependents is < 0 or > 30, "referral_dependents", "受扶養人數應為 0 到 30 人。", "Dependents");
        errors.AddIf(input.Dependents is { } d && input.HouseholdSize is { } h && d >= h, "referral_dependents", "受扶養人數應少於家戶人數。", "Dependents");
        errors.AddIf(input.MonthlyIncome is < 0 or > 100_000_000, "referral_income", "家戶月收入應為 0 到 1 億元。", "MonthlyIncome");
        var special = Prose(input.SpecialCircumstances);
        errors.AddIf(special?.Length > Referrals.Referral.ShortTextMaxLength, "referral_special", $"特殊狀況最多 {Referrals.Referral.ShortTextMaxLength} 字。", "SpecialCircumstances");
        var consent = input.ConsentGiven ? Consent(input.Consent ?? new ConsentInput(null, null, null), today, errors) : null;
        return errors.Any
            ? null
            : new ValidReferralInput(caseId, name!, id, phone, address, partner!.Id, input.Needs, input.Needs.HasFlag(WelfareNeed.Other) ? otherNeed : null,
                situation!, input.HouseholdSize, input.Dependents, input.MonthlyIncome, input.IncomeStatus, special, input.Urgency, consent);
    }
}
