using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Dashboard;
using CaseDesk.Domain.Notifications;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Notifications;

public sealed class ReminderScanTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private PetitionService _petitions = default!;
    private ReminderService _scan = default!;
    private Actor _lin = default!;
    private Actor _chang = default!;
    private Actor _wang = default!;
    private string _linUser = "";
    private string _changUser = "";
    private string _wangUser = "";

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        _petitions = _domain.Get<PetitionService>();
        _scan = _domain.Get<ReminderService>();
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        var chang = await db.Staff.SingleAsync(s => s.Name == "張淑芬");
        var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
        _lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value, "林雅婷");
        _chang = TestDomain.Clerk(chang.Id, chang.UnitId!.Value, "張淑芬");
        _wang = TestDomain.Supervisor(wang.Id, "王建國");
        _linUser = await _domain.AddUserAsync("lin", lin.Id, Roles.Clerk, "lin@casedesk.local");
        _changUser = await _domain.AddUserAsync("chang", chang.Id, Roles.Clerk, null);
        _wangUser = await _domain.AddUserAsync("wang", wang.Id, Roles.Supervisor, "wang@casedesk.local");
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private async Task<int> RegisterAsync(DateOnly received, Actor handler) =>
        (await _petitions.RegisterAsync(_wang, new PetitionInput
        {
            Channel = PetitionChannel.PublicOpinionMailbox, ReceivedOn = received, ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.RightsProtection,
            Subject = "薪資遭重複扣押", Content = "內容", UnitId = handler.UnitId, HandlerId = handler.StaffId,
        })).Value;

    private async Task<List<Notification>> NotificationsAsync()
    {
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        return await db.Notifications.OrderBy(n => n.Id).ToListAsync();
    }

    [Fact]
    public async Task Scan_OverduePetition_NotifiesHandlerAndSupervisor_AndQueuesMailForThoseWithAddresses()
    {
        var overdue = await RegisterAsync(new DateOnly(2026, 11, 16), _lin);   // due 11/24: overdue on 11/25
        var later = await RegisterAsync(new DateOnly(2026, 11, 23), _lin);     // due 12/1: not yet in the warning window

        var result = await _scan.ScanAsync();

        Assert.Equal(1, result.Reminders);
        var notes = await NotificationsAsync();
        Assert.Equal(2, notes.Count);
        Assert.Contains(notes, n => n.UserId == _linUser && n.Kind == NotificationKind.Overdue && n.ItemId == overdue && n.IsUrgent);
        Assert.Contains(notes, n => n.UserId == _wangUser && n.Kind == NotificationKind.Escalation && n.ItemId == overdue);
        Assert.DoesNotContain(notes, n => n.ItemId == later);
        Assert.Equal(2, result.Mails);
    }

    [Fact]
    public async Task Scan_TwiceAndConcurrently_NeverDuplicates()
    {
        await RegisterAsync(new DateOnly(2026, 11, 16), _lin);
        await RegisterAsync(new DateOnly(2026, 11, 16), _chang);

        var first = await _scan.ScanAsync();
        var again = await _scan.ScanAsync();
        _domain.Clock.Advance(TimeSpan.FromMinutes(5));
        var concurrent = await Task.WhenAll(_scan.ScanAsync(), _scan.ScanAsync(), _scan.ScanAsync());

        Assert.Equal(2, first.Reminders);
        Assert.Equal(new ScanResult(0, 0, 0), again);
        Assert.All(concurrent, r => Assert.Equal(new ScanResult(0, 0, 0), r));
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        Assert.Equal(2, await db.Reminders.CountAsync());
        Assert.Equal(4, await db.Notifications.CountAsync()); // lin + wang, chang + wang
        Assert.Equal(3, await db.OutboxMails.CountAsync()); // chang has no address: in-app only
    }

    [Fact]
    public async Task Scan_FirstScansRacingOnFreshItems_RecordOneReminderNotificationAndMailPerItemAndUser()
    {
        var linPetition = await RegisterAsync(new DateOnly(2026, 11, 16), _lin);
        var changPetition = await RegisterAsync(new DateOnly(2026, 11, 16), _chang);
        const int scans = 4;

        // Each scan runs on its own thread and all are released at once, so the very first scans race:
        // none of them finds a reminder already recorded by another.
        using var start = new Barrier(scans);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, scans).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(10));
            return await _scan.ScanAsync();
        })));

        Assert.Equal(2, concurrent.Sum(r => r.Reminders));
        Assert.Equal(4, concurrent.Sum(r => r.Notifications));
        Assert.Equal(3, concurrent.Sum(r => r.Mails));
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var reminders = await db.Reminders.Select(r => new { r.ItemId, r.Stage }).ToListAsync();
        Assert.Equal(new[] { linPetition, changPetition }.Order(), reminders.Select(r => r.ItemId).Order());
        Assert.All(reminders, r => Assert.Equal(ReminderStage.Overdue, r.Stage));
        var notifications = await db.Notifications.Select(n => new { n.ItemId, n.UserId, n.Kind }).ToListAsync();
        Assert.Equal(4, notifications.Count);
        Assert.All(notifications.GroupBy(n => (n.ItemId, n.UserId)), g => Assert.Single(g));
        Assert.Contains(notifications, n => n.ItemId == linPetition && n.UserId == _linUser && n.Kind == NotificationKind.Overdue);
        Assert.Contains(notifications, n => n.ItemId == linPetition && n.UserId == _wangUser && n.Kind == NotificationKind.Escalation);
        Assert.Contains(notifications, n => n.ItemId == changPetition && n.UserId == _changUser && n.Kind == NotificationKind.Overdue);
        Assert.Contains(notifications, n => n.ItemId == changPetition && n.UserId == _wangUser && n.Kind == NotificationKind.Escalation);
        var mails = await (from m in db.OutboxMails
                           join n in db.Notifications on m.NotificationId equals n.Id
                           select new { n.ItemId, m.UserId }).ToListAsync();
        Assert.Equal(3, mails.Count); // chang has no address: in-app only
        Assert.All(mails.GroupBy(m => (m.ItemId, m.UserId)), g => Assert.Single(g));
        Assert.DoesNotContain(mails, m => m.UserId == _changUser);
    }

    [Fact]
    public async Task Scan_AcrossAWeekendAndAHoliday_WarnsTwoWorkingDaysAhead()
    {
        var id = await RegisterAsync(new DateOnly(2026, 11, 23), _lin); // due Tue 12/1
        await _domain.Get<CalendarService>().SetDayAsync(TestDomain.Admin(), new DateOnly(2026, 11, 30), true, "颱風停止上班"); // due moves to Wed 12/2

        _domain.Clock.Advance(TimeSpan.FromDays(1)); // Thu 11/26: 12/2 is three working days away (11/27, 12/1, 12/2)
        Assert.Equal(0, (await _scan.ScanAsync()).Reminders);
        _domain.Clock.Advance(TimeSpan.FromDays(1)); // Fri 11/27: two working days (12/1, 12/2) → due soon
        var friday = await _scan.ScanAsync();
        _domain.Clock.Advance(TimeSpan.FromDays(1)); // Saturday: nothing new
        var saturday = await _scan.ScanAsync();

        Assert.Equal(1, friday.Reminders);
        Assert.Equal(0, friday.Mails); // due soon is not urgent: in-app now, e-mail in the morning digest
        Assert.Equal(new ScanResult(0, 0, 0), saturday);
        var note = Assert.Single(await NotificationsAsync());
        Assert.Equal(NotificationKind.DueSoon, note.Kind);
        Assert.Equal(new DateOnly(2026, 12, 2), note.DueOn);
        Assert.Equal(id, note.ItemId);
    }

    [Fact]
    public async Task Scan_ReassignedOrClosedItems_GetNoStaleReminder()
    {
        var reassigned = await RegisterAsync(new DateOnly(2026, 11, 16), _lin);
        var replied = await RegisterAsync(new DateOnly(2026, 11, 16), _lin);
        await _petitions.AssignAsync(_wang, reassigned, (await _petitions.GetAsync(_wang, reassigned))!.Version, _chang.StaffId!.Value);
        await _petitions.SubmitAsync(_lin, replied, (await _petitions.GetAsync(_wang, replied))!.Version, "答覆");
        await _petitions.ApproveAsync(_wang, replied, (await _petitions.GetAsync(_wang, replied))!.Version);
        await _petitions.MarkRepliedAsync(_lin, replied, (await _petitions.GetAsync(_wang, replied))!.Version, new ReplyInput { SentOn = _domain.Today, Method = ReplyMethod.Letter, Reference = "文號" });

        await _scan.ScanAsync();

        var notes = await NotificationsAsync();
        Assert.DoesNotContain(notes, n => n.ItemId == replied);
        Assert.Contains(notes, n => n.ItemId == reassigned && n.UserId == _changUser);
        Assert.DoesNotContain(notes, n => n.ItemId == reassigned && n.UserId == _linUser);
    }

    [Fact]
    public async Task Scan_AfterACrashHalfWay_CompletesTheMissingNotifications()
    {
        var id = await RegisterAsync(new DateOnly(2026, 11, 16), _lin);
        await using (var db = await _domain.Db.OpenAsync(Actor.System))
        {
            // A scan that wrote its reminder and stopped before notifying anybody.
            await db.Database.ExecuteSqlInterpolatedAsync($"""INSERT INTO "Reminders" ("ItemType", "ItemId", "Stage", "DueOn", "CreatedAtUtc") VALUES ('Petition', {id}, 'Overdue', {new DateOnly(2026, 11, 24)}, {_domain.Clock.GetUtcNow().UtcDateTime})""");
        }

        var result = await _scan.ScanAsync();

        Assert.Equal(0, result.Reminders);
        Assert.Equal(2, result.Notifications);
        Assert.Equal(2, (await NotificationsAsync()).Count);
    }

    [Fact]
    public async Task Bell_UnreadCountAndMarkRead_AreTheUsersOwn()
    {
        await RegisterAsync(new DateOnly(2026, 11, 16), _lin);
        await _scan.ScanAsync();
        var notifications = _domain.Get<NotificationService>();
        var lin = _lin with { UserId = _linUser };
        var wang = _wang with { UserId = _wangUser };

        Assert.Equal(1, await notifications.CountUnreadAsync(lin));
        var mine = await notifications.ListAsync(lin, unreadOnly: true, new PageRequest(0, 10));
        await notifications.MarkReadAsync(wang, mine.Items[0].Id); // not hers to mark
        Assert.Equal(1, await notifications.CountUnreadAsync(lin));
        await notifications.MarkReadAsync(lin, mine.Items[0].Id);

        Assert.Equal(0, await notifications.CountUnreadAsync(lin));
        Assert.Equal(1, await notifications.CountUnreadAsync(wang));
        Assert.Equal("/petitions/" + mine.Items[0].ItemId, mine.Items[0].Link);
    }

    [Fact]
    public async Task Digest_OnlyOnWorkingDays_OnePerPerson_RespectingThePreference()
    {
        await RegisterAsync(new DateOnly(2026, 11, 16), _lin); // overdue
        await RegisterAsync(new DateOnly(2026, 11, 24), _lin); // due 12/2, after the typhoon day 12/3: due soon on 12/1
        var digest = _domain.Get<MorningDigestService>();
        var notifications = _domain.Get<NotificationService>();

        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 28, 0, 30, 0, TimeSpan.Zero)); // Saturday 08:30
        var saturday = await digest.QueueAsync();
        await _domain.Get<CalendarService>().SetDayAsync(TestDomain.Admin(), new DateOnly(2026, 11, 30), true, "颱風停止上班");
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 0, 30, 0, TimeSpan.Zero)); // Monday, now a typhoon day
        var typhoon = await digest.QueueAsync();
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 30, 0, TimeSpan.Zero)); // Tuesday
        var tuesday = await digest.QueueAsync();
        var twice = await digest.QueueAsync();
        await notifications.SetEmailNonUrgentAsync(_lin with { UserId = _linUser }, false);
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 0, 30, 0, TimeSpan.Zero)); // Wednesday
        var optedOut = await digest.QueueAsync();

        Assert.True(saturday.Skipped);
        Assert.True(typhoon.Skipped);
        Assert.Contains("颱風停止上班", typhoon.Reason);
        Assert.Equal(2, tuesday.Queued); // the clerk's items and the supervisor's overdue list
        Assert.Equal(0, twice.Queued);
        Assert.Equal(1, optedOut.Queued); // only the supervisor now
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var clerkMail = await db.OutboxMails.SingleAsync(m => m.UserId == _linUser);
        Assert.Contains("2 件陳情待辦", clerkMail.Subject);
        Assert.Contains("【已逾期】", clerkMail.Body);
        Assert.False(clerkMail.IsUrgent);
    }

    [Fact]
    public async Task Scan_InstallmentPlan_RemindsBeforeTheDueDate_AndOnDefaultEscalates()
    {
        var plans = _domain.Get<CaseDesk.Domain.Installments.InstallmentService>();
        await using (var db = await _domain.Db.OpenAsync(Actor.System))
        {
            // The story case belongs to 林雅婷 (lin).
            Assert.True(await db.Cases.AnyAsync(c => c.CaseNumber == CaseDesk.Domain.Data.DemoData.StoryCaseNumber && c.ResponsibleClerkId == _lin.StaffId));
        }

        await using var read = await _domain.Db.OpenReadOnlyAsync();
        var caseId = await read.Cases.Where(c => c.CaseNumber == CaseDesk.Domain.Data.DemoData.StoryCaseNumber).Select(c => c.Id).SingleAsync();
        var id = (await plans.SubmitAsync(_lin, caseId, new CaseDesk.Domain.Installments.InstallmentApplicationInput
        {
            ApplicantName = "陳志明", Form = CaseDesk.Domain.Installments.ApplicationForm.Written, Reason = CaseDesk.Domain.Installments.HardshipReason.EconomicSituation,
            StatementOfFacts = "失業", Documents = CaseDesk.Domain.Installments.SupportingDocuments.UnemploymentProof, RequestedInstallments = 6, DayOfMonth = 15, ConsentOn = _domain.Today, ConsentReference = "健保北字第1150001號",
            Guarantee = CaseDesk.Domain.Installments.GuaranteeKind.WrittenByObligor,
        })).Value;
        Assert.True((await plans.ApproveAsync(_wang, id, (await plans.GetAsync(_wang, id))!.Version)).Succeeded); // first due Tue 12/15

        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 8, 2, 0, 0, TimeSpan.Zero)); // five working days before
        await _scan.ScanAsync();
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 16, 2, 0, 0, TimeSpan.Zero)); // the day after: default
        await _scan.ScanAsync();
        await _scan.ScanAsync();

        var notes = (await NotificationsAsync()).Where(n => n.ItemType == "InstallmentPlan").ToList();
        Assert.Contains(notes, n => n.UserId == _linUser && n.Kind == NotificationKind.DueSoon && n.DueOn == new DateOnly(2026, 12, 15));
        Assert.Contains(notes, n => n.UserId == _linUser && n.Kind == NotificationKind.Overdue && n.IsUrgent);
        Assert.Contains(notes, n => n.UserId == _wangUser && n.Kind == NotificationKind.Escalation);
        Assert.Equal(3, notes.Count);
        Assert.Equal(DemoCaseNumber, notes[0].ItemNumber);
    }

    private const string DemoCaseNumber = CaseDesk.Domain.Data.DemoData.StoryCaseNumber;

    [Fact]
    public async Task Dashboard_CountsPerUnitAndHandler_FromGroupedQueries()
    {
        await RegisterAsync(new DateOnly(2026, 11, 16), _lin);   // overdue, no contact: breach
        await RegisterAsync(new DateOnly(2026, 11, 19), _lin);   // due 11/27: due soon
        await RegisterAsync(new DateOnly(2026, 11, 24), _chang); // due 12/2: on track
        var dashboard = _domain.Get<DashboardService>();

        var refused = await dashboard.GetAsync(_lin);
        var data = (await dashboard.GetAsync(_wang)).Value;

        Assert.False(refused.Succeeded);
        Assert.Equal(new DeadlineCounts(3, 0, 1, 1, 1, 0), data.Total);
        var unit5 = Assert.Single(data.Units, u => u.UnitName == "第5股");
        Assert.Equal(2, unit5.Counts.Open);
        var lin = Assert.Single(data.Handlers, h => h.HandlerName == "林雅婷");
        Assert.Equal(1, lin.Counts.Breach);
        Assert.Equal("林雅婷", data.Handlers[0].HandlerName); // breaches first
        Assert.Equal(DashboardService.Weeks, data.Weekly.Count);
    }

    [Fact]
    public async Task Scan_CrashAfterNotificationsBeforeMails_ResumesWithOneMailPerUrgentNotification()
    {
        await RegisterAsync(new DateOnly(2026, 11, 16), _lin);   // overdue: lin (has an address) and wang (escalation, has one)
        await RegisterAsync(new DateOnly(2026, 11, 13), _chang); // overdue: chang has no address; wang is told again
        var first = await _scan.ScanAsync();
        Assert.Equal(4, first.Notifications);
        await using (var db = await _domain.Db.OpenAsync(Actor.System))
        {
            // The scan wrote its reminders and notifications and stopped before queueing any mail.
            await db.OutboxMails.ExecuteDeleteAsync();
        }

        _domain.Clock.Advance(TimeSpan.FromMinutes(5));
        var resumed = await _scan.ScanAsync();

        Assert.Equal((0, 0), (resumed.Reminders, resumed.Notifications));
        var urgentWithAddress = (await NotificationsAsync()).Where(n => n.IsUrgent && n.UserId != _changUser).Select(n => n.Id).Order().ToList();
        Assert.Equal(3, urgentWithAddress.Count);
        Assert.Equal(3, resumed.Mails);
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            var mails = await db.OutboxMails.ToListAsync();
            Assert.Equal(urgentWithAddress, mails.Select(m => m.NotificationId!.Value).Order());
            Assert.Equal(new[] { "lin@casedesk.local", "wang@casedesk.local", "wang@casedesk.local" }, mails.Select(m => m.ToAddress).Order(StringComparer.Ordinal));
        }

        _domain.Clock.Advance(TimeSpan.FromMinutes(5));
        var further = await _scan.ScanAsync();
        Assert.Equal(new ScanResult(0, 0, 0), further);
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            Assert.Equal(3, await db.OutboxMails.CountAsync());
        }
    }

    [Fact]
    public async Task Scan_Escalation_ReachesTheItemsUnitSupervisorOnly()
    {
        int unit5Sup, unit3Sup;
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            unit5Sup = await db.Staff.Where(s => s.UnitId == _lin.UnitId && s.Title == CaseDesk.Domain.Reference.StaffTitle.EnforcementOfficer).Select(s => s.Id).FirstAsync();
            unit3Sup = await db.Staff.Where(s => s.UnitId == _chang.UnitId && s.Title == CaseDesk.Domain.Reference.StaffTitle.EnforcementOfficer).Select(s => s.Id).FirstAsync();
        }

        Assert.NotEqual(_lin.UnitId, _chang.UnitId);
        var unit5User = await _domain.AddUserAsync("sup5", unit5Sup, Roles.Supervisor, "sup5@casedesk.local");
        var unit3User = await _domain.AddUserAsync("sup3", unit3Sup, Roles.Supervisor, "sup3@casedesk.local");
        var overdue = await RegisterAsync(new DateOnly(2026, 11, 16), _lin);

        await _scan.ScanAsync();

        var escalated = (await NotificationsAsync()).Where(n => n.Kind == NotificationKind.Escalation && n.ItemId == overdue).Select(n => n.UserId).Order(StringComparer.Ordinal).ToList();
        // The unit's own supervisor and the office-wide chief (no unit); not the supervisor of another unit.
        Assert.Equal(new[] { unit5User, _wangUser }.Order(StringComparer.Ordinal), escalated);
        Assert.DoesNotContain(unit3User, escalated);
    }

    [Fact]
    public async Task Dashboard_DueTodayCard_MatchesItsList()
    {
        var dueToday = await RegisterAsync(new DateOnly(2026, 11, 17), _lin);   // due Wed 11/25, today
        var dueTodayToo = await RegisterAsync(new DateOnly(2026, 11, 17), _chang);
        var replied = await RegisterAsync(new DateOnly(2026, 11, 17), _lin);    // due today, but already replied
        await RegisterAsync(new DateOnly(2026, 11, 18), _lin);                  // due tomorrow
        Assert.True((await _petitions.SubmitAsync(_lin, replied, (await _petitions.GetAsync(_lin, replied))!.Version, "答覆")).Succeeded);
        Assert.True((await _petitions.ApproveAsync(_wang, replied, (await _petitions.GetAsync(_wang, replied))!.Version)).Succeeded);
        Assert.True((await _petitions.MarkRepliedAsync(_lin, replied, (await _petitions.GetAsync(_lin, replied))!.Version, new ReplyInput { SentOn = _domain.Today, Method = ReplyMethod.Email, Reference = "電子郵件" })).Succeeded);

        var card = (await _domain.Get<DashboardService>().GetAsync(_wang)).Value;
        // The card's link: /petitions?scope=All&due=2026-11-25 (the list shows open petitions unless asked otherwise).
        var list = (await _petitions.SearchAsync(_wang, new PetitionQuery { Scope = PetitionScope.All, DueOn = card.Today, OpenOnly = true }, new PageRequest(0, 100))).Items;

        Assert.Equal(_domain.Today, card.Today);
        Assert.Equal(card.Total.DueToday, list.Count);
        Assert.Contains(list, r => r.Id == dueToday);
        Assert.Contains(list, r => r.Id == dueTodayToo);
        Assert.DoesNotContain(list, r => r.Id == replied);
        Assert.All(list, r => Assert.Equal(_domain.Today, r.DueOn));
    }
}
