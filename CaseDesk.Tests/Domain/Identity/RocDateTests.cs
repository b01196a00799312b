using CaseDesk.Domain.Identity;

namespace CaseDesk.Tests.Domain.Identity;

public sealed class RocDateTests
{
    private static readonly DateOnly Nov25 = new(2026, 11, 25);

    [Fact]
    public void Format_Variants_MatchOfficeWriting()
    {
        Assert.Equal("115/11/25", RocDate.Format(Nov25));
        Assert.Equal("115年11月25日", RocDate.FormatLong(Nov25));
        Assert.Equal("115年11月25日（三）", RocDate.FormatLongWithWeekday(Nov25));
        Assert.Equal("1151125", RocDate.FormatCompact(Nov25));
        Assert.Equal("115/01/05", RocDate.Format(new DateOnly(2026, 1, 5)));
        Assert.Equal("115年1月5日", RocDate.FormatLong(new DateOnly(2026, 1, 5)));
    }

    [Fact]
    public void FormatCompact_TwoDigitRocYear_IsZeroPadded() =>
        Assert.Equal("0991231", RocDate.FormatCompact(new DateOnly(2010, 12, 31)));

    [Fact]
    public void FormatInstant_ConvertsUtcToTaipei() =>
        Assert.Equal("115/11/26 07:30", RocDate.FormatInstant(new DateTime(2026, 11, 25, 23, 30, 0, DateTimeKind.Utc)));

    [Theory]
    [InlineData("115/11/25")]
    [InlineData("115/11/25 ")]
    [InlineData("115.11.25")]
    [InlineData("115-11-25")]
    [InlineData("115年11月25日")]
    [InlineData("民國115年11月25日")]
    [InlineData("1151125")]
    [InlineData("2026-11-25")]
    [InlineData("2026/11/25")]
    [InlineData("20261125")]
    [InlineData("１１５／１１／２５")]
    public void Parse_AcceptedForms_GiveTheSameDate(string input)
    {
        var result = RocDate.Parse(input);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(Nov25, result.Value);
    }

    [Fact]
    public void Parse_SevenDigitsWithLeadingZero_IsRocYear99() =>
        Assert.Equal(new DateOnly(2010, 12, 31), RocDate.Parse("0991231").Value);

    [Theory]
    [InlineData("115/02/30", "date_invalid")]
    [InlineData("115/13/01", "date_invalid")]
    [InlineData("hello", "date_format")]
    [InlineData("", "date_required")]
    [InlineData("0/01/01", "date_year")]
    [InlineData("١١٥/١١/٢٥", "date_format")] // Arabic-Indic digits are not a date here
    public void Parse_Invalid_SaysWhatIsWrong(string input, string code)
    {
        var result = RocDate.Parse(input);

        Assert.False(result.Succeeded);
        Assert.Equal(code, result.Errors[0].Code);
    }
}
