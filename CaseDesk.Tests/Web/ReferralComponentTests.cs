using Bunit;
using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Referrals;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Components.Pages.Cases;
using CaseDesk.Web.Components.Pages.Dashboard;
using CaseDesk.Web.Components.Pages.Referrals;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Web;

/// <summary>The referral pages over a real database: the printed form, the form's server messages, the loop on the detail page.</summary>
public sealed class ReferralComponentTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private Actor _lin = default!;
    private Actor _otherUnitClerk = default!;
    private int _caseId;
    private int _labour;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        _lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value, "林雅婷");
        var other = await db.Staff.FirstAsync(s => s.Title == CaseDesk.Domain.Reference.StaffTitle.Clerk && s.UnitId != lin.UnitId);
        _otherUnitClerk = TestDomain.Clerk(other.Id, other.UnitId!.Value, other.Name);
        _caseId = await db.Cases.Where(c => c.CaseNumber == DemoData.StoryCaseNumber).Select(c => c.Id).SingleAsync();
        var created = await _domain.Get<ReferralService>().CreatePartnerAsync(TestDomain.Admin(), new PartnerInput
        {
            Name = "桃園市政府勞動及人力資源局", ContactName = "蔡就業服務員", Phone = "03-333-8488", Fax = "03-333-8490", Services = WelfareNeed.Employment,
        });
        _labour = created.Value;
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private async Task<int> ReferralAsync(bool consent, string situation = "遭資遣，目前求職中。")
    {
        var service = _domain.Get<ReferralService>();
        var input = (await service.PrefillFromCaseAsync(_lin, _caseId)).Value with
        {
            PartnerId = _labour,
            Needs = WelfareNeed.Employment,
            Situation = situation,
            HouseholdSize = 3,
            Dependents = 2,
            ConsentGiven = consent,
            Consent = consent ? new ConsentInput(CaseDesk.Domain.Identity.TaipeiTime.Today(_domain.Clock), ConsentMethod.OralRecorded, "林雅婷") : null,
        };
        var id = await service.CreateAsync(_lin, input);
        Assert.True(id.Succeeded, id.ToString());
        return id.Value;
    }

    [Fact]
    public async Task PrintedForm_CarriesTheObligorTheTickedNeedsAndTheConsent_EscapesWhatWasTyped_AndIsAudited()
    {
        var id = await ReferralAsync(consent: true, situation: "失業中 <script>alert(1)</script>，需要就業媒合");
        await using var ctx = BunitHost.Create(_domain, _lin);

        var cut = ctx.Render<ReferralPrintPage>(p => p.Add(c => c.Id, id));

        cut.WaitForElement("#referral-form");
        var form = cut.Find("#referral-form");
        Assert.Contains("個案轉介單", form.TextContent);
        Assert.Contains("陳志明", form.TextContent);
        Assert.Contains("桃園市政府勞動及人力資源局", form.TextContent);
        Assert.Contains("☑ 就業服務", form.TextContent);
        Assert.Contains("☐ 社會救助", form.TextContent);
        Assert.Contains("口頭同意，由 林雅婷 記錄", form.TextContent);
        Assert.Contains("草稿（尚未送出）", form.TextContent);
        Assert.Empty(cut.FindAll("#referral-form script"));
        Assert.Contains("&lt;script&gt;", cut.Markup);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        Assert.Contains(await db.AuditEntries.Where(a => a.EntityType == nameof(Referral) && a.EntityId == id.ToString()).Select(a => a.Summary).ToListAsync(), s => s.StartsWith("列印個案轉介單", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PrintedForm_IsNotShownToAClerkOfAnotherUnit()
    {
        var id = await ReferralAsync(consent: true);
        await using var ctx = BunitHost.Create(_domain, _otherUnitClerk);

        var cut = ctx.Render<ReferralPrintPage>(p => p.Add(c => c.Id, id));

        cut.WaitForElement("#referral-not-found");
        Assert.DoesNotContain("陳志明", cut.Markup);
    }

    [Fact]
    public async Task Form_PrefillsFromTheCase_ShowsTheServersMessages_AndSavesNothingUntilValid()
    {
        await using var ctx = BunitHost.Create(_domain, _lin);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/referrals/new?case={_caseId}");
        var cut = ctx.Render<ReferralForm>();
        cut.WaitForAssertion(() => Assert.Equal("陳志明", cut.Find("#r-name").GetAttribute("value")));

        await cut.Find("#referral-form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Contains("請勾選義務人的需求", cut.Markup));
        Assert.Contains("請選擇轉介的合作單位", cut.Markup);
        Assert.Contains("請以您的話描述義務人的狀況", cut.Markup);
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            Assert.Equal(0, await db.Referrals.CountAsync());
        }

        cut.Find("#r-need-Employment").Change(true);
        cut.WaitForAssertion(() => Assert.Contains("桃園市政府勞動及人力資源局", cut.Find("#r-partner-hint").TextContent));
        Assert.NotNull(cut.Find("#r-no-consent"));
    }

    [Fact]
    public async Task Detail_WithoutConsent_WarnsAndOffersRecordingIt_NotClosing()
    {
        var id = await ReferralAsync(consent: false);
        await using var ctx = BunitHost.Create(_domain, _lin);

        var cut = ctx.Render<ReferralDetailPage>(p => p.Add(c => c.Id, id));

        cut.WaitForElement("#referral-consent-missing");
        Assert.NotNull(cut.Find("#referral-recordconsent"));
        Assert.NotNull(cut.Find("#referral-send"));
        Assert.Empty(cut.FindAll("#referral-close"));
        Assert.Empty(cut.FindAll("#referral-acknowledge"));
        Assert.Contains("H", cut.Find("[data-testid=referral-id]").TextContent);
        Assert.Contains("*", cut.Find("[data-testid=referral-id]").TextContent);
    }

    [Fact]
    public async Task WithdrawDialog_AsksForTheDate_AndTheReferralRecordsTheDateEntered()
    {
        var id = await ReferralAsync(consent: true);
        var service = _domain.Get<ReferralService>();
        Assert.True((await service.ActAsync(_lin, id, (await service.GetAsync(_lin, id))!.Version, new ReferralStep { Action = ReferralAction.Send, Method = SendMethod.Fax })).Succeeded);
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero)); // Friday: the obligor called on Thursday
        await using var ctx = BunitHost.Create(_domain, _lin);
        var dialogs = ctx.Render<MudBlazor.MudDialogProvider>();
        var cut = ctx.Render<ReferralDetailPage>(p => p.Add(c => c.Id, id));
        cut.WaitForElement("#referral-withdraw");

        var opened = cut.Find("#referral-withdraw").ClickAsync(new()); // completes when the dialog closes
        dialogs.WaitForElement("#ra-date");
        await dialogs.Find("#ra-date").ChangeAsync(new() { Value = "115/11/26" });
        await dialogs.Find("#ra-note").ChangeAsync(new() { Value = "義務人來電撤回同意" });
        await dialogs.Find("#referral-action-form").SubmitAsync();
        await opened;

        var withdrawn = (await service.GetAsync(_lin, id))!;
        Assert.Equal((ReferralState.Withdrawn, new DateOnly(2026, 11, 26)), (withdrawn.State, withdrawn.ClosedOn));
    }

    [Fact]
    public async Task DashboardFollowUpCard_SaysOverdue_CountsOnlyFollowUpsPastTheirDate_AndLinksToThoseReferrals()
    {
        var id = await ReferralAsync(consent: true);
        var service = _domain.Get<ReferralService>();
        Assert.True((await service.ActAsync(_lin, id, (await service.GetAsync(_lin, id))!.Version, new ReferralStep { Action = ReferralAction.Send, Method = SendMethod.Fax })).Succeeded);
        var followUpOn = (await service.GetAsync(_lin, id))!.FollowUpOn!.Value;

        _domain.Clock.SetUtcNow(new DateTimeOffset(followUpOn.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero)); // the follow-up day: due, not overdue
        await using (var onTheDay = BunitHost.Create(_domain, TestDomain.Supervisor()))
        {
            var dashboard = onTheDay.Render<SupervisorDashboardPage>();
            dashboard.WaitForAssertion(() => Assert.Equal("0", dashboard.Find("[data-testid='kpi-referrals-followup-value']").TextContent));
            Assert.Contains("追蹤逾期", dashboard.Find("#kpi-referrals-followup").TextContent);
            Assert.Equal("/referrals?filter=FollowUpOverdue", dashboard.Find("#kpi-referrals-followup").GetAttribute("href"));
        }

        _domain.Clock.SetUtcNow(new DateTimeOffset(followUpOn.AddDays(1).ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));
        await using var dayAfter = BunitHost.Create(_domain, TestDomain.Supervisor());
        var after = dayAfter.Render<SupervisorDashboardPage>();
        after.WaitForAssertion(() => Assert.Equal("1", after.Find("[data-testid='kpi-referrals-followup-value']").TextContent));
    }

    [Fact]
    public async Task SendingWithADeferral_ShowsOnTheCase_AndTheDashboardCountsTheReferralAwaitingAcknowledgement()
    {
        var id = await ReferralAsync(consent: true);
        var service = _domain.Get<ReferralService>();
        var until = CaseDesk.Domain.Identity.TaipeiTime.Today(_domain.Clock).AddMonths(2);
        var sent = await service.ActAsync(_lin, id, (await service.GetAsync(_lin, id))!.Version,
            new ReferralStep { Action = ReferralAction.Send, Method = SendMethod.Fax, DeferCase = true, DeferCaseUntil = until, DeferReason = "轉介勞動局媒合就業期間" });
        Assert.True(sent.Succeeded, sent.ToString());

        await using (var ctx = BunitHost.Create(_domain, _lin))
        {
            var page = ctx.Render<CaseDetailPage>(p => p.Add(c => c.Id, _caseId));
            page.WaitForElement("#case-deferral");
            Assert.Contains(CaseDesk.Domain.Identity.RocDate.Format(until), page.Find("#case-deferral").TextContent);
            Assert.Contains("轉介勞動局媒合就業期間", page.Find("#case-deferral-reason").TextContent);
            Assert.Contains("桃園市政府勞動及人力資源局", page.Find("#case-referrals").TextContent);
        }

        await using var supervisor = BunitHost.Create(_domain, TestDomain.Supervisor());
        var dashboard = supervisor.Render<SupervisorDashboardPage>();
        dashboard.WaitForAssertion(() => Assert.Equal("1", dashboard.Find("[data-testid='kpi-referrals-awaiting-value']").TextContent));
        Assert.Equal("0", dashboard.Find("[data-testid='kpi-referrals-ack-overdue-value']").TextContent);
        Assert.Equal("/referrals?filter=AwaitingAcknowledgement", dashboard.Find("#kpi-referrals-awaiting").GetAttribute("href"));
    }
}
