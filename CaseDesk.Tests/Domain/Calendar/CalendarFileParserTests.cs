using System.Text;
using CaseDesk.Domain.Calendar;
using CaseDesk.Tests.Support;

namespace CaseDesk.Tests.Domain.Calendar;

public sealed class CalendarFileParserTests
{
    [Fact]
    public void Parse_Utf8WithBom_ReadsEveryDay()
    {
        var result = CalendarFileParser.Parse(Fixtures.Bytes("calendar/2026-q1.utf8bom.csv"));

        Assert.True(result.Succeeded, result.ToString());
        var file = result.Value;
        Assert.Equal("UTF-8 (BOM)", file.Encoding);
        Assert.Equal("CSV", file.Format);
        Assert.Equal(90, file.Days.Count);
        Assert.Equal([2026], file.Years);
        var eve = file.Days.Single(d => d.Date == new DateOnly(2026, 2, 16));
        Assert.True(eve.IsHoliday);
        Assert.Equal("農曆除夕", eve.Description);
        Assert.False(file.Days.Single(d => d.Date == new DateOnly(2026, 2, 23)).IsHoliday);
    }

    [Fact]
    public void Parse_Big5WithoutBom_DecodesChineseText()
    {
        var result = CalendarFileParser.Parse(Fixtures.Bytes("calendar/2025-revised.big5.csv"));

        Assert.True(result.Succeeded, result.ToString());
        var file = result.Value;
        Assert.Equal("Big5 (CP950)", file.Encoding);
        var makeUp = file.Days.Single(d => d.Date == new DateOnly(2025, 2, 8));
        Assert.False(makeUp.IsHoliday);
        Assert.Equal("補行上班", makeUp.Description);
        Assert.Equal("孔子誕辰紀念日", file.Days.Single(d => d.Date == new DateOnly(2025, 9, 28)).Description);
        Assert.All(
            new[] { new DateOnly(2025, 9, 29), new DateOnly(2025, 10, 24), new DateOnly(2025, 12, 25) },
            date => Assert.True(file.Days.Single(d => d.Date == date).IsHoliday, date.ToString()));
    }

    [Fact]
    public void Parse_Json_ReadsRows()
    {
        var result = CalendarFileParser.Parse(Fixtures.Bytes("calendar/2027-q1.json"));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("JSON", result.Value.Format);
        Assert.Equal(90, result.Value.Days.Count);
        Assert.True(result.Value.Days.Single(d => d.Date == new DateOnly(2027, 2, 10)).IsHoliday);
    }

    [Fact]
    public void Parse_WrongHeader_ExplainsWhatWasExpected()
    {
        var result = CalendarFileParser.Parse(Encoding.UTF8.GetBytes("date,holiday\n20260101,2\n"));

        Assert.False(result.Succeeded);
        Assert.Contains("西元日期,星期,是否放假,備註", result.Errors[0].Message);
    }

    [Fact]
    public void Parse_BadRows_ReportLineNumbers()
    {
        var csv = "西元日期,星期,是否放假,備註\n20260101,四,2,開國紀念日\n20260102,四,0,\n20260103,六,1,\n2026013,日,2,\n";

        var result = CalendarFileParser.Parse(Encoding.UTF8.GetBytes(csv));

        Assert.False(result.Succeeded);
        Assert.Equal(3, result.Errors.Count);
        Assert.Contains("第 3 筆", result.Errors[0].Message); // 2026-01-02 is a Friday, not 四
        Assert.Contains("第 4 行", result.Errors[1].Message); // flag 1 is not 0 or 2
        Assert.Contains("第 5 筆", result.Errors[2].Message); // bad date
    }

    [Fact]
    public void Parse_JsonRowWithoutIsHoliday_IsReported()
    {
        var result = CalendarFileParser.Parse(Encoding.UTF8.GetBytes("[{\"date\":\"20270104\",\"week\":\"一\",\"description\":\"\"}]"));

        Assert.False(result.Succeeded);
        Assert.Contains("isHoliday", result.Errors[0].Message);
    }

    [Fact]
    public void Parse_EmptyOrHuge_Refused()
    {
        Assert.False(CalendarFileParser.Parse([]).Succeeded);
        Assert.False(CalendarFileParser.Parse(new byte[CalendarFileParser.MaxFileBytes + 1]).Succeeded);
    }
}
