using System.Net.Mail;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;

namespace CaseDesk.Domain.Petitions;

/// <summary>What a clerk registers, as typed. Petitioner fields are optional: anonymous petitions exist.</summary>
public sealed record PetitionInput
{
    public PetitionChannel? Channel { get; init; }

    public DateOnly? ReceivedOn { get; init; }

    /// <summary>Time of receipt, Taipei (defaults to now when received today).</summary>
    public TimeOnly? ReceivedAt { get; init; }

    public string? PetitionerName { get; init; }

    public string? PetitionerPhone { get; init; }

    public string? PetitionerEmail { get; init; }

    public string? PetitionerAddress { get; init; }

    public bool RecordReadBack { get; init; }

    public string? RecordSignedBy { get; init; }

    /// <summary>An oral petition: the day the petitioner signed the read-back record (Taipei); empty with the time means the receipt day.</summary>
    public DateOnly? RecordSignedOn { get; init; }

    /// <summary>An oral petition: the time the record was signed (Taipei); both empty means at receipt.</summary>
    public TimeOnly? RecordSignedAt { get; init; }

    public string? ForwardingAuthority { get; init; }

    public string? ForwardingDocumentNumber { get; init; }

    /// <summary>The linked enforcement case, by case number (optional).</summary>
    public string? CaseNumber { get; init; }

    public string? RelatedPetitionNumber { get; init; }

    public PetitionCategory? Category { get; init; }

    public string? Subject { get; init; }

    public string? Content { get; init; }

    public int? UnitId { get; init; }

    public int? SectionId { get; init; }

    public int? HandlerId { get; init; }

    internal ErrorList ValidateText(DateOnly today, out ValidPetitionInput? valid)
    {
        var errors = new ErrorList();
        valid = null;
        errors.AddIf(Channel is null, "channel_required", "請選擇來源管道。", nameof(Channel));
        errors.AddIf(Category is null, "category_required", "請選擇陳情類別（行政程序法第 168 條的四類之一）。", nameof(Category));
        errors.AddIf(ReceivedOn is null, "received_required", "請輸入收文日期。", nameof(ReceivedOn));
        errors.AddIf(ReceivedOn > today, "received_future", $"收文日期不可晚於今天（{RocDate.Format(today)}）。", nameof(ReceivedOn));

        var name = Text(PetitionerName, Petition.NameMaxLength, nameof(PetitionerName), "陳情人姓名", errors);
        var phone = Text(PetitionerPhone, Petition.PhoneMaxLength, nameof(PetitionerPhone), "電話", errors);
        errors.AddIf(phone is not null && !phone.All(c => char.IsAsciiDigit(c) || c is '-' or ' ' or '(' or ')' or '#' or '+'), "phone_format", "電話只能包含數字、-、#、( )。", nameof(PetitionerPhone));
        var email = Text(PetitionerEmail, Petition.EmailMaxLength, nameof(PetitionerEmail), "電子郵件", errors);
        errors.AddIf(email is not null && !MailAddress.TryCreate(email, out _), "email_format", "電子郵件格式不正確。", nameof(PetitionerEmail));
        var address = Text(PetitionerAddress, Petition.AddressMaxLength, nameof(PetitionerAddress), "地址", errors);
        var signedBy = Text(RecordSignedBy, Petition.NameMaxLength, nameof(RecordSignedBy), "簽名人", errors);
        var authority = Text(ForwardingAuthority, Petition.ShortTextMaxLength, nameof(ForwardingAuthority), "函轉機關", errors);
        var docNo = Text(ForwardingDocumentNumber, Petition.ShortTextMaxLength, nameof(ForwardingDocumentNumber), "函轉文號", errors);
        var subject = Text(Subject, Petition.SubjectMaxLength, nameof(Subject), "主旨", errors);
        var content = Text(Content, Petition.ContentMaxLength, nameof(Content), "陳情內容", errors);

        if (Channel == PetitionChannel.InPerson)
        {
            errors.AddIf(!RecordReadBack, "oral_read_back", "臨櫃口頭陳情須製作紀錄並向陳情人朗讀或使其閱覽。", nameof(RecordReadBack));
            errors.AddIf(signedBy is null, "oral_signed_by", "請填寫在紀錄上簽名或蓋章的人。", nameof(RecordSignedBy));
        }

        if (Channel == PetitionChannel.ForwardedByHigherAuthority)
        {
            errors.AddIf(authority is null, "forwarding_authority_required", "上級機關函轉的陳情，請填寫函轉機關（例如法務部行政執行署）。", nameof(ForwardingAuthority));
            errors.AddIf(docNo is null, "forwarding_document_required", "請填寫函轉文號。", nameof(ForwardingDocumentNumber));
        }

        errors.AddIf(subject is null, "subject_required", "請輸入主旨。", nameof(Subject));
        errors.AddIf(content is null, "content_required", "請輸入陳情內容（口頭陳情請輸入紀錄內容）。", nameof(Content));

        if (!errors.Any)
        {
            valid = new ValidPetitionInput(
                Channel!.Value, name, phone, email, address,
                Channel == PetitionChannel.InPerson ? true : null,
                Channel == PetitionChannel.InPerson ? signedBy : null,
                null,
                Channel == PetitionChannel.ForwardedByHigherAuthority ? authority : null,
                Channel == PetitionChannel.ForwardedByHigherAuthority ? docNo : null,
                null, null, Category!.Value, subject!, content!, UnitId, SectionId, HandlerId);
        }

        return errors;
    }

    private static string? Text(string? value, int max, string field, string label, ErrorList errors)
    {
        var t = (value ?? "").Trim();
        if (t.Length > max)
        {
            errors.Add("text_too_long", $"{label}最多 {max:N0} 字，目前 {t.Length:N0} 字。", field);
        }

        return t.Length == 0 ? null : t;
    }
}

internal sealed record ValidPetitionInput(
    PetitionChannel Channel,
    string? PetitionerName,
    string? PetitionerPhone,
    string? PetitionerEmail,
    string? PetitionerAddress,
    bool? RecordReadBack,
    string? RecordSignedBy,
    DateTime? RecordSignedAtUtc,
    string? ForwardingAuthority,
    string? ForwardingDocumentNumber,
    int? CaseId,
    int? RelatedPetitionId,
    PetitionCategory Category,
    string Subject,
    string Content,
    int? UnitId,
    int? SectionId,
    int? HandlerId);
