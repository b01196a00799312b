using System.Net;
using AngleSharp.Dom;
using Bunit;
using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Referrals;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Components.Pages.Admin;
using CaseDesk.Web.Components.Pages.Referrals;
using CaseDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CaseDesk.Tests.Web;

/// <summary>Referrals made through the real service, as a clerk would: a draft with the obligor's consent, then the loop's steps.</summary>
internal static class ReferralAdminSupport
{
    public static BunitContext Context(TestDomain domain, Actor actor) => BunitHost.Create(domain, actor, services: s =>
    {
        s.AddSingleton(domain.Get<ReferralService>());
        s.AddSingleton(domain.Get<ReferralStatisticsService>());
    });

    public static async Task<int> DraftAsync(ReferralService referrals, Actor clerk, int partnerId, WelfareNeed needs, DateOnly consentOn)
    {
        var created = await referrals.CreateAsync(clerk, new ReferralInput
        {
            ObligorName = "陳測試",
            PartnerId = partnerId,
            Needs = needs,
            Situation = "失業三個月，獨力扶養兩名子女。",
            ConsentGiven = true,
            Consent = new ConsentInput(consentOn, ConsentMethod.Signed, "林雅婷"),
        });
        Assert.True(created.Succeeded, created.ToString());
        return created.Value;
    }

    public static async Task StepAsync(ReferralService referrals, Actor clerk, int id, ReferralStep step)
    {
        var current = await referrals.GetAsync(clerk, id);
        var done = await referrals.ActAsync(clerk, id, current!.Version, step);
        Assert.True(done.Succeeded, $"{step.Action}: {done}");
    }

    /// <summary>A referral sent by fax on <paramref name="sentOn"/> (consent given the same day).</summary>
    public static async Task<int> SentAsync(ReferralService referrals, Actor clerk, int partnerId, WelfareNeed needs, DateOnly sentOn)
    {
        var id = await DraftAsync(referrals, clerk, partnerId, needs, sentOn);
        await StepAsync(referrals, clerk, id, new ReferralStep { Action = ReferralAction.Send, On = sentOn, Method = SendMethod.Fax });
        return id;
    }

    public static PartnerInput Partner(string name, WelfareNeed services) => new()
    {
        Name = name, ContactName = "窗口 測試員", Phone = "03-332-2101", Fax = "03-333-3941", Services = services,
    };

    public static string[] Cells(IElement row) => row.QuerySelectorAll("td, th").Select(c => c.TextContent.Trim()).ToArray();
}

