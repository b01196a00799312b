using Bunit;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Components.Pages.Cases;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace CaseDesk.Tests.Web;

/// <summary>Deferring enforcement from the case page: the actions offered, the dialog with the server's messages, and a deferral that has ended.</summary>
public sealed class CaseDeferralComponentTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private Actor _lin = default!;
    private Actor _otherUnitClerk = default!;
    private int _caseId;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        _lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value, "林雅婷");
        var other = await db.Staff.FirstAsync(s => s.Title == CaseDesk.Domain.Reference.StaffTitle.Clerk && s.UnitId != lin.UnitId);
        _otherUnitClerk = TestDomain.Clerk(other.Id, other.UnitId!.Value, other.Name);
        _caseId = await db.Cases.Where(c => c.CaseNumber == DemoData.StoryCaseNumber).Select(c => c.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    [Fact]
    public async Task Defer_FromTheCasePage_ShowsTheServersMessage_ThenTheDeferral_AndOffersExtendAndLift()
    {
        await using var ctx = BunitHost.Create(_domain, _lin);
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<CaseDetailPage>(p => p.Add(c => c.Id, _caseId));
        cut.WaitForElement("#case-defer");
        Assert.Empty(cut.FindAll("#case-defer-extend"));

        var opened = cut.Find("#case-defer").ClickAsync(new()); // completes when the dialog closes
        dialogs.WaitForElement("#deferral-until");
        await dialogs.Find("#deferral-until").ChangeAsync(new() { Value = "116/07/01" }); // beyond six months
        await dialogs.Find("#deferral-form").SubmitAsync();
        dialogs.WaitForAssertion(() => Assert.Contains("暫緩執行最長 6 個月", dialogs.Markup));
        Assert.Contains("請填寫暫緩執行的原因", dialogs.Markup);

        await dialogs.Find("#deferral-until").ChangeAsync(new() { Value = "116/02/26" });
        await dialogs.Find("#deferral-reason").ChangeAsync(new() { Value = "轉介社會局急難救助，評估期間暫緩" });
        await dialogs.Find("#deferral-form").SubmitAsync();
        await opened;

        cut.WaitForAssertion(() => Assert.Contains("暫緩執行至 116/02/26", cut.Find("#case-deferral").TextContent));
        Assert.NotNull(cut.Find("#case-defer-extend"));
        Assert.NotNull(cut.Find("#case-defer-lift"));
        Assert.Empty(cut.FindAll("#case-defer"));
        var saved = (await _domain.Get<CaseService>().GetAsync(_lin, _caseId))!;
        Assert.Equal((CaseStatus.Deferred, new DateOnly(2027, 2, 26), "轉介社會局急難救助，評估期間暫緩"), (saved.Status, saved.DeferredUntil, saved.DeferralReason));
    }

    [Fact]
    public async Task Lift_FromTheCasePage_PutsTheCaseBackIntoEnforcement()
    {
        var cases = _domain.Get<CaseService>();
        Assert.True((await cases.DeferAsync(_lin, _caseId, (await cases.GetAsync(_lin, _caseId))!.Version, new DeferralInput(new DateOnly(2027, 1, 31), "評估期間"))).Succeeded);
        await using var ctx = BunitHost.Create(_domain, _lin);
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<CaseDetailPage>(p => p.Add(c => c.Id, _caseId));
        cut.WaitForElement("#case-defer-lift");

        var opened = cut.Find("#case-defer-lift").ClickAsync(new());
        dialogs.WaitForElement("#deferral-reason");
        Assert.Empty(dialogs.FindAll("#deferral-until"));
        await dialogs.Find("#deferral-reason").ChangeAsync(new() { Value = "義務人已繳清" });
        await dialogs.Find("#deferral-form").SubmitAsync();
        await opened;

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#case-deferral")));
        Assert.NotNull(cut.Find("#case-defer"));
        Assert.Equal(CaseStatus.InEnforcement, (await cases.GetAsync(_lin, _caseId))!.Status);
    }

    [Fact]
    public async Task EndedDeferral_IsShownAsEnded_AndAnotherUnitsClerkIsOfferedNoAction()
    {
        var cases = _domain.Get<CaseService>();
        Assert.True((await cases.DeferAsync(_lin, _caseId, (await cases.GetAsync(_lin, _caseId))!.Version, new DeferralInput(new DateOnly(2026, 11, 30), "評估期間"))).Succeeded);
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero)); // the scan has not run yet

        await using (var ctx = BunitHost.Create(_domain, _lin))
        {
            var cut = ctx.Render<CaseDetailPage>(p => p.Add(c => c.Id, _caseId));
            cut.WaitForElement("#case-deferral-ended");
            Assert.Contains("暫緩執行已於 115/11/30 期滿", cut.Find("#case-deferral-ended").TextContent);
            Assert.Empty(cut.FindAll("#case-deferral"));
            Assert.NotNull(cut.Find("#case-defer-extend"));
        }

        await using (var ctx = BunitHost.Create(_domain, _otherUnitClerk))
        {
            var cut = ctx.Render<CaseDetailPage>(p => p.Add(c => c.Id, _caseId));
            cut.WaitForElement("#case-deferral-ended");
            Assert.Empty(cut.FindAll("#case-defer-extend"));
            Assert.Empty(cut.FindAll("#case-defer-lift"));
            Assert.Empty(cut.FindAll("#case-defer"));
        }
    }
}
