using System.Net;
using System.Text.RegularExpressions;
using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Users;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CaseDesk.Tests.Web;

/// <summary>Security headers, the sign-in audit trail, the sign-in rate limit and idle sessions, over real HTTP.</summary>
public sealed partial class SecurityTests(CaseDeskAppFactory factory) : IClassFixture<CaseDeskAppFactory>
{
    private HttpClient NewClient() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Theory]
    [InlineData("GET", "/Account/Login")]
    [InlineData("GET", "/healthz")]
    [InlineData("GET", "/js/casedesk.js")]
    [InlineData("GET", "/no-such-page")]
    [InlineData("GET", "/cases")]
    [InlineData("POST", "/Account/Logout")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string method, string path)
    {
        var response = await NewClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Matches(@"script-src 'self' 'nonce-[0-9A-F]{32}'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task ThePagesOneInlineScript_TheImportMap_CarriesThisResponsesNonce()
    {
        var client = NewClient();

        var first = await client.GetAsync("/Account/Login");
        var second = await client.GetAsync("/Account/Login");

        var nonce = NonceIn(first);
        Assert.NotEqual(nonce, NonceIn(second));
        var html = await first.Content.ReadAsStringAsync();
        var scripts = ScriptTag().Matches(html).Select(m => m.Value).ToList();
        var inline = Assert.Single(scripts, s => !s.Contains("src=", StringComparison.Ordinal));
        Assert.Contains("type=\"importmap\"", inline);
        Assert.Contains($"nonce=\"{nonce}\"", inline);
    }

    [Fact]
    public async Task SignIns_Failures_Lockouts_AndSignOuts_AreInTheAuditTrail()
    {
        var client = NewClient();

        await HttpSignIn.PostLoginAsync(client, DemoAccounts.DutyOfficer, "not-the-password");
        var signedIn = await HttpSignIn.PostLoginAsync(client, DemoAccounts.DutyOfficer, DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        // The token of the signed-in user (the sign-in page's form gives one for whoever is signed in).
        var form = await client.GetStringAsync("/Account/Login");
        var token = WebUtility.HtmlDecode(AntiforgeryToken().Match(form).Groups[1].Value);
        var signedOut = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        var rows = await AccountRowsAsync(DemoAccounts.DutyOfficer);
        Assert.Equal([nameof(AccountEvent.SignInFailed), nameof(AccountEvent.SignedIn), nameof(AccountEvent.SignedOut)], rows.Select(r => r.Action));
        Assert.Equal("anonymous", rows[0].UserId); // a failure is not the account's own act
        Assert.Contains("帳號或密碼不正確", rows[0].Summary);
        Assert.Equal("黃志偉", rows[1].UserName);
        Assert.NotEqual("anonymous", rows[1].UserId);
    }

    [Fact]
    public async Task FiveFailures_LockTheAccount_AndTheLockoutIsAudited()
    {
        var client = NewClient();
        for (var i = 0; i < 5; i++)
        {
            await HttpSignIn.PostLoginAsync(client, DemoAccounts.Admin, "wrong-password-" + i);
        }

        var rightPassword = await HttpSignIn.PostLoginAsync(client, DemoAccounts.Admin, DemoAccounts.Password);

        Assert.Contains("/Account/Lockout", rightPassword.Headers.Location!.OriginalString);
        var actions = (await AccountRowsAsync(DemoAccounts.Admin)).Select(r => r.Action).ToList();
        Assert.Equal(4, actions.Count(a => a == nameof(AccountEvent.SignInFailed)));
        Assert.Equal(2, actions.Count(a => a == nameof(AccountEvent.LockedOut))); // the fifth failure, then the right password
        Assert.DoesNotContain(nameof(AccountEvent.SignedIn), actions);
    }

    [Fact]
    public async Task SignInPosts_OverTheLimitPerAddress_AreRefusedWith429_OtherRequestsAreNot()
    {
        await using var app = new CaseDeskAppFactory { Settings = { ["Security:SignInAttemptsPerMinute"] = "3" } };
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await HttpSignIn.PostLoginAsync(client, DemoAccounts.Clerk2, "wrong-password")).StatusCode);
        }

        var refused = await HttpSignIn.PostLoginAsync(client, DemoAccounts.Clerk2, DemoAccounts.Password);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("請一分鐘後再試", await refused.Content.ReadAsStringAsync());
        Assert.Equal("60", refused.Headers.RetryAfter!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }

    [Fact]
    public async Task TheSignInPageAfterAnIdlePage_EndsTheCookie_AndSaysWhy()
    {
        var client = NewClient();
        await HttpSignIn.PostLoginAsync(client, DemoAccounts.Supervisor, DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/cases")).StatusCode);

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/Account/Login?idle=1&returnUrl=%2Fcases"));

        Assert.Contains("您已閒置超過 30 分鐘，系統已自動登出", page);
        var after = await client.GetAsync("/cases");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Account/Login", after.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task KeepAlive_RenewsTheSignInCookie_OnlyForASignedInUser()
    {
        var anonymous = await NewClient().PostAsync("/Account/KeepAlive", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.False(anonymous.Headers.Contains("Set-Cookie"));

        var client = NewClient();
        await HttpSignIn.PostLoginAsync(client, DemoAccounts.Clerk, DemoAccounts.Password);
        var alive = await client.PostAsync("/Account/KeepAlive", null);

        Assert.Equal(HttpStatusCode.NoContent, alive.StatusCode);
        Assert.Contains(alive.Headers.GetValues("Set-Cookie"), c => c.StartsWith("CaseDesk.Auth=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void CircuitActivity_IsIdleOnlyAfterTheIdleTime_AndAnyUseStartsItAgain()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));
        var activity = new CircuitActivity(clock);
        var idle = new SecurityOptions { IdleTimeoutMinutes = 30 }.IdleTimeout;

        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.False(activity.IsIdle(idle));
        activity.Touch();
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.False(activity.IsIdle(idle));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(activity.IsIdle(idle));
    }

    [Theory]
    [InlineData(30, 60)]
    [InlineData(2, 30)]
    [InlineData(0.05, 1)]
    public void Circuits_CheckTheirSignIn_AQuarterOfTheIdleTime_BetweenASecondAndAMinute(double idleMinutes, double expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), IdleSessions.RevalidationInterval(new SecurityOptions { IdleTimeoutMinutes = idleMinutes }));

    private async Task<List<AuditEntry>> AccountRowsAsync(string userName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync();
        return await db.AuditEntries.Where(a => a.EntityType == AccountAuditService.EntityType && a.EntityId == userName).OrderBy(a => a.Id).ToListAsync();
    }

    private static string NonceIn(HttpResponseMessage response) =>
        NonceSource().Match(Assert.Single(response.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;

    [GeneratedRegex(@"'nonce-([^']+)'")]
    private static partial Regex NonceSource();

    [GeneratedRegex(@"<script\b[^>]*>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