/// <summary>The partner directory (/admin/partners) rendered with bUnit over a real domain with the demo partners.</summary>
public sealed class ReferralAdminPartnerPageTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private ReferralService _referrals = default!;
    private readonly Actor _admin = TestDomain.Admin("陳怡君");
    private Actor _lin = default!;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        _referrals = _domain.Get<ReferralService>();
        await DemoReferralData.SeedAsync(_domain.Db, _domain.Get<CalendarService>(), _referrals, _domain.People!);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        _lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value);
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private async Task<PartnerView> PartnerAsync(string name) => (await _referrals.GetPartnersAsync(includeInactive: true)).Single(p => p.Name == name);

    private static IElement PartnerRow(IRenderedComponent<PartnerAdmin> cut, string name) =>
        cut.FindAll("#partners-table tbody tr").Single(r => r.QuerySelector(".partner-name")?.TextContent.Trim() == name);

    [Fact]
    public async Task List_ShowsTheDemoPartnersAndACreatedOne_WithServicesAsChips_AndTheirReferralCounts()
    {
        var created = await _referrals.CreatePartnerAsync(_admin, ReferralAdminSupport.Partner("桃園市測試關懷協會", WelfareNeed.FamilySupport | WelfareNeed.Other));
        Assert.True(created.Succeeded, created.ToString());
        var view = await PartnerAsync("桃園市測試關懷協會");
        Assert.True((await _referrals.SetPartnerActiveAsync(_admin, view.Id, view.Version, active: false)).Succeeded);
        await ReferralAdminSupport.DraftAsync(_referrals, _lin, (await PartnerAsync(DemoReferralData.SocialAffairs)).Id, WelfareNeed.SocialAssistance, _domain.Today);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var socialId = (await PartnerAsync(DemoReferralData.SocialAffairs)).Id;
        var socialCount = await db.Referrals.CountAsync(r => r.PartnerId == socialId);
        await using var ctx = ReferralAdminSupport.Context(_domain, _admin);

        var cut = ctx.Render<PartnerAdmin>();

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("#partners-table tbody tr").Count));
        var social = PartnerRow(cut, DemoReferralData.SocialAffairs);
        Assert.Equal(["社會救助", "急難救助"], social.QuerySelectorAll(".mud-chip[data-need]").Select(c => c.TextContent.Trim()));
        Assert.Contains("社會救助科 吳社工員", social.TextContent);
        Assert.Contains("social-welfare.window@example.org", social.TextContent);
        Assert.Contains("使用中", social.TextContent);
        Assert.Equal(socialCount.ToString(System.Globalization.CultureInfo.InvariantCulture), social.QuerySelectorAll("td")[8].TextContent.Trim());
        Assert.Contains("傳真／郵寄", PartnerRow(cut, DemoReferralData.Labour).TextContent); // does not take e-mail
        var mine = PartnerRow(cut, "桃園市測試關懷協會");
        Assert.Equal(["家庭支持", "其他"], mine.QuerySelectorAll(".mud-chip[data-need]").Select(c => c.TextContent.Trim()));
        Assert.Contains("已停用", mine.TextContent);
        Assert.Equal("0", mine.QuerySelectorAll("td")[8].TextContent.Trim());
        Assert.NotNull(cut.Find($"#partner-toggle-{view.Id}[aria-label='恢復使用']"));
    }

    [Fact]
    public async Task New_WithoutContactName_ShowsTheChineseErrorOnTheField_ThenSavesWhenCorrected()
    {
        await using var ctx = ReferralAdminSupport.Context(_domain, _admin);
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<PartnerAdmin>();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("#partners-table tbody tr").Count));

        var opened = cut.Find("#partner-new").ClickAsync(new()); // completes when the dialog closes
        dialogs.WaitForElement("#partner-form");
        await dialogs.Find("#f-partner-name").ChangeAsync(new() { Value = "桃園市新住民家庭服務中心" });
        await dialogs.Find("#f-partner-fax").ChangeAsync(new() { Value = "03-332-5678" });
        var family = dialogs.FindComponents<MudCheckBox<bool>>().Single(c => c.Instance.Label == "家庭支持");
        await dialogs.InvokeAsync(() => family.Instance.ValueChanged.InvokeAsync(true));
        await dialogs.Find("#partner-form").SubmitAsync();

        dialogs.WaitForAssertion(() =>
        {
            var field = dialogs.Find("#f-partner-contact").Closest(".mud-input-control")!;
            Assert.Contains("請填寫聯絡窗口（承辦人姓名）。", field.TextContent);
            Assert.Contains("請修正下方標示的欄位後再儲存", dialogs.Find("#partner-form-error").TextContent);
        });
        Assert.DoesNotContain("請填寫合作單位名稱", dialogs.Find("#partner-form").TextContent);
        Assert.Empty(dialogs.FindAll("#f-partner-services-error"));
        Assert.DoesNotContain(await _referrals.GetPartnersAsync(includeInactive: true), p => p.Name == "桃園市新住民家庭服務中心");

        await dialogs.Find("#f-partner-contact").ChangeAsync(new() { Value = "家庭服務組 林社工" });
        await dialogs.Find("#partner-form").SubmitAsync();
        await opened;

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("#partners-table tbody tr").Count));
        var row = PartnerRow(cut, "桃園市新住民家庭服務中心");
        Assert.Contains("家庭服務組 林社工", row.TextContent);
        Assert.Equal(["家庭支持"], row.QuerySelectorAll(".mud-chip[data-need]").Select(c => c.TextContent.Trim()));
        var saved = await PartnerAsync("桃園市新住民家庭服務中心");
        Assert.Equal(WelfareNeed.FamilySupport, saved.Services);
        Assert.True(saved.IsActive);
    }

    [Fact]
    public async Task Delete_APartnerInUse_ShowsTheServicesRefusal_AndThePartnerStays()
    {
        var social = await PartnerAsync(DemoReferralData.SocialAffairs);
        await ReferralAdminSupport.DraftAsync(_referrals, _lin, social.Id, WelfareNeed.SocialAssistance, _domain.Today);
        int used;
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            used = await db.Referrals.CountAsync(r => r.PartnerId == social.Id);
        }

        await using var ctx = ReferralAdminSupport.Context(_domain, _admin);
        ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<PartnerAdmin>();
        cut.WaitForElement($"#partner-delete-{social.Id}");

        await cut.Find($"#partner-delete-{social.Id}").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains($"{DemoReferralData.SocialAffairs}已有 {used} 件轉介紀錄，不能刪除；不再合作時請改為「停用」。", cut.Find("#partners-error").TextContent));
        Assert.Contains(DemoReferralData.SocialAffairs, PartnerRow(cut, DemoReferralData.SocialAffairs).TextContent);
        Assert.Equal(3, cut.FindAll("#partners-table tbody tr").Count);
        Assert.Contains(await _referrals.GetPartnersAsync(includeInactive: true), p => p.Id == social.Id);
    }

    [Fact]
    public async Task Delete_AnUnusedPartner_AsksFirst_ThenRemovesIt()
    {
        var id = (await _referrals.CreatePartnerAsync(_admin, ReferralAdminSupport.Partner("打錯字的單位", WelfareNeed.Employment))).Value;
        await using var ctx = ReferralAdminSupport.Context(_domain, _admin);
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<PartnerAdmin>();
        cut.WaitForElement($"#partner-delete-{id}");

        var deleting = cut.Find($"#partner-delete-{id}").ClickAsync(new()); // completes when the message box closes
        dialogs.WaitForAssertion(() => Assert.Contains("確定刪除「打錯字的單位」？", dialogs.Markup));
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "刪除").ClickAsync(new());
        await deleting;

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("#partners-table tbody tr").Count));
        Assert.Empty(cut.FindAll("#partners-error"));
        Assert.DoesNotContain(await _referrals.GetPartnersAsync(includeInactive: true), p => p.Id == id);
    }

    [Fact]
    public async Task Deactivate_AfterSomeoneElseChangedThePartner_ShowsTheConflict_AndChangesNothing()
    {
        var labour = await PartnerAsync(DemoReferralData.Labour);
        await using var ctx = ReferralAdminSupport.Context(_domain, _admin);
        var cut = ctx.Render<PartnerAdmin>();
        cut.WaitForElement($"#partner-toggle-{labour.Id}");
        var other = TestDomain.Admin("另一位管理員");
        var edited = await _referrals.UpdatePartnerAsync(other, labour.Id, labour.Version, ReferralAdminSupport.Partner(DemoReferralData.Labour, WelfareNeed.Employment) with { ContactName = "就業服務處 新窗口" });
        Assert.True(edited.Succeeded, edited.ToString());

        await cut.Find($"#partner-toggle-{labour.Id}").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("由 另一位管理員 修改", cut.Find("#partners-error").TextContent));
        var now = await PartnerAsync(DemoReferralData.Labour);
        Assert.True(now.IsActive);
        cut.WaitForAssertion(() => Assert.Contains("就業服務處 新窗口", PartnerRow(cut, DemoReferralData.Labour).TextContent)); // reloaded
    }

    [Fact]
    public async Task Deactivate_ThenReactivate_FromTheList()
    {
        var family = await PartnerAsync(DemoReferralData.FamilyHelper);
        await using var ctx = ReferralAdminSupport.Context(_domain, _admin);
        var cut = ctx.Render<PartnerAdmin>();
        cut.WaitForElement($"#partner-toggle-{family.Id}");

        await cut.Find($"#partner-toggle-{family.Id}").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("已停用", PartnerRow(cut, DemoReferralData.FamilyHelper).TextContent));
        Assert.False((await PartnerAsync(DemoReferralData.FamilyHelper)).IsActive);
        Assert.DoesNotContain(await _referrals.GetPartnersAsync(), p => p.Id == family.Id); // gone from the referral form's choices

        await cut.Find($"#partner-toggle-{family.Id}").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("使用中", PartnerRow(cut, DemoReferralData.FamilyHelper).TextContent));
        Assert.True((await PartnerAsync(DemoReferralData.FamilyHelper)).IsActive);
    }
}

