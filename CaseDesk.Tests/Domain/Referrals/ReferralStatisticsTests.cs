using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Referrals;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Referrals;

/// <summary>
/// The quarterly results table (轉介成果表) on a hand-built year: the seed report's 2015 shape (民國104年: Q1 10, Q2 12,
/// Q3 8, Q4 —, total 30), with "now" on Friday 104/11/20. 2015 lies outside the shipped calendar, so only weekends are
/// days off there (WorkingCalendar's rule for unknown dates).
/// </summary>
public sealed class ReferralStatisticsTests : ReferralStory
{
    private static readonly DateOnly Now2015 = new(2015, 11, 20);

    protected override DateOnly StartDay => Now2015;

    private ReferralStatisticsService Stats => Domain.Get<ReferralStatisticsService>();

    private int _walkIns;

    /// <summary>A walk-in referral (no case) sent by post on <paramref name="sent"/>, consent given the same day.</summary>
    private async Task<int> SentOnAsync(DateOnly sent, int partner, WelfareNeed needs, string? otherNeed = null)
    {
        _walkIns++;
        var id = await DraftAsync(WalkIn(partner, needs, sent, $"義務人{_walkIns:00}") with { OtherNeed = otherNeed });
        await StepAsync(id, Send(SendMethod.Post, sent));
        return id;
    }

    private async Task<int> AcknowledgedAsync(DateOnly sent, DateOnly acknowledged, int partner, WelfareNeed needs)
    {
        var id = await SentOnAsync(sent, partner, needs);
        await StepAsync(id, Acknowledge(acknowledged));
        return id;
    }

    private static DateOnly D(int month, int day) => new(2015, month, day);

    /// <summary>Q1: 10 referrals with every outcome; Q2: 12 still open; Q3: 8; plus what must not count.</summary>
    private async Task<(int Q2Social, int Q3Social)> SeedYearAsync()
    {
        // Q1 — 社會局 6, 勞動局 3, 家扶 1.
        var served = await AcknowledgedAsync(D(1, 5), D(1, 9), SocialId, WelfareNeed.SocialAssistance);                                    // 4 working days
        await StepAsync(served, Close(D(1, 20), ReferralOutcome.ServiceGiven));
        await AcknowledgedAsync(D(1, 8), D(1, 13), SocialId, WelfareNeed.SocialAssistance | WelfareNeed.EmergencyRelief);                  // 3, over a weekend
        await AcknowledgedAsync(D(2, 2), D(2, 16), SocialId, WelfareNeed.EmergencyRelief);                                                // 10: late (due 2/9)
        await SentOnAsync(D(2, 10), SocialId, WelfareNeed.SocialAssistance);
        var rejected = await SentOnAsync(D(3, 2), SocialId, WelfareNeed.SocialAssistance);
        await StepAsync(rejected, Reject(D(3, 4)));
        var withdrawn = await SentOnAsync(D(3, 16), SocialId, WelfareNeed.EmergencyRelief);
        await StepAsync(withdrawn, Withdraw());
        var declined = await AcknowledgedAsync(D(1, 12), D(1, 14), LabourId, WelfareNeed.Employment);                                      // 2
        await StepAsync(declined, Close(D(1, 20), ReferralOutcome.DeclinedByObligor));
        await AcknowledgedAsync(D(2, 3), D(2, 6), LabourId, WelfareNeed.Employment);                                                      // 3
        await SentOnAsync(D(3, 3), LabourId, WelfareNeed.Employment);
        var inService = await AcknowledgedAsync(D(3, 31), D(4, 2), FamilyId, WelfareNeed.FamilySupport | WelfareNeed.EmergencyRelief);     // sent in Q1, acknowledged in Q2: 2
        await StepAsync(inService, Start(D(4, 7)));

        // Q2 — 社會局 5 (two with two needs), 勞動局 4 (the last on 6/30), 家扶 3.
        var q2Social = await SentOnAsync(D(4, 7), SocialId, WelfareNeed.SocialAssistance | WelfareNeed.EmergencyRelief);
        await SentOnAsync(D(4, 21), SocialId, WelfareNeed.SocialAssistance | WelfareNeed.EmergencyRelief);
        foreach (var day in new[] { D(5, 5), D(5, 19), D(6, 2) })
        {
            await SentOnAsync(day, SocialId, WelfareNeed.SocialAssistance);
        }

        foreach (var day in new[] { D(4, 8), D(5, 6), D(6, 3), D(6, 30) })
        {
            await SentOnAsync(day, LabourId, WelfareNeed.Employment);
        }

        foreach (var day in new[] { D(4, 9), D(5, 7), D(6, 4) })
        {
            await SentOnAsync(day, FamilyId, WelfareNeed.FamilySupport);
        }

        // Q3 — 社會局 2 (the first on 7/1), 勞動局 3 (one with an "other" need), 家扶 3 (the last on 9/30; one acknowledged on its due day).
        await SentOnAsync(D(7, 1), SocialId, WelfareNeed.SocialAssistance);
        var q3Social = await SentOnAsync(D(8, 4), SocialId, WelfareNeed.SocialAssistance);
        await SentOnAsync(D(7, 7), LabourId, WelfareNeed.Employment);
        await SentOnAsync(D(8, 5), LabourId, WelfareNeed.Employment);
        await SentOnAsync(D(9, 1), LabourId, WelfareNeed.Employment | WelfareNeed.Other, "職業訓練生活津貼");
        await AcknowledgedAsync(D(7, 8), D(7, 15), FamilyId, WelfareNeed.FamilySupport);                                                  // 5: on the due day, not late
        await SentOnAsync(D(8, 6), FamilyId, WelfareNeed.FamilySupport);
        await SentOnAsync(D(9, 30), FamilyId, WelfareNeed.FamilySupport);

        // Not counted: a draft never sent, and a referral sent on the last day of 103.
        await DraftAsync(WalkIn(SocialId, WelfareNeed.SocialAssistance, D(3, 10), "未送出草稿"));
        await SentOnAsync(new DateOnly(2014, 12, 31), SocialId, WelfareNeed.SocialAssistance);
        return (q2Social, q3Social);
    }

