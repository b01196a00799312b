using System.Globalization;
using System.Text;
using System.Text.Json;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;

namespace CaseDesk.Domain.Calendar;

public sealed record ParsedCalendarDay(DateOnly Date, bool IsHoliday, string Description);

public sealed record ParsedCalendar(IReadOnlyList<ParsedCalendarDay> Days, string Encoding, string Format)
{
    public IReadOnlyList<int> Years => Days.Select(d => d.Date.Year).Distinct().Order().ToList();
}

/// <summary>
/// Reads the government office calendar (政府行政機關辦公日曆表, data.gov.tw dataset 14718):
/// the official CSV (<c>西元日期,星期,是否放假,備註</c>, UTF-8 with BOM or Big5/CP950) and the JSON form
/// (<c>{"date":"20270101","week":"五","isHoliday":true,"description":"開國紀念日"}</c>).
/// </summary>
public static class CalendarFileParser
{
    public const int MaxFileBytes = 512 * 1024;

    private const string WeekdayChars = "日一二三四五六";

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static CalendarFileParser() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Result<ParsedCalendar> Parse(ReadOnlySpan<byte> content)
    {
        if (content.Length == 0)
        {
            return Fail("檔案是空的。");
        }

        if (content.Length > MaxFileBytes)
        {
            return Fail($"檔案太大（上限 {MaxFileBytes / 1024} KB）；一個年度的日曆表約 6 KB。");
        }

        var (text, encoding) = Decode(content);
        var trimmed = text.TrimStart();
        return trimmed.StartsWith('[') ? ParseJson(trimmed, encoding) : ParseCsv(text, encoding);
    }

    private static (string Text, string Encoding) Decode(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("\uFEFF"u8))
        {
            return (Encoding.UTF8.GetString(content[3..]), "UTF-8 (BOM)");
        }

        try
        {
            return (StrictUtf8.GetString(content), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return (Encoding.GetEncoding(950).GetString(content), "Big5 (CP950)");
        }
    }

    private static Result<ParsedCalendar> ParseCsv(string text, string encoding)
    {
        var lines = text.Split('\n');
        var header = lines[0].Trim().TrimEnd('\r');
        if (!header.StartsWith("西元日期", StringComparison.Ordinal) || !header.Contains("是否放假", StringComparison.Ordinal))
        {
            return Fail($"第 1 行應為欄位名稱「西元日期,星期,是否放假,備註」，讀到的是「{Shorten(header)}」；請確認檔案是政府行政機關辦公日曆表（UTF-8 或 Big5）。");
        }

        var errors = new ErrorList();
        var days = new List<ParsedCalendarDay>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length < 3)
            {
                errors.Add("calendar_row", $"第 {i + 1} 行欄位不足：「{Shorten(line)}」。");
                continue;
            }

            var holidayFlag = cells[2].Trim();
            if (holidayFlag is not ("0" or "2"))
            {
                errors.Add("calendar_row", $"第 {i + 1} 行「是否放假」應為 0（上班）或 2（放假），讀到「{holidayFlag}」。");
                continue;
            }

            var description = cells.Length > 3 ? string.Join(",", cells[3..]).Trim() : "";
            AddRow(days, errors, i + 1, cells[0], cells[1], holidayFlag == "2", description);
        }

        return Finish(days, errors, encoding, "CSV");
    }

    private static Result<ParsedCalendar> ParseJson(string text, string encoding)
    {
        List<JsonRow>? rows;
        try
        {
            rows = JsonSerializer.Deserialize<List<JsonRow>>(text, new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
        }
        catch (JsonException ex)
        {
            return Fail($"JSON 格式錯誤（第 {ex.LineNumber + 1} 行附近）；每筆應為 {{\"date\":\"20270101\",\"week\":\"五\",\"isHoliday\":true,\"description\":\"開國紀念日\"}}。");
        }

        var errors = new ErrorList();
        var days = new List<ParsedCalendarDay>();
        for (var i = 0; i < (rows?.Count ?? 0); i++)
        {
            var row = rows![i];
            if (row.IsHoliday is not { } isHoliday)
            {
                errors.Add("calendar_row", $"第 {i + 1} 筆缺少 isHoliday（true 放假、false 上班）。");
                continue;
            }

            AddRow(days, errors, i + 1, row.Date ?? "", row.Week ?? "", isHoliday, row.Description ?? "");
        }

        return Finish(days, errors, encoding, "JSON");
    }

    private static void AddRow(List<ParsedCalendarDay> days, ErrorList errors, int line, string dateText, string week, bool isHoliday, string description)
    {
        if (!DateOnly.TryParseExact(dateText.Trim(), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add("calendar_row", $"第 {line} 筆的日期「{Shorten(dateText)}」不是 YYYYMMDD 格式。");
            return;
        }

        week = week.Trim();
        if (week.Length > 0 && week != WeekdayChars[(int)date.DayOfWeek].ToString())
        {
            errors.Add("calendar_row", $"第 {line} 筆：{RocDate.Format(date)} 是星期{RocDate.WeekdayName(date)}，檔案寫星期「{Shorten(week)}」；檔案編碼或內容可能有誤。");
            return;
        }

        days.Add(new ParsedCalendarDay(date, isHoliday, description));
    }

    private static Result<ParsedCalendar> Finish(List<ParsedCalendarDay> days, ErrorList errors, string encoding, string format)
    {
        var duplicate = days.GroupBy(d => d.Date).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            errors.Add("calendar_duplicate", $"日期 {RocDate.Format(duplicate.Key)} 出現不只一次。");
        }

        if (days.Count == 0 && !errors.Any)
        {
            errors.Add("calendar_empty", "檔案中沒有任何日期。");
        }

        return errors.Any
            ? Result<ParsedCalendar>.Fail(errors.Items)
            : Result.Success(new ParsedCalendar(days.OrderBy(d => d.Date).ToList(), encoding, format));
    }

    private static Result<ParsedCalendar> Fail(string message) => new DomainError("calendar_file", message);

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "…" : s;

    private sealed record JsonRow(string? Date, string? Week, bool? IsHoliday, string? Description);
}
