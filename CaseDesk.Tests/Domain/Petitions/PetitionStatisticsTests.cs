using CaseDesk.Domain.Common;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Petitions;

public sealed class PetitionStatisticsTests
{
    [Fact]
    public async Task Quarterly_CountsByCategoryAndQuarter_AndFreezingKeepsTheSubmittedFigures()
    {
        await using var domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        var petitions = domain.Get<PetitionService>();
        var stats = domain.Get<PetitionStatisticsService>();
        await using var db = await domain.Db.OpenReadOnlyAsync();
        var linStaff = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        var wangStaff = await db.Staff.SingleAsync(s => s.Name == "王建國");
        var lin = TestDomain.Clerk(linStaff.Id, linStaff.UnitId!.Value);
        var wang = TestDomain.Supervisor(wangStaff.Id);

        async Task<int> Register(DateOnly received, PetitionCategory category) =>
            (await petitions.RegisterAsync(lin, new PetitionInput
            {
                Channel = PetitionChannel.Phone, ReceivedOn = received, ReceivedAt = new TimeOnly(10, 0), Category = category,
                Subject = "詢問", Content = "內容", UnitId = lin.UnitId, HandlerId = lin.StaffId,
            })).Value;

        // The seed report's 2015 shape, moved to 115: Q1 six, Q2 three, Q3 one — all 行政上權益之維護.
        foreach (var day in new[] { 5, 6, 7, 8, 9, 12 })
        {
            await Register(new DateOnly(2026, 1, day), PetitionCategory.RightsProtection);
        }

        foreach (var day in new[] { 4, 5, 6 })
        {
            await Register(new DateOnly(2026, 5, day), PetitionCategory.RightsProtection);
        }

        var q3 = await Register(new DateOnly(2026, 8, 3), PetitionCategory.RightsProtection);
        await Register(new DateOnly(2026, 11, 24), PetitionCategory.LegalInquiry); // not yet due
        var v = (await petitions.GetAsync(wang, q3))!.Version;
        await petitions.SubmitAsync(lin, q3, v, "答覆");
        await petitions.ApproveAsync(wang, q3, (await petitions.GetAsync(wang, q3))!.Version);
        await petitions.MarkRepliedAsync(lin, q3, (await petitions.GetAsync(wang, q3))!.Version, new ReplyInput { SentOn = new DateOnly(2026, 11, 25), Method = ReplyMethod.Letter, Reference = "文號" });

        var report = (await stats.GetQuarterlyAsync(wang, 115)).Value;

        Assert.Equal([6, 3, 1, 1], report.Quarters.Select(q => q.Received));
        Assert.Equal(6, report.Quarters[0].ByCategory[(int)PetitionCategory.RightsProtection]);
        Assert.Equal(1, report.Quarters[3].ByCategory[(int)PetitionCategory.LegalInquiry]);
        Assert.Equal(11, report.Total.Received);
        Assert.Equal(1, report.Quarters[2].Replied);
        Assert.Equal(0, report.Quarters[2].RepliedOnTime);
        Assert.Equal(0.0, report.Quarters[2].OnTimeRate);
        Assert.Equal(1, report.Quarters[2].Breach);
        Assert.Equal(6, report.Quarters[0].Breach); // still open, long past due, nobody phoned
        Assert.Equal(0, report.Quarters[3].Breach);

        var clerkRefused = await stats.GetQuarterlyAsync(lin, 115);
        var q4Refused = await stats.FreezeQuarterAsync(wang, 115, 4);
        var frozen = await stats.FreezeQuarterAsync(wang, 115, 3);
        var twice = await stats.FreezeQuarterAsync(wang, 115, 3);
        await Register(new DateOnly(2026, 8, 20), PetitionCategory.ReformSuggestion);
        var after = (await stats.GetQuarterlyAsync(wang, 115)).Value;

        Assert.False(clerkRefused.Succeeded);
        Assert.Equal("quarter_not_finished", Assert.Single(q4Refused.Errors).Code);
        Assert.True(frozen.Succeeded, frozen.ToString());
        Assert.Equal("quarter_frozen", Assert.Single(twice.Errors).Code);
        Assert.Equal(1, after.Quarters[2].Received);
        Assert.True(after.Quarters[2].IsFrozen);
        Assert.Equal("王建國", after.Quarters[2].FrozenBy);
        Assert.False(after.Quarters[1].IsFrozen);
    }

    [Fact]
    public async Task Quarterly_CountsExtendedLateWithContactBreachTransferredAndFiled_AndAReplyWithinTheExtensionIsOnTime()
    {
        // Monday 115/8/3 10:00: eight petitions received at 09:00, each due Tuesday 8/11 (6 working days, no holidays).
        await using var domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5, now: new DateTimeOffset(2026, 8, 3, 2, 0, 0, TimeSpan.Zero));
        var petitions = domain.Get<PetitionService>();
        var stats = domain.Get<PetitionStatisticsService>();
        Actor lin, wang;
        await using (var db = await domain.Db.OpenReadOnlyAsync())
        {
            var linStaff = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
            var wangStaff = await db.Staff.SingleAsync(s => s.Name == "王建國");
            lin = TestDomain.Clerk(linStaff.Id, linStaff.UnitId!.Value);
            wang = TestDomain.Supervisor(wangStaff.Id);
        }