    [Fact]
    public async Task Year104_CountsThe10_12_8Referrals_ByQuarter_PartnerAndNeed()
    {
        await SeedYearAsync();

        var result = await Stats.GetYearAsync(Wang, 104);

        Assert.True(result.Succeeded, result.ToString());
        var report = result.Value;
        Assert.Equal([1, 2, 3, 4], report.Quarters.Select(q => q.Quarter));
        Assert.Equal([10, 12, 8, 0], report.Quarters.Select(q => q.Sent));
        Assert.Equal(30, report.Total.Sent);
        Assert.All(report.Quarters, q => Assert.False(q.IsFrozen));

        // By need (社會救助、急難救助、就業服務、家庭支持、其他): a referral with two needs counts under both.
        Assert.Equal([4, 4, 3, 1, 0], report.Quarters[0].ByNeed);
        Assert.Equal([5, 2, 4, 3, 0], report.Quarters[1].ByNeed);
        Assert.Equal([2, 0, 3, 3, 1], report.Quarters[2].ByNeed);
        Assert.Equal([0, 0, 0, 0, 0], report.Quarters[3].ByNeed);
        Assert.Equal([11, 6, 10, 7, 1], report.Total.ByNeed);

        // By partner, in name order.
        Assert.Equal(["家扶基金會桃園家庭扶助中心", "桃園市政府勞動及人力資源局", "桃園市政府社會局"], report.Partners.Select(p => p.Name));
        Assert.Equal([(FamilyId, 1), (LabourId, 3), (SocialId, 6)], report.Quarters[0].ByPartner.Select(p => (p.PartnerId, p.Sent)));
        Assert.Equal([(FamilyId, 3), (LabourId, 4), (SocialId, 5)], report.Quarters[1].ByPartner.Select(p => (p.PartnerId, p.Sent)));
        Assert.Equal([(FamilyId, 3), (LabourId, 3), (SocialId, 2)], report.Quarters[2].ByPartner.Select(p => (p.PartnerId, p.Sent)));
        Assert.Empty(report.Quarters[3].ByPartner);
        Assert.Equal([(FamilyId, 7), (LabourId, 10), (SocialId, 13)], report.Total.ByPartner.OrderBy(p => p.PartnerName, StringComparer.Ordinal).Select(p => (p.PartnerId, p.Sent)));

        // Outcomes of the quarter's referrals.
        var q1 = report.Quarters[0];
        Assert.Equal((1, 1, 1, 1, 6), (q1.ServiceGiven, q1.ClosedOtherwise, q1.Rejected, q1.Withdrawn, q1.StillOpen));
        Assert.Equal((0, 0, 0, 0, 12), (report.Quarters[1].ServiceGiven, report.Quarters[1].ClosedOtherwise, report.Quarters[1].Rejected, report.Quarters[1].Withdrawn, report.Quarters[1].StillOpen));
        Assert.Equal((1, 1, 1, 1, 26), (report.Total.ServiceGiven, report.Total.ClosedOtherwise, report.Total.Rejected, report.Total.Withdrawn, report.Total.StillOpen));
    }

