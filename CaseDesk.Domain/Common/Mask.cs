using CaseDesk.Domain.Identity;

namespace CaseDesk.Domain.Common;

/// <summary>Personal-data masking as the office shows it by default.</summary>
public static class Mask
{
    /// <summary><c>0912-***-678</c>; landlines keep the area code and last three digits.</summary>
    public static string? Phone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return phone;
        }

        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length < 6)
        {
            return new string('*', digits.Length);
        }

        return digits.StartsWith("09", StringComparison.Ordinal) && digits.Length == 10
            ? $"{digits[..4]}-***-{digits[^3..]}"
            : $"{digits[..2]}-****{digits[^3..]}";
    }

    /// <summary>National IDs are masked; business numbers are public registry data and shown as they are.</summary>
    public static string ObligorId(string idNumber) =>
        idNumber.Length == TaiwanId.Length ? TaiwanId.Mask(idNumber) : idNumber;
}
