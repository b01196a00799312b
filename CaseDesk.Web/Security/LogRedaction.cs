using System.Text.RegularExpressions;
using CaseDesk.Domain.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace CaseDesk.Web.Security;

/// <summary>
/// What the logs may not hold: national IDs (masked like the lists, A12****789), phone numbers (0912-***-678) and
/// passwords or secrets in key=value form (connection strings, form fields). Applied to every console line, message
/// and exception text alike, so a careless log call elsewhere cannot leak them.
/// </summary>
public static partial class LogRedaction
{
    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        text = Secret().Replace(text, m => m.Groups["key"].Value + m.Groups["sep"].Value + "***");
        text = NationalId().Replace(text, m => TaiwanId.Mask(m.Value.ToUpperInvariant()));
        text = Mobile().Replace(text, m => m.Value[..4] + "-***-" + m.Value[^3..]);
        text = Landline().Replace(text, m => m.Groups["area"].Value + "-****-" + m.Value[^4..]);
        return text;
    }

    // A person's ID (A123456789), a resident certificate (A800000014, old form AB12345678): a letter, then 9 more.
    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Za-z][1289A-Da-d]\d{8}(?![0-9])")]
    private static partial Regex NationalId();

    [GeneratedRegex(@"(?<!\d)09\d{2}-?\d{3}-?\d{3}(?!\d)")]
    private static partial Regex Mobile();

    // With its dash or brackets only: a bare run of digits is more often a case sequence (00012345) than a phone.
    [GeneratedRegex(@"(?<!\d)\(?(?<area>0\d{1,2})\)?-\d{3,4}-?\d{4}(?!\d)")]
    private static partial Regex Landline();

    [GeneratedRegex(@"(?<key>password|passwd|pwd|secret|token|密碼)(?<sep>\s*[=:]\s*|""\s*:\s*"")[^;&\s""]+", RegexOptions.IgnoreCase)]
    private static partial Regex Secret();
}

/// <summary>The console's simple format, with <see cref="LogRedaction"/> applied to each line.</summary>
public sealed class RedactingConsoleFormatter(IOptionsMonitor<SimpleConsoleFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "casedesk";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var stamp = options.CurrentValue.TimestampFormat is { } format
            ? DateTimeOffset.Now.ToString(format, System.Globalization.CultureInfo.InvariantCulture)
            : "";
        var line = $"{stamp}{Level(logEntry.LogLevel)}: {logEntry.Category}[{logEntry.EventId.Id}]{Environment.NewLine}      {message}";
        if (logEntry.Exception is { } exception)
        {
            line += Environment.NewLine + exception;
        }

        textWriter.WriteLine(LogRedaction.Redact(line));
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
