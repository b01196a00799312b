using System.Net;
using System.Text;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Web;

/// <summary>The cases list file over HTTP: the story case's full ID for its own clerk, masked for the other unit's clerk and the Admin.</summary>
public sealed class CasesExportTests(CaseDeskAppFactory factory) : IClassFixture<CaseDeskAppFactory>
{
    private async Task<HttpClient> SignedInAsync(string user)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await HttpSignIn.PostLoginAsync(client, user, DemoAccounts.Password);
        return client;
    }

    private static async Task<string> CsvAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync())[3..]);
    }

    [Fact]
    public async Task TheStoryCasesFullId_IsInItsClerksFile_AndMaskedForEveryoneElse()
    {
        string fullId;
        await using (var scope = factory.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync())
        {
            fullId = await db.Cases.Where(c => c.CaseNumber == DemoData.StoryCaseNumber).Select(c => c.ObligorIdNumber).SingleAsync();
        }

        var path = "/cases/export?format=csv&text=" + Uri.EscapeDataString(DemoData.StoryCaseNumber);
        var own = await CsvAsync(await (await SignedInAsync(DemoAccounts.Clerk)).GetAsync(path));
        var otherUnit = await CsvAsync(await (await SignedInAsync(DemoAccounts.Clerk2)).GetAsync(path));
        var admin = await CsvAsync(await (await SignedInAsync(DemoAccounts.Admin)).GetAsync(path));
        var duty = await (await SignedInAsync(DemoAccounts.DutyOfficer)).GetAsync(path);

        Assert.StartsWith("執行案號,義務人,身分證／統編", own, StringComparison.Ordinal);
        Assert.Contains(fullId, own, StringComparison.Ordinal);
        Assert.DoesNotContain(fullId, otherUnit, StringComparison.Ordinal);
        Assert.Contains(TaiwanId.Mask(fullId), otherUnit, StringComparison.Ordinal);
        Assert.DoesNotContain(fullId, admin, StringComparison.Ordinal);
        Assert.Contains(TaiwanId.Mask(fullId), admin, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, duty.StatusCode);
    }
}
