using MailKit.Security;

namespace CaseDesk.Web.Notifications;

/// <summary>The "Mail" section of appsettings.json: the office's SMTP server (password from the environment, never committed).</summary>
public sealed class MailOptions
{
    public const string SectionName = "Mail";

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 25;

    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string SenderAddress { get; set; } = "casedesk@localhost";

    public string SenderName { get; set; } = "CaseDesk";

    /// <summary>When set (Development), mails are written here as .eml files instead of being sent.</summary>
    public string? PickupDirectory { get; set; }

    public int TimeoutSeconds { get; set; } = 30;
}