    [Fact]
    public async Task Year104_AcknowledgementWorkingDays_PerPartner_WithTheLateOnes()
    {
        await SeedYearAsync();

        var report = (await Stats.GetYearAsync(Wang, 104)).Value;

        var q1 = report.Quarters[0].ByPartner.ToDictionary(p => p.PartnerId);
        Assert.Equal((3, 17, 1), (q1[SocialId].Acknowledged, q1[SocialId].AckWorkingDays, q1[SocialId].AcknowledgedLate));   // 4 + 3 + 10; 2/16 after the 2/9 deadline
        Assert.Equal(17.0 / 3, q1[SocialId].AverageAckWorkingDays);
        Assert.Equal((2, 5, 0), (q1[LabourId].Acknowledged, q1[LabourId].AckWorkingDays, q1[LabourId].AcknowledgedLate));      // 2 + 3
        Assert.Equal(2.5, q1[LabourId].AverageAckWorkingDays);
        Assert.Equal((1, 2, 0), (q1[FamilyId].Acknowledged, q1[FamilyId].AckWorkingDays, q1[FamilyId].AcknowledgedLate));      // sent 3/31, acknowledged 4/2: counted in Q1
        var q2 = report.Quarters[1].ByPartner.ToDictionary(p => p.PartnerId);
        Assert.All(q2.Values, p => Assert.Equal((0, null), (p.Acknowledged, p.AverageAckWorkingDays)));
        var q3 = report.Quarters[2].ByPartner.ToDictionary(p => p.PartnerId);
        Assert.Equal((1, 5, 0), (q3[FamilyId].Acknowledged, q3[FamilyId].AckWorkingDays, q3[FamilyId].AcknowledgedLate));      // on its due day is on time
        var total = report.Total.ByPartner.ToDictionary(p => p.PartnerId);
        Assert.Equal((2, 7, 0), (total[FamilyId].Acknowledged, total[FamilyId].AckWorkingDays, total[FamilyId].AcknowledgedLate));
    }

    [Fact]
    public async Task AcknowledgementWorkingDays_FollowTheOfficeCalendar_AcrossTheLunarNewYear()
    {
        SetToday(new DateOnly(2026, 4, 10));
        var newYear = await SentOnAsync(new DateOnly(2026, 2, 12), SocialId, WelfareNeed.SocialAssistance);   // due 2/26
        await StepAsync(newYear, Acknowledge(new DateOnly(2026, 2, 24)));                                    // 2/13, 2/23, 2/24: 3 working days
        var march = await SentOnAsync(new DateOnly(2026, 3, 2), SocialId, WelfareNeed.SocialAssistance);      // due 3/9
        await StepAsync(march, Acknowledge(new DateOnly(2026, 3, 10)));                                      // 6 working days: late

        var social = Assert.Single((await Stats.GetYearAsync(Wang, 115)).Value.Quarters[0].ByPartner);

        Assert.Equal((SocialId, 2, 2, 9, 1), (social.PartnerId, social.Sent, social.Acknowledged, social.AckWorkingDays, social.AcknowledgedLate));
        Assert.Equal(4.5, social.AverageAckWorkingDays);
    }

