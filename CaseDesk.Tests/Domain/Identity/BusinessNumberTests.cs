using CaseDesk.Domain.Identity;

namespace CaseDesk.Tests.Domain.Identity;

public sealed class BusinessNumberTests
{
    // Weights 1,2,1,2,1,2,4,1; the digits of each product are added.

    [Fact]
    public void Parse_SumDivisibleByTen_IsValid() =>
        Assert.True(BusinessNumber.IsValid("04595257")); // sum 40

    [Fact]
    public void Parse_SumDivisibleByFiveOnly_IsValidUnderThe2023Rule() =>
        Assert.True(BusinessNumber.IsValid("00000005")); // sum 5

    [Theory]
    [InlineData("10458574")] // sum 29; 7th digit 7 → 29 + 1 = 30
    [InlineData("12345670")] // sum 34; 7th digit 7 → 34 + 1 = 35
    public void Parse_SeventhDigitSeven_AcceptsSumPlusOne(string input) =>
        Assert.True(BusinessNumber.IsValid(input));

    [Fact]
    public void Parse_SumPlusOneWithoutSevenInSeventhPlace_IsInvalid() =>
        Assert.False(BusinessNumber.IsValid("12345680")); // sum 29, 7th digit 8

    [Theory]
    [InlineData("04595258", "ban_checksum")] // sum 41
    [InlineData("12345674", "ban_checksum")] // sum 38; 7th digit 7 but 39 fails too
    [InlineData("0459525", "ban_format")]
    [InlineData("0459525A", "ban_format")]
    [InlineData("", "ban_required")]
    public void Parse_Invalid_SaysWhatIsWrong(string input, string code)
    {
        var result = BusinessNumber.Parse(input);

        Assert.False(result.Succeeded);
        Assert.Equal(code, result.Errors[0].Code);
        Assert.Equal("IdNumber", result.Errors[0].Field);
    }
}
