using CaseDesk.Domain.Common;
using CaseDesk.Domain.Dashboard;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Dashboard;

/// <summary>
/// One saved petition makes every open dashboard reload: the dashboards asking at the same moment share one
/// computation, and no dashboard is ever shown a result from before a committed change.
/// </summary>
public sealed class DashboardSharingTests
{
    [Fact]
    public async Task ManyDashboardsAtOnce_ShareOneComputation_AndTheNextChangeIsSeenByAll()
    {
        await using var domain = await TestDomain.CreateAsync(demoData: true, demoCases: 20);
        var dashboard = domain.Get<DashboardService>();
        var chief = TestDomain.Supervisor();
        var before = dashboard.Computations;

        var first = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => dashboard.GetAsync(chief))));

        Assert.All(first, r => Assert.True(r.Succeeded, r.ToString()));
        Assert.Equal(before + 1, dashboard.Computations);
        Assert.Single(first.Select(r => r.Value).Distinct()); // the very same result object for everyone
        var open = first[0].Value.Total.Open;

        // A clerk registers a petition: the change is committed and published, and the next request computes afresh.
        Actor clerk;
        await using (var db = await domain.Db.OpenReadOnlyAsync())
        {
            var staff = await db.Staff.FirstAsync(s => s.Name == "林雅婷");
            clerk = TestDomain.Clerk(staff.Id, staff.UnitId!.Value);
        }

        var registered = await domain.Get<PetitionService>().RegisterAsync(clerk, new PetitionInput
        {
            Channel = PetitionChannel.Phone, ReceivedOn = domain.Today, ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.LegalInquiry,
            Subject = "共用結果測試", Content = "內容", UnitId = clerk.UnitId, HandlerId = clerk.StaffId,
        });
        Assert.True(registered.Succeeded, registered.ToString());

        var after = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => dashboard.GetAsync(chief))));
        Assert.All(after, r => Assert.Equal(open + 1, r.Value.Total.Open));
        Assert.Equal(before + 2, dashboard.Computations);

        // Unchanged data within the age limit: shared; past it (what turns with the clock alone): computed again.
        _ = await dashboard.GetAsync(chief);
        Assert.Equal(before + 2, dashboard.Computations);
        domain.Clock.Advance(DashboardService.MaxAge + TimeSpan.FromSeconds(1));
        _ = await dashboard.GetAsync(chief);
        Assert.Equal(before + 3, dashboard.Computations);
    }

    [Fact]
    public async Task UnitSupervisors_GetTheirOwnUnitsFigures_NotTheOfficesSharedOnes()
    {
        await using var domain = await TestDomain.CreateAsync(demoData: true, demoCases: 20);
        var dashboard = domain.Get<DashboardService>();
        int unitId;
        await using (var db = await domain.Db.OpenReadOnlyAsync())
        {
            unitId = (await db.Units.OrderBy(u => u.Id).FirstAsync()).Id;
        }

        var before = dashboard.Computations;
        var office = await dashboard.GetAsync(TestDomain.Supervisor());
        var unitChief = await dashboard.GetAsync(new Actor("user-901", "李股長", new HashSet<string> { Roles.Supervisor }, 901, unitId));

        Assert.True(office.Succeeded && unitChief.Succeeded);
        Assert.Equal(before + 2, dashboard.Computations);
        Assert.NotSame(office.Value, unitChief.Value);
    }

    [Fact]
    public async Task AClerk_IsRefused_AndNothingIsComputed()
    {
        await using var domain = await TestDomain.CreateAsync();
        var dashboard = domain.Get<DashboardService>();

        var refused = await dashboard.GetAsync(TestDomain.Clerk(1, 1));

        Assert.False(refused.Succeeded);
        Assert.Equal(0, dashboard.Computations);
    }
}
