using Bunit;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Components.Pages.Dashboard;
using CaseDesk.Web.Components.Pages.Desk;
using CaseDesk.Web.Components.Pages.Petitions;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Web;

public sealed class DashboardComponentTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private Actor _lin = default!;
    private Actor _wang = default!;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
        _lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value, "林雅婷");
        _wang = TestDomain.Supervisor(wang.Id, "王建國");
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private Task<Result<int>> RegisterAsync(DateOnly received) =>
        _domain.Get<PetitionService>().RegisterAsync(_lin, new PetitionInput
        {
            Channel = PetitionChannel.Phone, ReceivedOn = received, ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.LegalInquiry,
            Subject = "詢問", Content = "內容", UnitId = _lin.UnitId, HandlerId = _lin.StaffId,
        });

    [Fact]
    public async Task Dashboard_CardsShowCountsAndLinkToTheFilteredList_AndUpdateLive()
    {
        await RegisterAsync(new DateOnly(2026, 11, 16)); // breach
        await RegisterAsync(new DateOnly(2026, 11, 19)); // due soon
        await using var ctx = BunitHost.Create(_domain, _wang);

        var cut = ctx.Render<SupervisorDashboardPage>();

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid='kpi-open-value']").TextContent));
        Assert.Equal("1", cut.Find("[data-testid='kpi-breach-value']").TextContent);
        Assert.Equal("1", cut.Find("[data-testid='kpi-due-soon-value']").TextContent);
        Assert.Equal("/petitions?scope=All&status=Breach", cut.Find("#kpi-breach").GetAttribute("href"));
        Assert.Contains("第5股", cut.Find("#units-table").TextContent);
        Assert.Contains("林雅婷", cut.Find("#handlers-table").TextContent);
        Assert.NotNull(cut.Find("#units-table a[href*='status=Breach']"));

        // Another user registers a petition: the open count follows without any reload.
        await RegisterAsync(new DateOnly(2026, 11, 25));
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid='kpi-open-value']").TextContent), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Dashboard_UnassignedAndNoUnitRows_LinkToListsOfExactlyWhatTheyCount()
    {
        var petitions = _domain.Get<PetitionService>();
        await RegisterAsync(new DateOnly(2026, 11, 16)); // 林雅婷's, in 第5股
        async Task<string> RegisterUnassignedAsync(int? unitId, DateOnly received)
        {
            var id = (await petitions.RegisterAsync(_wang, new PetitionInput
            {
                Channel = PetitionChannel.Email, ReceivedOn = received, ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.LegalInquiry,
                Subject = "待分派", Content = "內容", UnitId = unitId,
            })).Value;
            return (await petitions.GetAsync(_wang, id))!.Number;
        }

        var inMyUnit = await RegisterUnassignedAsync(_lin.UnitId, new DateOnly(2026, 11, 16)); // no handler yet: breach
        var nowhere = await RegisterUnassignedAsync(null, new DateOnly(2026, 11, 25));          // neither unit nor handler: on track
        await using var ctx = BunitHost.Create(_domain, _wang);

        var dashboard = ctx.Render<SupervisorDashboardPage>();
        dashboard.WaitForAssertion(() => Assert.Equal("3", dashboard.Find("[data-testid='kpi-open-value']").TextContent));
        var noHandler = dashboard.FindAll("#handlers-table tbody tr").Single(r => r.Children[0].TextContent == "未分派");
        var noUnit = dashboard.FindAll("#units-table tbody tr").Single(r => r.Children[0].TextContent == "未分股");
        var noHandlerOpen = noHandler.Children[1].QuerySelector("a")!;
        var noHandlerBreach = noHandler.Children[5].QuerySelector("a")!;
        var noUnitOpen = noUnit.Children[1].QuerySelector("a")!;

        Assert.Equal("2", noHandlerOpen.TextContent);
        Assert.Equal("1", noHandlerBreach.TextContent);
        Assert.Equal("1", noUnitOpen.TextContent);
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        IReadOnlyList<string> Listed(string href)
        {
            navigation.NavigateTo(href);
            var list = ctx.Render<PetitionList>();
            list.WaitForAssertion(() => Assert.NotEmpty(list.FindAll("#petitions-table tbody a.cd-case-number")));
            return list.FindAll("#petitions-table tbody a.cd-case-number").Select(a => a.TextContent).Order().ToList();
        }

        Assert.Equal(new[] { inMyUnit, nowhere }.Order(), Listed(noHandlerOpen.GetAttribute("href")!));
        Assert.Equal([inMyUnit], Listed(noHandlerBreach.GetAttribute("href")!));
        Assert.Equal([nowhere], Listed(noUnitOpen.GetAttribute("href")!));
        Assert.Contains("nounit=true", noUnitOpen.GetAttribute("href"));
    }

    [Fact]
    public async Task PetitionList_NoHandlerFilter_ShowsItsChip_AndClosingItShowsEveryOne()
    {
        await RegisterAsync(new DateOnly(2026, 11, 16));
        await _domain.Get<PetitionService>().RegisterAsync(_wang, new PetitionInput
        {
            Channel = PetitionChannel.Email, ReceivedOn = new DateOnly(2026, 11, 16), ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.LegalInquiry,
            Subject = "待分派", Content = "內容", UnitId = _lin.UnitId,
        });
        await using var ctx = BunitHost.Create(_domain, _wang);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("/petitions?scope=All&nohandler=true&open=true");

        var list = ctx.Render<PetitionList>();
        list.WaitForAssertion(() => Assert.Single(list.FindAll("#petitions-table tbody a.cd-case-number")));
        Assert.Contains("未分派承辦人", list.Find("#filter-no-handler").TextContent);
        await list.InvokeAsync(() => list.Find("#filter-no-handler .mud-chip-close-button").Click());

        list.WaitForAssertion(() => Assert.Equal(2, list.FindAll("#petitions-table tbody a.cd-case-number").Count));
        Assert.Empty(list.FindAll("#filter-no-handler"));
    }

    [Fact]
    public async Task MyDesk_ListsMyItemsInDeadlineOrder_WithChips()
    {
        await RegisterAsync(new DateOnly(2026, 11, 25));
        await RegisterAsync(new DateOnly(2026, 11, 16));
        await using var ctx = BunitHost.Create(_domain, _lin);

        var cut = ctx.Render<MyDeskPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#desk-mine tbody tr").Count));
        var rows = cut.FindAll("#desk-mine tbody tr");
        Assert.Contains("逾期未聯繫", rows[0].TextContent);
        Assert.Contains("115/11/24", rows[0].TextContent);
        Assert.Contains("進行中", rows[1].TextContent);
        Assert.Equal("1", cut.Find("[data-testid='desk-breach-value']").TextContent);
    }

    [Fact]
    public async Task MyDesk_FollowsCaseChangesLive_AndPetitions()
    {
        // The story case (林雅婷's) is deferred until two days from now: its ending deferral is on her desk.
        var cases = _domain.Get<CaseDesk.Domain.Cases.CaseService>();
        int storyId, otherClerk;
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            var story = await db.Cases.SingleAsync(c => c.CaseNumber == CaseDesk.Domain.Data.DemoData.StoryCaseNumber);
            storyId = story.Id;
            otherClerk = await db.Staff.Where(s => s.UnitId == _lin.UnitId && s.Id != _lin.StaffId && s.Title == CaseDesk.Domain.Reference.StaffTitle.Clerk).Select(s => s.Id).FirstAsync();
            var deferred = await cases.DeferAsync(_lin, storyId, story.Version, new CaseDesk.Domain.Cases.DeferralInput(new DateOnly(2026, 11, 27), "轉介社會局評估"));
            Assert.True(deferred.Succeeded, deferred.ToString());
        }

        await using var ctx = BunitHost.Create(_domain, _lin);
        var cut = ctx.Render<MyDeskPage>();
        cut.WaitForAssertion(() => Assert.Contains(CaseDesk.Domain.Data.DemoData.StoryCaseNumber, cut.Find("#desk-mine").TextContent));
        Assert.Equal("1", cut.Find("[data-testid='desk-open-value']").TextContent);

        // A supervisor hands the case to another clerk of the unit: it leaves her desk without a reload.
        var (input, version) = (await cases.GetForEditAsync(_wang, storyId)).Value;
        var moved = await cases.UpdateAsync(_wang, storyId, version, input with { ResponsibleClerkId = otherClerk });
        Assert.True(moved.Succeeded, moved.ToString());
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid='desk-open-value']").TextContent), TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(CaseDesk.Domain.Data.DemoData.StoryCaseNumber, cut.Find("#desk-mine-section").TextContent);

        // A petition registered for her appears the same way.
        Assert.True((await RegisterAsync(new DateOnly(2026, 11, 25))).Succeeded);
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("1", cut.Find("[data-testid='desk-open-value']").TextContent);
            Assert.Contains("進行中", Assert.Single(cut.FindAll("#desk-mine tbody tr")).TextContent);
        }, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Dashboard_Charts_RenderAndThePeriodToggleSwitchesTheLabels()
    {
        await CaseDesk.Tests.Domain.Dashboard.OnTimeReplies.SeedAsync(_domain);
        await RegisterAsync(new DateOnly(2026, 11, 20));
        await using var ctx = BunitHost.Create(_domain, _wang);

        var cut = ctx.Render<SupervisorDashboardPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("#chart-ontime svg text")));
        string Labels(string chart) => string.Join(" ", cut.FindAll($"{chart} svg text").Select(t => t.TextContent.Trim()));
        var weekly = Labels("#chart-ontime");
        Assert.Contains("11/23", weekly);
        Assert.Contains("09/07", weekly);
        Assert.DoesNotContain("第四季", weekly);
        Assert.Contains("第5股", Labels("#chart-units"));
        Assert.Contains("如期函復率（近 12 週）", cut.Markup);

        var byQuarter = cut.FindAll("#ontime-period .mud-toggle-item").Single(e => e.TextContent.Trim() == "季");
        await byQuarter.ClickAsync(new());

        cut.WaitForAssertion(() =>
        {
            var quarterly = Labels("#chart-ontime");
            Assert.Contains("第一季", quarterly);
            Assert.Contains("第四季", quarterly);
            Assert.DoesNotContain("11/23", quarterly);
        });
        Assert.Contains("如期函復率（本年各季）", cut.Markup);
    }
}
