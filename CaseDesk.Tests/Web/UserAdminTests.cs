using System.Net;
using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Users;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Web;

/// <summary>The Admin's account actions, through the service the page uses, against the real sign-in.</summary>
public sealed class UserAdminTests : IAsyncLifetime
{
    private readonly CaseDeskAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task OnlyAnAdmin_MayListLockUnlockOrReset()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        var target = await IdOfAsync(scope, DemoAccounts.Clerk2);

        foreach (var actor in new[] { await ActorOfAsync(scope, DemoAccounts.Supervisor), await ActorOfAsync(scope, DemoAccounts.Clerk) })
        {
            Assert.Equal("forbidden", (await service.ListAsync(actor)).Errors[0].Code);
            Assert.Equal("forbidden", (await service.LockAsync(actor, target)).Errors[0].Code);
            Assert.Equal("forbidden", (await service.UnlockAsync(actor, target)).Errors[0].Code);
            Assert.Equal("forbidden", (await service.ResetPasswordAsync(actor, target, "A-new-password-2026")).Errors[0].Code);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await HttpSignIn.PostLoginAsync(NewClient(), DemoAccounts.Clerk2, DemoAccounts.Password)).StatusCode);
        Assert.Empty(await AuditAsync(scope, DemoAccounts.Clerk2, "AccountLocked", "PasswordReset"));
    }

    [Fact]
    public async Task ALockedAccount_CannotSignIn_UntilUnlocked_AndBothAreAudited()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        var admin = await ActorOfAsync(scope, DemoAccounts.Admin);
        var clerk2 = await IdOfAsync(scope, DemoAccounts.Clerk2);

        Assert.True((await service.LockAsync(admin, clerk2)).Succeeded);
        var listed = Assert.Single((await service.ListAsync(admin)).Value!, u => u.UserName == DemoAccounts.Clerk2);
        Assert.True(listed.IsLocked(service.Now));

        var refused = await HttpSignIn.PostLoginAsync(NewClient(), DemoAccounts.Clerk2, DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/Lockout", refused.Headers.Location!.OriginalString);

        Assert.True((await service.UnlockAsync(admin, clerk2)).Succeeded);
        var allowed = await HttpSignIn.PostLoginAsync(NewClient(), DemoAccounts.Clerk2, DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        Assert.DoesNotContain("/Account/", allowed.Headers.Location!.OriginalString);

        var rows = await AuditAsync(scope, DemoAccounts.Clerk2, "AccountLocked", "AccountUnlocked");
        Assert.Equal(["AccountLocked", "AccountUnlocked"], rows.Select(r => r.Action));
        Assert.All(rows, r => Assert.Equal("陳怡君", r.UserName));
        Assert.Contains("張淑芬", rows[0].Summary);
    }

    [Fact]
    public async Task AnAdmin_CannotLockThemself()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        var admin = await ActorOfAsync(scope, DemoAccounts.Admin);

        var result = await service.LockAsync(admin, admin.UserId);

        Assert.False(result.Succeeded);
        Assert.Equal("不能鎖定自己的帳號。", result.Errors[0].Message);
        Assert.Equal(HttpStatusCode.Redirect, (await HttpSignIn.PostLoginAsync(NewClient(), DemoAccounts.Admin, DemoAccounts.Password)).StatusCode);
        Assert.Empty(await AuditAsync(scope, DemoAccounts.Admin, "AccountLocked"));
    }

    [Fact]
    public async Task AResetPassword_FollowsThePolicy_AndReplacesTheOldOne()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        var admin = await ActorOfAsync(scope, DemoAccounts.Admin);
        var duty = await IdOfAsync(scope, DemoAccounts.DutyOfficer);

        var empty = await service.ResetPasswordAsync(admin, duty, "  ");
        var tooShort = await service.ResetPasswordAsync(admin, duty, "short");
        Assert.Equal("請輸入新密碼。", empty.Errors[0].Message);
        Assert.Contains(tooShort.Errors, e => e.Message.Contains("密碼至少需要 12 個字元", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await HttpSignIn.PostLoginAsync(NewClient(), DemoAccounts.DutyOfficer, DemoAccounts.Password)).StatusCode);

        Assert.True((await service.ResetPasswordAsync(admin, duty, "Night-duty-2026!")).Succeeded);

        var old = await HttpSignIn.PostLoginAsync(NewClient(), DemoAccounts.DutyOfficer, DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode); // the sign-in page again, with its error
        var fresh = await HttpSignIn.PostLoginAsync(NewClient(), DemoAccounts.DutyOfficer, "Night-duty-2026!");
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
        var reset = Assert.Single(await AuditAsync(scope, DemoAccounts.DutyOfficer, "PasswordReset"));
        Assert.DoesNotContain("Night-duty", reset.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownAccount_GetsAClearMessage()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<UserAdminService>();

        var result = await service.UnlockAsync(await ActorOfAsync(scope, DemoAccounts.Admin), "no-such-id");

        Assert.Equal("not_found", result.Errors[0].Code);
        Assert.Contains("找不到這個帳號", result.Errors[0].Message);
    }

    [Fact]
    public async Task TheUsersPage_IsForAdminsOnly()
    {
        var clerk = NewClient();
        await HttpSignIn.PostLoginAsync(clerk, DemoAccounts.Clerk, DemoAccounts.Password);
        var admin = NewClient();
        await HttpSignIn.PostLoginAsync(admin, DemoAccounts.Admin, DemoAccounts.Password);

        var refused = await clerk.GetAsync("/admin/users");
        var shown = await admin.GetAsync("/admin/users");

        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
    }

    private HttpClient NewClient() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<string> IdOfAsync(AsyncServiceScope scope, string userName) =>
        (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName))!.Id;

    private static Task<Actor> ActorOfAsync(AsyncServiceScope scope, string userName) => HostActors.ForAsync(scope.ServiceProvider, userName);

    private static async Task<List<AuditEntry>> AuditAsync(AsyncServiceScope scope, string userName, params string[] actions)
    {
        await using var db = await scope.ServiceProvider.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync();
        return await db.AuditEntries.Where(a => a.EntityType == AccountAuditService.EntityType && a.EntityId == userName && actions.Contains(a.Action)).OrderBy(a => a.Id).ToListAsync();
    }
}
