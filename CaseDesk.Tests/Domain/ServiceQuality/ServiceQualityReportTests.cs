using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Calls;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Duty;
using CaseDesk.Domain.Installments;
using CaseDesk.Domain.Petitions;
using CaseDesk.Domain.Referrals;
using CaseDesk.Domain.ServiceQuality;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.ServiceQuality;

public sealed class ServiceQualityReportTests
{
    private static async Task<(TestDomain Domain, Actor Lin, Actor Wang)> OfficeAsync()
    {
        var domain = await TestDomain.CreateAsync(demoData: true, demoCases: 8);
        var people = domain.People!;
        await DemoDutyData.SeedAsync(domain.Db, domain.Get<CalendarService>(), domain.Get<DutyService>(), domain.Get<CallService>(), people);
        await DemoReferralData.SeedAsync(domain.Db, domain.Get<CalendarService>(), domain.Get<ReferralService>(), people);
        await DemoServiceQualityData.SeedAsync(domain.Db, domain.Get<SurveyService>(), domain.Get<SpotCheckService>(), people);
        await using var db = await domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Id == people.ClerkLin);
        return (domain, TestDomain.Clerk(lin.Id, lin.UnitId!.Value), TestDomain.Supervisor(people.SupervisorWang));
    }

    private static async Task<int> RegisterAsync(TestDomain domain, Actor clerk, DateOnly received, PetitionCategory category, PetitionChannel channel) =>
        (await domain.Get<PetitionService>().RegisterAsync(clerk, new PetitionInput
        {
            Channel = channel, ReceivedOn = received, ReceivedAt = new TimeOnly(10, 0), Category = category,
            Subject = "詢問", Content = "內容", UnitId = clerk.UnitId, HandlerId = clerk.StaffId,
        })).Value;

    private static int Cell(ReportSection section, string label, int column) =>
        int.Parse(section.Rows.Single(r => r.Label == label).Cells[column].Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Report_FiguresEqualThePerAreaStatistics()
    {
        var (domain, lin, wang) = await OfficeAsync();
        await using var _ = domain;
        foreach (var (day, category, channel) in new[]
        {
            (new DateOnly(2026, 2, 3), PetitionCategory.RightsProtection, PetitionChannel.Phone),
            (new DateOnly(2026, 5, 4), PetitionCategory.RightsProtection, PetitionChannel.PublicOpinionMailbox),
            (new DateOnly(2026, 8, 3), PetitionCategory.LegalInquiry, PetitionChannel.PublicOpinionMailbox),
            (new DateOnly(2026, 8, 4), PetitionCategory.ReformSuggestion, PetitionChannel.LetterOrFax),
        })
        {
            await RegisterAsync(domain, lin, day, category, channel);
        }

        var report = (await domain.Get<ServiceQualityReportService>().GetAsync(wang, 115, 4)).Value;
        var petitions = (await domain.Get<PetitionStatisticsService>().GetQuarterlyAsync(wang, 115)).Value;
        var referrals = (await domain.Get<ReferralStatisticsService>().GetYearAsync(wang, 115)).Value;
        var calls = (await domain.Get<CallService>().QuarterlyAsync(wang, 115)).Value;
        var installments = (await domain.Get<InstallmentStatisticsService>().QuarterlyAsync(wang, 115)).Value;
        var surveys = (await domain.Get<SurveyService>().StatisticsAsync(wang, 115)).Value;
        var checks = (await domain.Get<SpotCheckService>().StatisticsAsync(wang, 115)).Value;
        var sections = report.Sections().ToDictionary(s => s.Key);

        Assert.Equal(["petitions", "channels", "referrals", "calls", "lunch", "installments", "surveys", "spotchecks"], report.Sections().Select(s => s.Key));
        Assert.Equal(["類別/件數", "第一季", "第二季", "第三季", "第四季", "合計"], sections["petitions"].Headers);
        for (var q = 1; q <= 4; q++)
        {
            var col = q - 1;
            Assert.Equal(petitions.Quarters[col].Received, Cell(sections["petitions"], "合計", col));
            Assert.Equal(petitions.Quarters[col].ByCategory[(int)PetitionCategory.RightsProtection], Cell(sections["petitions"], "行政上權益之維護", col));
            Assert.Equal(petitions.Quarters[col].Extended, Cell(sections["petitions"], "展延", col));
            Assert.Equal(petitions.Quarters[col].ByChannel[(int)PetitionChannel.PublicOpinionMailbox], Cell(sections["channels"], "民意信箱", col));
            Assert.Equal(referrals.Quarters[col].Sent, Cell(sections["referrals"], "115 年度", col));
            Assert.Equal(calls[col].Calls, Cell(sections["calls"], "來電通數", col));
            Assert.Equal(calls[col].Callbacks, Cell(sections["calls"], "需回電", col));
            Assert.Equal(calls[col].ClosedReached, Cell(sections["calls"], "已回電聯繫", col));
            Assert.Equal(calls[col].LunchPeopleServed, Cell(sections["lunch"], "受服務民眾（人次）", col));
            Assert.Equal(installments[col].Approved, Cell(sections["installments"], "核准", col));
            Assert.Equal(installments[col].Revoked, Cell(sections["installments"], "廢止", col));
            Assert.Equal(surveys.Quarters[col].Questionnaires, Cell(sections["surveys"], "有效問卷（份）", col));
            Assert.Equal(checks.QuarterFigures(q).Checks, Cell(sections["spotchecks"], "抽測人次", col));
        }

        Assert.Equal(petitions.Total.Received, Cell(sections["petitions"], "合計", 4));
        Assert.Equal(referrals.Total.Sent, Cell(sections["referrals"], "115 年度", 4));
        Assert.Equal(calls.Sum(c => c.Calls), Cell(sections["calls"], "來電通數", 4));
        Assert.Equal([1, 1, 2, 0], petitions.Quarters.Select(q => q.Received));
        Assert.Equal(2, Cell(sections["channels"], "民意信箱", 4));
        Assert.True(calls.Sum(c => c.Calls) > 0, "the demo duty data logs calls");
        Assert.True(referrals.Total.Sent > 0, "the demo referral data sends referrals");
        Assert.True(surveys.ToDate(4).Questionnaires >= 20);
        var attitude = surveys.ToDate(4).For(SurveyQuestion.ReceptionAttitude);
        Assert.Contains($"（1）現場接待服務態度：有效問卷 {attitude.Answered} 份，很滿意、滿意者 {attitude.SatisfiedOrBetter} 人", sections["surveys"].Narrative, StringComparison.Ordinal);
        Assert.Contains($"合計滿意以上者佔全體受測比例為 {Percent.Format(attitude.SatisfiedPercent)}", sections["surveys"].Narrative, StringComparison.Ordinal);
        Assert.Contains("1~12 月份民眾陳情案件（含民意信箱、電子民意信箱等）計有 4 件。", sections["petitions"].Narrative, StringComparison.Ordinal);
        Assert.Contains("（4）行政上權益之維護：第一季 1 件、第二季 1 件、第三季 0 件、第四季 0 件。", sections["petitions"].Narrative, StringComparison.Ordinal);
        Assert.Equal("115 年 1 月至 12 月", report.PeriodText);
    }

    [Fact]
    public async Task Report_ForTheThirdQuarter_LeavesTheFourthBlank_AndTotalsTheFirstThree()
    {
        var (domain, lin, wang) = await OfficeAsync();
        await using var _ = domain;
        await RegisterAsync(domain, lin, new DateOnly(2026, 8, 3), PetitionCategory.LegalInquiry, PetitionChannel.Email);
        await RegisterAsync(domain, lin, new DateOnly(2026, 10, 5), PetitionCategory.LegalInquiry, PetitionChannel.Email);

        var report = (await domain.Get<ServiceQualityReportService>().GetAsync(wang, 115, 3)).Value;
        var row = report.Sections()[0].Rows.Single(r => r.Label == "行政法令之查詢");

        Assert.Equal(["0", "0", "1", "", "1"], row.Cells);
        Assert.Equal("115 年 1 月至 9 月", report.PeriodText);
    }

    [Fact]
    public async Task Report_FrozenQuartersStayAsSubmittedAfterLaterEdits_AndSaySo()
    {
        var (domain, lin, wang) = await OfficeAsync();
        await using var _ = domain;
        var service = domain.Get<ServiceQualityReportService>();
        await RegisterAsync(domain, lin, new DateOnly(2026, 8, 3), PetitionCategory.RightsProtection, PetitionChannel.Phone);
        Assert.True((await domain.Get<PetitionStatisticsService>().FreezeQuarterAsync(wang, 115, 3)).Succeeded);
        var referralFreeze = await domain.Get<ReferralStatisticsService>().FreezeQuarterAsync(wang, 115, 3);
        Assert.True(referralFreeze.Succeeded, referralFreeze.ToString());
        var before = (await service.GetAsync(wang, 115, 3)).Value;

        // Later edits: another Q3 petition (entered late) and one in Q2, which is not frozen.
        await RegisterAsync(domain, lin, new DateOnly(2026, 9, 30), PetitionCategory.RightsProtection, PetitionChannel.Phone);
        await RegisterAsync(domain, lin, new DateOnly(2026, 6, 30), PetitionCategory.RightsProtection, PetitionChannel.Phone);
        var after = (await service.GetAsync(wang, 115, 3)).Value;

        var beforeRow = before.Sections()[0].Rows.Single(r => r.Label == "行政上權益之維護");
        var afterRow = after.Sections()[0].Rows.Single(r => r.Label == "行政上權益之維護");
        Assert.Equal("1", beforeRow.Cells[2]);
        Assert.Equal("1", afterRow.Cells[2]); // frozen: unchanged
        Assert.Equal("0", beforeRow.Cells[1]);
        Assert.Equal("1", afterRow.Cells[1]); // live quarter: counts the late entry
        Assert.Equal(before.Sections()[2].Rows[0].Cells[2], after.Sections()[2].Rows[0].Cells[2]);
        Assert.Contains("第三季", after.Sections()[0].FrozenNote, StringComparison.Ordinal);
        Assert.Contains("王建國", after.Sections()[0].FrozenNote, StringComparison.Ordinal);
        Assert.NotNull(after.Sections()[2].FrozenNote);
        Assert.Null(after.Sections()[6].FrozenNote);
        Assert.Equal(2, after.FrozenQuarters.Count);
        Assert.Contains(after.FrozenQuarters, f => f.StartsWith("陳情案件第三季", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_RefusesAQuarterNotStarted_AndWhoeverIsNotASupervisorOrAdmin()
    {
        await using var domain = await TestDomain.CreateAsync();
        var service = domain.Get<ServiceQualityReportService>();
        var wang = TestDomain.Supervisor();

        var next = await service.GetAsync(wang, 116, 1); // today is 115/11/25
        var bad = await service.GetAsync(wang, 115, 5);
        var clerk = await service.GetAsync(TestDomain.Clerk(1, 1), 115, 3);
        var duty = await service.GetAsync(TestDomain.DutyOfficer(), 115, 3);
        var admin = await service.GetAsync(TestDomain.Admin(), 115, 3);
        var current = await service.GetAsync(wang, 115, 4);

        Assert.Equal("quarter_not_started", Assert.Single(next.Errors).Code);
        Assert.Equal("116年第一季尚未開始（116/01/01 起），還不能產生這一季的報告。", next.Errors[0].Message);
        Assert.Equal("quarter_invalid", Assert.Single(bad.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(clerk.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(duty.Errors).Code);
        Assert.True(admin.Succeeded, admin.ToString());
        Assert.True(current.Succeeded, current.ToString()); // the quarter under way may be previewed
    }
}
