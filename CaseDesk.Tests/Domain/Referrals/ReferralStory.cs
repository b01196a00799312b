using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Referrals;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Referrals;

/// <summary>
/// 林雅婷 (第5股) refers the story case's obligor 陳志明 to the city's welfare partners; "now" starts at Wednesday
/// 115/11/25 10:00 on the shipped 2026/2027 calendar. Three partners, made by the admin through the service:
/// the Social Affairs Bureau (every contact, takes e-mail), the Labour Bureau (no fax, has an address but does not take
/// e-mail) and the Family Helper centre (fax and post only).
/// </summary>
public abstract class ReferralStory : IAsyncLifetime
{
    public const string SocialEmail = "welfare-window@tycg.example";

    protected TestDomain Domain { get; private set; } = default!;

    protected ReferralService Referrals { get; private set; } = default!;

    protected Actor Lin { get; private set; } = default!;

    /// <summary>林雅婷's colleague in 第5股 (covers for her).</summary>
    protected Actor LinColleague { get; private set; } = default!;

    /// <summary>張淑芬, a clerk of 第3股.</summary>
    protected Actor Chang { get; private set; } = default!;

    /// <summary>王建國, over every unit.</summary>
    protected Actor Wang { get; private set; } = default!;

    protected Actor Admin { get; } = TestDomain.Admin();

    protected string LinUser { get; private set; } = "";

    protected int CaseId { get; private set; }

    /// <summary>桃園市政府社會局: social assistance and emergency relief; phone, fax, e-mail (accepted) and address.</summary>
    protected int SocialId { get; private set; }

    /// <summary>桃園市政府勞動及人力資源局: employment; phone, e-mail on file but not accepted for referrals, address, no fax.</summary>
    protected int LabourId { get; private set; }

    /// <summary>家扶基金會桃園家庭扶助中心: family support and emergency relief; phone, fax and address, no e-mail.</summary>
    protected int FamilyId { get; private set; }

    public Task InitializeAsync() => StartAsync(StartDay);

    public async Task DisposeAsync() => await Domain.DisposeAsync();

    /// <summary>The day the fake clock starts on (10:00 in Taipei, like <see cref="TestDomain.DefaultNow"/>); it only moves forward from there.</summary>
    protected virtual DateOnly StartDay => new(2026, 11, 25);

    /// <summary>The office again from scratch, on <paramref name="day"/> at 10:00 (for a test set before the default "now").</summary>
    protected async Task RestartOnAsync(DateOnly day)
    {
        await Domain.DisposeAsync();
        await StartAsync(day);
    }

