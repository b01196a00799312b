using CaseDesk.Domain.Common;

namespace CaseDesk.Domain.Identity;

/// <summary>
/// A business number (營利事業統一編號): 8 digits, weights 1,2,1,2,1,2,4,1, digits of each product
/// summed; valid if divisible by 5 (since 2023-04-01; the old "by 10" numbers still pass), and
/// when the 7th digit is 7 also if the sum plus one is.
/// </summary>
public readonly record struct BusinessNumber
{
    public const int Length = 8;

    private static readonly int[] Weights = [1, 2, 1, 2, 1, 2, 4, 1];

    private BusinessNumber(string value) => Value = value;

    public string Value { get; }

    public static bool IsValid(string? input) => Parse(input).Succeeded;

    public static Result<BusinessNumber> Parse(string? input, string field = "IdNumber")
    {
        var s = TextNormalizer.CompactUpper(input);
        if (s.Length == 0)
        {
            return new DomainError("ban_required", "請輸入統一編號。", field);
        }

        if (s.Length != Length || !s.All(char.IsAsciiDigit))
        {
            return new DomainError("ban_format", $"統一編號應為 8 位數字，您輸入了「{s}」。", field);
        }

        var sum = 0;
        for (var i = 0; i < Length; i++)
        {
            var product = (s[i] - '0') * Weights[i];
            sum += (product / 10) + (product % 10);
        }

        var valid = sum % 5 == 0 || (s[6] == '7' && (sum + 1) % 5 == 0);
        return valid
            ? Result.Success(new BusinessNumber(s))
            : new DomainError("ban_checksum", "統一編號檢查碼不符，請核對號碼是否輸入錯誤。", field);
    }

    public override string ToString() => Value;
}
