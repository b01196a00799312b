using CaseDesk.Domain.Identity;

namespace CaseDesk.Tests.Domain.Identity;

public sealed class TaiwanIdTests
{
    [Theory]
    [InlineData("A123456789", TaiwanIdKind.NationalId)]
    [InlineData("F131104093", TaiwanIdKind.NationalId)]
    [InlineData("a123456789", TaiwanIdKind.NationalId)]
    [InlineData(" A123-456-789 ", TaiwanIdKind.NationalId)]
    [InlineData("Ａ１２３４５６７８９", TaiwanIdKind.NationalId)]
    [InlineData("A800000014", TaiwanIdKind.ResidentCertificate)]
    [InlineData("AA00000009", TaiwanIdKind.OldResidentCertificate)]
    public void Parse_ValidNumber_ReturnsKind(string input, TaiwanIdKind kind)
    {
        var result = TaiwanId.Parse(input);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(kind, result.Value.Kind);
        Assert.Equal(10, result.Value.Value.Length);
        Assert.Equal(result.Value.Value.ToUpperInvariant(), result.Value.Value);
    }

    [Theory]
    [InlineData("A123456788", "id_checksum")]
    [InlineData("A800000015", "id_checksum")]
    [InlineData("AA00000008", "id_checksum")]
    [InlineData("A12345678", "id_length")]
    [InlineData("1123456789", "id_first_letter")]
    [InlineData("A323456789", "id_second_char")]
    [InlineData("AE00000009", "id_second_char")]
    [InlineData("A1234X6789", "id_digits")]
    [InlineData("", "id_required")]
    public void Parse_InvalidNumber_SaysWhatIsWrong(string input, string code)
    {
        var result = TaiwanId.Parse(input);

        Assert.False(result.Succeeded);
        Assert.Equal(code, result.Errors[0].Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Errors[0].Message));
    }

    [Fact]
    public void Parse_CheckDigit_IsComputedFromLetterValue()
    {
        // Letter values are not alphabetical past H: I is 34, O is 35, W is 32. Hand-computed:
        // I=34 → 3·1 + 4·9 = 39; digits 1,0,0,0,0,0,0,0 weighted 8..2 → 8; 39 + 8 = 47 → check digit 3.
        Assert.True(TaiwanId.IsValid("I100000003"));
        Assert.False(TaiwanId.IsValid("I100000002"));
    }

    [Fact]
    public void Mask_ShowsFirstThreeAndLastThree() =>
        Assert.Equal("A12****789", TaiwanId.Mask("A123456789"));
}
