using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Cases;

/// <summary>The cases list file: the list's own filters and order, full IDs only where the exporter may see them, audited.</summary>
public sealed class CaseExportTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private CaseService _cases = default!;
    private Actor _lin = default!;
    private int _linUnit;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 40);
        _cases = _domain.Get<CaseService>();
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        _linUnit = lin.UnitId!.Value;
        _lin = TestDomain.Clerk(lin.Id, _linUnit, "林雅婷");
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private async Task<Dictionary<string, (string Id, int UnitId)>> StoredAsync()
    {
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        return await db.Cases.ToDictionaryAsync(c => c.CaseNumber, c => (c.ObligorIdNumber, c.UnitId));
    }

    [Fact]
    public async Task AClerk_GetsFullIds_OnlyForTheirOwnUnitsCases()
    {
        var stored = await StoredAsync();

        var export = await _cases.ExportAsync(_lin, new CaseQuery { Sort = CaseSort.CaseNumber, Descending = false }, "CSV");

        Assert.True(export.Succeeded, export.ToString());
        Assert.Equal(stored.Count, export.Value.Rows.Count);
        Assert.False(export.Value.Truncated);
        Assert.Equal(export.Value.Rows.Select(r => r.CaseNumber).Order(StringComparer.Ordinal), export.Value.Rows.Select(r => r.CaseNumber));
        var own = export.Value.Rows.Where(r => stored[r.CaseNumber].UnitId == _linUnit).ToList();
        var others = export.Value.Rows.Where(r => stored[r.CaseNumber].UnitId != _linUnit && stored[r.CaseNumber].Id.Length == TaiwanId.Length).ToList();
        Assert.NotEmpty(own);
        Assert.NotEmpty(others);
        Assert.All(own, r => Assert.Equal((stored[r.CaseNumber].Id, false), (r.ObligorId, r.IdMasked)));
        Assert.All(others, r => Assert.Equal((TaiwanId.Mask(stored[r.CaseNumber].Id), true), (r.ObligorId, r.IdMasked)));
        Assert.All(others, r => Assert.NotEqual(stored[r.CaseNumber].Id, r.ObligorId));
        Assert.All(export.Value.Rows, r => Assert.NotNull(r.AmountOwed));
    }

    [Fact]
    public async Task AnAdmin_GetsEveryIdMasked_AndADutyOfficer_IsRefused()
    {
        var stored = await StoredAsync();

        var admin = await _cases.ExportAsync(TestDomain.Admin(), new CaseQuery(), "Excel");
        var duty = await _cases.ExportAsync(TestDomain.DutyOfficer(), new CaseQuery(), "Excel");

        Assert.All(admin.Value.Rows.Where(r => stored[r.CaseNumber].Id.Length == TaiwanId.Length), r => Assert.True(r.IdMasked && r.ObligorId.Contains('*')));
        Assert.Equal("forbidden", Assert.Single(duty.Errors).Code);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var trail = await db.AuditEntries.Where(a => a.EntityType == "Export" && a.EntityId == CaseService.ExportName).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([AuditActions.Exported, AuditActions.RefusedExport], trail.Select(a => a.Action)); // no full IDs: no personal-data view
        Assert.Contains($"完整身分證號 0 筆、遮蔽 {admin.Value.Rows.Count} 筆", trail[0].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFilters_AreTheLists_AndFullIdsInTheFile_AreRecordedAsAPersonalDataView()
    {
        var query = new CaseQuery { UnitId = _linUnit, Sort = CaseSort.AmountOwed, Descending = true };
        var list = await _cases.SearchAsync(_lin, query, new PageRequest(0, 500));

        var export = await _cases.ExportAsync(_lin, query, "CSV");

        Assert.Equal(list.Items.Select(r => r.CaseNumber), export.Value.Rows.Select(r => r.CaseNumber));
        Assert.All(export.Value.Rows, r => Assert.False(r.IdMasked));
        var views = await _domain.Get<PersonalDataAccessService>().GetAsync(TestDomain.Admin(), new PersonalDataAccessQuery(_domain.Today, _domain.Today), new PageRequest(0, 50));
        var row = Assert.Single(views.Value.Items);
        Assert.Equal(("Export", CaseService.ExportName, "林雅婷"), (row.EntityType, row.EntityId, row.UserName));
        Assert.Contains($"{export.Value.Rows.Count} 筆義務人完整身分證號", row.Summary, StringComparison.Ordinal);
    }
}
