using CaseDesk.Domain.Common;
using CaseDesk.Web.Resources;
using Microsoft.Extensions.Localization;

namespace CaseDesk.Web.Infrastructure;

/// <summary>Domain errors sorted onto the form: field errors beside their fields, the rest above the form.</summary>
public sealed partial class FormErrors
{
    private readonly Dictionary<string, string> _byField = new(StringComparer.Ordinal);

    public bool Has(string field) => _byField.ContainsKey(field);

    public string? Of(string field) => _byField.GetValueOrDefault(field);

    public void Clear() => _byField.Clear();

    public void Clear(string field) => _byField.Remove(field);

    /// <summary>Replaces the shown errors with those of <paramref name="result"/>; returns the form-level messages.</summary>
    public IReadOnlyList<string> Load(Result result, IStringLocalizer<SharedResource> l)
    {
        _byField.Clear();
        var general = new List<string>();
        foreach (var error in result.Errors)
        {
            var text = Text(error, l);
            if (error.Field is { } field)
            {
                _byField.TryAdd(field, text);
            }
            else
            {
                general.Add(text);
            }
        }

        if (_byField.Count > 0 && general.Count == 0)
        {
            general.Add(l["FixFieldsBelow"]);
        }

        return general;
    }

    /// <summary>
    /// The English translation of a domain error where one exists; the domain's Chinese message otherwise.
    /// An English text may carry the details of the Chinese message as {0}, {1} …: the n-th detail of the message
    /// in order of appearance (a quoted 「value」, an NT$ amount, an ROC date, a time, a number). A text may give
    /// a second form after "||" for a message without enough details (e.g. a record deleted rather than changed).
    /// </summary>
    public static string Text(DomainError error, IStringLocalizer<SharedResource> l)
    {
        var translated = l["Error." + error.Code];
        if (translated.ResourceNotFound || System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal))
        {
            return error.Message;
        }

        var details = Details(error.Message);
        foreach (var form in translated.Value.Split("||", StringSplitOptions.TrimEntries))
        {
            var needed = Placeholder().Matches(form).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max() + 1;
            if (needed <= details.Count)
            {
                return Placeholder().Replace(form, m => details[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
            }
        }

        return Placeholder().Replace(translated.Value.Split("||")[^1], "…");
    }

    /// <summary>The details of a Chinese domain message, in order: quoted values, NT$ amounts, ROC dates, times, numbers.</summary>
    public static IReadOnlyList<string> Details(string message) =>
        Detail().Matches(message).Select(m => m.Groups["quoted"].Success ? m.Groups["quoted"].Value : m.Value).ToList();

    [System.Text.RegularExpressions.GeneratedRegex(@"\{(\d)\}")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();

    [System.Text.RegularExpressions.GeneratedRegex(@"「(?<quoted>[^」]*)」|由 (?<quoted>\S+?) 修改|-?NT\$[\d,]+|\d{1,3}/\d{1,2}/\d{1,2}|\d{1,2}:\d{2}|\d[\d,]*")]
    private static partial System.Text.RegularExpressions.Regex Detail();
}

/// <summary>Three-way merge of a form after a concurrent edit.</summary>
public static class FormMerge
{
    /// <summary>For each property: the user's value where they changed it, otherwise the latest saved value.</summary>
    public static T KeepMine<T>(T original, T mine, T latest)
        where T : class
    {
        var merged = Mapster.TypeAdapter.Adapt<T, T>(latest);
        foreach (var property in typeof(T).GetProperties().Where(p => p.CanRead && p.CanWrite))
        {
            var mineValue = property.GetValue(mine);
            if (!Equals(mineValue, property.GetValue(original)))
            {
                property.SetValue(merged, mineValue);
            }
        }

        return merged;
    }
}
