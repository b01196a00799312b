using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Tests.Domain.Cases;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Data;

public sealed class DatabaseTests
{
    [SqliteFact]
    public async Task Connection_HasWalBusyTimeoutAndForeignKeys()
    {
        await using var domain = await TestDomain.CreateAsync();
        await using var db = await domain.Db.OpenReadOnlyAsync();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();

        async Task<string> Pragma(string name)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {name};";
            return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
        }

        Assert.Equal("wal", await Pragma("journal_mode"));
        Assert.Equal("1", await Pragma("foreign_keys"));
        Assert.Equal("5000", await Pragma("busy_timeout"));
        Assert.True(File.Exists(domain.DatabasePath));
    }

    [Fact]
    public async Task Migrations_AreAllApplied()
    {
        await using var domain = await TestDomain.CreateAsync();
        await using var db = await domain.Db.OpenReadOnlyAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task ConcurrentEdit_SecondWriterGetsWhoAndWhen_AndNothingIsOverwritten()
    {
        await using var domain = await TestDomain.CreateAsync(demoData: true);
        var cases = domain.Get<CaseService>();
        var supervisor = TestDomain.Supervisor();
        var caseId = await FirstCaseIdAsync(domain);
        var (loadedByA, version) = (await cases.GetForEditAsync(supervisor, caseId)).Value;
        var (loadedByB, _) = (await cases.GetForEditAsync(supervisor, caseId)).Value;

        domain.Clock.Advance(TimeSpan.FromMinutes(3));
        var first = await cases.UpdateAsync(TestDomain.Supervisor(901, "王主任"), caseId, version, loadedByA with { Notes = "甲先存" });
        var second = await cases.UpdateAsync(TestDomain.Supervisor(902, "李科長"), caseId, version, loadedByB with { Notes = "乙後存" });

        Assert.True(first.Succeeded, first.ToString());
        Assert.True(second.IsConflict);
        var message = Assert.Single(second.Errors).Message;
        Assert.Contains("王主任", message);
        Assert.Contains("115/11/25 10:03", message);
        Assert.Contains("重新載入", message);
        var saved = (await cases.GetForEditAsync(supervisor, caseId)).Value;
        Assert.Equal("甲先存", saved.Input.Notes);
        Assert.Equal(version + 1, saved.Version);
    }

    [Fact]
    public async Task Save_WritesAuditRows_WithoutPersonalData()
    {
        await using var domain = await TestDomain.CreateAsync(demoData: true);
        var cases = domain.Get<CaseService>();
        var supervisor = TestDomain.Supervisor();
        var caseId = await FirstCaseIdAsync(domain);
        var (input, version) = (await cases.GetForEditAsync(supervisor, caseId)).Value;

        var result = await cases.UpdateAsync(supervisor, caseId, version, input with { ObligorPhone = "0988777666", AmountOwed = input.AmountOwed + 100 });

        Assert.True(result.Succeeded, result.ToString());
        await using var db = await domain.Db.OpenReadOnlyAsync();
        var row = await db.AuditEntries.Where(a => a.EntityType == nameof(EnforcementCase) && a.EntityId == caseId.ToString()).OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal(AuditActions.Updated, row.Action);
        Assert.Equal("王建國", row.UserName);
        Assert.Contains("AmountOwed", row.Changes);
        Assert.Contains("ObligorPhone", row.Changes);
        Assert.DoesNotContain("0988777666", row.Changes);
        Assert.Contains("執行金額", row.Summary);
    }

    [Fact]
    public async Task Create_WritesCreatedAuditRow_AndStatusChangeIsAStateChange()
    {
        await using var domain = await TestDomain.CreateAsync(demoData: true);
        var cases = domain.Get<CaseService>();
        var supervisor = TestDomain.Supervisor();
        var id = (await cases.CreateAsync(supervisor, await CaseServiceTests.ValidInputAsync(domain))).Value;
        var (input, version) = (await cases.GetForEditAsync(supervisor, id)).Value;

        await cases.UpdateAsync(supervisor, id, version, input with { Status = CaseStatus.InstallmentPlan });

        await using var db = await domain.Db.OpenReadOnlyAsync();
        var actions = await db.AuditEntries.Where(a => a.EntityType == nameof(EnforcementCase) && a.EntityId == id.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        // Opening the edit form shows the full ID and phone: that view is recorded too.
        Assert.Equal([AuditActions.Created, AuditActions.ViewedPersonalData, AuditActions.StateChanged], actions);
    }

    [Fact]
    public async Task AuditTrail_IsAppendOnly()
    {
        await using var domain = await TestDomain.CreateAsync(demoData: true);
        await using var db = await domain.Db.OpenAsync(Actor.System);
        var row = await db.AuditEntries.FirstAsync();
        db.AuditEntries.Remove(row);

        await Assert.ThrowsAsync<DomainException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task AuditTrail_ReadableBySupervisorsAndAdminsOnly()
    {
        await using var domain = await TestDomain.CreateAsync(demoData: true);
        var audit = domain.Get<AuditService>();
        var id = (await FirstCaseIdAsync(domain)).ToString();

        Assert.True((await audit.GetTrailAsync(TestDomain.Supervisor(), nameof(EnforcementCase), id)).Succeeded);
        Assert.True((await audit.GetTrailAsync(TestDomain.Admin(), nameof(EnforcementCase), id)).Succeeded);
        Assert.False((await audit.GetTrailAsync(TestDomain.Clerk(1, 1), nameof(EnforcementCase), id)).Succeeded);
    }

    internal static async Task<int> FirstCaseIdAsync(TestDomain domain)
    {
        await using var db = await domain.Db.OpenReadOnlyAsync();
        return await db.Cases.Where(c => c.Status != CaseStatus.Closed).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
    }
}