        static void Ok(Result result) => Assert.True(result.Succeeded, result.ToString());
        async Task<int> Version(int id) => (await petitions.GetAsync(wang, id))!.Version;
        async Task<int> Register(PetitionCategory category)
        {
            var id = (await petitions.RegisterAsync(lin, new PetitionInput
            {
                Channel = PetitionChannel.Email, ReceivedOn = new DateOnly(2026, 8, 3), ReceivedAt = new TimeOnly(9, 0), Category = category,
                Subject = "陳情", Content = "內容", UnitId = lin.UnitId, HandlerId = lin.StaffId,
            })).Value;
            Assert.Equal(new DateOnly(2026, 8, 11), (await petitions.GetAsync(wang, id))!.DueOn);
            return id;
        }

        async Task Reply(int id)
        {
            Ok(await petitions.SubmitAsync(lin, id, await Version(id), "答覆"));
            Ok(await petitions.ApproveAsync(wang, id, await Version(id)));
            Ok(await petitions.MarkRepliedAsync(lin, id, await Version(id), new ReplyInput { SentOn = domain.Today, Method = ReplyMethod.Letter, Reference = "文號" }));
        }

        var onTime = await Register(PetitionCategory.LegalInquiry);
        var extended = await Register(PetitionCategory.RightsProtection);
        var lateContacted = await Register(PetitionCategory.RightsProtection);
        var lateBreach = await Register(PetitionCategory.RightsProtection);
        var openContacted = await Register(PetitionCategory.MisconductReport);
        var openBreach = await Register(PetitionCategory.MisconductReport);
        var transferred = await Register(PetitionCategory.ReformSuggestion);
        var filed = await Register(PetitionCategory.ReformSuggestion);
        Ok(await petitions.TransferAsync(lin, transferred, await Version(transferred), new TransferInput { To = "桃園市政府地方稅務局", DocumentNumber = "桃執法字第1號", TransferredOn = domain.Today, PetitionerToldOn = domain.Today }));
        Ok(await petitions.FileWithoutActionAsync(lin, filed, await Version(filed), new FilingInput { Reason = FilingReason.NoConcreteContentOrIdentity }));

        domain.Clock.Advance(TimeSpan.FromDays(2)); // Wednesday 8/5
        await Reply(onTime);
        Ok(await petitions.ExtendAsync(wang, extended, await Version(extended), new ExtensionInput { Days = 15, Reason = "需函詢銀行" })); // due Monday 8/24

        domain.Clock.Advance(TimeSpan.FromDays(5)); // Monday 8/10, the day before the due date
        Ok(await petitions.LogInterimContactAsync(lin, lateContacted, await Version(lateContacted), new InterimContactInput { PersonReached = "陳情人本人", Summary = "說明進度" }));
        Ok(await petitions.LogInterimContactAsync(lin, openContacted, await Version(openContacted), new InterimContactInput { PersonReached = "陳情人本人", Summary = "說明進度" }));

        domain.Clock.Advance(TimeSpan.FromDays(3)); // Thursday 8/13: two days late
        await Reply(lateContacted);
        await Reply(lateBreach);

        domain.Clock.Advance(TimeSpan.FromDays(7)); // Thursday 8/20: after the first due date, within the extension
        await Reply(extended);

        domain.Clock.Advance(TimeSpan.FromDays(56)); // Thursday 10/15: the third quarter is over
        var report = (await stats.GetQuarterlyAsync(wang, 115)).Value;
        var q3 = report.Quarters[2];

        Assert.Equal(8, q3.Received);
        Assert.Equal([2, 1, 2, 3], q3.ByCategory);
        Assert.Equal(4, q3.Replied);
        Assert.Equal(2, q3.RepliedOnTime); // the ordinary one and the extended one replied by 8/24
        Assert.Equal(0.5, q3.OnTimeRate);
        Assert.Equal(1, q3.Extended);
        Assert.Equal(2, q3.LateWithInterimContact); // replied late and still open, both phoned before 8/11
        Assert.Equal(2, q3.Breach); // the extended reply is in neither late count
        Assert.Equal(1, q3.Transferred);
        Assert.Equal(1, q3.FiledWithoutAction);
        Assert.Equal(2, q3.StillOpen);
        var extendedDetail = (await petitions.GetAsync(wang, extended))!;
        Assert.Equal((new DateOnly(2026, 8, 24), DeadlineStatus.Done), (extendedDetail.DueOn, extendedDetail.Status));
        Assert.Equal((0, 0, 0, 0), (report.Quarters[3].Received, report.Quarters[3].Extended, report.Quarters[3].Breach, report.Quarters[3].LateWithInterimContact));
        Assert.Equal((1, 2, 2, 1, 1), (report.Total.Extended, report.Total.LateWithInterimContact, report.Total.Breach, report.Total.Transferred, report.Total.FiledWithoutAction));

        // Frozen, the quarter keeps these counts though the open ones are answered later.
        Ok(await stats.FreezeQuarterAsync(wang, 115, 3));
        await Reply(openContacted);
        await Reply(openBreach);
        var frozen = (await stats.GetQuarterlyAsync(wang, 115)).Value.Quarters[2];

        Assert.True(frozen.IsFrozen);
        Assert.Equal((4, 2, 1, 2, 2, 1, 1, 2), (frozen.Replied, frozen.RepliedOnTime, frozen.Extended, frozen.LateWithInterimContact, frozen.Breach, frozen.Transferred, frozen.FiledWithoutAction, frozen.StillOpen));
    }
}
