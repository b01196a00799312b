using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Users;
using Microsoft.AspNetCore.Identity;

namespace CaseDesk.Web.Infrastructure;

/// <summary>The demo sign-ins of the Development environment (stated in the README).</summary>
public static class DemoAccounts
{
    /// <summary>Development only: no default password exists in any other environment.</summary>
    public const string Password = "CaseDesk#2026";

    public const string Clerk = "clerk";
    public const string Clerk2 = "clerk2";
    public const string Supervisor = "supervisor";
    public const string DutyOfficer = "duty";
    public const string Admin = "admin";
}

/// <summary>Creates the roles always, and in Development the demo office with one sign-in per role.</summary>
public sealed class DemoSeeder(
    IConfiguration configuration,
    IHostEnvironment environment,
    CaseDeskDbFactory dbFactory,
    IServiceProvider services,
    UserManager<AppUser> userManager,
    RoleManager<IdentityRole> roleManager,
    ILogger<DemoSeeder> logger)
{
    public async Task SeedIfEnabledAsync(CancellationToken ct = default)
    {
        foreach (var role in Roles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                await roleManager.CreateAsync(new IdentityRole(role));
            }
        }

        if (!environment.IsDevelopment() || !configuration.GetValue("Demo:Seed", true))
        {
            return;
        }

        var people = await DemoData.SeedAsync(dbFactory, configuration.GetValue("Demo:CaseCount", 300), ct: ct);
        await EnsureUserAsync(DemoAccounts.Clerk, "林雅婷", Roles.Clerk, people.ClerkLin);
        await EnsureUserAsync(DemoAccounts.Clerk2, "張淑芬", Roles.Clerk, people.ClerkChang);
        await EnsureUserAsync(DemoAccounts.Supervisor, "王建國", Roles.Supervisor, people.SupervisorWang);
        await EnsureUserAsync(DemoAccounts.DutyOfficer, "黃志偉", Roles.DutyOfficer, people.DutyHuang);
        await EnsureUserAsync(DemoAccounts.Admin, "陳怡君", Roles.Admin, people.AdminChen);
        if (configuration.GetValue("Demo:Duty", true))
        {
            await DemoDutyData.SeedAsync(
                dbFactory,
                services.GetRequiredService<Domain.Calendar.CalendarService>(),
                services.GetRequiredService<Domain.Duty.DutyService>(),
                services.GetRequiredService<Domain.Calls.CallService>(),
                people,
                ct);
        }

        if (configuration.GetValue("Demo:Referrals", true))
        {
            await DemoReferralData.SeedAsync(
                dbFactory,
                services.GetRequiredService<Domain.Calendar.CalendarService>(),
                services.GetRequiredService<Domain.Referrals.ReferralService>(),
                people,
                ct);
        }

        if (configuration.GetValue("Demo:ServiceQuality", true))
        {
            await DemoServiceQualityData.SeedAsync(
                dbFactory,
                services.GetRequiredService<Domain.ServiceQuality.SurveyService>(),
                services.GetRequiredService<Domain.ServiceQuality.SpotCheckService>(),
                people,
                ct);
        }
    }

    private async Task EnsureUserAsync(string userName, string displayName, string role, int staffId)
    {
        if (await userManager.FindByNameAsync(userName) is not null)
        {
            return;
        }

        var user = new AppUser { UserName = userName, DisplayName = displayName, StaffMemberId = staffId, Email = $"{userName}@casedesk.local", EmailConfirmed = true };
        var created = await userManager.CreateAsync(user, DemoAccounts.Password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"Demo user {userName}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }

        await userManager.AddToRoleAsync(user, role);
        logger.LogInformation("Demo sign-in {User} ({Role}) created.", userName, role);
    }
}
