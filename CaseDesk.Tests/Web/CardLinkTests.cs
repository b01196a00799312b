using Bunit;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Installments;
using CaseDesk.Tests.Domain.Installments;
using CaseDesk.Tests.Support;
using CaseDesk.Domain.Petitions;
using CaseDesk.Web.Components.Pages.Dashboard;
using CaseDesk.Web.Components.Pages.Desk;
using CaseDesk.Web.Components.Pages.Installments;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Web;

/// <summary>Cards on the dashboard and on My desk: each number opens a list of exactly what it counted.</summary>
public sealed class CardLinkTests : InstallmentStory
{
    /// <summary>The card's number, and the case numbers the list behind its link shows.</summary>
    private async Task<(int Count, IReadOnlyList<string> Listed)> CardAndListAsync(string cardId)
    {
        await using var ctx = BunitHost.Create(Domain, Wang);
        var dashboard = ctx.Render<SupervisorDashboardPage>();
        dashboard.WaitForElement($"#{cardId}");
        var count = int.Parse(dashboard.Find($"[data-testid='{cardId}-value']").TextContent, System.Globalization.CultureInfo.InvariantCulture);
        var href = dashboard.Find($"#{cardId}").GetAttribute("href")!;

        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(href);
        var list = ctx.Render<InstallmentList>();
        list.WaitForAssertion(() => Assert.True(list.FindAll("#plans-empty").Count + list.FindAll("#plans-table tbody a.cd-case-number").Count > 0));
        return (count, list.FindAll("#plans-table tbody a.cd-case-number").Select(a => a.TextContent).ToList());
    }

    [Fact]
    public async Task RevokedThisQuarterCard_LinksToThisQuartersRevocations_NotEveryRevokedPlan()
    {
        var id = await ApprovedPlanAsync();
        SetToday(new DateOnly(2026, 12, 16)); // installment 2 (12/15) unpaid: in default
        Assert.True((await Plans.RevokeAsync(Lee, id, await VersionAsync(id), "第 2 期逾期未繳")).Succeeded);

        var fourthQuarter = await CardAndListAsync("kpi-plan-revoked");
        SetToday(new DateOnly(2027, 1, 5)); // a new quarter: the plan stays revoked, but not this quarter
        var firstQuarter = await CardAndListAsync("kpi-plan-revoked");

        Assert.Equal(1, fourthQuarter.Count);
        Assert.Equal([CaseDesk.Domain.Data.DemoData.StoryCaseNumber], fourthQuarter.Listed);
        Assert.Equal(0, firstQuarter.Count);
        Assert.Empty(firstQuarter.Listed);
        Assert.Equal(1, (await Plans.SearchAsync(Wang, PlanFilter.Revoked, mineOnly: false, new PageRequest(0, 50))).TotalCount);
    }

    /// <summary>A desk card's number, and the rows (number, chip) of the desk's list behind its link.</summary>
    private async Task<(int Count, IReadOnlyList<(string Number, string Status)> Listed, string Href)> DeskCardAndListAsync(string cardId)
    {
        await using var ctx = BunitHost.Create(Domain, Lin);
        var desk = ctx.Render<MyDeskPage>();
        desk.WaitForElement($"#{cardId}");
        var count = int.Parse(desk.Find($"[data-testid='{cardId}-value']").TextContent, System.Globalization.CultureInfo.InvariantCulture);
        var href = desk.Find($"#{cardId}").GetAttribute("href")!;

        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(href);
        var linked = ctx.Render<MyDeskPage>();
        linked.WaitForElement("#desk-mine");
        List<(string, string)> Rows() => linked.FindAll("#desk-mine tbody tr").Where(r => r.QuerySelector("a.cd-case-number") is not null)
            .Select(r => (r.QuerySelector("a.cd-case-number")!.TextContent, r.QuerySelector(".cd-deadline")!.GetAttribute("data-status")!))
            .ToList();

        // The list loads asynchronously (a first render may still show the previous rows): wait until it has
        // settled on as many rows as the card counts, then compare what they are.
        try
        {
            linked.WaitForAssertion(() => Assert.Equal(count, Rows().Count), TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // Fall through: the assertions of the test name the difference.
        }

        return (count, Rows(), href);
    }

    private async Task<string> RegisterForLinAsync(DateOnly received)
    {
        var petitions = Domain.Get<PetitionService>();
        var id = (await petitions.RegisterAsync(Lin, new PetitionInput
        {
            Channel = PetitionChannel.Phone, ReceivedOn = received, ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.LegalInquiry,
            Subject = "詢問", Content = "內容", UnitId = Lin.UnitId, HandlerId = Lin.StaffId,
        })).Value;
        return (await petitions.GetAsync(Lin, id))!.Number;
    }

    [Fact]
    public async Task DeskCards_CountEveryKind_AndEachLinksToTheDesksListOfExactlyThoseItems()
    {
        await ApprovedPlanAsync(); // installment 2 due Tue 12/15
        SetToday(new DateOnly(2026, 12, 16)); // unpaid: the plan is in default (overdue, but no petition breach)
        var breach = await RegisterForLinAsync(new DateOnly(2026, 12, 7));   // due 12/15: late without interim contact
        var dueSoon = await RegisterForLinAsync(new DateOnly(2026, 12, 10)); // due 12/18: within two working days
        var onTrack = await RegisterForLinAsync(new DateOnly(2026, 12, 16)); // due 12/24
        var plan = CaseDesk.Domain.Data.DemoData.StoryCaseNumber;

        var all = await DeskCardAndListAsync("desk-open");
        var soon = await DeskCardAndListAsync("desk-due-soon");
        var overdue = await DeskCardAndListAsync("desk-overdue");
        var breaches = await DeskCardAndListAsync("desk-breach");

        Assert.Equal((4, 4), (all.Count, all.Listed.Count));
        Assert.Equal(new[] { breach, dueSoon, onTrack, plan }.Order(), all.Listed.Select(r => r.Number).Order());
        Assert.Equal([(dueSoon, nameof(DeadlineStatus.DueSoon))], soon.Listed);
        Assert.Equal(1, soon.Count);
        Assert.Equal(2, overdue.Count);
        Assert.Equal(new[] { (plan, nameof(DeadlineStatus.Overdue)), (breach, nameof(DeadlineStatus.Breach)) }.Order(), overdue.Listed.Order());
        Assert.Equal(1, breaches.Count);
        Assert.Equal([(breach, nameof(DeadlineStatus.Breach))], breaches.Listed);
        Assert.All(new[] { soon, overdue, breaches }, c => Assert.StartsWith("/desk?show=", c.Href));
    }
}
