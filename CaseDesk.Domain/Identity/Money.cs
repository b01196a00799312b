using System.Globalization;
using CaseDesk.Domain.Common;

namespace CaseDesk.Domain.Identity;

/// <summary>New Taiwan dollars: whole dollars in a <see cref="long"/>, shown as <c>NT$1,234,567</c>.</summary>
public static class Money
{
    /// <summary>Above any public-law debt an office handles; guards against a mistyped extra digit or two.</summary>
    public const long MaxAmount = 999_999_999_999;

    public static string Format(long amount) =>
        amount < 0
            ? "-NT$" + (-amount).ToString("#,0", CultureInfo.InvariantCulture)
            : "NT$" + amount.ToString("#,0", CultureInfo.InvariantCulture);

    public static Result<long> Parse(string? input, string? field = null)
    {
        var s = TextNormalizer.ToHalfWidth(input).Trim();
        if (s.StartsWith("NT$", StringComparison.OrdinalIgnoreCase))
        {
            s = s[3..];
        }

        s = s.Replace(",", "", StringComparison.Ordinal).Replace("元", "", StringComparison.Ordinal).Trim();
        if (s.Length == 0)
        {
            return new DomainError("amount_required", "請輸入金額。", field);
        }

        if (!long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return new DomainError("amount_format", "金額只能是整數元（新臺幣，不含小數）。", field);
        }

        return value switch
        {
            < 0 => new DomainError("amount_negative", "金額不可為負數。", field),
            > MaxAmount => new DomainError("amount_too_large", $"金額超過上限 {Format(MaxAmount)}，請確認是否多打了位數。", field),
            _ => Result.Success(value),
        };
    }
}
