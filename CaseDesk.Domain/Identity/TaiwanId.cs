using CaseDesk.Domain.Common;

namespace CaseDesk.Domain.Identity;

public enum TaiwanIdKind
{
    NationalId,
    ResidentCertificate,
    OldResidentCertificate,
}

/// <summary>
/// A national ID (身分證統一編號) or resident certificate number (居留證統一證號), checksum-validated
/// as in RULES.md §7. Stored upper case without separators.
/// </summary>
public readonly record struct TaiwanId
{
    public const int Length = 10;

    // Letter values: A10 B11 ... note I, O, W, X, Y, Z are out of order.
    private static readonly int[] LetterValues =
        [10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33];

    private TaiwanId(string value, TaiwanIdKind kind)
    {
        Value = value;
        Kind = kind;
    }

    public string Value { get; }

    public TaiwanIdKind Kind { get; }

    public static bool IsValid(string? input) => Parse(input).Succeeded;

    public static Result<TaiwanId> Parse(string? input, string field = "IdNumber")
    {
        var s = TextNormalizer.CompactUpper(input);
        if (s.Length == 0)
        {
            return new DomainError("id_required", "請輸入身分證或居留證號。", field);
        }

        if (s.Length != Length)
        {
            return new DomainError("id_length", $"身分證或居留證號應為 10 碼（1 個英文字母加 9 個數字），您輸入了 {s.Length} 碼。", field);
        }

        if (s[0] is < 'A' or > 'Z')
        {
            return new DomainError("id_first_letter", "第 1 碼應為英文字母（A–Z）。", field);
        }

        TaiwanIdKind kind;
        int second;
        switch (s[1])
        {
            case '1' or '2':
                kind = TaiwanIdKind.NationalId;
                second = s[1] - '0';
                break;
            case '8' or '9':
                kind = TaiwanIdKind.ResidentCertificate;
                second = s[1] - '0';
                break;
            case >= 'A' and <= 'D':
                kind = TaiwanIdKind.OldResidentCertificate;
                second = LetterValues[s[1] - 'A'] % 10;
                break;
            default:
                return new DomainError("id_second_char", "第 2 碼應為 1、2（身分證）、8、9（新式居留證）或 A–D（舊式居留證）。", field);
        }

        for (var i = 2; i < Length; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return new DomainError("id_digits", "第 3 碼到第 10 碼應為數字。", field);
            }
        }

        var letter = LetterValues[s[0] - 'A'];
        var sum = (letter / 10) + (letter % 10 * 9) + (second * 8);
        for (var i = 2; i <= 8; i++)
        {
            sum += (s[i] - '0') * (9 - i);
        }

        sum += s[9] - '0';
        if (sum % 10 != 0)
        {
            return new DomainError("id_checksum", "檢查碼不符，請核對號碼是否輸入錯誤。", field);
        }

        return Result.Success(new TaiwanId(s, kind));
    }

    /// <summary>Personal-data masking for lists: <c>A12****789</c>.</summary>
    public static string Mask(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return value.Length == Length ? string.Concat(value.AsSpan(0, 3), "****", value.AsSpan(7)) : new string('*', value.Length);
    }

    public override string ToString() => Value;
}
