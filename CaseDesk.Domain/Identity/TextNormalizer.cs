using System.Text;

namespace CaseDesk.Domain.Identity;

/// <summary>Clerks type with a Chinese IME on: full-width digits and letters are common and mean the same.</summary>
public static class TextNormalizer
{
    public static string ToHalfWidth(string? input)
    {
        if (string.IsNullOrEmpty(input))
        {
            return "";
        }

        var sb = new StringBuilder(input.Length);
        foreach (var ch in input)
        {
            sb.Append(ch switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(ch - 0xFEE0),
                '\u3000' => ' ',
                _ => ch,
            });
        }

        return sb.ToString();
    }

    /// <summary>Half-width, trimmed, inner spaces and dashes removed, upper case: the form identity numbers are stored in.</summary>
    public static string CompactUpper(string? input) =>
        new(ToHalfWidth(input).Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());
}
