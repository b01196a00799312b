using System.Globalization;
using System.Text.RegularExpressions;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;

namespace CaseDesk.Domain.Cases;

/// <summary>
/// An enforcement case number (執行案號), e.g. <c>115年度健保執字第00012345號</c>: ROC year, the case
/// word of the referring agency, and a sequence number (zero-padded to 8 digits when stored).
/// </summary>
public readonly partial record struct CaseNumber(int RocYear, string Word, long Sequence)
{
    public const int MaxLength = 40;
    public const int WordMaxLength = 12;
    public const int SequenceDigits = 8;

    public string Value => $"{RocYear}年度{Word}字第{Sequence.ToString(new string('0', SequenceDigits), CultureInfo.InvariantCulture)}號";

    public static Result<CaseNumber> Parse(string? input, string field = "CaseNumber")
    {
        var s = TextNormalizer.ToHalfWidth(input).Replace(" ", "", StringComparison.Ordinal).Trim();
        if (s.Length == 0)
        {
            return new DomainError("case_number_required", "請輸入執行案號。", field);
        }

        var m = Pattern().Match(s);
        if (!m.Success)
        {
            return new DomainError("case_number_format", "執行案號格式應為「115年度健保執字第00012345號」。", field);
        }

        var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (year is < 80 or > 200)
        {
            return new DomainError("case_number_year", $"案號年度「{year}」不合理，請輸入民國年（例如 115）。", field);
        }

        return Result.Success(new CaseNumber(year, m.Groups["word"].Value, long.Parse(m.Groups["seq"].Value, CultureInfo.InvariantCulture)));
    }

    public override string ToString() => Value;

    [GeneratedRegex(@"^(?<year>\d{2,3})年度(?<word>[\u4e00-\u9fff]{1,12})字第(?<seq>\d{1,10})號$")]
    private static partial Regex Pattern();
}