    [Fact]
    public async Task FreezingAFinishedQuarter_KeepsItsFigures_WhileTheDataChangesAfterwards()
    {
        var (q2Social, q3Social) = await SeedYearAsync();
        var before = (await Stats.GetYearAsync(Wang, 104)).Value;

        var frozen = await Stats.FreezeQuarterAsync(Wang, 104, 3);
        var twice = await Stats.FreezeQuarterAsync(Wang, 104, 3);

        // Afterwards: a Q3 referral entered late, a Q3 acknowledgement and a Q2 withdrawal.
        await SentOnAsync(D(9, 15), FamilyId, WelfareNeed.FamilySupport | WelfareNeed.EmergencyRelief);
        await StepAsync(q3Social, Acknowledge(D(8, 6)));
        await StepAsync(q2Social, Withdraw("義務人已自行申請"));
        var after = (await Stats.GetYearAsync(Wang, 104)).Value;

        Assert.True(frozen.Succeeded, frozen.ToString());
        Assert.Equal("quarter_frozen", Assert.Single(twice.Errors).Code);
        var q3 = after.Quarters[2];
        Assert.True(q3.IsFrozen);
        Assert.Equal("王建國", q3.FrozenBy);
        Assert.Equal(8, q3.Sent);
        Assert.Equal(before.Quarters[2].ByNeed, q3.ByNeed);
        Assert.Equal(before.Quarters[2].ByPartner, q3.ByPartner);
        Assert.Equal(before.Quarters[2].StillOpen, q3.StillOpen);
        Assert.Equal(0, q3.ByPartner.Single(p => p.PartnerId == SocialId).Acknowledged);
        Assert.Equal(30, after.Total.Sent);   // the frozen 8, not the 9 on file now

        // The quarters not frozen follow the data.
        Assert.False(after.Quarters[1].IsFrozen);
        Assert.Equal((1, 11), (after.Quarters[1].Withdrawn, after.Quarters[1].StillOpen));
        await using var db = await Domain.Db.OpenReadOnlyAsync();
        Assert.Contains(await db.AuditEntries.Where(a => a.EntityType == "ReferralQuarter").ToListAsync(),
            a => a.EntityId == "104Q3" && a.Action == AuditActions.Created && a.Summary == "凍結 104 年第3季轉介成果（轉介 8 件）");
    }

    [Fact]
    public async Task Freezing_AnUnfinishedQuarter_OrByAnyoneButASupervisor_IsRefused()
    {
        await SeedYearAsync();

        var unfinished = await Stats.FreezeQuarterAsync(Wang, 104, 4);        // Q4 ends 104/12/31; today is 104/11/20
        var noSuchQuarter = await Stats.FreezeQuarterAsync(Wang, 104, 5);
        var byClerk = await Stats.FreezeQuarterAsync(Lin, 104, 2);
        var byAdmin = await Stats.FreezeQuarterAsync(Admin, 104, 2);

        var error = Assert.Single(unfinished.Errors);
        Assert.Equal("quarter_not_finished", error.Code);
        Assert.Contains("104/12/31", error.Message);
        Assert.Equal("quarter_invalid", Assert.Single(noSuchQuarter.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(byClerk.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(byAdmin.Errors).Code);
        await using var db = await Domain.Db.OpenReadOnlyAsync();
        Assert.Empty(await db.QuarterSnapshots.Where(s => s.Report == "Referral").ToListAsync());
    }

    [Fact]
    public async Task Statistics_AreForSupervisorsAndAdmins_NotClerks()
    {
        await SentOnAsync(D(2, 2), SocialId, WelfareNeed.SocialAssistance);

        var clerk = await Stats.GetYearAsync(Lin, 104);
        var duty = await Stats.GetYearAsync(TestDomain.DutyOfficer(), 104);
        var admin = await Stats.GetYearAsync(Admin, 104);
        var supervisor = await Stats.GetYearAsync(Wang, 104);

        Assert.Equal("forbidden", Assert.Single(clerk.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(duty.Errors).Code);
        Assert.Equal(1, admin.Value.Total.Sent);
        Assert.Equal(1, supervisor.Value.Quarters[0].Sent);
    }
}
