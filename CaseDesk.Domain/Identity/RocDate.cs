using System.Globalization;
using System.Text.RegularExpressions;
using CaseDesk.Domain.Common;

namespace CaseDesk.Domain.Identity;

/// <summary>
/// Dates as the office writes them: the ROC era (民國, year − 1911). Only for display and input;
/// dates are stored as <see cref="DateOnly"/>.
/// </summary>
public static partial class RocDate
{
    public const int EraOffset = 1911;

    private static readonly string[] WeekdayNames = ["日", "一", "二", "三", "四", "五", "六"];

    public static int RocYear(DateOnly date) => date.Year - EraOffset;

    /// <summary><c>115/11/25</c> — tables and lists.</summary>
    public static string Format(DateOnly date) => $"{RocYear(date)}/{date.Month:00}/{date.Day:00}";

    public static string Format(DateOnly? date) => date is { } d ? Format(d) : "";

    /// <summary><c>115年11月25日</c> — headings and printed forms.</summary>
    public static string FormatLong(DateOnly date) => $"{RocYear(date)}年{date.Month}月{date.Day}日";

    /// <summary><c>115年11月25日（三）</c>.</summary>
    public static string FormatLongWithWeekday(DateOnly date) => $"{FormatLong(date)}（{WeekdayName(date)}）";

    /// <summary><c>1151125</c>: fixed width, the year zero-padded to three digits (TaiwanCalendar does not pad).</summary>
    public static string FormatCompact(DateOnly date) => $"{RocYear(date):000}{date.Month:00}{date.Day:00}";

    /// <summary><c>115/11/25 14:05</c> for an instant stored in UTC.</summary>
    public static string FormatInstant(DateTime utc)
    {
        var local = TaipeiTime.ToLocal(utc);
        return $"{Format(DateOnly.FromDateTime(local))} {local:HH:mm}";
    }

    public static string WeekdayName(DateOnly date) => WeekdayNames[(int)date.DayOfWeek];

    /// <summary>
    /// Accepts <c>115/11/25</c>, <c>115.11.25</c>, <c>115-11-25</c>, <c>115年11月25日</c>, <c>1151125</c>,
    /// <c>0991231</c>, <c>2026-11-25</c>, <c>2026/11/25</c> and <c>20261125</c>.
    /// </summary>
    public static Result<DateOnly> Parse(string? input, string? field = null)
    {
        var s = TextNormalizer.ToHalfWidth(input).Trim();
        if (s.Length == 0)
        {
            return new DomainError("date_required", "請輸入日期，例如 115/11/25。", field);
        }

        if (s.StartsWith("民國", StringComparison.Ordinal))
        {
            s = s[2..];
        }

        int year, month, day;
        bool western;
        var m = SeparatedPattern().Match(s);
        if (m.Success)
        {
            year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
            day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
            western = m.Groups["y"].Value.Length == 4;
        }
        else if (s.All(char.IsAsciiDigit) && s.Length is 6 or 7 or 8)
        {
            var yearDigits = s.Length - 4;
            year = int.Parse(s[..yearDigits], CultureInfo.InvariantCulture);
            month = int.Parse(s.Substring(yearDigits, 2), CultureInfo.InvariantCulture);
            day = int.Parse(s[^2..], CultureInfo.InvariantCulture);
            western = yearDigits == 4;
        }
        else
        {
            return new DomainError("date_format", $"看不懂「{input}」這個日期；請輸入 115/11/25、1151125 或 2026-11-25。", field);
        }

        if (!western && year < 1)
        {
            return new DomainError("date_year", "民國年應從 1 年起算。", field);
        }

        var gregorianYear = western ? year : year + EraOffset;
        if (gregorianYear is < 1912 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(gregorianYear, month))
        {
            return new DomainError("date_invalid", $"「{input}」不是有效的日期。", field);
        }

        return Result.Success(new DateOnly(gregorianYear, month, day));
    }

    [GeneratedRegex(@"^(?<y>[0-9]{1,4})\s*[/.\-年]\s*(?<m>[0-9]{1,2})\s*[/.\-月]\s*(?<d>[0-9]{1,2})\s*日?$")]
    private static partial Regex SeparatedPattern();
}
