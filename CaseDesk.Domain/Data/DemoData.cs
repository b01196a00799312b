using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Petitions;
using CaseDesk.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Data;

/// <summary>The people the demo sign-ins belong to (the week at the branch in STORIES.md).</summary>
public sealed record DemoPeople(int ClerkLin, int ClerkChang, int SupervisorWang, int DutyHuang, int AdminChen);

/// <summary>
/// Development demo data: staff for every unit and role, and a few hundred cases with plausible names and
/// valid identity numbers. Deterministic, so screenshots and tests see the same office every time.
/// </summary>
public static class DemoData
{
    public const string StoryCaseNumber = "115年度健保執字第00012345號";

    private const string Surnames = "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高";
    private const string GivenChars = "志明雅婷淑芬家豪俊傑怡君建宏美玲宗翰佳穎冠宇心怡承恩詩涵柏翰欣怡文雄秀英國華麗華金龍玉梅";
    private static readonly string[] CompanyWords = ["永豐", "大成", "宏達", "新光", "長興", "順發", "全盛", "金泰", "富國", "聯合", "安信", "東昇"];
    private static readonly string[] CompanyKinds = ["實業有限公司", "企業股份有限公司", "工程行", "商行", "國際貿易有限公司"];
    private static readonly string[] Streets = ["中正路", "中山路", "復興路", "民生路", "經國路", "春日路", "中華路", "延平路", "介壽路", "環北路"];
    private static readonly string[] Districts = ["桃園區", "中壢區", "平鎮區", "八德區", "楊梅區", "蘆竹區", "龜山區", "大園區"];
    private static readonly string[] DeferralReasons = ["義務人申請分期繳納，審核期間暫緩", "轉介社會局評估期間暫緩執行", "義務人住院治療，暫緩三個月", "移送機關函請暫緩執行"];

    public static async Task<DemoPeople> SeedAsync(CaseDeskDbFactory dbFactory, int caseCount, bool withPetitions = true, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(Actor.System, ct);
        if (await db.Staff.AnyAsync(ct))
        {
            return await FindPeopleAsync(db, ct);
        }

        db.AuditInserts = false;
        var random = new Random(2026);
        var units = await db.Units.OrderBy(u => u.Number).ToListAsync(ct);
        var sections = await db.Sections.ToDictionaryAsync(s => s.Name, ct);
        var agencies = await db.Agencies.ToListAsync(ct);

        var clerks = new List<StaffMember>();
        foreach (var unit in units)
        {
            var first = unit.Number switch { 5 => "林雅婷", 3 => "張淑芬", _ => PersonName(random) };
            clerks.Add(StaffMember.Create(first, StaffTitle.Clerk, unit.Id, email: $"clerk{unit.Number}a@casedesk.local"));
            clerks.Add(StaffMember.Create(PersonName(random), StaffTitle.Clerk, unit.Id, email: $"clerk{unit.Number}b@casedesk.local"));
            var executor = PersonName(random);
            db.Staff.Add(StaffMember.Create(unit.Number == 5 ? "李明哲" : executor, StaffTitle.Executor, unit.Id));
            db.Staff.Add(StaffMember.Create(PersonName(random), StaffTitle.EnforcementOfficer, unit.Id));
        }

        db.Staff.AddRange(clerks);
        var wang = StaffMember.Create("王建國", StaffTitle.ChiefOfficer, email: "wang@casedesk.local");
        var huang = StaffMember.Create("黃志偉", StaffTitle.DutyOfficer, phone: "03-3331234");
        var chen = StaffMember.Create("陳怡君", StaffTitle.Administrator, sectionId: sections["統計室"].Id, email: "admin@casedesk.local");
        db.Staff.AddRange(wang, huang, chen, StaffMember.Create("周文雄", StaffTitle.Director), StaffMember.Create("吳宗翰", StaffTitle.DutyOfficer));
        await db.SaveChangesAsync(ct);

        var today = TaipeiTime.Today(dbFactory.Clock);
        var health = agencies.First(a => a.Kind == AgencyKind.HealthInsurance);
        var lin = clerks[units.FindIndex(u => u.Number == 5) * 2];
        db.Cases.Add(EnforcementCase.Create(new ValidCaseInput(
            CaseNumber.Parse(StoryCaseNumber).Value, ObligorKind.Person, "陳志明", NationalId(random, 'H', male: true), "0912345678",
            "桃園市桃園區中正路100號5樓", health.Id, 86_400, WeekdayOnOrBefore(today.AddDays(-60)), lin.UnitId!.Value, lin.Id, CaseStatus.InEnforcement, null)));

        var usedNumbers = new HashSet<string> { StoryCaseNumber };
        for (var i = 0; i < caseCount - 1; i++)
        {
            var agency = agencies[random.Next(agencies.Count)];
            var clerk = clerks[random.Next(clerks.Count)];
            var referred = WeekdayOnOrBefore(today.AddDays(-random.Next(0, 700)));
            var rocYear = RocDate.RocYear(referred);
            var number = new CaseNumber(rocYear, agency.CaseWord, random.Next(1, 99_999));
            if (!usedNumbers.Add(number.Value))
            {
                continue;
            }

            var company = random.NextDouble() < 0.15;
            var status = random.NextDouble() switch { < 0.70 => CaseStatus.InEnforcement, < 0.82 => CaseStatus.InstallmentPlan, < 0.88 => CaseStatus.Deferred, _ => CaseStatus.Closed };
            var enforcementCase = EnforcementCase.Create(new ValidCaseInput(
                number,
                company ? ObligorKind.Company : ObligorKind.Person,
                company ? CompanyWords[random.Next(CompanyWords.Length)] + CompanyKinds[random.Next(CompanyKinds.Length)] : PersonName(random),
                company ? BusinessNo(random) : NationalId(random, (char)('A' + random.Next(26)), random.Next(2) == 0),
                random.NextDouble() < 0.7 ? $"09{random.Next(10_000_000, 99_999_999)}" : null,
                $"桃園市{Districts[random.Next(Districts.Length)]}{Streets[random.Next(Streets.Length)]}{random.Next(1, 400)}號",
                agency.Id,
                Amount(random, agency.Kind),
                referred,
                clerk.UnitId!.Value,
                clerk.Id,
                status == CaseStatus.Deferred ? CaseStatus.InEnforcement : status,
                null));
            if (status == CaseStatus.Deferred)
            {
                // As the 暫緩執行 action leaves it: an end date within 6 months and the reason.
                enforcementCase.Defer(today.AddDays(random.Next(7, 170)), DeferralReasons[random.Next(DeferralReasons.Length)]);
            }

            db.Cases.Add(enforcementCase);
        }

        db.AddAudit("DemoData", "seed", Auditing.AuditActions.Imported, $"建立示範資料：人員與 {caseCount} 件執行案件");
        await db.SaveChangesAsync(ct);
        if (withPetitions)
        {
            await SeedPetitionsAsync(db, random, clerks, wang, lin, clerks[units.FindIndex(u => u.Number == 3) * 2], ct);
        }
        return new DemoPeople(lin.Id, clerks[units.FindIndex(u => u.Number == 3) * 2].Id, wang.Id, huang.Id, chen.Id);
    }

