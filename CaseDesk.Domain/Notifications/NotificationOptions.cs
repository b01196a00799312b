using System.Globalization;
using Microsoft.Extensions.Options;

namespace CaseDesk.Domain.Notifications;

/// <summary>The "Notifications" section of appsettings.json.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    private static readonly string[] TimeFormats = ["HH:mm", "H:mm"];

    /// <summary>The address users open CaseDesk at, for links in e-mails.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Back-off between delivery attempts of one mail; the last value repeats. A mail is never dropped.</summary>
    public int[] RetryMinutes { get; set; } = [1, 5, 15, 60];

    public int DeliveryBatchSize { get; set; } = 50;

    /// <summary>When the morning digest is queued on working days, Asia/Taipei, 24-hour <c>HH:mm</c>.</summary>
    public string MorningDigestAt { get; set; } = "08:30";

    /// <summary><see cref="MorningDigestAt"/> as a time of day; only valid options reach a caller (see the validator).</summary>
    public TimeOnly MorningDigestTime => TryParseTime(MorningDigestAt, out var time)
        ? time
        : throw new InvalidOperationException(NotificationOptionsValidator.BadDigestTime(MorningDigestAt));

    /// <summary>A whole minute written <c>HH:mm</c> (or <c>H:mm</c>): a cron schedule has no seconds.</summary>
    public static bool TryParseTime(string? value, out TimeOnly time) =>
        TimeOnly.TryParseExact((value ?? "").Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}

/// <summary>Refuses a bad "Notifications" section when the options are first used (at start-up: the job schedule reads them).</summary>
internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public static string BadDigestTime(string? value) =>
        $"appsettings.json 的 {NotificationOptions.SectionName}:{nameof(NotificationOptions.MorningDigestAt)}「{value}」不是有效的時間；請以 24 小時制寫成 HH:mm，例如 08:30。";

    public ValidateOptionsResult Validate(string? name, NotificationOptions options) =>
        NotificationOptions.TryParseTime(options.MorningDigestAt, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(BadDigestTime(options.MorningDigestAt));
}
