using System.Net;
using System.Net.Sockets;
using System.Text;
using CaseDesk.Domain.Notifications;
using CaseDesk.Domain.Referrals;
using CaseDesk.Tests.Domain.Referrals;
using CaseDesk.Web.Notifications;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using netDumbster.smtp;

namespace CaseDesk.Tests.Web;

/// <summary>A referral sent by e-mail: the outbox holds the referral form for the partner, and the real SMTP path (netDumbster, MailKit) delivers it as an HTML attachment.</summary>
public sealed class ReferralMailTests : ReferralStory
{
    private const string Hostile = "房東催繳租金 <script>alert('x')</script>，家中有 2 名幼兒";

    private readonly int _port = FreePort();

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private SmtpMailSender Sender() => new(Options.Create(new MailOptions
    {
        Host = "127.0.0.1", Port = _port, Security = SecureSocketOptions.None, SenderAddress = "casedesk@taoyuan.example", TimeoutSeconds = 5,
    }));

    private static MimeMessage Parse(SmtpMessage received) =>
        MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(received.Data)));

    private static string Text(MimePart part)
    {
        using var content = new MemoryStream();
        part.Content!.DecodeTo(content);
        return Encoding.UTF8.GetString(content.ToArray());
    }

    [Fact]
    public async Task SendingByEmail_QueuesTheFormForThePartner_AndSmtpDeliversItAsAnEncodedHtmlAttachment()
    {
        var id = await DraftAsync((await FormAsync(SocialId, WelfareNeed.SocialAssistance | WelfareNeed.EmergencyRelief)) with { Situation = Hostile, Urgency = ReferralUrgency.Urgent });
        var idNumber = (await Referrals.GetFormAsync(Lin, id))!.ObligorIdNumber;

        await StepAsync(id, Send(SendMethod.Email));

        OutboxMail queued;
        await using (var db = await Domain.Db.OpenReadOnlyAsync())
        {
            queued = await db.OutboxMails.SingleAsync();
        }

        Assert.Equal((SocialEmail, "個案轉介單-115轉00001.html", null, true, MailState.Pending), (queued.ToAddress, queued.AttachmentName, queued.NotificationId, queued.IsUrgent, queued.State));
        Assert.Contains("個案轉介單 115轉00001（社會救助、急難救助）", queued.Subject);

        using var server = SimpleSmtpServer.Start(_port);
        var outbox = Domain.Get<MailOutboxService>();
        var delivered = await outbox.DeliverDueAsync(Sender());
        var again = await outbox.DeliverDueAsync(Sender());

        Assert.Equal(1, delivered.Sent);
        Assert.Equal(0, again.Sent + again.Failed);
        Assert.Equal(1, server.ReceivedEmailCount);
        Assert.Equal(SocialEmail, server.ReceivedEmail[0].ToAddresses[0].Address);
        var message = Parse(server.ReceivedEmail[0]);
        Assert.Contains("115轉00001", message.Subject);
        Assert.Contains("社會救助科 吳社工員 您好", message.TextBody);
        Assert.Contains("陳志明", message.TextBody);
        Assert.Contains("115年12月2日", message.TextBody);   // acknowledge within 5 working days
        Assert.Contains("林雅婷", message.TextBody);

        var attachment = Assert.Single(message.Attachments.OfType<MimePart>());
        Assert.Equal("個案轉介單-115轉00001.html", attachment.FileName);
        Assert.Equal("text/html", attachment.ContentType.MimeType);
        var html = Text(attachment);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("陳志明", html);
        Assert.Contains(idNumber!, html);
        Assert.Contains("☑ 社會救助", html);
        Assert.Contains("☑ 急難救助", html);
        Assert.Contains("☐ 就業服務", html);
        Assert.Contains("【急件】", html);
        Assert.Contains("本人簽名同意", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("草稿", html);

        var row = Assert.Single((await outbox.GetQueueAsync(Admin)).Value.Rows);
        Assert.Equal(("Document", MailState.Sent), (row.Kind, row.State));
    }

    [Fact]
    public async Task ANormalReferralMail_WaitsForOfficeHours()
    {
        var id = await DraftAsync();
        Domain.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero));   // 19:00 in Taipei, after closing
        await StepAsync(id, Send(SendMethod.Email));
        using var server = SimpleSmtpServer.Start(_port);
        var outbox = Domain.Get<MailOutboxService>();

        var evening = await outbox.DeliverDueAsync(Sender());
        Domain.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 0, 35, 0, TimeSpan.Zero));  // Thursday 08:35
        var morning = await outbox.DeliverDueAsync(Sender());

        Assert.Equal((0, 1), (evening.Sent, evening.Waiting));
        Assert.Equal(1, morning.Sent);
        Assert.Equal(1, server.ReceivedEmailCount);
    }

    [Fact]
    public async Task WithdrawnBeforeTheMailLeft_TheFormIsNeverSent()
    {
        var id = await DraftAsync();
        Domain.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero));   // 19:00: the mail waits for the morning
        await StepAsync(id, Send(SendMethod.Email));
        await StepAsync(id, Withdraw("義務人來電撤回同意"));
        using var server = SimpleSmtpServer.Start(_port);
        var outbox = Domain.Get<MailOutboxService>();

        Domain.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 0, 35, 0, TimeSpan.Zero));  // Thursday 08:35
        var morning = await outbox.DeliverDueAsync(Sender());

        Assert.Equal((0, 0), (morning.Sent, morning.Waiting));
        Assert.Equal(0, server.ReceivedEmailCount);
        var row = Assert.Single((await outbox.GetQueueAsync(Admin)).Value.Rows);
        Assert.Equal(("Document", MailState.Cancelled), (row.Kind, row.State));

        // Reopened: the partner never received it, so it is a draft again, to be sent anew (not "sent" with nothing sent).
        await StepAsync(id, new ReferralStep { Action = ReferralAction.Reopen, Note = "義務人再次同意轉介" });
        var reopened = await Domain.Get<ReferralService>().GetAsync(Lin, id);
        Assert.Equal((ReferralState.Draft, (DateOnly?)null), (reopened!.State, reopened.SentOn));
    }

    [Fact]
    public void TheFormDocument_EncodesEveryValue()
    {
        const string b = "<b>x</b>";
        var form = new ReferralFormModel(
            "桃園分署" + b, "115轉00009" + b, new DateOnly(2026, 11, 25), IsDraft: true, "第5股" + b, "林雅婷" + b, "03-3331234" + b,
            "社會局" + b, "吳社工員" + b, "03-3322101" + b, "03-3333941" + b, "window@example.gov.tw",
            "陳志明" + b, "H123456789" + b, "0912-345-678" + b, "桃園市中正路100號" + b, "115年度健保執字第00012345號" + b,
            WelfareNeed.SocialAssistance | WelfareNeed.Other, "醫療補助" + b, "失業" + b, 3, 2, 12_000, IncomeStatus.LowIncome, "獨居" + b, ReferralUrgency.Normal,
            new DateOnly(2026, 11, 25), ConsentMethod.OralRecorded, "林雅婷" + b);

        var standalone = ReferralFormDocument.Render(form, standalone: true);
        var embedded = ReferralFormDocument.Render(form, standalone: false);

        foreach (var html in new[] { standalone, embedded })
        {
            Assert.DoesNotContain("<b>", html);
            Assert.Contains("&lt;b&gt;x&lt;/b&gt;", html);
            Assert.Contains("☑ 其他：醫療補助&lt;b&gt;", html);
            Assert.Contains("口頭同意，由 林雅婷&lt;b&gt;", html);
            Assert.Contains("草稿（尚未送出）", html);
            Assert.Contains("低收入戶", html);
        }

        Assert.StartsWith("<!DOCTYPE html>", standalone, StringComparison.Ordinal);
        Assert.StartsWith("<style>", embedded, StringComparison.Ordinal);
    }
}