    /// <summary>
    /// Petitions in every state: this week's due items for 林書記官 and 張書記官 (the week in STORIES.md),
    /// overdue ones with and without an interim contact, an extension, and replied ones in earlier quarters.
    /// </summary>
    private static async Task SeedPetitionsAsync(CaseDeskDbContext db, Random random, List<StaffMember> clerks, StaffMember wang, StaffMember lin, StaffMember chang, CancellationToken ct)
    {
        var policy = new Petitions.PetitionPolicyOptions();
        var calendar = new Calendar.WorkingCalendar(Calendar.OfficeCalendarSeed.Days());
        var today = TaipeiTime.Today(db.Clock);
        string[] subjects = ["薪資遭重複扣押", "詢問分期繳納要件", "對扣押存款有異議", "查詢案件進度", "建議增設夜間繳款窗口", "反映執行人員態度", "申請退還溢繳款項", "詢問車輛查封解除"];
        var rocYear = RocDate.RocYear(today);
        var sequence = 0;

        Petitions.Petition Add(int daysAgo, StaffMember handler, Petitions.PetitionCategory category, string subject, Petitions.PetitionChannel channel = Petitions.PetitionChannel.PublicOpinionMailbox)
        {
            var received = calendar.WorkingDayOnOrAfter(today.AddDays(-daysAgo));
            if (received > today)
            {
                received = today;
            }

            var input = new Petitions.ValidPetitionInput(channel, PersonName(random), $"09{random.Next(10_000_000, 99_999_999)}", null, null,
                null, null, null, null, null, null, null, category, subject, $"陳情人表示：{subject}，請分署協助處理。", handler.UnitId, null, handler.Id);
            var deadline = Petitions.PetitionDeadline.Compute(received, policy.DeadlineDays, policy, calendar);
            sequence++;
            var p = Petitions.Petition.Register(input, $"{RocDate.RocYear(received)}陳{sequence:00000}", RocDate.RocYear(received), sequence, TaipeiTime.ToUtc(received, new TimeOnly(9, 30)), deadline, handler.Id);
            db.Petitions.Add(p);
            return p;
        }

        void Reply(Petitions.Petition p, int lateDays = 0)
        {
            p.SubmitForSignOff("經查明後函復陳情人處理情形。", p.HandlerId!.Value, db.Clock.GetUtcNow().UtcDateTime);
            p.Approve(wang.Name, wang.Id, TaipeiTime.ToUtc(p.ReceivedOn, new TimeOnly(15, 0)));
            p.MarkReplied(calendar.AddWorkingDays(p.DueOn, lateDays) > today ? today : calendar.AddWorkingDays(p.DueOn, lateDays), Petitions.ReplyMethod.Letter, $"桃執法字第{rocYear}{random.Next(1000000, 9999999)}號");
        }

        // This week's work.
        Add(2, lin, Petitions.PetitionCategory.RightsProtection, "薪資遭重複扣押");
        Add(4, lin, Petitions.PetitionCategory.LegalInquiry, "詢問分期繳納要件", Petitions.PetitionChannel.Phone);
        Add(5, lin, Petitions.PetitionCategory.RightsProtection, "對扣押存款有異議", Petitions.PetitionChannel.LetterOrFax);
        var contacted = Add(12, chang, Petitions.PetitionCategory.RightsProtection, "薪資遭重複扣押");
        var calledAt = TaipeiTime.ToUtc(contacted.DueOn, new TimeOnly(10, 0));
        contacted.LogInterimContact(InterimContact.Create(calledAt, "電話", "陳情人本人", "說明已函詢銀行，待回覆後函復。", chang.Name, calledAt));
        Add(14, lin, Petitions.PetitionCategory.MisconductReport, "反映執行人員態度", Petitions.PetitionChannel.IntegrityMailbox);
        var extended = Add(6, chang, Petitions.PetitionCategory.RightsProtection, "申請退還溢繳款項");
        extended.Extend(PetitionExtension.Create(policy.SectionChiefExtensionDays, "需函詢移送機關確認溢繳金額", wang.Name, false, null, null, db.Clock.GetUtcNow().UtcDateTime),
            policy, calendar, extended.ReceivedOn);

        // Earlier in the year, for the statistics and the on-time chart.
        foreach (var daysAgo in new[] { 20, 27, 34, 41, 48, 62, 75, 90, 120, 150, 200, 240, 280, 300 })
        {
            if (today.AddDays(-daysAgo).Year != today.Year)
            {
                continue;
            }

            var handler = clerks[random.Next(clerks.Count)];
            var p = Add(daysAgo, handler, (Petitions.PetitionCategory)random.Next(4), subjects[random.Next(subjects.Length)]);
            Reply(p, lateDays: random.NextDouble() < 0.15 ? 1 : 0);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>A valid national ID (身分證統一編號) for the demo.</summary>
    public static string NationalId(Random random, char letter, bool male)
    {
        var body = (male ? "1" : "2") + random.Next(0, 10_000_000).ToString("0000000", System.Globalization.CultureInfo.InvariantCulture);
        for (var check = 0; check <= 9; check++)
        {
            var candidate = $"{letter}{body}{check}";
            if (TaiwanId.IsValid(candidate))
            {
                return candidate;
            }
        }

        throw new DomainException("No check digit found.");
    }

    /// <summary>A valid business number (統一編號) for the demo.</summary>
    public static string BusinessNo(Random random)
    {
        while (true)
        {
            var body = random.Next(0, 10_000_000).ToString("0000000", System.Globalization.CultureInfo.InvariantCulture);
            for (var last = 0; last <= 9; last++)
            {
                if (BusinessNumber.IsValid(body + last))
                {
                    return body + last;
                }
            }
        }
    }

    /// <summary>Agencies refer cases on working days.</summary>
    private static DateOnly WeekdayOnOrBefore(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(-1),
        DayOfWeek.Sunday => date.AddDays(-2),
        _ => date,
    };

    private static string PersonName(Random random) =>
        $"{Surnames[random.Next(Surnames.Length)]}{GivenChars[random.Next(GivenChars.Length)]}{GivenChars[random.Next(GivenChars.Length)]}";

    private static long Amount(Random random, AgencyKind kind)
    {
        var (min, max) = kind switch
        {
            AgencyKind.MotorVehicles => (1_200, 60_000),
            AgencyKind.HealthInsurance or AgencyKind.LaborInsurance => (3_000, 400_000),
            _ => (5_000, 12_000_000),
        };
        var value = Math.Exp(random.NextDouble() * (Math.Log(max) - Math.Log(min)) + Math.Log(min));
        return (long)Math.Round(value / 100) * 100;
    }

    private static async Task<DemoPeople> FindPeopleAsync(CaseDeskDbContext db, CancellationToken ct)
    {
        async Task<int> Find(string name) => await db.Staff.Where(s => s.Name == name).Select(s => s.Id).FirstAsync(ct);
        return new DemoPeople(await Find("林雅婷"), await Find("張淑芬"), await Find("王建國"), await Find("黃志偉"), await Find("陳怡君"));
    }
}
