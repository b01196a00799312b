namespace CaseDesk.Domain.Notifications;

/// <param name="AttachmentName">A document sent with the mail (file name), with <paramref name="AttachmentHtml"/> its content.</param>
public sealed record OutgoingMail(string To, string Subject, string Body, string? AttachmentName = null, string? AttachmentHtml = null);

/// <summary>The edge to the mail server (SMTP in production, a pickup folder in Development).</summary>
public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken ct);
}
