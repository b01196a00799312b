using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Auditing;

/// <summary>The Admins' report of who looked at full personal data: every reveal and refused reveal, per user and period.</summary>
public sealed class PersonalDataAccessServiceTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private CaseService _cases = default!;
    private PersonalDataAccessService _views = default!;
    private Actor _lin = default!;
    private Actor _chang = default!;
    private int _storyCase;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 40);
        _cases = _domain.Get<CaseService>();
        _views = _domain.Get<PersonalDataAccessService>();
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        var chang = await db.Staff.SingleAsync(s => s.Name == "張淑芬");
        _lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value);
        _chang = TestDomain.Clerk(chang.Id, chang.UnitId!.Value, "張淑芬");
        _storyCase = await db.Cases.Where(c => c.CaseNumber == DemoData.StoryCaseNumber).Select(c => c.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private PersonalDataAccessQuery Today(string? userId = null) => new(_domain.Today, _domain.Today, userId);

    [Fact]
    public async Task Reveals_AndRefusedReveals_AreListed_PerUser_NewestFirst()
    {
        Assert.True((await _cases.RevealPersonalDataAsync(_lin, _storyCase)).Succeeded);
        _domain.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False((await _cases.RevealPersonalDataAsync(_chang, _storyCase)).Succeeded); // another unit's case
        _domain.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await _cases.RevealPersonalDataAsync(_lin, _storyCase)).Succeeded);

        var page = await _views.GetAsync(TestDomain.Admin(), Today(), new PageRequest(0, 50));

        Assert.True(page.Succeeded, page.ToString());
        Assert.Equal(3, page.Value.TotalCount);
        Assert.Equal([false, true, false], page.Value.Items.Select(r => r.Refused));
        Assert.Equal(["林雅婷", "張淑芬", "林雅婷"], page.Value.Items.Select(r => r.UserName));
        Assert.True(page.Value.Items[0].AtUtc > page.Value.Items[1].AtUtc);
        Assert.All(page.Value.Items, r => Assert.Equal($"/cases/{_storyCase}", r.PagePath));
        Assert.Contains("遭拒", page.Value.Items[1].Summary);
        Assert.DoesNotContain(page.Value.Items, r => r.Summary.Contains(DemoStoryId(), StringComparison.Ordinal));
        var lin = Assert.Single(page.Value.PerUser, u => u.UserName == "林雅婷");
        var chang = Assert.Single(page.Value.PerUser, u => u.UserName == "張淑芬");
        Assert.Equal((2, 0), (lin.Views, lin.Refused));
        Assert.Equal((0, 1), (chang.Views, chang.Refused));
        Assert.Equal("林雅婷", page.Value.PerUser[0].UserName); // most looks first

        var onlyChang = await _views.GetAsync(TestDomain.Admin(), Today(_chang.UserId), new PageRequest(0, 50));
        Assert.Equal(1, onlyChang.Value.TotalCount);
        Assert.Equal(2, onlyChang.Value.PerUser.Count); // the user list still offers everyone of the period
    }

    [Fact]
    public async Task ThePeriod_IsTaipeiOfficeDays_BothEndsIncluded()
    {
        // 2026-11-25 10:00 Taipei; 14 hours later it is 00:00 on the 26th in Taipei but still the 25th in UTC.
        await _cases.RevealPersonalDataAsync(_lin, _storyCase);
        _domain.Clock.Advance(TimeSpan.FromHours(14) + TimeSpan.FromMinutes(1));
        await _cases.RevealPersonalDataAsync(_lin, _storyCase);
        var the25th = new DateOnly(2026, 11, 25);

        var onThe25th = await _views.GetAsync(TestDomain.Admin(), new PersonalDataAccessQuery(the25th, the25th), new PageRequest(0, 50));
        var onThe26th = await _views.GetAsync(TestDomain.Admin(), new PersonalDataAccessQuery(the25th.AddDays(1), the25th.AddDays(1)), new PageRequest(0, 50));
        var both = await _views.GetAsync(TestDomain.Admin(), new PersonalDataAccessQuery(the25th, the25th.AddDays(1)), new PageRequest(0, 50));

        Assert.Equal((1, 1, 2), (onThe25th.Value.TotalCount, onThe26th.Value.TotalCount, both.Value.TotalCount));
    }

    [Fact]
    public async Task OnlyAnAdmin_ReadsOrExportsIt_AndARefusedExportIsAudited()
    {
        await _cases.RevealPersonalDataAsync(_lin, _storyCase);

        foreach (var actor in new[] { TestDomain.Supervisor(), _lin, TestDomain.DutyOfficer() })
        {
            Assert.Equal("forbidden", (await _views.GetAsync(actor, Today(), new PageRequest(0, 50))).Errors[0].Code);
            Assert.Equal("forbidden", (await _views.ExportAsync(actor, Today())).Errors[0].Code);
        }

        var refused = await ExportRowsAsync(AuditActions.RefusedExport);
        Assert.Equal(3, refused.Count);
        Assert.Equal(new[] { "王建國", "林雅婷", "黃志偉" }.Order(StringComparer.Ordinal), refused.Select(r => r.UserName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheExport_HoldsThePeriodOldestFirst_AndIsItselfAudited()
    {
        await _cases.RevealPersonalDataAsync(_lin, _storyCase);
        _domain.Clock.Advance(TimeSpan.FromMinutes(1));
        await _cases.RevealPersonalDataAsync(_chang, _storyCase);

        var rows = await _views.ExportAsync(TestDomain.Admin(), Today());

        Assert.True(rows.Succeeded, rows.ToString());
        Assert.Equal([false, true], rows.Value.Select(r => r.Refused));
        var exported = Assert.Single(await ExportRowsAsync(AuditActions.Exported));
        Assert.Equal("陳怡君", exported.UserName);
        Assert.Contains("共 2 筆", exported.Summary);
        Assert.Contains("115/11/25", exported.Summary);
    }

    [Theory]
    [InlineData(null, "2026-11-25", "period_required", "請輸入查詢期間的起日與迄日。")]
    [InlineData("2026-11-25", "2026-11-24", "period_order", "迄日不可早於起日。")]
    [InlineData("2025-11-24", "2026-11-25", "period_too_long", "查詢期間最長 366 天，請縮短期間。")]
    public async Task ABadPeriod_IsRefusedWithAClearMessage(string? from, string to, string code, string message)
    {
        var query = new PersonalDataAccessQuery(from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));

        var result = await _views.GetAsync(TestDomain.Admin(), query, new PageRequest(0, 50));
        var export = await _views.ExportAsync(TestDomain.Admin(), query);

        Assert.Equal((code, message), (result.Errors[0].Code, result.Errors[0].Message));
        Assert.Equal(code, export.Errors[0].Code);
        Assert.Empty(await ExportRowsAsync(AuditActions.Exported));
    }

    private string DemoStoryId()
    {
        using var db = _domain.Db.OpenReadOnlyAsync().GetAwaiter().GetResult();
        return db.Cases.Where(c => c.Id == _storyCase).Select(c => c.ObligorIdNumber).Single();
    }

    private async Task<List<AuditEntry>> ExportRowsAsync(string action)
    {
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        return await db.AuditEntries.Where(a => a.EntityType == "Export" && a.Action == action).OrderBy(a => a.Id).ToListAsync();
    }
}