    private async Task StartAsync(DateOnly day)
    {
        Domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5, now: new DateTimeOffset(day.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));
        Referrals = Domain.Get<ReferralService>();
        await using (var db = await Domain.Db.OpenReadOnlyAsync())
        {
            var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
            var colleague = await db.Staff.SingleAsync(s => s.UnitId == lin.UnitId && s.Id != lin.Id && s.Email != null && s.Email.EndsWith("b@casedesk.local"));
            var chang = await db.Staff.SingleAsync(s => s.Name == "張淑芬");
            var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
            Lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value, "林雅婷");
            LinColleague = TestDomain.Clerk(colleague.Id, colleague.UnitId!.Value, colleague.Name);
            Chang = TestDomain.Clerk(chang.Id, chang.UnitId!.Value, "張淑芬");
            Wang = TestDomain.Supervisor(wang.Id, "王建國");
            CaseId = await db.Cases.Where(c => c.CaseNumber == DemoData.StoryCaseNumber).Select(c => c.Id).SingleAsync();
            LinUser = await Domain.AddUserAsync("lin", lin.Id, Roles.Clerk, "lin@casedesk.local");
        }

        SocialId = await PartnerAsync(new PartnerInput
        {
            Name = "桃園市政府社會局", ContactName = "社會救助科 吳社工員", Phone = "03-3322101", Fax = "03-3333941", Email = SocialEmail,
            Address = "330 桃園市桃園區縣府路 1 號", Services = WelfareNeed.SocialAssistance | WelfareNeed.EmergencyRelief, AcceptsEmail = true,
        });
        LabourId = await PartnerAsync(new PartnerInput
        {
            Name = "桃園市政府勞動及人力資源局", ContactName = "就業服務處 蔡就業服務員", Phone = "03-3338488", Email = "jobs@tycg.example",
            Address = "330 桃園市桃園區縣府路 1 號 8 樓", Services = WelfareNeed.Employment, AcceptsEmail = false,
        });
        FamilyId = await PartnerAsync(new PartnerInput
        {
            Name = "家扶基金會桃園家庭扶助中心", ContactName = "社工組 鄭督導", Phone = "03-3321234", Fax = "03-3356789",
            Address = "330 桃園市桃園區民生路 100 號", Services = WelfareNeed.FamilySupport | WelfareNeed.EmergencyRelief,
        });
    }

    protected async Task<int> PartnerAsync(PartnerInput input)
    {
        var created = await Referrals.CreatePartnerAsync(Admin, input);
        Assert.True(created.Succeeded, created.ToString());
        return created.Value;
    }

    /// <summary>Taipei 10:00 on <paramref name="day"/>.</summary>
    protected void SetToday(DateOnly day) => Domain.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));

    /// <summary>The referral form for the story case, prefilled from the case, with the obligor's signed consent (today unless given).</summary>
    protected async Task<ReferralInput> FormAsync(int? partnerId = null, WelfareNeed needs = WelfareNeed.SocialAssistance, bool consent = true, DateOnly? consentOn = null)
    {
        var prefill = await Referrals.PrefillFromCaseAsync(Lin, CaseId);
        Assert.True(prefill.Succeeded, prefill.ToString());
        return prefill.Value with
        {
            PartnerId = partnerId ?? SocialId,
            Needs = needs,
            Situation = "失業三個月，獨力扶養兩名子女，無力繳納健保欠費。",
            HouseholdSize = 3,
            Dependents = 2,
            MonthlyIncome = 12_000,
            IncomeStatus = IncomeStatus.NotRegistered,
            ConsentGiven = consent,
            Consent = consent ? new ConsentInput(consentOn ?? Domain.Today, ConsentMethod.Signed, "林雅婷") : null,
        };
    }

    /// <summary>A walk-in obligor without a case here (the desk's 第5股 clerk refers them).</summary>
    protected static ReferralInput WalkIn(int partnerId, WelfareNeed needs, DateOnly consentOn, string name = "王小明") => new()
    {
        ObligorName = name,
        PartnerId = partnerId,
        Needs = needs,
        Situation = "至服務台詢問，表示近期失業、生活困難。",
        ConsentGiven = true,
        Consent = new ConsentInput(consentOn, ConsentMethod.OralRecorded, "林雅婷"),
    };

    protected async Task<int> DraftAsync(ReferralInput? input = null, Actor? actor = null)
    {
        var created = await Referrals.CreateAsync(actor ?? Lin, input ?? await FormAsync());
        Assert.True(created.Succeeded, created.ToString());
        return created.Value;
    }

    /// <summary>A referral sent on <paramref name="on"/> (today by default), by post unless told.</summary>
    protected async Task<int> SentAsync(DateOnly? on = null, SendMethod method = SendMethod.Post, ReferralInput? input = null)
    {
        var id = await DraftAsync(input ?? await FormAsync(consentOn: on));
        await StepAsync(id, Send(method, on));
        return id;
    }

    /// <summary>A referral moved to <paramref name="state"/> today (a withdrawn one is withdrawn after sending).</summary>
    protected async Task<int> InStateAsync(ReferralState state)
    {
        var id = await DraftAsync();
        if (state == ReferralState.Draft)
        {
            return id;
        }

        if (state == ReferralState.Withdrawn)
        {
            await StepAsync(id, Send());
            await StepAsync(id, Withdraw());
            return id;
        }

        await StepAsync(id, Send());
        if (state == ReferralState.Rejected)
        {
            await StepAsync(id, Reject());
            return id;
        }

        if (state == ReferralState.Sent)
        {
            return id;
        }

        await StepAsync(id, Acknowledge());
        if (state == ReferralState.Acknowledged)
        {
            return id;
        }

        await StepAsync(id, Start());
        if (state == ReferralState.InService)
        {
            return id;
        }

        await StepAsync(id, Close());
        return id;
    }

    protected async Task<ReferralDetail> DetailAsync(int id)
    {
        var detail = await Referrals.GetAsync(Wang, id);
        Assert.NotNull(detail);
        return detail;
    }

    /// <summary>One step with the version the clerk sees now.</summary>
    protected async Task<Result> ActAsync(int id, ReferralStep step, Actor? actor = null) =>
        await Referrals.ActAsync(actor ?? Lin, id, (await DetailAsync(id)).Version, step);

    protected async Task StepAsync(int id, ReferralStep step, Actor? actor = null)
    {
        var done = await ActAsync(id, step, actor);
        Assert.True(done.Succeeded, $"{step.Action}: {done}");
    }

    protected async Task<List<AuditEntry>> AuditAsync(int id)
    {
        await using var db = await Domain.Db.OpenReadOnlyAsync();
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await db.AuditEntries.Where(a => a.EntityType == nameof(Referral) && a.EntityId == key).OrderBy(a => a.Id).ToListAsync();
    }

    protected static ReferralStep Send(SendMethod method = SendMethod.Post, DateOnly? on = null) => new() { Action = ReferralAction.Send, Method = method, On = on };

    protected static ReferralStep Acknowledge(DateOnly? on = null, string? reference = "TY115-1001") => new() { Action = ReferralAction.Acknowledge, On = on, PartnerReference = reference };

    protected static ReferralStep Start(DateOnly? on = null) => new() { Action = ReferralAction.StartService, On = on, Note = "社工已完成訪視" };

    protected static ReferralStep Close(DateOnly? on = null, ReferralOutcome? outcome = ReferralOutcome.ServiceGiven, string? note = null) =>
        new() { Action = ReferralAction.Close, On = on, Outcome = outcome, Note = note };

    protected static ReferralStep Reject(DateOnly? on = null, string reason = "非本局服務對象，請改轉介勞動局") => new() { Action = ReferralAction.Reject, On = on, Note = reason };

    protected static ReferralStep Withdraw(string reason = "義務人撤回同意", DateOnly? on = null) => new() { Action = ReferralAction.Withdraw, Note = reason, On = on };

    protected static ReferralStep Reopen(string reason = "誤登，恢復原狀") => new() { Action = ReferralAction.Reopen, Note = reason };

    protected static ReferralStep FollowUp(DateOnly? next, string note = "電話詢問社工，已安排訪視") => new() { Action = ReferralAction.FollowUp, Note = note, NextFollowUpOn = next };

    protected static ReferralStep Consent(DateOnly? on, ConsentMethod method = ConsentMethod.OralRecorded, string by = "林雅婷") =>
        new() { Action = ReferralAction.RecordConsent, On = on, ConsentMethod = method, ConsentRecordedBy = by };
}
