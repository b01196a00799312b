using System.Net;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Users;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Web;

/// <summary>Behind a reverse proxy (README "Running several servers"): the client's address comes from X-Forwarded-For only when the proxy is trusted.</summary>
public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task TrustedProxy_SignInPosts_AreRateLimitedPerForwardedAddress_AndAuditedWithIt()
    {
        await using var app = new CaseDeskAppFactory
        {
            Settings = { ["Security:SignInAttemptsPerMinute"] = "2", ["Network:KnownProxies:0"] = "127.0.0.1" },
        };
        var address = app.StartKestrel();
        using var first = Client(address, "203.0.113.5");
        using var second = Client(address, "203.0.113.6");

        var fromFirst = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            fromFirst.Add((await HttpSignIn.PostLoginAsync(first, DemoAccounts.Clerk2, "wrong-password")).StatusCode);
        }

        var fromSecond = await HttpSignIn.PostLoginAsync(second, DemoAccounts.Clerk2, "wrong-password");

        // The proxy's address (127.0.0.1) is the same for both: the limit counts the forwarded addresses.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], fromFirst);
        Assert.Equal(HttpStatusCode.OK, fromSecond.StatusCode);
        Assert.Equal(["登入失敗：帳號或密碼不正確（來源 203.0.113.5）", "登入失敗：帳號或密碼不正確（來源 203.0.113.5）", "登入失敗：帳號或密碼不正確（來源 203.0.113.6）"], await SignInFailuresAsync(app));
    }

    [Fact]
    public async Task NoTrustedProxy_TheForwardedHeaderIsIgnored_TheConnectionsAddressCounts()
    {
        await using var app = new CaseDeskAppFactory { Settings = { ["Security:SignInAttemptsPerMinute"] = "2" } };
        var address = app.StartKestrel();
        using var first = Client(address, "203.0.113.5");
        using var second = Client(address, "203.0.113.6");

        var statuses = new List<HttpStatusCode>
        {
            (await HttpSignIn.PostLoginAsync(first, DemoAccounts.Clerk2, "wrong-password")).StatusCode,
            (await HttpSignIn.PostLoginAsync(second, DemoAccounts.Clerk2, "wrong-password")).StatusCode,
            (await HttpSignIn.PostLoginAsync(second, DemoAccounts.Clerk2, "wrong-password")).StatusCode,
        };

        // Anyone may send X-Forwarded-For: a new value per request must not buy new attempts.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(["登入失敗：帳號或密碼不正確（來源 127.0.0.1）", "登入失敗：帳號或密碼不正確（來源 127.0.0.1）"], await SignInFailuresAsync(app));
    }

    private static HttpClient Client(Uri address, string forwardedFor)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = address };
        // What nginx's "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for" sends for a client at that address.
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }

    /// <summary>The audit rows of the failed sign-ins, each naming the address it came from.</summary>
    private static async Task<List<string>> SignInFailuresAsync(CaseDeskAppFactory app)
    {
        await using var db = await app.Services.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync();
        return await db.AuditEntries
            .Where(a => a.EntityType == AccountAuditService.EntityType && a.Action == nameof(AccountEvent.SignInFailed))
            .OrderBy(a => a.Id).Select(a => a.Summary).ToListAsync();
    }
}
