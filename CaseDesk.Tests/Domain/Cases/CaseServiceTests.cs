using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Reference;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Cases;

public sealed class CaseServiceTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private CaseService _cases = default!;
    private Actor _clerkUnit5 = default!;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 60);
        _cases = _domain.Get<CaseService>();
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        _clerkUnit5 = TestDomain.Clerk(lin.Id, lin.UnitId!.Value);
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    internal static async Task<CaseInput> ValidInputAsync(TestDomain domain, string number = "115年度健保執字第00099001號")
    {
        await using var db = await domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        var agency = await db.Agencies.FirstAsync(a => a.Kind == AgencyKind.HealthInsurance);
        return new CaseInput
        {
            CaseNumber = number,
            ObligorKind = ObligorKind.Person,
            ObligorName = "陳志強",
            ObligorIdNumber = "A123456789",
            ObligorPhone = "0912-000-111",
            ReferringAgencyId = agency.Id,
            AmountOwed = 52_000,
            ReferredOn = new DateOnly(2026, 11, 2),
            UnitId = lin.UnitId,
            ResponsibleClerkId = lin.Id,
        };
    }

    [Fact]
    public async Task Create_ValidInput_IsSavedAndFoundByNumber()
    {
        var input = await ValidInputAsync(_domain);

        var created = await _cases.CreateAsync(_clerkUnit5, input);

        Assert.True(created.Succeeded, created.ToString());
        var page = await _cases.SearchAsync(_clerkUnit5, new CaseQuery { Text = "115年度健保執字第00099001號" }, new PageRequest(0, 50));
        var row = Assert.Single(page.Items);
        Assert.Equal(created.Value, row.Id);
        Assert.Equal("A12****789", row.ObligorIdMasked);
        Assert.Equal(52_000, row.AmountOwed);
        Assert.Equal(CaseStatus.InEnforcement, row.Status);
    }

    [Fact]
    public async Task Create_InvalidFields_ReturnsOneErrorPerField_AndSavesNothing()
    {
        var input = (await ValidInputAsync(_domain)) with
        {
            CaseNumber = "115健保12345",
            ObligorIdNumber = "A123456788",
            AmountOwed = 0,
            ReferredOn = _domain.Today.AddDays(1),
            ObligorName = " ",
        };
        await using var before = await _domain.Db.OpenReadOnlyAsync();
        var count = await before.Cases.CountAsync();

        var result = await _cases.CreateAsync(_clerkUnit5, input);

        Assert.False(result.Succeeded);
        var fields = result.Errors.Select(e => e.Field).ToHashSet();
        Assert.Contains(nameof(CaseInput.CaseNumber), fields);
        Assert.Contains(nameof(CaseInput.ObligorIdNumber), fields);
        Assert.Contains(nameof(CaseInput.AmountOwed), fields);
        Assert.Contains(nameof(CaseInput.ReferredOn), fields);
        Assert.Contains(nameof(CaseInput.ObligorName), fields);
        Assert.Contains(result.Errors, e => e.Message.Contains("檢查碼"));
        await using var after = await _domain.Db.OpenReadOnlyAsync();
        Assert.Equal(count, await after.Cases.CountAsync());
    }

    [Fact]
    public async Task Create_CompanyObligor_ValidatesBusinessNumber()
    {
        var input = (await ValidInputAsync(_domain)) with { ObligorKind = ObligorKind.Company, ObligorName = "大成實業有限公司", ObligorIdNumber = "04595258" };

        var refused = await _cases.CreateAsync(_clerkUnit5, input);
        var accepted = await _cases.CreateAsync(_clerkUnit5, input with { ObligorIdNumber = "04595257" });

        Assert.Equal("ban_checksum", Assert.Single(refused.Errors).Code);
        Assert.True(accepted.Succeeded, accepted.ToString());
    }

    [Fact]
    public async Task Create_DuplicateNumber_PointsToTheExistingCase()
    {
        var input = await ValidInputAsync(_domain, DemoData.StoryCaseNumber);

        var result = await _cases.CreateAsync(_clerkUnit5, input);

        var error = Assert.Single(result.Errors);
        Assert.Equal("case_number_duplicate", error.Code);
        Assert.Equal(nameof(CaseInput.CaseNumber), error.Field);
    }

    [Fact]
    public async Task Create_ShortSequenceNumber_IsStoredZeroPadded()
    {
        var result = await _cases.CreateAsync(_clerkUnit5, await ValidInputAsync(_domain, "115年度健保執字第4567號"));

        var page = await _cases.SearchAsync(_clerkUnit5, new CaseQuery { Text = "115年度健保執字第00004567號" }, new PageRequest(0, 10));
        Assert.Equal(result.Value, Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task Create_ClerkInAnotherUnit_IsRefused()
    {
        var input = await ValidInputAsync(_domain);
        var otherClerk = TestDomain.Clerk(_clerkUnit5.StaffId!.Value + 1000, _clerkUnit5.UnitId!.Value + 1, "張淑芬");

        var result = await _cases.CreateAsync(otherClerk, input);

        Assert.Contains(result.Errors, e => e.Code == "unit_not_own");
    }

    [Fact]
    public async Task Create_DutyOfficer_IsForbidden()
    {
        var result = await _cases.CreateAsync(TestDomain.DutyOfficer(), await ValidInputAsync(_domain));

        Assert.Equal("forbidden", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task Update_ClerkOfAnotherUnit_IsForbidden()
    {
        var id = await StoryCaseIdAsync();
        var (input, version) = (await _cases.GetForEditAsync(_clerkUnit5, id)).Value;
        var stranger = TestDomain.Clerk(5000, _clerkUnit5.UnitId!.Value + 1, "某書記官");

        var result = await _cases.UpdateAsync(stranger, id, version, input with { Notes = "不該存" });

        Assert.Equal("forbidden", Assert.Single(result.Errors).Code);
        Assert.False((await _cases.GetForEditAsync(stranger, id)).Succeeded);
    }

    [Fact]
    public async Task Update_ClosedCase_CanOnlyReopen()
    {
        var id = await StoryCaseIdAsync();
        var (input, version) = (await _cases.GetForEditAsync(_clerkUnit5, id)).Value;
        Assert.True((await _cases.UpdateAsync(_clerkUnit5, id, version, input with { Status = CaseStatus.Closed })).Succeeded);

        var toDeferred = await _cases.UpdateAsync(_clerkUnit5, id, version + 1, input with { Status = CaseStatus.Deferred });
        var reopen = await _cases.UpdateAsync(_clerkUnit5, id, version + 1, input with { Status = CaseStatus.InEnforcement });

        Assert.Equal("case_status_move", Assert.Single(toDeferred.Errors).Code);
        Assert.True(reopen.Succeeded, reopen.ToString());
    }

    [Fact]
    public async Task Update_CannotDeferWithoutTheDeferralAction_AndTheDemoOfficesDeferralsAllHaveAnEndAndAReason()
    {
        var id = await StoryCaseIdAsync();
        var (input, version) = (await _cases.GetForEditAsync(_clerkUnit5, id)).Value;

        var result = await _cases.UpdateAsync(_clerkUnit5, id, version, input with { Status = CaseStatus.Deferred });

        var error = Assert.Single(result.Errors);
        Assert.Equal(("case_status_move", nameof(CaseInput.Status)), (error.Code, error.Field));
        Assert.Contains("暫緩執行", error.Message);
        Assert.Equal(CaseStatus.InEnforcement, (await _cases.GetAsync(_clerkUnit5, id))!.Status);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var deferred = await db.Cases.Where(c => c.Status == CaseStatus.Deferred).Select(c => new { c.DeferredUntil, c.DeferralReason }).ToListAsync();
        Assert.NotEmpty(deferred);
        Assert.All(deferred, d => Assert.True(d.DeferredUntil is not null && !string.IsNullOrWhiteSpace(d.DeferralReason)));
    }

    [Fact]
    public async Task Search_ByIdNumberSequenceAndNamePrefix()
    {
        var id = await StoryCaseIdAsync();
        var full = (await _cases.RevealPersonalDataAsync(_clerkUnit5, id)).Value.IdNumber;

        var byId = await _cases.SearchAsync(_clerkUnit5, new CaseQuery { Text = full.ToLowerInvariant() }, new PageRequest(0, 10));
        var byIdPrefix = await _cases.SearchAsync(_clerkUnit5, new CaseQuery { Text = full[..5] }, new PageRequest(0, 10));
        var bySequence = await _cases.SearchAsync(_clerkUnit5, new CaseQuery { Text = "12345" }, new PageRequest(0, 10));
        var byName = await _cases.SearchAsync(_clerkUnit5, new CaseQuery { Text = "陳志" }, new PageRequest(0, 10));

        Assert.Contains(byId.Items, r => r.Id == id);
        Assert.Contains(byIdPrefix.Items, r => r.Id == id);
        Assert.Contains(bySequence.Items, r => r.Id == id);
        Assert.Contains(byName.Items, r => r.Id == id);
        Assert.All(byName.Items, r => Assert.StartsWith("陳志", r.ObligorName));
    }

    [Fact]
    public async Task Search_PaddedSequenceThatLooksLikeABusinessNumber_StillFindsTheCase()
    {
        // 00012343 passes the business-number checksum (sum 10); a clerk typing the padded sequence must still find case 12343.
        Assert.True(CaseDesk.Domain.Identity.BusinessNumber.IsValid("00012343"));
        var id = (await _cases.CreateAsync(_clerkUnit5, await ValidInputAsync(_domain, "115年度健保執字第00012343號"))).Value;

        var padded = await _cases.SearchAsync(_clerkUnit5, new CaseQuery { Text = "00012343" }, new PageRequest(0, 10));

        Assert.Contains(padded.Items, r => r.Id == id);
    }

    [Fact]
    public async Task Search_PagesSortsAndFiltersOnTheServer()
    {
        var all = await _cases.SearchAsync(_clerkUnit5, new CaseQuery { Sort = CaseSort.AmountOwed, Descending = true }, new PageRequest(0, 10));
        var second = await _cases.SearchAsync(_clerkUnit5, new CaseQuery { Sort = CaseSort.AmountOwed, Descending = true }, new PageRequest(1, 10));
        var unit = await _cases.SearchAsync(_clerkUnit5, new CaseQuery { UnitId = _clerkUnit5.UnitId }, new PageRequest(0, 200));

        Assert.Equal(10, all.Items.Count);
        Assert.True(all.TotalCount >= 50);
        Assert.True(all.Items.Zip(all.Items.Skip(1)).All(p => p.First.AmountOwed >= p.Second.AmountOwed));
        Assert.True(all.Items[^1].AmountOwed >= second.Items[0].AmountOwed);
        Assert.Empty(all.Items.Select(r => r.Id).Intersect(second.Items.Select(r => r.Id)));
        Assert.All(unit.Items, r => Assert.Equal("第5股", r.UnitName));
        Assert.Equal(unit.TotalCount, unit.Items.Count);
    }

    [Fact]
    public async Task Search_DutyOfficer_SeesNoAmounts()
    {
        var page = await _cases.SearchAsync(TestDomain.DutyOfficer(), new CaseQuery(), new PageRequest(0, 20));
        var detail = await _cases.GetAsync(TestDomain.DutyOfficer(), await StoryCaseIdAsync());

        Assert.All(page.Items, r => Assert.Null(r.AmountOwed));
        Assert.Null(detail!.AmountOwed);
        Assert.False(detail.CanEdit);
        Assert.False(detail.CanRevealId);
        Assert.Matches(@"^H1\d\*{4}\d{3}$", detail.ObligorIdMasked);
    }

    [Fact]
    public async Task RevealPersonalData_IsAudited_AndRefusedForOtherRoles()
    {
        var id = await StoryCaseIdAsync();

        var shown = await _cases.RevealPersonalDataAsync(_clerkUnit5, id);
        var refused = await _cases.RevealPersonalDataAsync(TestDomain.DutyOfficer(), id);

        Assert.True(shown.Succeeded);
        Assert.Equal(10, shown.Value.IdNumber.Length);
        Assert.Equal("0912345678", shown.Value.Phone);
        Assert.False(refused.Succeeded);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var views = await db.AuditEntries.Where(a => a.EntityType == nameof(EnforcementCase) && a.EntityId == id.ToString() && (a.Action == AuditActions.ViewedPersonalData || a.Action == AuditActions.RefusedPersonalData)).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([AuditActions.ViewedPersonalData, AuditActions.RefusedPersonalData], views.Select(v => v.Action));
        Assert.Equal("林雅婷", views[0].UserName);
        Assert.Contains("遭拒", views[1].Summary);
    }

    private async Task<int> StoryCaseIdAsync()
    {
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        return await db.Cases.Where(c => c.CaseNumber == DemoData.StoryCaseNumber).Select(c => c.Id).SingleAsync();
    }
}