/// <summary>The referral results (/reports/referrals) rendered with bUnit, over referrals made in the test through the service.</summary>
public sealed class ReferralAdminStatisticsPageTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private ReferralService _referrals = default!;
    private Actor _lin = default!;
    private Actor _wang = default!;
    private int _ackDaysSocial;

    private const string Social = "測試社會局";
    private const string Labour = "測試勞動局";

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        _referrals = _domain.Get<ReferralService>();
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
            var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
            _lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value);
            _wang = TestDomain.Supervisor(wang.Id, "王建國");
        }

        var admin = TestDomain.Admin("陳怡君");
        var social = (await _referrals.CreatePartnerAsync(admin, ReferralAdminSupport.Partner(Social, WelfareNeed.SocialAssistance | WelfareNeed.EmergencyRelief))).Value;
        var labour = (await _referrals.CreatePartnerAsync(admin, ReferralAdminSupport.Partner(Labour, WelfareNeed.Employment))).Value;
        var r = _referrals;

        // 115 (2026), today 11/25. Q1: 1, Q2: 2, Q3: 1, Q4: 2 — six in all.
        var q1 = await ReferralAdminSupport.SentAsync(r, _lin, social, WelfareNeed.SocialAssistance, new DateOnly(2026, 2, 10));
        await ReferralAdminSupport.StepAsync(r, _lin, q1, new ReferralStep { Action = ReferralAction.Acknowledge, On = new DateOnly(2026, 2, 12) });
        await ReferralAdminSupport.StepAsync(r, _lin, q1, new ReferralStep { Action = ReferralAction.StartService, On = new DateOnly(2026, 2, 16) });
        await ReferralAdminSupport.StepAsync(r, _lin, q1, new ReferralStep { Action = ReferralAction.Close, On = new DateOnly(2026, 3, 2), Outcome = ReferralOutcome.ServiceGiven });
        _ackDaysSocial = (await _domain.Get<CalendarService>().GetAsync()).CountWorkingDays(new DateOnly(2026, 2, 10), new DateOnly(2026, 2, 12));

        await ReferralAdminSupport.SentAsync(r, _lin, social, WelfareNeed.SocialAssistance | WelfareNeed.EmergencyRelief, new DateOnly(2026, 4, 15)); // still open
        var q2b = await ReferralAdminSupport.SentAsync(r, _lin, labour, WelfareNeed.Employment, new DateOnly(2026, 5, 20));
        await ReferralAdminSupport.StepAsync(r, _lin, q2b, new ReferralStep { Action = ReferralAction.Acknowledge, On = new DateOnly(2026, 6, 1) }); // after its 5-working-day deadline
        await ReferralAdminSupport.StepAsync(r, _lin, q2b, new ReferralStep { Action = ReferralAction.Close, On = new DateOnly(2026, 6, 10), Outcome = ReferralOutcome.NotEligible });

        var q3 = await ReferralAdminSupport.SentAsync(r, _lin, labour, WelfareNeed.Employment, new DateOnly(2026, 8, 4));
        await ReferralAdminSupport.StepAsync(r, _lin, q3, new ReferralStep { Action = ReferralAction.Reject, On = new DateOnly(2026, 8, 10), Note = "非本局服務對象" });

        var q4a = await ReferralAdminSupport.SentAsync(r, _lin, social, WelfareNeed.SocialAssistance, new DateOnly(2026, 11, 2));
        await ReferralAdminSupport.StepAsync(r, _lin, q4a, new ReferralStep { Action = ReferralAction.Withdraw, Note = "義務人撤回同意" });
        await ReferralAdminSupport.SentAsync(r, _lin, labour, WelfareNeed.Employment, new DateOnly(2026, 11, 20)); // still open

        await ReferralAdminSupport.DraftAsync(r, _lin, social, WelfareNeed.SocialAssistance, _domain.Today); // a draft is not yet a referral sent
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private static string[] Cells(IRenderedComponent<ReferralStatistics> cut, string table, string label) =>
        ReferralAdminSupport.Cells(cut.FindAll($"#{table} tbody tr").Single(r => r.QuerySelector("td, th")!.TextContent.Trim() == label));

    [Fact]
    public async Task Results_ShowTheQuarterCountsInTheSeedShape_ByPartner_ByNeed_AndOutcomes()
    {
        await using var ctx = ReferralAdminSupport.Context(_domain, _wang);

        var cut = ctx.Render<ReferralStatistics>();

        cut.WaitForElement("#referral-results");
        Assert.Equal(["年度/件數", "第一季", "第二季", "第三季", "第四季", "合計"], cut.FindAll("#referral-results thead th").Select(h => h.TextContent.Trim()));
        Assert.Equal(["115 年度", "1", "2", "1", "2", "6"], Cells(cut, "referral-results", "115 年度"));

        Assert.Equal(["合作單位", "第一季", "第二季", "第三季", "第四季", "合計", "平均收案工作天", "逾期收案"], cut.FindAll("#referral-partners thead th").Select(h => h.TextContent.Trim()));
        Assert.Equal([Social, "1", "1", "0", "1", "3", _ackDaysSocial.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), "0"], Cells(cut, "referral-partners", Social));
        var labour = Cells(cut, "referral-partners", Labour);
        Assert.Equal([Labour, "0", "1", "1", "1", "3"], labour[..6]);
        Assert.Equal("1", labour[7]); // acknowledged after the deadline
        Assert.Equal(["合計", "1", "2", "1", "2", "6"], Cells(cut, "referral-partners", "合計")[..6]);

        Assert.Equal(["社會救助", "1", "1", "0", "1", "3"], Cells(cut, "referral-needs", "社會救助"));
        Assert.Equal(["急難救助", "0", "1", "0", "0", "1"], Cells(cut, "referral-needs", "急難救助"));
        Assert.Equal(["就業服務", "0", "1", "1", "1", "3"], Cells(cut, "referral-needs", "就業服務"));
        Assert.Equal(["家庭支持", "0", "0", "0", "0", "0"], Cells(cut, "referral-needs", "家庭支持"));

        Assert.Equal(["服務提供", "1", "0", "0", "0", "1"], Cells(cut, "referral-outcomes", "服務提供"));
        Assert.Equal(["其他結案", "0", "1", "0", "0", "1"], Cells(cut, "referral-outcomes", "其他結案"));
        Assert.Equal(["退件", "0", "0", "1", "0", "1"], Cells(cut, "referral-outcomes", "退件"));
        Assert.Equal(["撤回", "0", "0", "0", "1", "1"], Cells(cut, "referral-outcomes", "撤回"));
        Assert.Equal(["處理中", "0", "1", "0", "1", "2"], Cells(cut, "referral-outcomes", "處理中"));
        Assert.NotNull(cut.Find("#referral-chart"));
        Assert.Equal("/reports/referrals/export?year=115&format=csv", cut.Find("#referral-export-csv").GetAttribute("href"));
    }

    [Fact]
    public async Task Freeze_IsOfferedForFinishedQuarters_AndShowsWhoFroze()
    {
        await using var ctx = ReferralAdminSupport.Context(_domain, _wang);
        var cut = ctx.Render<ReferralStatistics>();
        cut.WaitForElement("#referral-results");
        Assert.NotNull(cut.Find("#referral-freeze-q1"));
        Assert.NotNull(cut.Find("#referral-freeze-q3"));
        Assert.Empty(cut.FindAll("#referral-freeze-q4")); // 11/25: the fourth quarter is not over

        await cut.InvokeAsync(() => cut.Find("#referral-freeze-q1").ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Contains("已凍結", cut.Find("#referral-frozen-q1").TextContent));
        Assert.Contains("王建國", cut.Find("#referral-freeze").TextContent);
        Assert.Empty(cut.FindAll("#referral-freeze-q1"));
        Assert.NotNull(cut.Find("#referral-lock-q1"));
        Assert.Equal(["115 年度", "1", "2", "1", "2", "6"], Cells(cut, "referral-results", "115 年度"));
    }

    [Fact]
    public async Task PreviousYear_HasNoReferrals_AndAYearToComeIsBlank()
    {
        await using var ctx = ReferralAdminSupport.Context(_domain, _wang);
        var cut = ctx.Render<ReferralStatistics>();
        cut.WaitForElement("#referral-results");

        await cut.InvokeAsync(() => cut.Find("#referral-stats-prev").ClickAsync(new()));
        cut.WaitForAssertion(() => Assert.Equal(["114 年度", "0", "0", "0", "0", "0"], Cells(cut, "referral-results", "114 年度")));

        await cut.InvokeAsync(() => cut.Find("#referral-stats-next").ClickAsync(new()));
        await cut.InvokeAsync(() => cut.Find("#referral-stats-next").ClickAsync(new()));
        cut.WaitForAssertion(() => Assert.Equal(["116 年度", "", "", "", "", "0"], Cells(cut, "referral-results", "116 年度")));
    }

    [Fact]
    public async Task AClerk_GetsNoAccess_AndNoFigures()
    {
        await using var ctx = ReferralAdminSupport.Context(_domain, _lin);

        var cut = ctx.Render<ReferralStatistics>();

        cut.WaitForAssertion(() => Assert.Contains("沒有權限", cut.Markup));
        Assert.Empty(cut.FindAll("#referral-results"));
        Assert.DoesNotContain(Social, cut.Markup);
    }
}

