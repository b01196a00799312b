using Bunit;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Data;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Components.Pages.Cases;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Web;

public sealed class CaseListTests : IAsyncLifetime
{
    private TestDomain _domain = default!;

    public async Task InitializeAsync() => _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 70);

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    [Fact]
    public async Task CaseList_ClerkSeesMaskedIdsRocDatesMoneyAndChips()
    {
        await using var ctx = BunitHost.Create(_domain, TestDomain.Clerk(_domain.People!.ClerkLin, 5));

        var cut = ctx.Render<CaseList>();

        cut.WaitForAssertion(() => Assert.Equal(50, cut.FindAll("#cases-table tbody tr.mud-table-row").Count));
        var firstRow = cut.Find("#cases-table tbody tr.mud-table-row").TextContent;
        Assert.Matches(@"\d{3}年度\p{IsCJKUnifiedIdeographs}+字第\d{8}號", firstRow);
        Assert.Matches(@"NT\$[\d,]+", firstRow);
        Assert.Matches(@"\d{3}/\d{2}/\d{2}", firstRow);
        Assert.All(cut.FindAll("td.cd-mono"), td => Assert.Matches(@"^([A-Z][0-9A-D]\d\*{4}\d{3}|\d{8})$", td.TextContent.Trim()));
        Assert.NotEmpty(cut.FindAll(".cd-chip"));
        Assert.Contains("共", cut.Find(".mud-table-pagination").TextContent);
        Assert.NotNull(cut.Find("#new-case"));
    }

    [Fact]
    public async Task CaseList_QueryFromAppBar_FiltersOnTheServer()
    {
        await using var ctx = BunitHost.Create(_domain, TestDomain.Supervisor());

        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("/cases?q=00012345");
        var cut = ctx.Render<CaseList>();

        cut.WaitForAssertion(() =>
        {
            var row = Assert.Single(cut.FindAll("#cases-table tbody tr.mud-table-row"));
            Assert.Contains(DemoData.StoryCaseNumber, row.TextContent);
        });
    }

    [Fact]
    public async Task CaseList_NoMatch_SaysWhatToDoNext()
    {
        await using var ctx = BunitHost.Create(_domain, TestDomain.DutyOfficer());

        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("/cases?q=" + Uri.EscapeDataString("查無此人"));
        var cut = ctx.Render<CaseList>();

        cut.WaitForAssertion(() => Assert.Contains("沒有符合條件的案件", cut.Find("#cases-empty").TextContent));
        Assert.Empty(cut.FindAll("#new-case"));
    }

    [Fact]
    public async Task CaseList_DutyOfficer_SeesNoAmounts()
    {
        await using var ctx = BunitHost.Create(_domain, TestDomain.DutyOfficer());

        var cut = ctx.Render<CaseList>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("#cases-table tbody tr.mud-table-row")));
        Assert.All(cut.FindAll("td.cd-num"), td => Assert.Equal("—", td.TextContent.Trim()));
    }

    [Fact]
    public async Task CaseList_InEnglish_UsesEnglishResources()
    {
        await using var ctx = BunitHost.Create(_domain, TestDomain.Supervisor(), "en");

        var cut = ctx.Render<CaseList>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("#cases-table tbody tr.mud-table-row")));
        Assert.Equal("Enforcement cases", cut.Find("h1").TextContent.Trim());
        Assert.Contains("Referring agency", cut.Find("#cases-table thead").TextContent);
        Assert.Contains(" of ", cut.Find(".mud-table-pagination").TextContent);
    }

    [Fact]
    public async Task CaseList_StatusChip_ShowsWordsNotOnlyColour()
    {
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var closed = await db.Cases.CountAsync(c => c.Status == CaseStatus.Closed);
        Assert.True(closed > 0);
        await using var ctx = BunitHost.Create(_domain, TestDomain.Supervisor());

        var cut = ctx.Render<CaseList>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("#cases-table tbody tr.mud-table-row")));

        var chips = cut.FindAll(".cd-chip").Select(c => c.TextContent.Trim()).ToHashSet();
        Assert.Contains("執行中", chips);
    }
}
