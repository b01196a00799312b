using System.Reflection;
using System.Text.RegularExpressions;
using CaseDesk.Domain.Calls;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Installments;
using CaseDesk.Domain.Petitions;
using CaseDesk.Domain.Referrals;
using CaseDesk.Domain.ServiceQuality;
using CaseDesk.Tests.Domain.Cases;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Hostile;

/// <summary>What a hostile (or careless) user types, per area.</summary>
public static class HostilePayloads
{
    /// <summary>Markup and template payloads: stored exactly as typed, shown as text (Blazor encodes; the browser tests look).</summary>
    public static readonly string[] Markup =
    [
        "<script>alert('xss')</script>",
        "<img src=x onerror=alert(1)>",
        "\"><svg onload=alert(document.cookie)>",
        "javascript:alert(1)",
        "{{constructor.constructor('alert(1)')()}}",
        "@(System.IO.File.ReadAllText(\"/etc/passwd\"))",
    ];

    /// <summary>SQL-looking search text: an ordinary search that finds nothing, never an error, never damage.</summary>
    public static readonly string[] SqlLike =
    [
        "' OR '1'='1",
        "'; DROP TABLE \"Cases\"; --",
        "\" OR \"\"=\"",
        "1; SELECT * FROM \"AspNetUsers\"",
        "%",
        "_",
        "\\",
        "陳' UNION SELECT \"PasswordHash\" FROM \"AspNetUsers\" --",
    ];

    /// <summary>Far beyond every limit CaseDesk states (the longest text field, a petition's content, takes 4,000).</summary>
    public static readonly string OverLong = new('長', 20_000);
}

/// <summary>One hostile case: the area it belongs to, a name for the test list, and what it tries.</summary>
public sealed record HostileCase(string Area, string Name, Func<HostileOffice, Task> Run)
{
    public override string ToString() => $"{Area}: {Name}";
}

/// <summary>
/// The hostile-input suite over the domain services, the place where the rules live (the pages call the same
/// methods): for every area, every text field of its form refused when over-long, markup kept as plain text,
/// SQL-looking searches harmless, malformed IDs, dates, amounts and phone numbers refused with a clear Chinese
/// message, and nothing saved by a refused attempt. Approvals by the wrong person and other units' records are in
/// <see cref="HostileAccessCases"/>. The README states how many cases each area tries; a test keeps it true.
/// </summary>
public sealed class HostileInputTests(HostileOffice office) : IClassFixture<HostileOffice>
{
    public static TheoryData<string> Names() => new(HostileCatalog.All.Select(c => c.ToString()));

    [Theory]
    [MemberData(nameof(Names))]
    public async Task IsRefusedOrHarmless(string name) => await HostileCatalog.All.Single(c => c.ToString() == name).Run(office);