/// <summary>The partner page and the results export over HTTP: who may open what, and the CSV's counts.</summary>
public sealed class ReferralAdminHttpTests(CaseDeskAppFactory factory) : IClassFixture<CaseDeskAppFactory>
{
    private async Task<HttpClient> SignedInAsync(string user)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await HttpSignIn.PostLoginAsync(client, user, DemoAccounts.Password);
        return client;
    }

    [Theory]
    [InlineData(DemoAccounts.Clerk, "/admin/partners", false)]
    [InlineData(DemoAccounts.Supervisor, "/admin/partners", false)]
    [InlineData(DemoAccounts.Admin, "/admin/partners", true)]
    [InlineData(DemoAccounts.Clerk, "/reports/referrals", false)]
    [InlineData(DemoAccounts.DutyOfficer, "/reports/referrals", false)]
    [InlineData(DemoAccounts.Supervisor, "/reports/referrals", true)]
    [InlineData(DemoAccounts.Admin, "/reports/referrals", true)] // ReferralAccess.CanSeeStatistics: supervisors and admins
    public async Task Pages_AreOpenOnlyToTheirRoles(string user, string path, bool allowed)
    {
        var client = await SignedInAsync(user);

        var response = await client.GetAsync(path);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery);
        }
    }

    [Fact]
    public async Task Export_GivesASupervisorTheCountsAsCsv_AndRefusesAClerk()
    {
        var supervisor = await SignedInAsync(DemoAccounts.Supervisor);
        var clerkClient = await SignedInAsync(DemoAccounts.Clerk);
        var today = TaipeiTime.Today(factory.Services.GetRequiredService<TimeProvider>());
        var year = RocDate.RocYear(today);
        var referrals = factory.Services.GetRequiredService<ReferralService>();
        var dbFactory = factory.Services.GetRequiredService<CaseDeskDbFactory>();
        await using (var db = await dbFactory.OpenReadOnlyAsync())
        {
            var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
            var clerk = new Actor("lin", "林雅婷", new HashSet<string> { Roles.Clerk }, lin.Id, lin.UnitId);
            var social = (await referrals.GetPartnersAsync()).Single(p => p.Name == DemoReferralData.SocialAffairs);
            await ReferralAdminSupport.SentAsync(referrals, clerk, social.Id, WelfareNeed.SocialAssistance, today); // at least one this year
        }

        List<DateOnly> sent;
        await using (var db = await dbFactory.OpenReadOnlyAsync())
        {
            var from = new DateOnly(year + RocDate.EraOffset, 1, 1);
            var to = from.AddYears(1);
            sent = await db.Referrals.Where(r => r.SentOn >= from && r.SentOn < to).Select(r => r.SentOn!.Value).ToListAsync();
        }

        var csv = await supervisor.GetAsync($"/reports/referrals/export?year={year}&format=csv");
        var clerk403 = await clerkClient.GetAsync($"/reports/referrals/export?year={year}&format=csv");
        var xlsx = await supervisor.GetAsync($"/reports/referrals/export?year={year}&format=xlsx");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = System.Text.Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("\uFEFF年度/件數,第一季,第二季,第三季,第四季,合計", text);
        var quarters = Enumerable.Range(1, 4).Select(q => ReferralTable.HasBegun(year, q, today) ? sent.Count(d => (d.Month - 1) / 3 + 1 == q).ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
        var expected = $"{year} 年度,{string.Join(",", quarters)},{sent.Count}";
        Assert.Contains(expected, text.Split(["\r\n", "\n"], StringSplitOptions.None));
        Assert.True(sent.Count >= 1);
        Assert.Contains("合作單位,第一季,第二季,第三季,第四季,合計,平均收案工作天,逾期收案", text);
        Assert.Contains(DemoReferralData.SocialAffairs, text);
        Assert.Contains("服務提供", text);

        Assert.Equal(HttpStatusCode.Forbidden, clerk403.StatusCode);
        Assert.DoesNotContain(DemoReferralData.SocialAffairs, await clerk403.Content.ReadAsStringAsync());

        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        using var workbook = new StreamReader(zip.GetEntry("xl/workbook.xml")!.Open());
        var sheets = await workbook.ReadToEndAsync();
        Assert.Contains("依合作單位", sheets);
        Assert.Contains("依需求", sheets);
        Assert.Contains("處理結果", sheets);
        Assert.Equal(4, zip.Entries.Count(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)));
        var text1 = "";
        foreach (var part in new[] { "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml" }.Select(zip.GetEntry).OfType<System.IO.Compression.ZipArchiveEntry>())
        {
            using var reader = new StreamReader(part.Open());
            text1 += await reader.ReadToEndAsync();
        }

        Assert.Contains($"{year} 年度", text1); // the seed table's row, on the first sheet (inline or shared strings)
    }
}
