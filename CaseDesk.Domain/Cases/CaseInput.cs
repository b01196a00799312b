using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;

namespace CaseDesk.Domain.Cases;

/// <summary>What a clerk enters for a case, as typed. <see cref="Validate"/> checks what needs no database.</summary>
public sealed record CaseInput
{
    public string CaseNumber { get; init; } = "";

    public ObligorKind ObligorKind { get; init; }

    public string ObligorName { get; init; } = "";

    public string ObligorIdNumber { get; init; } = "";

    public string? ObligorPhone { get; init; }

    public string? ObligorAddress { get; init; }

    public int? ReferringAgencyId { get; init; }

    public long? AmountOwed { get; init; }

    public DateOnly? ReferredOn { get; init; }

    public int? UnitId { get; init; }

    public int? ResponsibleClerkId { get; init; }

    public CaseStatus Status { get; init; } = CaseStatus.InEnforcement;

    public string? Notes { get; init; }

    internal Result<ValidCaseInput> Validate(DateOnly today)
    {
        var errors = new ErrorList();

        var number = Cases.CaseNumber.Parse(CaseNumber, nameof(CaseNumber));
        if (!number.Succeeded)
        {
            errors.Add(number.Errors[0]);
        }

        var name = (ObligorName ?? "").Trim();
        errors.AddIf(name.Length == 0, "obligor_name_required", "請輸入義務人姓名或名稱。", nameof(ObligorName));
        errors.AddIf(name.Length > EnforcementCase.ObligorNameMaxLength, "obligor_name_length", $"義務人姓名或名稱最多 {EnforcementCase.ObligorNameMaxLength} 字。", nameof(ObligorName));

        var idNumber = "";
        var idResult = ObligorKind == ObligorKind.Person
            ? TaiwanId.Parse(ObligorIdNumber, nameof(ObligorIdNumber)).Errors
            : BusinessNumber.Parse(ObligorIdNumber, nameof(ObligorIdNumber)).Errors;
        if (idResult.Count > 0)
        {
            errors.Add(idResult[0]);
        }
        else
        {
            idNumber = TextNormalizer.CompactUpper(ObligorIdNumber);
        }

        var phone = Clean(ObligorPhone);
        errors.AddIf(phone?.Length > EnforcementCase.PhoneMaxLength, "phone_length", $"電話最多 {EnforcementCase.PhoneMaxLength} 字。", nameof(ObligorPhone));
        errors.AddIf(phone is not null && !phone.All(c => char.IsAsciiDigit(c) || c is '-' or ' ' or '(' or ')' or '#' or '+'), "phone_format", "電話只能包含數字、-、#、( )。", nameof(ObligorPhone));

        var address = Clean(ObligorAddress);
        errors.AddIf(address?.Length > EnforcementCase.AddressMaxLength, "address_length", $"地址最多 {EnforcementCase.AddressMaxLength} 字。", nameof(ObligorAddress));

        errors.AddIf(ReferringAgencyId is null, "agency_required", "請選擇移送機關。", nameof(ReferringAgencyId));
        errors.AddIf(AmountOwed is null, "amount_required", "請輸入執行金額。", nameof(AmountOwed));
        errors.AddIf(AmountOwed is <= 0, "amount_positive", "執行金額必須大於 0 元。", nameof(AmountOwed));
        errors.AddIf(AmountOwed > Money.MaxAmount, "amount_too_large", $"執行金額超過上限 {Money.Format(Money.MaxAmount)}，請確認是否多打了位數。", nameof(AmountOwed));
        errors.AddIf(ReferredOn is null, "referred_on_required", "請輸入移送日期。", nameof(ReferredOn));
        errors.AddIf(ReferredOn > today, "referred_on_future", $"移送日期不可晚於今天（{RocDate.Format(today)}）。", nameof(ReferredOn));
        errors.AddIf(ReferredOn is { } r && number.Succeeded && r.Year - RocDate.EraOffset < number.Value.RocYear - 1, "referred_on_year", "移送日期早於案號年度，請核對。", nameof(ReferredOn));
        errors.AddIf(UnitId is null, "unit_required", "請選擇執行股。", nameof(UnitId));

        var notes = Clean(Notes);
        errors.AddIf(notes?.Length > EnforcementCase.NotesMaxLength, "notes_length", $"備註最多 {EnforcementCase.NotesMaxLength} 字，目前 {notes?.Length} 字。", nameof(Notes));

        if (errors.Any)
        {
            return Result<ValidCaseInput>.Fail(errors.Items);
        }

        return Result.Success(new ValidCaseInput(
            number.Value, ObligorKind, name, idNumber, phone, address, ReferringAgencyId!.Value, AmountOwed!.Value,
            ReferredOn!.Value, UnitId!.Value, ResponsibleClerkId, Status, notes));
    }

    private static string? Clean(string? s)
    {
        var t = TextNormalizer.ToHalfWidth(s).Trim();
        return t.Length == 0 ? null : t;
    }
}

internal sealed record ValidCaseInput(
    CaseNumber Number,
    ObligorKind ObligorKind,
    string ObligorName,
    string ObligorIdNumber,
    string? ObligorPhone,
    string? ObligorAddress,
    int ReferringAgencyId,
    long AmountOwed,
    DateOnly ReferredOn,
    int UnitId,
    int? ResponsibleClerkId,
    CaseStatus Status,
    string? Notes);
