using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Reference;
using CaseDesk.Domain.Users;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Web;

/// <summary>The Development demo office has the shape the README promises.</summary>
public sealed class DemoDataShapeTests(CaseDeskAppFactory factory) : IClassFixture<CaseDeskAppFactory>
{
    [Fact]
    public async Task DemoOffice_HasUnitsStaffAgenciesAndValidCases()
    {
        _ = factory.CreateClient();
        await using var db = await factory.Services.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync();

        Assert.Equal(Enumerable.Range(1, 17).ToList(), await db.Units.OrderBy(u => u.Number).Select(u => u.Number).ToListAsync());

        var titles = await db.Staff.Where(s => s.IsActive).Select(s => s.Title).Distinct().ToListAsync();
        Assert.All(new[] { StaffTitle.Clerk, StaffTitle.Executor, StaffTitle.EnforcementOfficer, StaffTitle.ChiefOfficer, StaffTitle.Director, StaffTitle.DutyOfficer, StaffTitle.Administrator },
            t => Assert.Contains(t, titles));
        // Every unit has its clerks, executor and enforcement officer.
        var perUnit = await db.Staff.Where(s => s.UnitId != null).GroupBy(s => s.UnitId).Select(g => new { g.Key, Clerks = g.Count(s => s.Title == StaffTitle.Clerk), Others = g.Count(s => s.Title != StaffTitle.Clerk) }).ToListAsync();
        Assert.Equal(17, perUnit.Count);
        Assert.All(perUnit, u => Assert.True(u.Clerks >= 2 && u.Others >= 2, $"unit {u.Key}: {u.Clerks} clerks, {u.Others} others"));

        var agencies = await db.Agencies.Select(a => new { a.Name, a.Kind }).ToListAsync();
        Assert.Equal(ReferenceSeed.Agencies.Select(a => a.Name).Order(StringComparer.Ordinal), agencies.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.All(new[] { AgencyKind.NationalTax, AgencyKind.LocalTax, AgencyKind.LaborInsurance, AgencyKind.HealthInsurance, AgencyKind.MotorVehicles },
            k => Assert.Contains(agencies, a => a.Kind == k));

        var configured = factory.Services.GetRequiredService<IConfiguration>().GetValue<int>("Demo:CaseCount");
        Assert.Equal(80, configured);
        var cases = await db.Cases.Select(c => new { c.CaseNumber, c.ObligorKind, c.ObligorIdNumber, c.ObligorName }).ToListAsync();
        Assert.Equal(configured, cases.Count);
        Assert.Contains(cases, c => c.CaseNumber == DemoData.StoryCaseNumber);
        Assert.Equal(cases.Count, cases.Select(c => c.CaseNumber).Distinct().Count());
        Assert.All(cases, c => Assert.True(
            c.ObligorKind == ObligorKind.Person ? TaiwanId.IsValid(c.ObligorIdNumber) : BusinessNumber.IsValid(c.ObligorIdNumber),
            $"{c.CaseNumber}: {c.ObligorKind} {c.ObligorIdNumber}"));
        Assert.Contains(cases, c => c.ObligorKind == ObligorKind.Person);
        Assert.Contains(cases, c => c.ObligorKind != ObligorKind.Person);
        Assert.All(cases, c => Assert.False(string.IsNullOrWhiteSpace(c.ObligorName)));
    }

    [Fact]
    public async Task DemoOffice_HasOneSignInPerRole()
    {
        _ = factory.CreateClient();
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var expected = new Dictionary<string, string>
        {
            [DemoAccounts.Clerk] = Roles.Clerk, [DemoAccounts.Clerk2] = Roles.Clerk, [DemoAccounts.Supervisor] = Roles.Supervisor,
            [DemoAccounts.DutyOfficer] = Roles.DutyOfficer, [DemoAccounts.Admin] = Roles.Admin,
        };

        foreach (var role in Roles.All)
        {
            var inRole = (await users.GetUsersInRoleAsync(role)).Select(u => u.UserName!).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected.Where(e => e.Value == role).Select(e => e.Key).Order(StringComparer.Ordinal), inRole);
        }

        foreach (var (userName, role) in expected)
        {
            var user = (await users.FindByNameAsync(userName))!;
            Assert.Equal(new[] { role }, await users.GetRolesAsync(user));
            Assert.NotNull(user.StaffMemberId);
            var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            var signedIn = await HttpSignIn.PostLoginAsync(client, userName, DemoAccounts.Password);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.DoesNotContain("/Account/Login", signedIn.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }
}
