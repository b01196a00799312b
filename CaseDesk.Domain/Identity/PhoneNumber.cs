using System.Text;

namespace CaseDesk.Domain.Identity;

/// <summary>
/// A Taiwanese phone number as people write it down on the phone: mobiles as 0912-345-678, landlines
/// with their area code (02-2345-6789, 03-425-1234, 037-123456, 049-223-4567, 089-123456, 0836-12345),
/// toll-free 0800-123-456; +886 and an extension (#123, 分機 123, ext. 123) are understood.
/// <see cref="Digits"/> (no separators, no extension) is what repeats are matched on.
/// </summary>
public readonly record struct PhoneNumber(string Display, string Digits)
{
    public const int MaxLength = 30;

    // Longest prefixes first: 0836 (Matsu) and 0826 (Wuqiu) before 08x, 037/049/082/089 before 03/04/08.
    private static readonly (string Code, int[] Lengths)[] AreaCodes =
    [
        ("0836", [5]), ("0826", [5]), ("0827", [5]),
        ("037", [6]), ("049", [7]), ("082", [6]), ("089", [6]),
        ("02", [8]), ("03", [7]), ("04", [7, 8]), ("05", [7]), ("06", [7]), ("07", [7]), ("08", [7]),
    ];

    public override string ToString() => Display;

    public static bool TryParse(string? input, out PhoneNumber phone, out string error)
    {
        phone = default;
        error = "";
        var text = TextNormalizer.ToHalfWidth(input ?? "").Trim();
        if (text.Length == 0)
        {
            error = "請填寫電話號碼。";
            return false;
        }

        var extension = "";
        var extAt = FindExtension(text, out var extLength);
        if (extAt >= 0)
        {
            extension = new string(text[(extAt + extLength)..].Where(char.IsAsciiDigit).ToArray());
            text = text[..extAt];
            if (extension.Length is 0 or > 6)
            {
                error = "分機號碼應為 1 到 6 位數字，例如 02-2345-6789#123。";
                return false;
            }
        }

        if (text.Any(c => !(char.IsAsciiDigit(c) || c is '-' or ' ' or '(' or ')' or '+' or '.')))
        {
            error = "電話號碼只能有數字與 - ( ) +，例如 0912-345-678 或 02-2345-6789。";
            return false;
        }

        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        if (text.TrimStart().StartsWith('+') || digits.StartsWith("886", StringComparison.Ordinal) && digits.Length >= 11)
        {
            if (!digits.StartsWith("886", StringComparison.Ordinal))
            {
                error = "只受理臺灣的電話號碼（+886）。";
                return false;
            }

            digits = "0" + digits[3..].TrimStart('0');
        }

        string? display = null;
        if (digits.StartsWith("09", StringComparison.Ordinal))
        {
            display = digits.Length == 10 ? $"{digits[..4]}-{digits[4..7]}-{digits[7..]}" : null;
            if (display is null)
            {
                error = "手機號碼應為 09 開頭的 10 位數字，例如 0912-345-678。";
                return false;
            }
        }
        else if (digits.StartsWith("0800", StringComparison.Ordinal) || digits.StartsWith("0809", StringComparison.Ordinal))
        {
            display = digits.Length == 10 ? $"{digits[..4]}-{digits[4..7]}-{digits[7..]}" : null;
            if (display is null)
            {
                error = "免付費電話應為 10 位數字，例如 0800-123-456。";
                return false;
            }
        }
        else if (digits.StartsWith('0'))
        {
            foreach (var (code, lengths) in AreaCodes)
            {
                if (!digits.StartsWith(code, StringComparison.Ordinal))
                {
                    continue;
                }

                var local = digits[code.Length..];
                if (!lengths.Contains(local.Length))
                {
                    error = $"區碼 {code} 後應有 {string.Join(" 或 ", lengths)} 位數字，例如 {Example(code, lengths[^1])}。";
                    return false;
                }

                display = $"{code}-{GroupLocal(local)}";
                break;
            }

            if (display is null)
            {
                error = "無法辨識的區碼；市話請加區碼，例如 02-2345-6789、03-425-1234。";
                return false;
            }
        }
        else
        {
            error = digits.Length is 7 or 8
                ? "市話請加上區碼，例如 02-2345-6789、07-123-4567。"
                : "電話號碼格式不正確：手機如 0912-345-678，市話如 02-2345-6789。";
            return false;
        }

        phone = new PhoneNumber(extension.Length > 0 ? $"{display}#{extension}" : display, digits);
        return true;
    }

    /// <summary>Masked for lists: 0912-***-678, 02-****-6789.</summary>
    public static string Mask(string? display)
    {
        if (string.IsNullOrEmpty(display))
        {
            return "";
        }

        var parts = display.Split('#')[0].Split('-');
        if (parts.Length < 2)
        {
            return display;
        }

        var sb = new StringBuilder(parts[0]);
        for (var i = 1; i < parts.Length; i++)
        {
            sb.Append('-').Append(i == parts.Length - 1 ? parts[i] : new string('*', parts[i].Length));
        }

        if (parts.Length == 2)
        {
            var last = parts[1];
            return $"{parts[0]}-{new string('*', Math.Max(0, last.Length - 3))}{last[Math.Max(0, last.Length - 3)..]}";
        }

        return sb.ToString();
    }

    private static int FindExtension(string text, out int length)
    {
        foreach (var marker in new[] { "分機", "#", "ext.", "ext", "轉", "x" })
        {
            var at = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at > 0)
            {
                length = marker.Length;
                return at;
            }
        }

        length = 0;
        return -1;
    }

    private static string GroupLocal(string local) => local.Length switch
    {
        8 => $"{local[..4]}-{local[4..]}",
        7 => $"{local[..3]}-{local[3..]}",
        _ => local,
    };

    private static string Example(string code, int length) => $"{code}-{GroupLocal(new string('1', length))}";
}
