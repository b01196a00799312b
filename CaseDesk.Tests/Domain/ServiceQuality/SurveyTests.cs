using CaseDesk.Domain.Common;
using CaseDesk.Domain.ServiceQuality;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.ServiceQuality;

public sealed class SurveyTests
{
    private static readonly Actor Wang = TestDomain.Supervisor();
    private static readonly Actor Admin = TestDomain.Admin();

    private static SurveyInput Survey(DateOnly on, int attitude, int? time = 1, int? environment = 1, int? accuracy = 1, int? integrity = 1, string? remark = null) => new()
    {
        SurveyedOn = on,
        Desk = "為民服務中心",
        Ratings = new Dictionary<SurveyQuestion, int?>
        {
            [SurveyQuestion.ReceptionAttitude] = attitude,
            [SurveyQuestion.TimeTaken] = time,
            [SurveyQuestion.Environment] = environment,
            [SurveyQuestion.AnswerAccuracy] = accuracy,
            [SurveyQuestion.Integrity] = integrity,
        },
        Remark = remark,
    };

    [Theory]
    [InlineData(218, 225, 96.9)] // the seed report: 洽公服務禮遇 218 of 225
    [InlineData(211, 225, 93.8)] // 洽公環境 211 of 225
    [InlineData(216, 225, 96.0)] // 問題回應正確率 (the report writes 96%)
    [InlineData(1, 8, 12.5)]
    [InlineData(1, 3, 33.3)]
    [InlineData(2, 3, 66.7)]
    [InlineData(1, 16, 6.3)] // 6.25: a half rounds up, not to even
    [InlineData(5, 5, 100.0)]
    public void Percent_OneDecimalAsTheReport(int part, int whole, double expected)
    {
        Assert.Equal((decimal)expected, Percent.Of(part, whole));
    }

    [Fact]
    public void Percent_OfNothing_IsBlankNotZero()
    {
        Assert.Null(Percent.Of(0, 0));
        Assert.Equal("—", Percent.Format(null));
        Assert.Equal("96.9%", Percent.Format(Percent.Of(218, 225)));
    }

    [Fact]
    public async Task Statistics_CountSatisfiedOrBetterPerQuestionAndQuarter_AndDissatisfiedAnswersBecomeFollowUps()
    {
        await using var domain = await TestDomain.CreateAsync();
        var surveys = domain.Get<SurveyService>();
        var clerk = TestDomain.Clerk(1, 1);

        // Q3: 8 questionnaires; attitude 非常滿意×4, 滿意×3, 不滿意×1; one leaves integrity blank.
        var q3 = new DateOnly(2026, 8, 10);
        foreach (var attitude in new[] { 1, 1, 1, 1, 2, 2, 2 })
        {
            Assert.True((await surveys.RecordAsync(clerk, Survey(q3, attitude))).Succeeded);
        }

        Assert.True((await surveys.RecordAsync(clerk, Survey(q3, 4, time: 5, integrity: null, remark: "等太久"))).Succeeded);

        // Q4 (today 115/11/25): 3 from the counter tablet, one neutral.
        foreach (var attitude in new[] { 1, 2, 3 })
        {
            Assert.True((await surveys.SubmitFromCounterAsync(Survey(domain.Today, attitude))).Succeeded);
        }

        var year = (await surveys.StatisticsAsync(Wang, 115)).Value;
        var third = year.Quarters[2];
        var attitudeQ3 = third.For(SurveyQuestion.ReceptionAttitude);
        Assert.Equal(8, third.Questionnaires);
        Assert.Equal([4, 3, 0, 1, 0], attitudeQ3.ByRating);
        Assert.Equal(7, attitudeQ3.SatisfiedOrBetter);
        Assert.Equal(87.5m, attitudeQ3.SatisfiedPercent);
        Assert.Equal(7, third.For(SurveyQuestion.Integrity).Answered);
        Assert.Equal(100.0m, third.For(SurveyQuestion.Integrity).SatisfiedPercent);
        Assert.Equal(1, third.For(SurveyQuestion.TimeTaken).Dissatisfied);
        Assert.Equal(2, third.FollowUps);

        var toDate = year.ToDate(4);
        Assert.Equal(11, toDate.Questionnaires);
        Assert.Equal(9, toDate.For(SurveyQuestion.ReceptionAttitude).SatisfiedOrBetter);
        Assert.Equal(81.8m, toDate.For(SurveyQuestion.ReceptionAttitude).SatisfiedPercent); // 9 of 11
        Assert.Equal(8, year.ToDate(3).Questionnaires);

        var followUps = (await surveys.FollowUpsAsync(Wang, openOnly: true)).Value;
        Assert.Equal(2, followUps.Count);
        Assert.Contains(followUps, f => f.Question == SurveyQuestion.ReceptionAttitude && f.Rating == SurveyRating.Dissatisfied && f.Remark == "等太久");
        Assert.Contains(followUps, f => f.Question == SurveyQuestion.TimeTaken && f.Rating == SurveyRating.VeryDissatisfied);

        var first = followUps[0];
        var empty = await surveys.CompleteFollowUpAsync(Wang, first.Id, first.Version, new FollowUpInput());
        var done = await surveys.CompleteFollowUpAsync(Wang, first.Id, first.Version, new FollowUpInput { CalledBackBy = "政風室 劉主任", CalledBackOn = domain.Today, ActionTaken = "電詢原因並告知改善對策" });
        var byClerk = await surveys.CompleteFollowUpAsync(clerk, followUps[1].Id, followUps[1].Version, new FollowUpInput { CalledBackBy = "x", CalledBackOn = domain.Today, ActionTaken = "x" });
        Assert.Contains(empty.Errors, e => e.Code == "followup_by");
        Assert.True(done.Succeeded, done.ToString());
        Assert.Equal("forbidden", Assert.Single(byClerk.Errors).Code);
        var all = (await surveys.FollowUpsAsync(Wang, openOnly: false)).Value;
        var completed = all.Single(f => f.Id == first.Id);
        Assert.Equal(FollowUpState.Done, completed.State);
        Assert.Equal("政風室 劉主任", completed.CalledBackBy);
        Assert.Single((await surveys.FollowUpsAsync(Wang, openOnly: true)).Value);
        Assert.Equal(1, (await surveys.StatisticsAsync(Admin, 115)).Value.ToDate(4).FollowUpsOpen);
    }

