using System.Net;
using System.Net.Sockets;
using Bunit;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Installments;
using CaseDesk.Domain.Notifications;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Notifications;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using netDumbster.smtp;

namespace CaseDesk.Tests.Web;

/// <summary>Reminder e-mail through a real SMTP server (netDumbster) with MailKit: a failure is kept and retried, a sent mail is never sent again.</summary>
public sealed class MailDeliveryTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private int _port;
    private int _linId;
    private int _linUnitId;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        _port = FreePort();
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

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

    private async Task<int> OverduePetitionWithMailAsync()
    {
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
        (_linId, _linUnitId) = (lin.Id, lin.UnitId!.Value);
        await _domain.AddUserAsync("lin", lin.Id, Roles.Clerk, "lin@casedesk.local");
        var id = (await _domain.Get<PetitionService>().RegisterAsync(TestDomain.Supervisor(wang.Id), new PetitionInput
        {
            Channel = PetitionChannel.Email, ReceivedOn = new DateOnly(2026, 11, 16), ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.LegalInquiry,
            Subject = "詢問分期繳納", Content = "內容", UnitId = lin.UnitId, HandlerId = lin.Id,
        })).Value;
        await _domain.Get<ReminderService>().ScanAsync();
        return id;
    }

    [Fact]
    public async Task Delivery_ServerDown_KeepsTheMailWithItsError_ThenRetriesAndSendsExactlyOnce()
    {
        await OverduePetitionWithMailAsync();
        var outbox = _domain.Get<MailOutboxService>();

        var down = await outbox.DeliverDueAsync(Sender());
        string lastError;

        Assert.Equal(1, down.Failed);
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            var mail = await db.OutboxMails.SingleAsync();
            Assert.Equal(MailState.Pending, mail.State);
            Assert.Equal(1, mail.Attempts);
            Assert.False(string.IsNullOrEmpty(mail.LastError));
            Assert.True(mail.NextAttemptAtUtc > _domain.Clock.GetUtcNow().UtcDateTime);
            lastError = mail.LastError!;
        }

        // Admins see it failing with its error; a clerk is refused the queue.
        var failing = (await outbox.GetQueueAsync(TestDomain.Admin())).Value;
        Assert.Equal((1, 1), (failing.Waiting, failing.Failing));
        var row = Assert.Single(failing.Rows);
        Assert.Equal((MailState.Pending, 1, lastError, "lin@casedesk.local"), (row.State, row.Attempts, row.LastError, row.ToAddress));
        var refused = await outbox.GetQueueAsync(TestDomain.Clerk(_linId, _linUnitId));
        Assert.False(refused.Succeeded);
        Assert.Equal("forbidden", Assert.Single(refused.Errors).Code);
        await using (var ctx = BunitHost.Create(_domain, TestDomain.Admin()))
        {
            var page = ctx.Render<CaseDesk.Web.Components.Pages.Admin.MailQueue>();
            page.WaitForAssertion(() => Assert.Contains(lastError, page.Find("#mail-table tbody").TextContent));
            Assert.Contains("lin@casedesk.local", page.Find("#mail-table tbody").TextContent);
        }

        using var server = SimpleSmtpServer.Start(_port);
        var tooEarly = await outbox.DeliverDueAsync(Sender());
        _domain.Clock.Advance(TimeSpan.FromMinutes(2));
        var retried = await outbox.DeliverDueAsync(Sender());
        var again = await outbox.DeliverDueAsync(Sender());

        Assert.Equal(0, tooEarly.Sent);
        Assert.Equal(1, retried.Sent);
        Assert.Equal(0, again.Sent + again.Failed);
        Assert.Equal(1, server.ReceivedEmailCount);
        var received = server.ReceivedEmail[0];
        Assert.Equal("lin@casedesk.local", received.ToAddresses[0].Address);
        var message = Parse(received);
        Assert.Contains("115陳00001", message.Subject);
        Assert.Contains("已逾函復期限", message.Subject);
        Assert.Contains("/petitions/", message.TextBody);
        var queue = (await outbox.GetQueueAsync(TestDomain.Admin())).Value;
        Assert.Equal(0, queue.Waiting);
        Assert.Equal(MailState.Sent, queue.Rows.Single().State);
    }

    [Fact]
    public async Task Delivery_TwoRunsAtOnce_SendEachMailExactlyOnce()
    {
        await OverduePetitionWithMailAsync();
        for (var day = 10; day <= 12; day++)
        {
            Assert.True((await _domain.Get<PetitionService>().RegisterAsync(TestDomain.Supervisor(), new PetitionInput
            {
                Channel = PetitionChannel.Email, ReceivedOn = new DateOnly(2026, 11, day), ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.LegalInquiry,
                Subject = $"詢問 {day}", Content = "內容", UnitId = _linUnitId, HandlerId = _linId,
            })).Succeeded);
        }

        _domain.Clock.Advance(TimeSpan.FromMinutes(5));
        await _domain.Get<ReminderService>().ScanAsync();
        int queued;
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            queued = await db.OutboxMails.CountAsync();
        }

        Assert.True(queued >= 4, $"the test needs several mails, got {queued}");

        using var server = SimpleSmtpServer.Start(_port);
        var outbox = _domain.Get<MailOutboxService>();
        var runs = await Task.WhenAll(Task.Run(() => outbox.DeliverDueAsync(Sender())), Task.Run(() => outbox.DeliverDueAsync(Sender())));

        Assert.Equal(queued, runs.Sum(r => r.Sent));
        Assert.Equal(0, runs.Sum(r => r.Failed));
        Assert.Equal(queued, server.ReceivedEmailCount);
        Assert.Equal(queued, server.ReceivedEmail.Select(m => Parse(m).Subject).Distinct().Count());
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            Assert.All(await db.OutboxMails.ToListAsync(), m => Assert.Equal(MailState.Sent, m.State));
        }

        var again = await outbox.DeliverDueAsync(Sender());
        Assert.Equal(0, again.Sent);
        Assert.Equal(queued, server.ReceivedEmailCount);
    }

    [Fact]
    public async Task Delivery_ItemRepliedMeanwhile_SendsNoStaleReminder()
    {
        var id = await OverduePetitionWithMailAsync();
        var petitions = _domain.Get<PetitionService>();
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
            var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
            var linActor = TestDomain.Clerk(lin.Id, lin.UnitId!.Value);
            await petitions.SubmitAsync(linActor, id, (await petitions.GetAsync(linActor, id))!.Version, "答覆");
            await petitions.ApproveAsync(TestDomain.Supervisor(wang.Id), id, (await petitions.GetAsync(linActor, id))!.Version);
            await petitions.MarkRepliedAsync(linActor, id, (await petitions.GetAsync(linActor, id))!.Version, new ReplyInput { SentOn = _domain.Today, Method = ReplyMethod.Letter, Reference = "文號" });
        }

        using var server = SimpleSmtpServer.Start(_port);
        var result = await _domain.Get<MailOutboxService>().DeliverDueAsync(Sender());

        Assert.Equal(1, result.Cancelled);
        Assert.Equal(0, server.ReceivedEmailCount);
    }

    [Fact]
    public async Task Delivery_ReassignedMeanwhile_SendsNothingToTheFormerHandler()
    {
        var id = await OverduePetitionWithMailAsync();
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
            var chang = await db.Staff.SingleAsync(s => s.Name == "張淑芬");
            var petitions = _domain.Get<PetitionService>();
            Assert.True((await petitions.AssignAsync(TestDomain.Supervisor(wang.Id), id, (await petitions.GetAsync(TestDomain.Supervisor(wang.Id), id))!.Version, chang.Id)).Succeeded);
        }

        using var server = SimpleSmtpServer.Start(_port);
        var result = await _domain.Get<MailOutboxService>().DeliverDueAsync(Sender());

        Assert.Equal(1, result.Cancelled);
        Assert.Equal(0, server.ReceivedEmailCount);
    }

    [Fact]
    public async Task Delivery_NonUrgentDigest_WaitsForOfficeHours()
    {
        await OverduePetitionWithMailAsync();
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero)); // Thursday 07:00, before opening
        Assert.Equal(1, (await _domain.Get<MorningDigestService>().QueueAsync()).Queued);
        using var server = SimpleSmtpServer.Start(_port);
        var outbox = _domain.Get<MailOutboxService>();

        var early = await outbox.DeliverDueAsync(Sender());
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 0, 35, 0, TimeSpan.Zero)); // 08:35
        var inHours = await outbox.DeliverDueAsync(Sender());

        Assert.Equal(1, early.Sent); // the urgent overdue notice goes at once
        Assert.Equal(1, inHours.Sent); // the digest only once the office is open
        Assert.Contains(server.ReceivedEmail, m => Parse(m).Subject?.Contains("晨報") == true);
    }

    [Fact]
    public async Task Digest_InstallmentsDueSoonAndInDefault_ReachTheClerkAndTheSupervisorByMail()
    {
        int caseId;
        Actor lin, wang;
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            var linStaff = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
            var wangStaff = await db.Staff.SingleAsync(s => s.Name == "王建國");
            lin = TestDomain.Clerk(linStaff.Id, linStaff.UnitId!.Value);
            wang = TestDomain.Supervisor(wangStaff.Id);
            caseId = await db.Cases.Where(c => c.CaseNumber == DemoData.StoryCaseNumber).Select(c => c.Id).SingleAsync();
        }

        var linUser = await _domain.AddUserAsync("lin", lin.StaffId!.Value, Roles.Clerk, "lin@casedesk.local");
        var wangUser = await _domain.AddUserAsync("wang", wang.StaffId!.Value, Roles.Supervisor, "wang@casedesk.local");
        var plans = _domain.Get<InstallmentService>();
        var planId = (await plans.SubmitAsync(lin, caseId, new InstallmentApplicationInput
        {
            ApplicantName = "陳志明", Form = ApplicationForm.Written, Reason = HardshipReason.EconomicSituation, StatementOfFacts = "失業",
            Documents = SupportingDocuments.UnemploymentProof, RequestedInstallments = 6, DayOfMonth = 15,
            ConsentOn = _domain.Today, ConsentReference = "健保北字第1150001號", Guarantee = GuaranteeKind.WrittenByObligor,
        })).Value;
        Assert.True((await plans.ApproveAsync(wang, planId, (await plans.GetAsync(wang, planId))!.Version)).Succeeded); // installment 1 due Tue 12/15
        var digest = _domain.Get<MorningDigestService>();
        var outbox = _domain.Get<MailOutboxService>();
        using var server = SimpleSmtpServer.Start(_port);

        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 8, 0, 30, 0, TimeSpan.Zero)); // Tue 08:30, five working days before
        var dueSoon = await digest.QueueAsync();
        _domain.Clock.Advance(TimeSpan.FromMinutes(5));
        await outbox.DeliverDueAsync(Sender());
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 16, 0, 30, 0, TimeSpan.Zero)); // Wed 08:30: installment 1 unpaid, in default
        var inDefault = await digest.QueueAsync();
        _domain.Clock.Advance(TimeSpan.FromMinutes(5));
        await outbox.DeliverDueAsync(Sender());

        Assert.Equal(1, dueSoon.Queued);   // the clerk; the supervisor hears only of defaults
        Assert.Equal(2, inDefault.Queued); // the clerk and the supervisor
        var mails = server.ReceivedEmail.Select(m => (To: m.ToAddresses[0].Address, Message: Parse(m))).ToList();
        Assert.Equal(3, mails.Count);
        var link = $"/installments/{planId}";
        var toClerk = mails.Where(m => m.To == "lin@casedesk.local").Select(m => m.Message).ToList();
        Assert.Equal(2, toClerk.Count);
        var soon = Assert.Single(toClerk, m => m.Subject?.Contains("115/12/08") == true);
        Assert.Contains("您有 1 件分期待辦", soon.Subject);
        Assert.Contains($"【即將到期】{DemoData.StoryCaseNumber} 陳志明 第 1 期（繳款期限 115/12/15）", soon.TextBody);
        Assert.Contains(link, soon.TextBody);
        var clerkLate = Assert.Single(toClerk, m => m.Subject?.Contains("115/12/16") == true);
        Assert.Contains($"【遲延】{DemoData.StoryCaseNumber}", clerkLate.TextBody);
        Assert.Contains(link, clerkLate.TextBody);
        var supervisorLate = Assert.Single(mails, m => m.To == "wang@casedesk.local").Message;
        Assert.Contains("遲延分期 1 件", supervisorLate.Subject);
        Assert.Contains($"【遲延】{DemoData.StoryCaseNumber}", supervisorLate.TextBody);
        Assert.Contains(link, supervisorLate.TextBody);
        await using var read = await _domain.Db.OpenReadOnlyAsync();
        Assert.Equal(2, await read.OutboxMails.CountAsync(m => m.UserId == linUser && m.DigestKey != null));
        Assert.Equal(1, await read.OutboxMails.CountAsync(m => m.UserId == wangUser && m.DigestKey != null));
    }

    private static MimeKit.MimeMessage Parse(SmtpMessage received) =>
        MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(received.Data)));
}
