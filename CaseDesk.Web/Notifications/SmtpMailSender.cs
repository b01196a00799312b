using CaseDesk.Domain.Notifications;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CaseDesk.Web.Notifications;

/// <summary>Sends through the office's SMTP server with MailKit; any failure surfaces to the outbox, which retries.</summary>
public sealed class SmtpMailSender(IOptions<MailOptions> options) : IMailSender
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        var o = options.Value;
        using var client = new SmtpClient { Timeout = o.TimeoutSeconds * 1000 };
        await client.ConnectAsync(o.Host, o.Port, o.Security, ct);
        if (!string.IsNullOrEmpty(o.UserName))
        {
            await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
        }

        await client.SendAsync(MailMessages.Build(o, mail), ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}

/// <summary>Development: every mail becomes an .eml file in the pickup folder, readable in any mail program.</summary>
public sealed class PickupDirectoryMailSender(IOptions<MailOptions> options, IHostEnvironment environment) : IMailSender
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        var folder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.PickupDirectory!));
        Directory.CreateDirectory(folder);
        var message = MailMessages.Build(options.Value, mail);
        var path = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
        await message.WriteToAsync(path, ct);
    }
}

internal static class MailMessages
{
    public static MimeMessage Build(MailOptions o, OutgoingMail mail)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(o.SenderName, o.SenderAddress));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        var text = new TextPart("plain") { Text = mail.Body };
        if (mail.AttachmentName is null)
        {
            message.Body = text;
            return message;
        }

        var attachment = new MimePart("text", "html")
        {
            Content = new MimeContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(mail.AttachmentHtml ?? ""))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = mail.AttachmentName,
        };
        attachment.ContentType.Charset = "utf-8";
        message.Body = new Multipart("mixed") { text, attachment };
        return message;
    }
}