    [Fact]
    public async Task Record_BadInput_ClearChineseErrorAndNothingSaved()
    {
        await using var domain = await TestDomain.CreateAsync();
        var surveys = domain.Get<SurveyService>();
        var clerk = TestDomain.Clerk(1, 1);

        var noAnswers = await surveys.RecordAsync(clerk, new SurveyInput { SurveyedOn = domain.Today, Remark = "只有意見" });
        var allBlank = await surveys.SubmitFromCounterAsync(new SurveyInput { Ratings = SurveyScale.Questions.ToDictionary(q => q, _ => (int?)null) });
        var outOfScale = await surveys.RecordAsync(clerk, Survey(domain.Today, 6));
        var zero = await surveys.SubmitFromCounterAsync(Survey(domain.Today, 0));
        var longRemark = await surveys.SubmitFromCounterAsync(Survey(domain.Today, 1, remark: new string('長', VisitorSurvey.RemarkMaxLength + 1)));
        var future = await surveys.RecordAsync(clerk, Survey(domain.Today.AddDays(1), 1));
        var noUnit = await surveys.RecordAsync(clerk, Survey(domain.Today, 1) with { UnitId = 9999 });
        var dutyOfficer = await surveys.RecordAsync(TestDomain.DutyOfficer(), Survey(domain.Today, 1));

        Assert.Equal("survey_empty", Assert.Single(noAnswers.Errors).Code);
        Assert.Contains("至少要填一題", noAnswers.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal("survey_empty", Assert.Single(allBlank.Errors).Code);
        Assert.Equal("survey_rating", Assert.Single(outOfScale.Errors).Code);
        Assert.Contains("不在量表內", outOfScale.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal("survey_rating", Assert.Single(zero.Errors).Code);
        Assert.Equal("survey_remark_long", Assert.Single(longRemark.Errors).Code);
        Assert.Equal("survey_date_future", Assert.Single(future.Errors).Code);
        Assert.Equal("survey_unit", Assert.Single(noUnit.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(dutyOfficer.Errors).Code);
        await using var db = await domain.Db.OpenReadOnlyAsync();
        Assert.Equal(0, await db.VisitorSurveys.CountAsync());
        Assert.Equal(0, await db.SurveyFollowUps.CountAsync());
    }

    [Fact]
    public async Task Counter_DatesTheSurveyToday_AndMarksItFromTheCounter()
    {
        await using var domain = await TestDomain.CreateAsync();
        var surveys = domain.Get<SurveyService>();

        var saved = await surveys.SubmitFromCounterAsync(Survey(new DateOnly(2020, 1, 1), 2));

        Assert.True(saved.Succeeded, saved.ToString());
        var row = Assert.Single((await surveys.ListAsync(Wang, domain.Today.AddDays(-1), domain.Today)).Value);
        Assert.Equal(domain.Today, row.SurveyedOn);
        Assert.Equal(SurveySource.Counter, row.Source);
        Assert.Equal("櫃台問卷", row.CreatedBy);
        Assert.False((await surveys.FollowUpsAsync(TestDomain.Clerk(1, 1), false)).Succeeded);
    }
}
