using CaseDesk.Domain.Common;
using CaseDesk.Domain.Dashboard;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Petitions;

/// <summary>Every option of the list's deadline filter, over one petition per deadline status.</summary>
public sealed class PetitionDeadlineFilterTests(PetitionDeadlineFilterTests.OnePerStatus office) : IClassFixture<PetitionDeadlineFilterTests.OnePerStatus>
{
    /// <summary>
    /// On Wednesday 115/11/25 (due soon up to Fri 11/27), the petitions are named after their chip. Received Mon 11/9 (due Tue 11/17):
    /// "breach" (nobody phoned), "late-contacted" (phoned Mon 11/16), "done" (replied), "extended" (to 15 days: due Mon 11/30);
    /// received Wed 11/18: "due-soon" (due Thu 11/26); received today: "on-track" (due Thu 12/3).
    /// </summary>
    public sealed class OnePerStatus : IAsyncLifetime
    {
        public TestDomain Domain { get; private set; } = default!;

        public Actor Wang { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            Domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5, now: new DateTimeOffset(2026, 11, 9, 2, 0, 0, TimeSpan.Zero));
            var petitions = Domain.Get<PetitionService>();
            Actor lin;
            await using (var db = await Domain.Db.OpenReadOnlyAsync())
            {
                var linStaff = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
                var wangStaff = await db.Staff.SingleAsync(s => s.Name == "王建國");
                lin = TestDomain.Clerk(linStaff.Id, linStaff.UnitId!.Value);
                Wang = TestDomain.Supervisor(wangStaff.Id);
            }

            async Task<int> Register(string subject, DateOnly receivedOn) =>
                (await petitions.RegisterAsync(lin, new PetitionInput
                {
                    Channel = PetitionChannel.Email, ReceivedOn = receivedOn, ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.LegalInquiry,
                    Subject = subject, Content = "內容", UnitId = lin.UnitId, HandlerId = lin.StaffId,
                })).Value;
            async Task<int> Version(int id) => (await petitions.GetAsync(Wang, id))!.Version;
            static void Ok(Result result) => Assert.True(result.Succeeded, result.ToString());

            var nov9 = new DateOnly(2026, 11, 9);
            await Register("breach", nov9);
            var contacted = await Register("late-contacted", nov9);
            var done = await Register("done", nov9);
            var extended = await Register("extended", nov9);
            Ok(await petitions.SubmitAsync(lin, done, await Version(done), "答覆"));
            Ok(await petitions.ApproveAsync(Wang, done, await Version(done)));
            Ok(await petitions.MarkRepliedAsync(lin, done, await Version(done), new ReplyInput { SentOn = nov9, Method = ReplyMethod.Email, Reference = "電子郵件" }));
            Ok(await petitions.ExtendAsync(Wang, extended, await Version(extended), new ExtensionInput { Days = 15, Reason = "需函詢銀行" }));

            Domain.Clock.Advance(TimeSpan.FromDays(7)); // Monday 11/16, the day before the due date
            Ok(await petitions.LogInterimContactAsync(lin, contacted, await Version(contacted), new InterimContactInput { PersonReached = "陳情人本人", Summary = "說明處理進度" }));

            Domain.Clock.Advance(TimeSpan.FromDays(9)); // Wednesday 11/25
            await Register("due-soon", new DateOnly(2026, 11, 18));
            await Register("on-track", new DateOnly(2026, 11, 25));
        }

        public async Task DisposeAsync() => await Domain.DisposeAsync();
    }

    private static string[] Expected(DeadlineStatus status) => status switch
    {
        DeadlineStatus.OnTrack => ["on-track"],
        DeadlineStatus.DueSoon => ["due-soon"],
        DeadlineStatus.Extended => ["extended"],
        DeadlineStatus.LateWithInterimContact => ["late-contacted"],
        DeadlineStatus.Breach => ["breach"],
        DeadlineStatus.Done => ["done"],
        // Past due and not finished, with or without the interim contact: the dashboard's 已逾期.
        DeadlineStatus.Overdue => ["breach", "late-contacted"],
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "A new deadline status needs its expected petitions here."),
    };

    /// <summary>Every option the list offers: it lists each value of the enum.</summary>
    public static TheoryData<DeadlineStatus> EveryOption() => new(Enum.GetValues<DeadlineStatus>());

    private async Task<IReadOnlyList<PetitionRow>> SearchAsync(PetitionQuery query) =>
        (await office.Domain.Get<PetitionService>().SearchAsync(office.Wang, query with { Scope = PetitionScope.All }, new PageRequest(0, 50))).Items;

    [Theory]
    [MemberData(nameof(EveryOption))]
    public async Task WhereStatus_EveryOfferedOption_ListsExactlyItsPetitions(DeadlineStatus status)
    {
        var rows = await SearchAsync(new PetitionQuery { Status = status });

        Assert.Equal(Expected(status).Order(), rows.Select(r => r.Subject).Order());
        var chips = status == DeadlineStatus.Overdue ? [DeadlineStatus.LateWithInterimContact, DeadlineStatus.Breach] : new[] { status };
        Assert.All(rows, r => Assert.Contains(r.Status, chips));
    }

    [Fact]
    public async Task WhereStatus_TheFixture_HasOnePetitionPerChip()
    {
        var rows = await SearchAsync(new PetitionQuery());

        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.Equal(Expected(r.Status).Single(), r.Subject));
    }

    [Fact]
    public async Task Overdue_MatchesTheDashboardCardAndItsLink()
    {
        var dashboard = (await office.Domain.Get<DashboardService>().GetAsync(office.Wang)).Value;

        var overdue = await SearchAsync(new PetitionQuery { Status = DeadlineStatus.Overdue });
        var linked = await SearchAsync(new PetitionQuery { OverdueOnly = true, OpenOnly = true }); // /petitions?scope=All&overdue=true

        Assert.Equal(dashboard.Total.Overdue, overdue.Count);
        Assert.Equal(overdue.Select(r => r.Id).Order(), linked.Select(r => r.Id).Order());
        Assert.Equal(dashboard.Total.Breach, (await SearchAsync(new PetitionQuery { Status = DeadlineStatus.Breach })).Count);
        Assert.Equal(dashboard.Total.Extended, (await SearchAsync(new PetitionQuery { Status = DeadlineStatus.Extended })).Count);
        Assert.Equal(dashboard.Total.DueSoon, (await SearchAsync(new PetitionQuery { Status = DeadlineStatus.DueSoon })).Count);
        Assert.Equal(dashboard.Total.Open, (await SearchAsync(new PetitionQuery { OpenOnly = true })).Count);
    }
}
