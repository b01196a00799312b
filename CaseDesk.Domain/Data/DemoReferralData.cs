using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Data;

/// <summary>
/// Demo welfare partners (the city's Social Affairs Bureau, Labour and Human Resources Bureau, the Family
/// Helper centre) and a year of 林雅婷's referrals round the loop, made through the real services.
/// </summary>
public static class DemoReferralData
{
    public const string SocialAffairs = "桃園市政府社會局";
    public const string Labour = "桃園市政府勞動及人力資源局";
    public const string FamilyHelper = "家扶基金會桃園家庭扶助中心";

    public static async Task SeedAsync(CaseDeskDbFactory dbFactory, Calendar.CalendarService calendars, ReferralService referrals, DemoPeople people, CancellationToken ct = default)
    {
        if ((await referrals.GetPartnersAsync(includeInactive: true, ct)).Count > 0)
        {
            return;
        }

        var admin = new Actor("demo-seed-admin", "陳怡君", new HashSet<string> { Roles.Admin }, people.AdminChen);
        int Partner(Result<int> created) => created.Succeeded ? created.Value : throw new DomainException("Demo partner: " + created);
        var social = Partner(await referrals.CreatePartnerAsync(admin, new PartnerInput
        {
            Name = SocialAffairs, ContactName = "社會救助科 吳社工員", Phone = "03-332-2101 分機 6301", Fax = "03-333-3941", Email = "social-welfare.window@example.org",
            Address = "330 桃園市桃園區縣府路 1 號", Services = WelfareNeed.SocialAssistance | WelfareNeed.EmergencyRelief, AcceptsEmail = true,
        }, ct));
        var labour = Partner(await referrals.CreatePartnerAsync(admin, new PartnerInput
        {
            Name = Labour, ContactName = "就業服務處 蔡就業服務員", Phone = "03-333-8488", Fax = "03-333-8490", Address = "330 桃園市桃園區縣府路 1 號 8 樓",
            Services = WelfareNeed.Employment, AcceptsEmail = false,
        }, ct));
        var family = Partner(await referrals.CreatePartnerAsync(admin, new PartnerInput
        {
            Name = FamilyHelper, ContactName = "社工組 鄭督導", Phone = "03-332-1234", Fax = "03-335-6789", Email = "family-helper.window@example.org",
            Address = "330 桃園市桃園區民生路 100 號", Services = WelfareNeed.FamilySupport | WelfareNeed.EmergencyRelief, AcceptsEmail = true,
        }, ct));

        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var unit = await db.Staff.Where(s => s.Id == people.ClerkLin).Select(s => s.UnitId).SingleAsync(ct);
        var clerk = new Actor("demo-seed-clerk", "林雅婷", new HashSet<string> { Roles.Clerk }, people.ClerkLin, unit);
        var cases = await db.Cases.Where(c => c.UnitId == unit && c.CaseNumber != DemoData.StoryCaseNumber && c.ObligorKind == Cases.ObligorKind.Person)
            .OrderBy(c => c.Id).Select(c => c.CaseNumber).Take(12).ToListAsync(ct);
        var calendar = await calendars.GetAsync(ct);
        var today = TaipeiTime.Today(dbFactory.Clock);

        // (days ago sent, partner, needs, working days to acknowledge or null, outcome or null = still open)
        var plan = new (int DaysAgo, int Partner, WelfareNeed Needs, int? AckAfter, ReferralOutcome? Outcome, string Situation)[]
        {
            (290, labour, WelfareNeed.Employment, 3, ReferralOutcome.ServiceGiven, "失業半年，有意願就業，希望媒合工作以分期清償健保欠費。"),
            (270, social, WelfareNeed.SocialAssistance, 4, ReferralOutcome.ServiceGiven, "獨居長者，僅領老農津貼，房屋漏水無力修繕。"),
            (240, family, WelfareNeed.FamilySupport, 6, ReferralOutcome.ServiceGiven, "單親扶養三名子女，近期配偶過世，生活陷入困難。"),
            (200, labour, WelfareNeed.Employment, 2, ReferralOutcome.DeclinedByObligor, "工廠歇業失業，希望職業訓練。"),
            (180, social, WelfareNeed.SocialAssistance | WelfareNeed.EmergencyRelief, 5, ReferralOutcome.NotEligible, "罹病住院，家中無其他收入。"),
            (150, family, WelfareNeed.FamilySupport, 3, ReferralOutcome.ServiceGiven, "隔代教養兩名孫子女，經濟困難。"),
            (120, labour, WelfareNeed.Employment, 4, ReferralOutcome.ServiceGiven, "中高齡失業，領取失業給付即將屆滿。"),
            (90, social, WelfareNeed.EmergencyRelief, 7, null, "車禍受傷無法工作，急需生活費用。"),
            (60, labour, WelfareNeed.Employment, 3, null, "二度就業婦女，需要就業媒合與托育資訊。"),
            (9, social, WelfareNeed.SocialAssistance, null, null, "身心障礙者，獨居無收入，申請中低收入戶資格中。"),
        };
        string[] walkIns = ["許文雄", "蔡美玲", "鄭國華", "謝淑惠", "洪志強", "郭麗華", "曾建宏", "廖秀琴", "賴明德", "周佩君"];
        for (var i = 0; i < plan.Length; i++)
        {
            var p = plan[i];
            var sent = calendar.WorkingDayOnOrAfter(today.AddDays(-p.DaysAgo));
            if (sent > today)
            {
                continue;
            }

            // Obligors of the unit's cases, then people who walked in without a case here.
            var start = i < cases.Count
                ? (await referrals.PrefillFromCaseAsync(clerk, await CaseIdAsync(db, cases[i], ct), ct)).Value
                : new ReferralInput { ObligorName = walkIns[i % walkIns.Length], ObligorPhone = $"0933-{100 + i:000}-{200 + i:000}", ObligorAddress = "桃園市桃園區民族路 50 號" };
            var id = await referrals.CreateAsync(clerk, start with
            {
                PartnerId = p.Partner, Needs = p.Needs, Situation = p.Situation, HouseholdSize = 2 + (i % 4), Dependents = Math.Min(i % 3, 1 + (i % 4)),
                MonthlyIncome = 8_000 + (i * 3_500), IncomeStatus = i % 3 == 0 ? IncomeStatus.MiddleLowIncome : IncomeStatus.NotRegistered,
                ConsentGiven = true, Consent = new ConsentInput(sent, i % 2 == 0 ? ConsentMethod.Signed : ConsentMethod.OralRecorded, "林雅婷"),
            }, ct);
            if (!id.Succeeded)
            {
                throw new DomainException("Demo referral: " + id);
            }

            async Task Step(ReferralStep step)
            {
                var current = await referrals.GetAsync(clerk, id.Value, ct);
                var done = await referrals.ActAsync(clerk, id.Value, current!.Version, step, ct);
                if (!done.Succeeded)
                {
                    throw new DomainException($"Demo referral step {step.Action}: {done}");
                }
            }

            await Step(new ReferralStep { Action = ReferralAction.Send, On = sent, Method = p.Partner == labour ? SendMethod.Fax : SendMethod.Email });
            if (p.AckAfter is { } after && calendar.AddWorkingDays(sent, after) is var ackOn && ackOn <= today)
            {
                await Step(new ReferralStep { Action = ReferralAction.Acknowledge, On = ackOn, PartnerReference = $"TY{RocDate.RocYear(ackOn)}-{1000 + (i * 37)}" });
                if (p.Outcome is { } outcome && calendar.AddWorkingDays(ackOn, 15) is var closeOn && closeOn <= today)
                {
                    if (outcome == ReferralOutcome.ServiceGiven)
                    {
                        await Step(new ReferralStep { Action = ReferralAction.StartService, On = calendar.AddWorkingDays(ackOn, 3) });
                    }

                    await Step(new ReferralStep { Action = ReferralAction.Close, On = closeOn, Outcome = outcome, Note = outcome == ReferralOutcome.ServiceGiven ? "合作單位回覆已提供服務。" : null });
                }
            }
        }
    }

    private static Task<int> CaseIdAsync(CaseDeskDbContext db, string number, CancellationToken ct) =>
        db.Cases.Where(c => c.CaseNumber == number).Select(c => c.Id).SingleAsync(ct);
}