    [Fact]
    public void Readme_StatesHowManyCasesEachAreaTries()
    {
        var readme = File.ReadAllText(RepoFile("README.md"));
        foreach (var area in HostileCatalog.All.GroupBy(c => c.Area))
        {
            var row = Regex.Match(readme, $@"^\|\s*{Regex.Escape(area.Key)}\s*\|\s*(\d+)\s*\|", RegexOptions.Multiline);
            Assert.True(row.Success, $"README.md has no row '| {area.Key} | N |' in its hostile-input table");
            Assert.Equal(area.Count(), int.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        var total = Regex.Match(readme, @"^\|\s*\*\*total\*\*\s*\|\s*\*\*(\d+)\*\*\s*\|", RegexOptions.Multiline);
        Assert.True(total.Success, "README.md's hostile-input table has no '| **total** | **N** |' row");
        Assert.Equal(HostileCatalog.All.Count, int.Parse(total.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string RepoFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CaseDesk.sln")))
            {
                return Path.Combine(dir.FullName, name);
            }
        }

        throw new FileNotFoundException("CaseDesk.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>The demo office the hostile cases run in, with the people they act as.</summary>
public sealed class HostileOffice : IAsyncLifetime
{
    public TestDomain Domain { get; private set; } = default!;

    /// <summary>林雅婷, clerk of 第5股.</summary>
    public Actor Lin { get; private set; } = default!;

    /// <summary>張淑芬, clerk of 第3股.</summary>
    public Actor Zhang { get; private set; } = default!;

    /// <summary>王建國, supervisor.</summary>
    public Actor Wang { get; private set; } = default!;

    public Actor Duty { get; } = TestDomain.DutyOfficer();

    public int PartnerId { get; private set; }

    private int _numbers;

    public async Task InitializeAsync()
    {
        Domain = await TestDomain.CreateAsync(demoData: true, demoCases: 40);
        await using var db = await Domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        var zhang = await db.Staff.SingleAsync(s => s.Name == "張淑芬");
        var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
        Lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value, lin.Name);
        Zhang = TestDomain.Clerk(zhang.Id, zhang.UnitId!.Value, zhang.Name);
        Wang = TestDomain.Supervisor(wang.Id, wang.Name);
        var partner = await Domain.Get<ReferralService>().CreatePartnerAsync(Admin, Partner());
        Assert.True(partner.Succeeded, partner.ToString());
        PartnerId = partner.Value;
    }

    public Actor Admin { get; } = TestDomain.Admin();

    public static PartnerInput Partner() => new()
    {
        Name = "桃園市政府勞動及人力資源局", ContactName = "就業服務處 蔡就業服務員", Phone = "03-3338488", Email = "jobs@tycg.example",
        Address = "330 桃園市桃園區縣府路 1 號 8 樓", Services = WelfareNeed.Employment, AcceptsEmail = false,
    };

    public async Task DisposeAsync() => await Domain.DisposeAsync();

    public T Get<T>() where T : notnull => Domain.Get<T>();

    /// <summary>A case number nobody used yet.</summary>
    public string NextCaseNumber() => $"115年度健保執字第{88_000 + Interlocked.Increment(ref _numbers):D8}號";

    public async Task<CaseInput> CaseAsync() => await CaseServiceTests.ValidInputAsync(Domain, NextCaseNumber());

    public PetitionInput Petition() => new()
    {
        Channel = PetitionChannel.Phone, ReceivedOn = Domain.Today, ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.LegalInquiry,
        Subject = "詢問扣薪", Content = "本月薪資遭扣押，請說明。", UnitId = Lin.UnitId, HandlerId = Lin.StaffId,
    };

    public static CallInput Call() => new()
    {
        ReceivedOn = new DateOnly(2026, 11, 21), ReceivedAt = new TimeOnly(10, 5), CallerName = "陳先生", Phone = "0912345678",
        Relationship = CallerRelationship.Obligor, Question = "詢問可否分期繳納", AnsweredOnSpot = false,
    };

    public ReferralInput Referral() => new()
    {
        ObligorName = "陳測試", PartnerId = PartnerId, Needs = WelfareNeed.Employment, Situation = "失業三個月，獨力扶養兩名子女。",
        ConsentGiven = true, Consent = new ConsentInput(Domain.Today, ConsentMethod.Signed, "林雅婷"),
    };

    public InstallmentApplicationInput Installment() => new()
    {
        ApplicantName = "陳志明", Form = ApplicationForm.Written, Reason = HardshipReason.EconomicSituation, StatementOfFacts = "失業",
        RequestedInstallments = 6, DayOfMonth = 15, Guarantee = GuaranteeKind.WrittenByObligor, ConsentOn = Domain.Today, ConsentReference = "健保北字第1150001號",
    };

    /// <summary>A fresh case of 林雅婷's unit, for an installment application of its own.</summary>
    public async Task<int> FreshCaseIdAsync()
    {
        var created = await Get<CaseService>().CreateAsync(Lin, await CaseAsync());
        Assert.True(created.Succeeded, created.ToString());
        return created.Value;
    }

    public async Task<int> CountAsync<T>() where T : class
    {
        await using var db = await Domain.Db.OpenReadOnlyAsync();
        return await db.Set<T>().CountAsync();
    }
}

/// <summary>The catalogue: every hostile case of every area, built from the areas' real input types.</summary>
public static class HostileCatalog
{
    public static readonly IReadOnlyList<HostileCase> All = [.. Build()];

    private static IEnumerable<HostileCase> Build()
    {
        // Cases (執行案件)
        foreach (var p in TextProperties<CaseInput>())
        {
            yield return new("cases", $"{p.Name} over-long", async o => await RefusedAsync<EnforcementCase>(o, p.Name, async () => await o.Get<CaseService>().CreateAsync(o.Lin, With(await o.CaseAsync(), p, HostilePayloads.OverLong))));
        }

        foreach (var (bad, what) in new[] { ("A123456788", "checksum"), ("A12345678", "short"), ("AA23456789", "letters"), ("<script>", "markup") })
        {
            yield return new("cases", $"ObligorIdNumber {what}", async o => await RefusedAsync<EnforcementCase>(o, nameof(CaseInput.ObligorIdNumber), async () => await o.Get<CaseService>().CreateAsync(o.Lin, (await o.CaseAsync()) with { ObligorIdNumber = bad })));
        }

        yield return new("cases", "AmountOwed negative", async o => await RefusedAsync<EnforcementCase>(o, nameof(CaseInput.AmountOwed), async () => await o.Get<CaseService>().CreateAsync(o.Lin, (await o.CaseAsync()) with { AmountOwed = -1 })));
        yield return new("cases", "ReferredOn in the future", async o => await RefusedAsync<EnforcementCase>(o, nameof(CaseInput.ReferredOn), async () => await o.Get<CaseService>().CreateAsync(o.Lin, (await o.CaseAsync()) with { ReferredOn = o.Domain.Today.AddDays(3) })));
        yield return new("cases", "ObligorPhone letters", async o => await RefusedAsync<EnforcementCase>(o, nameof(CaseInput.ObligorPhone), async () => await o.Get<CaseService>().CreateAsync(o.Lin, (await o.CaseAsync()) with { ObligorPhone = "call me maybe" })));
        foreach (var (payload, i) in HostilePayloads.Markup.Select((x, i) => (x, i)))
        {
            yield return new("cases", $"markup kept as text #{i + 1}", async o =>
            {
                var created = await o.Get<CaseService>().CreateAsync(o.Lin, (await o.CaseAsync()) with { Notes = payload });
                Assert.True(created.Succeeded, created.ToString());
                Assert.Equal(payload, (await o.Get<CaseService>().GetAsync(o.Lin, created.Value))!.Notes);
            });
        }

        foreach (var (payload, i) in HostilePayloads.SqlLike.Select((x, i) => (x, i)))
        {
            yield return new("cases", $"SQL-looking search #{i + 1}", async o => await HarmlessSearchAsync<EnforcementCase>(o, async () => (await o.Get<CaseService>().SearchAsync(o.Wang, new CaseQuery { Text = payload }, new PageRequest(0, 50))).TotalCount));
        }

        // Petitions (陳情)
        foreach (var p in TextProperties<PetitionInput>())
        {
            yield return new("petitions", $"{p.Name} over-long", async o => await RefusedAsync<Petition>(o, p.Name, () => o.Get<PetitionService>().RegisterAsync(o.Lin, With(o.Petition(), p, HostilePayloads.OverLong))));
        }

        yield return new("petitions", "ReceivedOn in the future", async o => await RefusedAsync<Petition>(o, nameof(PetitionInput.ReceivedOn), () => o.Get<PetitionService>().RegisterAsync(o.Lin, o.Petition() with { ReceivedOn = o.Domain.Today.AddDays(1) })));
        yield return new("petitions", "PetitionerEmail malformed", async o => await RefusedAsync<Petition>(o, nameof(PetitionInput.PetitionerEmail), () => o.Get<PetitionService>().RegisterAsync(o.Lin, o.Petition() with { PetitionerEmail = "not-an-address<script>" })));
        yield return new("petitions", "PetitionerPhone letters", async o => await RefusedAsync<Petition>(o, nameof(PetitionInput.PetitionerPhone), () => o.Get<PetitionService>().RegisterAsync(o.Lin, o.Petition() with { PetitionerPhone = "abc-def" })));
        yield return new("petitions", "CaseNumber unknown", async o => await RefusedAsync<Petition>(o, nameof(PetitionInput.CaseNumber), () => o.Get<PetitionService>().RegisterAsync(o.Lin, o.Petition() with { CaseNumber = "' OR 1=1 --" })));
        foreach (var (payload, i) in HostilePayloads.Markup.Select((x, i) => (x, i)))
        {
            yield return new("petitions", $"markup kept as text #{i + 1}", async o =>
            {
                var saved = await o.Get<PetitionService>().RegisterAsync(o.Lin, o.Petition() with { Subject = payload, Content = payload, PetitionerName = payload.Length <= 30 ? payload : null });
                Assert.True(saved.Succeeded, saved.ToString());
                var detail = (await o.Get<PetitionService>().GetAsync(o.Lin, saved.Value))!;
                Assert.Equal(payload, detail.Subject);
                Assert.Equal(payload, detail.Content);
            });
        }

        foreach (var (payload, i) in HostilePayloads.SqlLike.Select((x, i) => (x, i)))
        {
            yield return new("petitions", $"SQL-looking search #{i + 1}", async o => await HarmlessSearchAsync<Petition>(o, async () => (await o.Get<PetitionService>().SearchAsync(o.Wang, new PetitionQuery { Scope = PetitionScope.All, Text = payload }, new PageRequest(0, 50))).TotalCount));
        }

        // After-hours calls (來電)
        foreach (var p in TextProperties<CallInput>())
        {
            yield return new("calls", $"{p.Name} over-long", async o => await RefusedAsync<AfterHoursCall>(o, p.Name, () => o.Get<CallService>().LogAsync(o.Duty, With(HostileOffice.Call(), p, HostilePayloads.OverLong))));
        }

        foreach (var (bad, what) in new[] { ("12", "too short"), ("0912-345-678-999", "too long"), ("abcdefghij", "letters") })
        {
            yield return new("calls", $"Phone {what}", async o => await RefusedAsync<AfterHoursCall>(o, nameof(CallInput.Phone), () => o.Get<CallService>().LogAsync(o.Duty, HostileOffice.Call() with { Phone = bad })));
        }

        yield return new("calls", "ReceivedOn in the future", async o => await RefusedAsync<AfterHoursCall>(o, $"{nameof(CallInput.ReceivedOn)}|{nameof(CallInput.ReceivedAt)}", () => o.Get<CallService>().LogAsync(o.Duty, HostileOffice.Call() with { ReceivedOn = o.Domain.Today.AddDays(2) })));
        foreach (var (payload, i) in HostilePayloads.Markup.Select((x, i) => (x, i)))
        {
            yield return new("calls", $"markup kept as text #{i + 1}", async o =>
            {
                var saved = await o.Get<CallService>().LogAsync(o.Duty, HostileOffice.Call() with { Question = payload });
                Assert.True(saved.Succeeded, saved.ToString());
                Assert.Equal(payload, (await o.Get<CallService>().GetAsync(o.Wang, saved.Value))!.Question);
            });
        }

        foreach (var (payload, i) in HostilePayloads.SqlLike.Select((x, i) => (x, i)))
        {
            yield return new("calls", $"SQL-looking search #{i + 1}", async o => await HarmlessSearchAsync<AfterHoursCall>(o, async () => (await o.Get<CallService>().ListAsync(o.Wang, new CallQuery(CallFilter.All, payload), new PageRequest(0, 50))).TotalCount));
        }

        // Welfare referrals (轉介)
        foreach (var p in TextProperties<ReferralInput>())
        {
            yield return new("referrals", $"{p.Name} over-long", async o => await RefusedAsync<Referral>(o, p.Name, () => o.Get<ReferralService>().CreateAsync(o.Lin, With(o.Referral(), p, HostilePayloads.OverLong))));
        }

        foreach (var p in TextProperties<PartnerInput>())
        {
            yield return new("referrals", $"partner {p.Name} over-long", async o => await RefusedAsync<WelfarePartner>(o, p.Name, () => o.Get<ReferralService>().CreatePartnerAsync(o.Admin, With(HostileOffice.Partner(), p, HostilePayloads.OverLong))));
        }

        foreach (var (bad, what) in new[] { ("A123456788", "checksum"), ("Z99", "short") })
        {
            yield return new("referrals", $"ObligorIdNumber {what}", async o => await RefusedAsync<Referral>(o, nameof(ReferralInput.ObligorIdNumber), () => o.Get<ReferralService>().CreateAsync(o.Lin, o.Referral() with { ObligorIdNumber = bad })));
        }

        yield return new("referrals", "ObligorPhone letters", async o => await RefusedAsync<Referral>(o, nameof(ReferralInput.ObligorPhone), () => o.Get<ReferralService>().CreateAsync(o.Lin, o.Referral() with { ObligorPhone = "phone" })));
        foreach (var (payload, i) in HostilePayloads.Markup.Select((x, i) => (x, i)))
        {
            yield return new("referrals", $"markup kept as text #{i + 1}", async o =>
            {
                var saved = await o.Get<ReferralService>().CreateAsync(o.Lin, o.Referral() with { Situation = payload });
                Assert.True(saved.Succeeded, saved.ToString());
                Assert.Equal(payload, (await o.Get<ReferralService>().GetAsync(o.Lin, saved.Value))!.Situation);
            });
        }

        foreach (var (payload, i) in HostilePayloads.SqlLike.Select((x, i) => (x, i)))
        {
            yield return new("referrals", $"SQL-looking search #{i + 1}", async o => await HarmlessSearchAsync<Referral>(o, async () => (await o.Get<ReferralService>().ListAsync(o.Wang, new ReferralQuery(ReferralFilter.All, payload), new PageRequest(0, 50))).TotalCount));
        }

        // Installment plans (分期)
        foreach (var p in TextProperties<InstallmentApplicationInput>())
        {
            yield return new("installments", $"{p.Name} over-long", async o => await RefusedAsync<InstallmentPlan>(o, p.Name, async () => await o.Get<InstallmentService>().SubmitAsync(o.Lin, await o.FreshCaseIdAsync(), With(o.Installment(), p, HostilePayloads.OverLong))));
        }

        foreach (var (n, what) in new[] { (0, "no installments"), (-3, "negative installments"), (10_000, "ten thousand installments") })
        {
            yield return new("installments", $"RequestedInstallments {what}", async o => await RefusedAsync<InstallmentPlan>(o, nameof(InstallmentApplicationInput.RequestedInstallments), async () => await o.Get<InstallmentService>().SubmitAsync(o.Lin, await o.FreshCaseIdAsync(), o.Installment() with { RequestedInstallments = n })));
        }

        foreach (var (d, what) in new[] { (0, "day 0"), (32, "day 32") })
        {
            yield return new("installments", $"DayOfMonth {what}", async o => await RefusedAsync<InstallmentPlan>(o, nameof(InstallmentApplicationInput.DayOfMonth), async () => await o.Get<InstallmentService>().SubmitAsync(o.Lin, await o.FreshCaseIdAsync(), o.Installment() with { DayOfMonth = d })));
        }

        yield return new("installments", "markup kept as text", async o =>
        {
            var payload = HostilePayloads.Markup[0];
            var saved = await o.Get<InstallmentService>().SubmitAsync(o.Lin, await o.FreshCaseIdAsync(), o.Installment() with { StatementOfFacts = payload });
            Assert.True(saved.Succeeded, saved.ToString());
            Assert.Equal(payload, (await o.Get<InstallmentService>().GetAsync(o.Lin, saved.Value))!.StatementOfFacts);
        });

        // Service quality (服務品質): the anonymous counter survey and the supervisors' phone spot checks.
        static SurveyInput Survey() => new()
        {
            Ratings = Enum.GetValues<SurveyQuestion>().ToDictionary(q => q, _ => (int?)2),
        };
        foreach (var p in TextProperties<SurveyInput>())
        {
            yield return new("service quality", $"counter survey {p.Name} over-long", async o => await RefusedAsync<VisitorSurvey>(o, p.Name, () => o.Get<SurveyService>().SubmitFromCounterAsync(With(Survey(), p, HostilePayloads.OverLong))));
        }

        foreach (var (rating, what) in new[] { (0, "rating 0"), (6, "rating 6"), (-1, "rating -1"), (int.MaxValue, "rating int.MaxValue") })
        {
            yield return new("service quality", $"counter survey {what}", async o => await RefusedAsync<VisitorSurvey>(o, nameof(SurveyQuestion.ReceptionAttitude), () => o.Get<SurveyService>().SubmitFromCounterAsync(Survey() with { Ratings = new Dictionary<SurveyQuestion, int?> { [SurveyQuestion.ReceptionAttitude] = rating } })));
        }

        yield return new("service quality", "counter survey with no answers", async o => await RefusedAsync<VisitorSurvey>(o, "*", () => o.Get<SurveyService>().SubmitFromCounterAsync(new SurveyInput())));
        yield return new("service quality", "counter survey remark with markup kept as text", async o =>
        {
            var saved = await o.Get<SurveyService>().SubmitFromCounterAsync(Survey() with { Remark = HostilePayloads.Markup[1] });
            Assert.True(saved.Succeeded, saved.ToString());
            await using var db = await o.Domain.Db.OpenReadOnlyAsync();
            Assert.Equal(HostilePayloads.Markup[1], (await db.Set<VisitorSurvey>().SingleAsync(v => v.Id == saved.Value)).Remark);
        });

        SpotCheckInput SpotCheck(HostileOffice o) => new() { CheckedOn = o.Domain.Today, UnitId = o.Lin.UnitId, PersonAnswering = "林雅婷", Score = 90, Notes = "禮貌良好" };
        foreach (var p in TextProperties<SpotCheckInput>())
        {
            yield return new("service quality", $"spot check {p.Name} over-long", async o => await RefusedAsync<PhoneSpotCheck>(o, p.Name, () => o.Get<SpotCheckService>().RecordAsync(o.Wang, With(SpotCheck(o), p, HostilePayloads.OverLong))));
        }

        foreach (var (score, what) in new[] { (101, "score 101"), (-1, "score -1") })
        {
            yield return new("service quality", $"spot check {what}", async o => await RefusedAsync<PhoneSpotCheck>(o, nameof(SpotCheckInput.Score), () => o.Get<SpotCheckService>().RecordAsync(o.Wang, SpotCheck(o) with { Score = score })));
        }

        yield return new("service quality", "spot check of a unit that does not exist", async o => await RefusedAsync<PhoneSpotCheck>(o, nameof(SpotCheckInput.UnitId), () => o.Get<SpotCheckService>().RecordAsync(o.Wang, SpotCheck(o) with { UnitId = 99_999 })));
        yield return new("service quality", "spot check recorded by a clerk", async o =>
        {
            var before = await o.CountAsync<PhoneSpotCheck>();
            var refused = await o.Get<SpotCheckService>().RecordAsync(o.Lin, SpotCheck(o));
            Assert.Contains(refused.Errors, e => e.Code == "forbidden");
            Assert.Equal(before, await o.CountAsync<PhoneSpotCheck>());
        });

        // Dates and amounts as clerks type them (ROC and Gregorian), refused with a message instead of a guess.
        foreach (var bad in new[] { "115/13/01", "115/02/30", "115/00/10", "0/01/01", "abc", "2026-02-30", "115年13月1日", "' OR 1=1" })
        {
            yield return new("dates and amounts", $"date '{bad}'", _ =>
            {
                var parsed = RocDate.Parse(bad, "ReceivedOn");
                Assert.False(parsed.Succeeded);
                AssertClearChinese(parsed.Errors[0].Message);
                return Task.CompletedTask;
            });
        }

        foreach (var bad in new[] { "-1", "12,34.5", "1e9", "NT$ abc", "99999999999999999999", "<b>100</b>" })
        {
            yield return new("dates and amounts", $"amount '{bad}'", _ =>
            {
                var parsed = Money.Parse(bad, "AmountOwed");
                Assert.False(parsed.Succeeded);
                AssertClearChinese(parsed.Errors[0].Message);
                return Task.CompletedTask;
            });
        }

        foreach (var c in HostileAccessCases.Build())
        {
            yield return c;
        }
    }

    /// <summary>The settable text properties of an input type (its free-text and coded-text fields).</summary>
    internal static IEnumerable<PropertyInfo> TextProperties<T>() =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(string) && p.CanWrite).OrderBy(p => p.Name, StringComparer.Ordinal);

    /// <summary>A copy of <paramref name="input"/> with one property set (init-only setters included).</summary>
    internal static T With<T>(T input, PropertyInfo property, object? value) where T : class
    {
        var copy = (T)typeof(object).GetMethod("MemberwiseClone", BindingFlags.NonPublic | BindingFlags.Instance)!.Invoke(input, null)!;
        property.SetValue(copy, value);
        return copy;
    }

    /// <summary>The attempt is refused, on the field concerned (or one of "A|B"; "*" for the form as a whole), with a message in Chinese; and nothing was saved.</summary>
    internal static async Task RefusedAsync<TEntity>(HostileOffice office, string field, Func<Task<Result>> attempt) where TEntity : class
    {
        var before = await office.CountAsync<TEntity>();
        var result = await attempt();
        Assert.False(result.Succeeded, $"accepted: {field}");
        var fields = field.Split('|');
        var error = field == "*" ? result.Errors[0] : result.Errors.FirstOrDefault(e => fields.Contains(e.Field)) ?? result.Errors.FirstOrDefault(e => fields.Any(f => e.Field?.StartsWith(f, StringComparison.Ordinal) == true));
        Assert.True(error is not null, $"no error on {field}; got: {string.Join(" | ", result.Errors.Select(e => $"{e.Field}: {e.Message}"))}");
        AssertClearChinese(error.Message);
        Assert.Equal(before, await office.CountAsync<TEntity>());
    }

    internal static async Task RefusedAsync<TEntity>(HostileOffice office, string field, Func<Task<Result<int>>> attempt) where TEntity : class =>
        await RefusedAsync<TEntity>(office, field, async () => (Result)await attempt());

    private static async Task HarmlessSearchAsync<TEntity>(HostileOffice office, Func<Task<int>> search) where TEntity : class
    {
        var before = await office.CountAsync<TEntity>();
        var found = await search();
        Assert.InRange(found, 0, before); // an ordinary search: no error, no rows beyond the table's
        Assert.Equal(before, await office.CountAsync<TEntity>());
        await using var db = await office.Domain.Db.OpenReadOnlyAsync();
        Assert.True(await db.Staff.AnyAsync(), "the staff table is still there");
    }

    internal static void AssertClearChinese(string message) =>
        Assert.True(message.Any(ch => ch is >= '\u4e00' and <= '\u9fff') && message.Length >= 4, $"not a clear Chinese message: '{message}'");
}
