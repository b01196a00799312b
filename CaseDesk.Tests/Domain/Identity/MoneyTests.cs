using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;

namespace CaseDesk.Tests.Domain.Identity;

public sealed class MoneyTests
{
    [Theory]
    [InlineData(1234567, "NT$1,234,567")]
    [InlineData(0, "NT$0")]
    [InlineData(86400, "NT$86,400")]
    [InlineData(-500, "-NT$500")]
    public void Format_WholeDollarsWithSeparators(long amount, string expected) =>
        Assert.Equal(expected, Money.Format(amount));

    [Theory]
    [InlineData("NT$1,234,567", 1234567)]
    [InlineData("86400", 86400)]
    [InlineData("８６,４００元", 86400)]
    public void Parse_AcceptsWhatClerksType(string input, long expected) =>
        Assert.Equal(expected, Money.Parse(input).Value);

    [Theory]
    [InlineData("12.5", "amount_format")]
    [InlineData("-3", "amount_negative")]
    [InlineData("9999999999999", "amount_too_large")]
    public void Parse_Invalid_Refused(string input, string code) =>
        Assert.Equal(code, Money.Parse(input).Errors[0].Code);

    [Theory]
    [InlineData("0912345678", "0912-***-678")]
    [InlineData("0912-345-678", "0912-***-678")]
    [InlineData("03-3331234", "03-****234")]
    public void MaskPhone_HidesTheMiddle(string phone, string expected) =>
        Assert.Equal(expected, Mask.Phone(phone));
}
