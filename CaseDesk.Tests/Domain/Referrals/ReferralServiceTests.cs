using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Dashboard;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Notifications;
using CaseDesk.Domain.Petitions;
using CaseDesk.Domain.Referrals;
using CaseDesk.Tests.Domain.Cases;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Referrals;

/// <summary>Welfare referrals through the service: the closed loop, the consent gate, working-day deadlines, access, reminders and the desk.</summary>
public sealed class ReferralServiceTests : ReferralStory
{
    private static readonly DateOnly Nov16 = new(2026, 11, 16);   // a Monday: acknowledgement due Mon 11/23, follow-up Mon 12/14
    private static readonly DateOnly Nov25 = new(2026, 11, 25);   // today: acknowledgement due Wed 12/2, follow-up Wed 12/23

    private static ReferralStep StepFor(ReferralAction action) => action switch
    {
        ReferralAction.RecordConsent => Consent(Nov25),
        ReferralAction.Send => Send(),
        ReferralAction.Acknowledge => Acknowledge(),
        ReferralAction.StartService => Start(),
        ReferralAction.Close => Close(),
        ReferralAction.Reject => Reject(),
        ReferralAction.Withdraw => Withdraw(),
        ReferralAction.Reopen => Reopen(),
        ReferralAction.FollowUp => FollowUp(new DateOnly(2026, 12, 4)),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    private async Task<int> OutboxCountAsync()
    {
        await using var db = await Domain.Db.OpenReadOnlyAsync();
        return await db.OutboxMails.CountAsync();
    }

    private async Task<EnforcementCase> CaseAsync()
    {
        await using var db = await Domain.Db.OpenReadOnlyAsync();
        return await db.Cases.AsNoTracking().SingleAsync(c => c.Id == CaseId);
    }

    private async Task<int> ReferralCountAsync()
    {
        await using var db = await Domain.Db.OpenReadOnlyAsync();
        return await db.Referrals.CountAsync();
    }

    // ── The closed loop ────────────────────────────────────────────────

    [Fact]
    public async Task FullLoop_DraftSentAcknowledgedInServiceClosed_KeepsEveryDate_AndAuditsEachStep()
    {
        var id = await DraftAsync(await FormAsync(consentOn: Nov16));
        var draft = await DetailAsync(id);
        Assert.Equal((ReferralState.Draft, "115轉00001"), (draft.State, draft.Number));
        Assert.Equal([ReferralAction.Send, ReferralAction.Withdraw], draft.PossibleActions);   // consent already on file

        await StepAsync(id, Send(SendMethod.Post, Nov16));
        var sent = await DetailAsync(id);
        await StepAsync(id, Acknowledge(new DateOnly(2026, 11, 18), "TY115-0042"));
        var acknowledged = await DetailAsync(id);
        await StepAsync(id, Start(new DateOnly(2026, 11, 20)));
        var inService = await DetailAsync(id);
        await StepAsync(id, Close(Nov25, ReferralOutcome.ServiceGiven, "社會局核定急難救助金 1 萬元"));
        var closed = await DetailAsync(id);

        Assert.Equal((ReferralState.Sent, Nov16, SendMethod.Post), (sent.State, sent.SentOn, sent.SendMethod));
        Assert.Equal(new DateOnly(2026, 11, 23), sent.AckDueOn);
        Assert.Equal(new DateOnly(2026, 12, 14), sent.FollowUpOn);
        Assert.Equal((ReferralState.Acknowledged, new DateOnly(2026, 11, 18), "TY115-0042"), (acknowledged.State, acknowledged.AcknowledgedOn, acknowledged.PartnerReference));
        Assert.Equal((ReferralState.InService, new DateOnly(2026, 11, 20)), (inService.State, inService.InServiceOn));
        Assert.Equal((ReferralState.Closed, Nov25, ReferralOutcome.ServiceGiven), (closed.State, closed.ClosedOn, closed.Outcome));
        Assert.Equal("社會局核定急難救助金 1 萬元", closed.OutcomeNote);
        Assert.Equal([ReferralAction.Reopen], closed.PossibleActions);
        Assert.True(closed.Version > draft.Version + 3);

        var summaries = (await AuditAsync(id)).Select(a => a.Summary).ToList();
        Assert.Contains(summaries, s => s.StartsWith("送出轉介（115/11/16，郵寄），回覆期限 115/11/23，追蹤日 115/12/14", StringComparison.Ordinal));
        Assert.Contains(summaries, s => s.Contains("合作單位收案（115/11/18，對方案號 TY115-0042）"));
        Assert.Contains(summaries, s => s.StartsWith("開始服務（115/11/20）", StringComparison.Ordinal));
        Assert.Contains(summaries, s => s.StartsWith("結案（115/11/25）：已提供服務", StringComparison.Ordinal));

        var finished = await Referrals.ListAsync(Lin, new ReferralQuery(ReferralFilter.Finished), new PageRequest(0, 50));
        Assert.Equal(id, Assert.Single(finished.Items).Id);
        Assert.Empty((await Referrals.ListAsync(Lin, new ReferralQuery(ReferralFilter.Open), new PageRequest(0, 50))).Items);
    }

    [Fact]
    public async Task Rejected_StaysInItsQuarter_ReopeningReturnsItWhereItStood_AndReferringElsewhereStartsANewReferral()
    {
        var id = await SentAsync();
        var sent = await DetailAsync(id);
        await StepAsync(id, Reject(Nov25, "非本局服務對象，請改轉介勞動局"));
        var rejected = await DetailAsync(id);

        // Referring elsewhere: a new referral starts from this one (obligor, needs, situation); partner and consent anew.
        var prefill = await Referrals.PrefillFromReferralAsync(Lin, id);
        var again = await Referrals.CreateAsync(Lin, prefill.Value with
        {
            PartnerId = LabourId, Needs = WelfareNeed.Employment, ConsentGiven = true, Consent = new ConsentInput(Nov25, ConsentMethod.OralRecorded, "林雅婷"),
        });
        await StepAsync(again.Value, Send(SendMethod.Post));
        var resent = await DetailAsync(again.Value);

        // A rejection recorded by mistake is reopened where it stood, its sending kept.
        await StepAsync(id, Reopen("退件登錄錯誤"));
        var reopened = await DetailAsync(id);

        Assert.Equal((ReferralState.Rejected, Nov25, "非本局服務對象，請改轉介勞動局"), (rejected.State, rejected.ClosedOn, rejected.StateReason));
        Assert.Equal((sent.SentOn, sent.SendMethod), (rejected.SentOn, rejected.SendMethod));   // the first sending stays on record (and in its quarter)
        Assert.True(prefill.Succeeded, prefill.ToString());
        Assert.Equal((rejected.ObligorName, rejected.Situation, (int?)null, false), (prefill.Value.ObligorName, prefill.Value.Situation, prefill.Value.PartnerId, prefill.Value.ConsentGiven));
        Assert.Equal((ReferralState.Sent, LabourId, WelfareNeed.Employment), (resent.State, resent.Partner.Id, resent.Needs));
        Assert.Equal(new DateOnly(2026, 12, 2), resent.AckDueOn);
        Assert.Equal((ReferralState.Sent, sent.SentOn, sent.AckDueOn, (DateOnly?)null), (reopened.State, reopened.SentOn, reopened.AckDueOn, reopened.ClosedOn));
        Assert.Contains(await AuditAsync(id), a => a.Summary.Contains("重新開啟（原「退件」，改為「已送出」）：退件登錄錯誤"));
    }

    [Fact]
    public async Task ASupervisorRelinkingADraftToAnotherUnitsCase_MovesTheReferralToThatUnit()
    {
        var id = await DraftAsync();
        string unit3Case;
        await using (var db = await Domain.Db.OpenReadOnlyAsync())
        {
            unit3Case = await db.Cases.Where(c => c.Unit!.Number == 3).Select(c => c.CaseNumber).FirstAsync();
        }

        Assert.Null(await Referrals.GetAsync(Chang, id));   // a unit-3 clerk does not see unit 5's draft
        var (input, version) = (await Referrals.GetDraftInputAsync(Wang, id))!.Value;

        var moved = await Referrals.UpdateDraftAsync(Wang, id, version, input with { CaseNumber = unit3Case });

        Assert.True(moved.Succeeded, moved.ToString());
        Assert.Equal(unit3Case, (await Referrals.GetAsync(Chang, id))!.CaseNumber);
        Assert.NotNull(await Referrals.GetAsync(Lin, id));   // still hers to follow as its clerk
        Assert.Contains(await AuditAsync(id), a => a.Summary.Contains("改連結其他股的執行案件"));
    }

    [Fact]
    public async Task ConsentSwitchedOffOnADraft_IsCleared_AndTheReferralCannotBeSent()
    {
        var id = await DraftAsync();
        var (input, version) = (await Referrals.GetDraftInputAsync(Lin, id))!.Value;
        Assert.True(input.ConsentGiven);

        var saved = await Referrals.UpdateDraftAsync(Lin, id, version, input with { ConsentGiven = false, Consent = null });
        var draft = await DetailAsync(id);
        var send = await ActAsync(id, Send(SendMethod.Post));

        Assert.True(saved.Succeeded, saved.ToString());
        Assert.Equal(((DateOnly?)null, (ConsentMethod?)null), (draft.ConsentOn, draft.ConsentMethod));
        Assert.Equal("referral_no_consent", Assert.Single(send.Errors).Code);
        Assert.Contains(await AuditAsync(id), a => a.Summary.Contains("撤銷義務人同意紀錄"));
    }

    [Theory]
    [InlineData(ReferralState.Draft)]
    [InlineData(ReferralState.Sent)]
    [InlineData(ReferralState.Acknowledged)]
    [InlineData(ReferralState.InService)]
    public async Task AnyOpenReferral_CanBeWithdrawn_AndReopeningReturnsItToWhereItStood(ReferralState state)
    {
        var id = await InStateAsync(state);
        var before = await DetailAsync(id);

        await StepAsync(id, Withdraw("義務人撤回同意"));
        var withdrawn = await DetailAsync(id);
        await StepAsync(id, Reopen("義務人再次同意"));
        var reopened = await DetailAsync(id);

        Assert.Equal((ReferralState.Withdrawn, Nov25, "義務人撤回同意"), (withdrawn.State, withdrawn.ClosedOn, withdrawn.StateReason));
        Assert.Equal(state, reopened.State);
        Assert.Null(reopened.ClosedOn);
        Assert.Equal("義務人再次同意", reopened.StateReason);
        Assert.Equal((before.SentOn, before.AckDueOn, before.AcknowledgedOn, before.InServiceOn), (reopened.SentOn, reopened.AckDueOn, reopened.AcknowledgedOn, reopened.InServiceOn));
    }

    [Fact]
    public async Task Withdraw_RecordsTheDateEntered_NeverBeforeTheLastStep_NorInTheFuture()
    {
        var id = await SentAsync(Nov16);
        await StepAsync(id, Acknowledge(new DateOnly(2026, 11, 18)));
        var draft = await DraftAsync();

        var beforeAcknowledged = await ActAsync(id, Withdraw(on: new DateOnly(2026, 11, 17)));
        var tomorrow = await ActAsync(id, Withdraw(on: new DateOnly(2026, 11, 26)));
        var draftBeforeDrafted = await ActAsync(draft, Withdraw(on: new DateOnly(2026, 11, 24)));
        await StepAsync(id, Withdraw("義務人來電撤回同意", new DateOnly(2026, 11, 20)));

        Assert.Equal(("withdraw_before_step", "On"), (Assert.Single(beforeAcknowledged.Errors).Code, beforeAcknowledged.Errors[0].Field));
        Assert.Contains("收案日（115/11/18）", beforeAcknowledged.Errors[0].Message);
        Assert.Equal("step_future", Assert.Single(tomorrow.Errors).Code);
        Assert.Contains("轉介建立日（115/11/25）", Assert.Single(draftBeforeDrafted.Errors).Message);
        var withdrawn = await DetailAsync(id);
        Assert.Equal((ReferralState.Withdrawn, new DateOnly(2026, 11, 20)), (withdrawn.State, withdrawn.ClosedOn));
        Assert.Contains(await AuditAsync(id), a => a.Summary == "撤回轉介（115/11/20）：義務人來電撤回同意");
        Assert.Equal(ReferralState.Draft, (await DetailAsync(draft)).State);
    }

    [Theory]
    [InlineData(true, ReferralState.InService)]
    [InlineData(false, ReferralState.Acknowledged)]
    public async Task Closed_IsReopenedWhereItStood_WithTheOutcomeCleared(bool serviceStarted, ReferralState expected)
    {
        var id = await SentAsync();
        await StepAsync(id, Acknowledge());
        if (serviceStarted)
        {
            await StepAsync(id, Start());
        }

        await StepAsync(id, Close(outcome: ReferralOutcome.NotEligible));
        await StepAsync(id, Reopen("合作單位來函更正，仍在服務中"));
        var reopened = await DetailAsync(id);

        Assert.Equal(expected, reopened.State);
        Assert.Equal((null, null, null), (reopened.Outcome, reopened.OutcomeNote, reopened.ClosedOn));
        Assert.Equal(Nov25, reopened.AcknowledgedOn);
    }

    [Theory]
    [InlineData(ReferralState.Sent, ReferralAction.Close)]
    [InlineData(ReferralState.Draft, ReferralAction.Acknowledge)]
    [InlineData(ReferralState.Sent, ReferralAction.StartService)]
    [InlineData(ReferralState.Sent, ReferralAction.Reopen)]
    [InlineData(ReferralState.InService, ReferralAction.Reopen)]
    [InlineData(ReferralState.Draft, ReferralAction.FollowUp)]
    [InlineData(ReferralState.Draft, ReferralAction.Close)]
    [InlineData(ReferralState.Acknowledged, ReferralAction.Send)]
    [InlineData(ReferralState.Sent, ReferralAction.RecordConsent)]
    [InlineData(ReferralState.Closed, ReferralAction.Withdraw)]
    [InlineData(ReferralState.Closed, ReferralAction.FollowUp)]
    [InlineData(ReferralState.Rejected, ReferralAction.Close)]
    [InlineData(ReferralState.Withdrawn, ReferralAction.Acknowledge)]
    [InlineData(ReferralState.InService, ReferralAction.Reject)]
    public async Task RefusedMove_FailsWithAChineseMessage_AndChangesNothing(ReferralState state, ReferralAction action)
    {
        var id = await InStateAsync(state);
        var before = await DetailAsync(id);
        var audited = (await AuditAsync(id)).Count;

        var refused = await Referrals.ActAsync(Lin, id, before.Version, StepFor(action));

        var error = Assert.Single(refused.Errors);
        Assert.Equal("referral_state", error.Code);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", error.Message);
        Assert.Equal(ReferralService.StateRefusal(state, action), error.Message);
        var after = await DetailAsync(id);
        Assert.Equal((state, before.Version), (after.State, after.Version));
        Assert.Equal((before.SentOn, before.AcknowledgedOn, before.ClosedOn, before.FollowUpOn), (after.SentOn, after.AcknowledgedOn, after.ClosedOn, after.FollowUpOn));
        Assert.Equal(audited, (await AuditAsync(id)).Count);
    }

    public static TheoryData<ReferralState, ReferralAction, bool> EveryMove()
    {
        // The closed loop as RULES.md §6 and the service describe it, written out by hand.
        var allowed = new HashSet<(ReferralState, ReferralAction)>
        {
            (ReferralState.Draft, ReferralAction.RecordConsent),
            (ReferralState.Draft, ReferralAction.Send),
            (ReferralState.Draft, ReferralAction.Withdraw),
            (ReferralState.Sent, ReferralAction.Acknowledge),
            (ReferralState.Sent, ReferralAction.Reject),
            (ReferralState.Sent, ReferralAction.Withdraw),
            (ReferralState.Sent, ReferralAction.FollowUp),
            (ReferralState.Acknowledged, ReferralAction.StartService),
            (ReferralState.Acknowledged, ReferralAction.Close),
            (ReferralState.Acknowledged, ReferralAction.Reject),
            (ReferralState.Acknowledged, ReferralAction.Withdraw),
            (ReferralState.Acknowledged, ReferralAction.FollowUp),
            (ReferralState.InService, ReferralAction.Close),
            (ReferralState.InService, ReferralAction.Withdraw),
            (ReferralState.InService, ReferralAction.FollowUp),
            (ReferralState.Closed, ReferralAction.Reopen),
            (ReferralState.Rejected, ReferralAction.Reopen),
            (ReferralState.Withdrawn, ReferralAction.Reopen),
        };
        var data = new TheoryData<ReferralState, ReferralAction, bool>();
        foreach (var state in Enum.GetValues<ReferralState>())
        {
            foreach (var action in Enum.GetValues<ReferralAction>())
            {
                data.Add(state, action, allowed.Contains((state, action)));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryMove))]
    public void StateRefusal_AllowsExactlyTheLoopsMoves_AndExplainsEveryOtherInChinese(ReferralState state, ReferralAction action, bool allowed)
    {
        var refusal = ReferralService.StateRefusal(state, action);

        if (allowed)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.NotNull(refusal);
            Assert.Matches(@"^\P{IsBasicLatin}", refusal);
            Assert.EndsWith("。", refusal, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void StateRefusal_SaysWhatToDoInstead()
    {
        Assert.Contains("退件", ReferralService.StateRefusal(ReferralState.Sent, ReferralAction.Close));
        Assert.Equal("轉介尚未送出，不能登錄收案。", ReferralService.StateRefusal(ReferralState.Draft, ReferralAction.Acknowledge));
        Assert.Equal("只有已結束的轉介可以重新開啟。", ReferralService.StateRefusal(ReferralState.Acknowledged, ReferralAction.Reopen));
        Assert.Equal("只有進行中的轉介可以記錄追蹤。", ReferralService.StateRefusal(ReferralState.Draft, ReferralAction.FollowUp));
    }

    // ── The consent gate ───────────────────────────────────────────────

    [Fact]
    public async Task Sending_WithoutConsent_IsRefused_NothingIsSavedOrMailed_ThenRecordingConsentLetsItGo()
    {
        var id = await DraftAsync(await FormAsync(consent: false));
        var before = await DetailAsync(id);

        var refused = await Referrals.ActAsync(Lin, id, before.Version, Send(SendMethod.Email));

        var error = Assert.Single(refused.Errors);
        Assert.Equal("referral_no_consent", error.Code);
        Assert.Contains("同意", error.Message);
        var after = await DetailAsync(id);
        Assert.Equal((ReferralState.Draft, before.Version, null, null), (after.State, after.Version, after.SentOn, after.AckDueOn));
        Assert.Equal(0, await OutboxCountAsync());
        Assert.Contains(ReferralAction.RecordConsent, after.PossibleActions);

        await StepAsync(id, Consent(Nov25, ConsentMethod.OralRecorded, "林雅婷"));
        var consented = await DetailAsync(id);
        await StepAsync(id, Send(SendMethod.Email));

        Assert.Equal((Nov25, ConsentMethod.OralRecorded, "林雅婷"), (consented.ConsentOn, consented.ConsentMethod, consented.ConsentRecordedBy));
        Assert.DoesNotContain(ReferralAction.RecordConsent, consented.PossibleActions);
        Assert.Equal(ReferralState.Sent, (await DetailAsync(id)).State);
        Assert.Equal(1, await OutboxCountAsync());
        Assert.Contains(await AuditAsync(id), a => a.Summary.StartsWith("記錄義務人同意（115/11/25，口頭，林雅婷）", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Consent_DatedInTheFuture_IsRefused_OnTheFormAndAsAStep()
    {
        var tomorrow = Nov25.AddDays(1);
        var id = await DraftAsync(await FormAsync(consent: false));
        var version = (await DetailAsync(id)).Version;

        var step = await Referrals.ActAsync(Lin, id, version, Consent(tomorrow));
        var form = await Referrals.CreateAsync(Lin, await FormAsync(consentOn: tomorrow));
        var noMethod = await Referrals.CreateAsync(Lin, (await FormAsync()) with { Consent = new ConsentInput(Nov25, null, "") });

        Assert.Contains(step.Errors, e => e.Code == "consent_future" && e.Field == "ConsentOn");
        Assert.Equal("consent_future", Assert.Single(form.Errors).Code);
        Assert.Equal(["consent_by", "consent_method"], noMethod.Errors.Select(e => e.Code).Order());
        var after = await DetailAsync(id);
        Assert.Equal((null, version), (after.ConsentOn, after.Version));
        Assert.Equal(1, await ReferralCountAsync());
    }

    [Fact]
    public async Task Sending_DatedBeforeTheConsent_IsRefused()
    {
        var id = await DraftAsync(await FormAsync(consentOn: new DateOnly(2026, 11, 20)));
        var version = (await DetailAsync(id)).Version;

        var early = await Referrals.ActAsync(Lin, id, version, Send(SendMethod.Post, new DateOnly(2026, 11, 18)));
        var future = await Referrals.ActAsync(Lin, id, version, Send(SendMethod.Post, Nov25.AddDays(1)));
        var sameDay = await Referrals.ActAsync(Lin, id, version, Send(SendMethod.Post, new DateOnly(2026, 11, 20)));

        var error = Assert.Single(early.Errors);
        Assert.Equal(("send_before_consent", "On"), (error.Code, error.Field));
        Assert.Contains("115/11/20", error.Message);
        Assert.Contains(future.Errors, e => e.Code == "step_future");
        Assert.True(sameDay.Succeeded, sameDay.ToString());
        Assert.Equal(new DateOnly(2026, 11, 20), (await DetailAsync(id)).SentOn);
    }

    // ── Working-day deadlines ──────────────────────────────────────────

    [Fact]
    public async Task Sending_CountsFiveAndTwentyWorkingDays_AcrossTheLunarNewYear()
    {
        // Thursday 115/2/12; 2/15–2/20 are the New Year holidays and 2/27 a bridge holiday (2/28 a Saturday).
        await RestartOnAsync(new DateOnly(2026, 2, 12));

        var id = await SentAsync();

        var sent = await DetailAsync(id);
        Assert.Equal(new DateOnly(2026, 2, 12), sent.SentOn);
        Assert.Equal(new DateOnly(2026, 2, 26), sent.AckDueOn);     // 2/13, 2/23, 2/24, 2/25, 2/26
        Assert.Equal(new DateOnly(2026, 3, 20), sent.FollowUpOn);   // 2/27 skipped too
    }

    [Fact]
    public async Task Sending_OnTheImportedCalendar_CountsTheMakeUpSaturday_AndSkipsLunarNewYear2024()
    {
        await RestartOnAsync(new DateOnly(2024, 2, 7));   // Wednesday; 2/8–2/14 off, Saturday 2/17 a make-up working day, 2/28 off
        var file = CalendarFileParser.Parse(Fixtures.Bytes("calendar/2024-q1.csv")).Value;
        Assert.True((await Domain.Get<CalendarService>().ImportAsync(Admin, file)).Succeeded);

        var id = await SentAsync();

        var sent = await DetailAsync(id);
        Assert.Equal("113轉00001", sent.Number);
        Assert.Equal(new DateOnly(2024, 2, 20), sent.AckDueOn);     // 2/15, 2/16, 2/17, 2/19, 2/20
        Assert.Equal(new DateOnly(2024, 3, 13), sent.FollowUpOn);
    }

    [Fact]
    public async Task ATyphoonDay_RecountsTheDeadlines_Audited_ButLeavesAFollowUpDateTheClerkSet()
    {
        var plain = await SentAsync();
        var clerkSet = await SentAsync();
        await StepAsync(clerkSet, FollowUp(new DateOnly(2026, 12, 10), "已電話提醒社工，約定 12/10 再詢問"));
        var acknowledged = await SentAsync();
        await StepAsync(acknowledged, Acknowledge());
        var closed = await SentAsync();
        await StepAsync(closed, Acknowledge());
        await StepAsync(closed, Close());
        var closedVersion = (await DetailAsync(closed)).Version;
        Assert.Equal((new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 23)), ((await DetailAsync(plain)).AckDueOn, (await DetailAsync(plain)).FollowUpOn));

        var declared = await Domain.Get<CalendarService>().SetDayAsync(Admin, new DateOnly(2026, 11, 30), true, "颱風停止上班");

        Assert.True(declared.Succeeded, declared.ToString());
        var p = await DetailAsync(plain);
        var c = await DetailAsync(clerkSet);
        var a = await DetailAsync(acknowledged);
        Assert.Equal((new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 24)), (p.AckDueOn, p.FollowUpOn));
        Assert.Equal((new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 10)), (c.AckDueOn, c.FollowUpOn));
        Assert.Equal((new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 24)), (a.AckDueOn, a.FollowUpOn));   // no longer awaited: the old deadline stays as history
        Assert.Equal(closedVersion, (await DetailAsync(closed)).Version);
        Assert.Contains(await AuditAsync(plain), e => e.Summary.Contains("期限依行事曆重算（115/11/30放假）"));
        Assert.Contains(await AuditAsync(clerkSet), e => e.Summary.Contains("期限依行事曆重算"));
        Assert.DoesNotContain(await AuditAsync(closed), e => e.Summary.Contains("期限依行事曆重算"));
    }

    [Fact]
    public async Task Sending_WithTheClerksFollowUpDate_KeepsIt_AndALaterTyphoonDayDoesNotMoveIt()
    {
        var chosen = await DraftAsync();
        await StepAsync(chosen, Send() with { NextFollowUpOn = new DateOnly(2026, 12, 10) });
        var byDefault = await SentAsync();
        var sent = await DetailAsync(chosen);
        Assert.Equal((new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 10)), (sent.AckDueOn, sent.FollowUpOn));
        Assert.Equal(new DateOnly(2026, 12, 23), (await DetailAsync(byDefault)).FollowUpOn);
        Assert.Contains(await AuditAsync(chosen), e => e.Summary.StartsWith("送出轉介（115/11/25，郵寄），回覆期限 115/12/02，追蹤日 115/12/10（承辦人指定）", StringComparison.Ordinal));

        var declared = await Domain.Get<CalendarService>().SetDayAsync(Admin, new DateOnly(2026, 11, 30), true, "颱風停止上班");

        Assert.True(declared.Succeeded, declared.ToString());
        var c = await DetailAsync(chosen);
        var d = await DetailAsync(byDefault);
        Assert.Equal((new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 10)), (c.AckDueOn, c.FollowUpOn));   // the acknowledgement deadline moves, the chosen date does not
        Assert.Equal((new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 24)), (d.AckDueOn, d.FollowUpOn));
    }

    [Fact]
    public async Task Sending_WithAFollowUpDateBeforeTheSendDate_IsRefused_OnThatField_AndNothingChanges()
    {
        var id = await DraftAsync(await FormAsync(consentOn: Nov16));
        var before = await DetailAsync(id);

        var refused = await ActAsync(id, Send(SendMethod.Post, new DateOnly(2026, 11, 20)) with { NextFollowUpOn = new DateOnly(2026, 11, 19) });
        var afterRefusal = await DetailAsync(id);
        var sameDay = await ActAsync(id, Send(SendMethod.Post, new DateOnly(2026, 11, 20)) with { NextFollowUpOn = new DateOnly(2026, 11, 20) });

        var error = Assert.Single(refused.Errors);
        Assert.Equal(("send_followup_before_sent", "NextFollowUpOn"), (error.Code, error.Field));
        Assert.Contains("115/11/20", error.Message);
        Assert.Equal((ReferralState.Draft, before.Version, (DateOnly?)null, (DateOnly?)null), (afterRefusal.State, afterRefusal.Version, afterRefusal.SentOn, afterRefusal.FollowUpOn));
        Assert.True(sameDay.Succeeded, sameDay.ToString());
        Assert.Equal(new DateOnly(2026, 11, 20), (await DetailAsync(id)).FollowUpOn);
    }

    [Theory]
    [InlineData(ReferralAction.Reject, ReferralState.Sent, "reject_reason")]
    [InlineData(ReferralAction.Withdraw, ReferralState.Sent, "withdraw_reason")]
    [InlineData(ReferralAction.Reopen, ReferralState.Closed, "reopen_reason")]
    [InlineData(ReferralAction.FollowUp, ReferralState.Acknowledged, "followup_note")]
    public async Task AStepWithoutItsReasonOrNote_GivesItsSingleError_OnNote_AndChangesNothing(ReferralAction action, ReferralState state, string code)
    {
        var id = await InStateAsync(state);
        var before = await DetailAsync(id);
        var audited = (await AuditAsync(id)).Count;

        var blank = await Referrals.ActAsync(Lin, id, before.Version, new ReferralStep { Action = action, Note = null });
        var spaces = await Referrals.ActAsync(Lin, id, before.Version, new ReferralStep { Action = action, Note = "　 " });

        foreach (var refused in new[] { blank, spaces })
        {
            var error = Assert.Single(refused.Errors);
            Assert.Equal((code, "Note"), (error.Code, error.Field));
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", error.Message);
        }

        var after = await DetailAsync(id);
        Assert.Equal((state, before.Version), (after.State, after.Version));
        Assert.Equal((before.ClosedOn, before.StateReason, before.FollowUpOn), (after.ClosedOn, after.StateReason, after.FollowUpOn));
        Assert.Equal(audited, (await AuditAsync(id)).Count);
    }

    [Fact]
    public async Task RejectingAndFollowingUp_AreAudited_WithTheDateAndWhatTheClerkWrote()
    {
        var rejected = await SentAsync();
        var followed = await SentAsync();

        await StepAsync(rejected, Reject(Nov25, "非本局服務對象，請改轉介勞動局"));
        await StepAsync(followed, FollowUp(new DateOnly(2026, 12, 4), "電話詢問社工，已安排 12/3 訪視"));
        await StepAsync(followed, FollowUp(null, "社工已訪視，結果待社會局核定"));

        var rejectLine = Assert.Single(await AuditAsync(rejected), e => e.Summary.Contains("退件"));
        Assert.Equal("合作單位退件（115/11/25）：非本局服務對象，請改轉介勞動局", rejectLine.Summary);
        Assert.Equal("林雅婷", rejectLine.UserName);
        var followUps = (await AuditAsync(followed)).Where(e => e.Summary.StartsWith("追蹤", StringComparison.Ordinal)).Select(e => e.Summary).ToList();
        Assert.Equal(["追蹤（115/11/25）：電話詢問社工，已安排 12/3 訪視；下次追蹤 115/12/04", "追蹤（115/11/25）：社工已訪視，結果待社會局核定；不再排定追蹤"], followUps);
        var detail = await DetailAsync(followed);
        Assert.Equal(((DateOnly?)null, Nov25, "社工已訪視，結果待社會局核定"), (detail.FollowUpOn, detail.LastFollowUpOn, detail.LastFollowUpNote));
    }

    // ── Bad input ──────────────────────────────────────────────────────

    [Fact]
    public async Task Sending_ByAMethodThePartnerCannotTake_IsRefused_WithWhatIsMissing()
    {
        var labour = await DraftAsync(await FormAsync(LabourId, WelfareNeed.Employment));
        var family = await DraftAsync(await FormAsync(FamilyId, WelfareNeed.FamilySupport));
        var version = (await DetailAsync(labour)).Version;

        var fax = await Referrals.ActAsync(Lin, labour, version, Send(SendMethod.Fax));
        var email = await Referrals.ActAsync(Lin, labour, version, Send(SendMethod.Email));
        var familyEmail = await Referrals.ActAsync(Lin, family, (await DetailAsync(family)).Version, Send(SendMethod.Email));
        var noMethod = await Referrals.ActAsync(Lin, labour, version, new ReferralStep { Action = ReferralAction.Send });

        var faxError = Assert.Single(fax.Errors);
        Assert.Equal(("send_no_contact", "Method"), (faxError.Code, faxError.Field));
        Assert.Equal("桃園市政府勞動及人力資源局沒有登錄傳真號碼，請先補登或改用其他方式。", faxError.Message);
        Assert.Contains("不接受電子郵件轉介", Assert.Single(email.Errors).Message);
        Assert.Equal("send_no_contact", Assert.Single(familyEmail.Errors).Code);
        Assert.Equal("send_method", Assert.Single(noMethod.Errors).Code);
        Assert.Equal(ReferralState.Draft, (await DetailAsync(labour)).State);
        Assert.Equal(0, await OutboxCountAsync());

        await StepAsync(labour, Send(SendMethod.Post));
        await StepAsync(family, Send(SendMethod.Fax));
        Assert.Equal(SendMethod.Post, (await DetailAsync(labour)).SendMethod);
        Assert.Equal(SendMethod.Fax, (await DetailAsync(family)).SendMethod);
        Assert.Equal(0, await OutboxCountAsync());   // only e-mail goes through the outbox
    }

    [Fact]
    public async Task Closing_NeedsAnOutcome_AndANoteWhenTheOutcomeIsOther()
    {
        var id = await InStateAsync(ReferralState.Acknowledged);
        var version = (await DetailAsync(id)).Version;

        var noOutcome = await Referrals.ActAsync(Lin, id, version, Close(outcome: null));
        var otherWithoutNote = await Referrals.ActAsync(Lin, id, version, Close(outcome: ReferralOutcome.Other, note: "  "));
        var beforeAck = await Referrals.ActAsync(Lin, id, version, Close(Nov25.AddDays(-1)));
        var unchanged = await DetailAsync(id);
        var other = await Referrals.ActAsync(Lin, id, version, Close(outcome: ReferralOutcome.Other, note: "義務人已搬離桃園，轉由新北市社會局續處"));

        Assert.Equal(("close_outcome", "Outcome"), (Assert.Single(noOutcome.Errors).Code, noOutcome.Errors[0].Field));
        Assert.Equal(("close_note", "Note"), (Assert.Single(otherWithoutNote.Errors).Code, otherWithoutNote.Errors[0].Field));
        Assert.Equal("close_before_ack", Assert.Single(beforeAck.Errors).Code);
        Assert.Equal((ReferralState.Acknowledged, version), (unchanged.State, unchanged.Version));
        Assert.True(other.Succeeded, other.ToString());
        var closed = await DetailAsync(id);
        Assert.Equal((ReferralOutcome.Other, "義務人已搬離桃園，轉由新北市社會局續處"), (closed.Outcome, closed.OutcomeNote));
    }

    [Fact]
    public async Task Acknowledgement_DatedBeforeSending_OrInTheFuture_IsRefused()
    {
        var id = await SentAsync(new DateOnly(2026, 11, 20));
        var version = (await DetailAsync(id)).Version;

        var before = await Referrals.ActAsync(Lin, id, version, Acknowledge(new DateOnly(2026, 11, 19)));
        var future = await Referrals.ActAsync(Lin, id, version, Acknowledge(Nov25.AddDays(1)));
        var longReference = await Referrals.ActAsync(Lin, id, version, Acknowledge(reference: new string('號', 51)));

        var error = Assert.Single(before.Errors);
        Assert.Equal(("ack_before_sent", "On"), (error.Code, error.Field));
        Assert.Contains("115/11/20", error.Message);
        Assert.Equal("step_future", Assert.Single(future.Errors).Code);
        Assert.Equal("ack_reference", Assert.Single(longReference.Errors).Code);
        var after = await DetailAsync(id);
        Assert.Equal((ReferralState.Sent, version, null), (after.State, after.Version, after.AcknowledgedOn));
    }

    [Fact]
    public async Task Partners_InUseAreDeactivatedNotDeleted_AndAnUnusedOneIsDeleted()
    {
        var draft = await DraftAsync();
        var social = (await Referrals.GetPartnersAsync()).Single(p => p.Id == SocialId);

        var delete = await Referrals.DeletePartnerAsync(Admin, SocialId, social.Version);
        var deactivate = await Referrals.SetPartnerActiveAsync(Admin, SocialId, social.Version, active: false);
        var active = await Referrals.GetPartnersAsync();
        var all = await Referrals.GetPartnersAsync(includeInactive: true);
        var sendToInactive = await Referrals.ActAsync(Lin, draft, (await DetailAsync(draft)).Version, Send());
        var newToInactive = await Referrals.CreateAsync(Lin, await FormAsync());
        var typo = await PartnerAsync(new PartnerInput { Name = "桃園市政府社會居", ContactName = "吳社工員", Phone = "03-3322101", Services = WelfareNeed.SocialAssistance });
        var typoVersion = (await Referrals.GetPartnersAsync()).Single(p => p.Id == typo).Version;
        var deleteTypo = await Referrals.DeletePartnerAsync(Admin, typo, typoVersion);

        var inUse = Assert.Single(delete.Errors);
        Assert.Equal("partner_in_use", inUse.Code);
        Assert.Contains("停用", inUse.Message);
        Assert.True(deactivate.Succeeded, deactivate.ToString());
        Assert.DoesNotContain(active, p => p.Id == SocialId);
        var kept = Assert.Single(all, p => p.Id == SocialId);
        Assert.Equal((false, 1), (kept.IsActive, kept.ReferralCount));
        Assert.Equal("send_partner_inactive", Assert.Single(sendToInactive.Errors).Code);
        Assert.Contains(newToInactive.Errors, e => e.Code == "referral_partner_inactive" && e.Field == "PartnerId");
        Assert.True(deleteTypo.Succeeded, deleteTypo.ToString());
        Assert.DoesNotContain(await Referrals.GetPartnersAsync(includeInactive: true), p => p.Id == typo);
        Assert.Equal(ReferralState.Draft, (await DetailAsync(draft)).State);

        var reactivated = await Referrals.SetPartnerActiveAsync(Admin, SocialId, kept.Version, active: true);
        Assert.True(reactivated.Succeeded, reactivated.ToString());
        await StepAsync(draft, Send());
    }

    [Fact]
    public async Task PartnerInput_IsValidated_WithFieldNames()
    {
        var empty = await Referrals.CreatePartnerAsync(Admin, new PartnerInput { Name = " ", AcceptsEmail = true });
        var badMail = await Referrals.CreatePartnerAsync(Admin, new PartnerInput { Name = "某協會", ContactName = "王社工", Email = "not-an-address", Services = WelfareNeed.Other });
        var duplicate = await Referrals.CreatePartnerAsync(Admin, new PartnerInput { Name = "桃園市政府社會局", ContactName = "王社工", Phone = "03-3322101", Services = WelfareNeed.SocialAssistance });

        var fields = empty.Errors.ToDictionary(e => e.Code, e => e.Field);
        Assert.Equal("Name", fields["partner_name"]);
        Assert.Equal("ContactName", fields["partner_contact"]);
        Assert.Equal("Services", fields["partner_services"]);
        Assert.Equal("Email", fields["partner_email_needed"]);
        Assert.Equal("Phone", fields["partner_no_contact"]);
        Assert.Contains(badMail.Errors, e => e.Code == "partner_email" && e.Field == "Email");
        Assert.Equal(("partner_duplicate", "Name"), (Assert.Single(duplicate.Errors).Code, duplicate.Errors[0].Field));
        Assert.Equal(3, (await Referrals.GetPartnersAsync(includeInactive: true)).Count);
    }

    [Fact]
    public async Task ReferralInput_IsValidated_WithFieldNames_AndNothingIsSaved()
    {
        var empty = await Referrals.CreateAsync(Lin, new ReferralInput { ObligorName = " ", ObligorIdNumber = "A123456788", Needs = WelfareNeed.None, Situation = " " });
        var wrongPartner = await Referrals.CreateAsync(Lin, await FormAsync(LabourId, WelfareNeed.SocialAssistance | WelfareNeed.FamilySupport));
        var otherUnexplained = await Referrals.CreateAsync(Lin, await FormAsync(LabourId, WelfareNeed.Employment | WelfareNeed.Other));
        var household = await Referrals.CreateAsync(Lin, (await FormAsync()) with { HouseholdSize = 2, Dependents = 2, MonthlyIncome = -1 });
        var unknownCase = await Referrals.CreateAsync(Lin, (await FormAsync()) with { CaseNumber = "115年度健保執字第99999999號" });
        var badPhone = await Referrals.CreateAsync(Lin, (await FormAsync()) with { ObligorPhone = "12345" });

        var fields = empty.Errors.ToDictionary(e => e.Code, e => e.Field);
        Assert.Equal("ObligorName", fields["referral_name"]);
        Assert.Equal("ObligorIdNumber", fields["referral_id"]);
        Assert.Equal("PartnerId", fields["referral_partner"]);
        Assert.Equal("Needs", fields["referral_needs"]);
        Assert.Equal("Situation", fields["referral_situation"]);
        var services = Assert.Single(wrongPartner.Errors);
        Assert.Equal(("referral_partner_services", "PartnerId"), (services.Code, services.Field));
        Assert.Contains("提供：就業服務", services.Message);
        Assert.Equal(("referral_other_need", "OtherNeed"), (Assert.Single(otherUnexplained.Errors).Code, otherUnexplained.Errors[0].Field));
        Assert.Equal(["referral_dependents", "referral_income"], household.Errors.Select(e => e.Code).Order());
        Assert.Equal(("referral_case", "CaseNumber"), (Assert.Single(unknownCase.Errors).Code, unknownCase.Errors[0].Field));
        Assert.Equal(("phone_invalid", "ObligorPhone"), (Assert.Single(badPhone.Errors).Code, badPhone.Errors[0].Field));
        Assert.Equal(0, await ReferralCountAsync());
    }

    [Fact]
    public async Task TwoNeeds_OneOfThemOffered_IsAccepted_AndOtherIsExplained()
    {
        var id = await DraftAsync(await FormAsync(SocialId, WelfareNeed.SocialAssistance | WelfareNeed.Other) with { OtherNeed = "協助申請醫療補助" });

        var detail = await DetailAsync(id);

        Assert.Equal(WelfareNeed.SocialAssistance | WelfareNeed.Other, detail.Needs);
        Assert.Equal("協助申請醫療補助", detail.OtherNeed);
        Assert.Equal("社會救助、其他", WelfareNeeds.Names(detail.Needs));
    }

    [Fact]
    public async Task Sentences_KeepTheirChinesePunctuation_WhileNumbersAreNormalized()
    {
        const string situation = "失業三個月，獨力扶養兩名子女（6 歲、3 歲）：急需協助。";
        var id = await DraftAsync((await FormAsync()) with { Situation = situation, ObligorPhone = "０９１２３４５６７８" });
        await StepAsync(id, Send());
        await StepAsync(id, Acknowledge(reference: "ＴＹ１１５－０１"));
        await StepAsync(id, FollowUp(new DateOnly(2026, 12, 4), "社工表示：已訪視，將申請急難救助。"));

        var detail = await DetailAsync(id);
        var form = await Referrals.GetFormAsync(Lin, id);

        Assert.Equal(situation, detail.Situation);
        Assert.Equal("社工表示：已訪視，將申請急難救助。", detail.LastFollowUpNote);
        Assert.Equal("TY115-01", detail.PartnerReference);
        Assert.Equal("0912-345-678", form!.ObligorPhone);
        Assert.Contains("失業三個月，獨力扶養兩名子女（6 歲、3 歲）：急需協助。", ReferralFormDocument.Render(form, standalone: false));
    }

    // ── Authorization ──────────────────────────────────────────────────

    [Fact]
    public async Task AnotherUnitsClerk_CannotRead_ActOn_OrListTheReferral_TheUnitsColleagueCan()
    {
        var id = await SentAsync();
        var version = (await DetailAsync(id)).Version;
        var unit3Supervisor = new Actor("user-sup3", "第3股主管", new HashSet<string> { Roles.Supervisor }, null, Chang.UnitId);

        var read = await Referrals.GetAsync(Chang, id);
        var acted = await Referrals.ActAsync(Chang, id, version, Acknowledge());
        var listed = await Referrals.ListAsync(Chang, new ReferralQuery(ReferralFilter.All), new PageRequest(0, 50));
        var form = await Referrals.GetFormAsync(Chang, id);
        var counts = await Referrals.CountsAsync(Chang);
        var supervisorOfUnit3 = await Referrals.GetAsync(unit3Supervisor, id);

        Assert.Null(read);
        Assert.Equal("forbidden", Assert.Single(acted.Errors).Code);
        Assert.DoesNotContain(listed.Items, r => r.Id == id);
        Assert.Equal(0, listed.TotalCount);
        Assert.Null(form);
        Assert.Equal(new ReferralCounts(0, 0, 0, 0, 0), counts);
        Assert.Null(supervisorOfUnit3);
        var after = await DetailAsync(id);
        Assert.Equal((ReferralState.Sent, version), (after.State, after.Version));

        // 林雅婷's colleague in 第5股 covers for her; 王建國 sees every unit.
        Assert.NotNull(await Referrals.GetAsync(LinColleague, id));
        Assert.Contains((await Referrals.ListAsync(LinColleague, new ReferralQuery(ReferralFilter.All), new PageRequest(0, 50))).Items, r => r.Id == id);
        await StepAsync(id, Acknowledge(), LinColleague);
        Assert.Equal(1, (await Referrals.CountsAsync(Wang)).InService);
    }

    [Fact]
    public async Task ADraft_CannotBeReadForEditingOrChangedByAnotherUnit()
    {
        var id = await DraftAsync();
        var version = (await DetailAsync(id)).Version;

        var input = await Referrals.GetDraftInputAsync(Chang, id);
        var update = await Referrals.UpdateDraftAsync(Chang, id, version, (await FormAsync()) with { Situation = "改寫" });

        Assert.Null(input);
        Assert.Equal("forbidden", Assert.Single(update.Errors).Code);
        Assert.Equal("失業三個月，獨力扶養兩名子女，無力繳納健保欠費。", (await DetailAsync(id)).Situation);
    }

    [Fact]
    public async Task OnlyAdmins_ManagePartners()
    {
        var social = (await Referrals.GetPartnersAsync()).Single(p => p.Id == SocialId);
        var input = new PartnerInput { Name = "某協會", ContactName = "王社工", Phone = "03-3322101", Services = WelfareNeed.FamilySupport };

        foreach (var actor in new[] { Lin, Wang, TestDomain.DutyOfficer() })
        {
            Assert.Equal("forbidden", Assert.Single((await Referrals.CreatePartnerAsync(actor, input)).Errors).Code);
            Assert.Equal("forbidden", Assert.Single((await Referrals.UpdatePartnerAsync(actor, SocialId, social.Version, input)).Errors).Code);
            Assert.Equal("forbidden", Assert.Single((await Referrals.SetPartnerActiveAsync(actor, SocialId, social.Version, false)).Errors).Code);
            Assert.Equal("forbidden", Assert.Single((await Referrals.DeletePartnerAsync(actor, FamilyId, social.Version)).Errors).Code);
        }

        var partners = await Referrals.GetPartnersAsync(includeInactive: true);
        Assert.Equal(3, partners.Count);
        Assert.All(partners, p => Assert.True(p.IsActive));
        Assert.Equal(social with { ReferralCount = 0 }, partners.Single(p => p.Id == SocialId));

        var renamed = await Referrals.UpdatePartnerAsync(Admin, SocialId, social.Version, input with { Name = "桃園市政府社會局（救助科）" });
        Assert.True(renamed.Succeeded, renamed.ToString());
        Assert.Contains(await Referrals.GetPartnersAsync(), p => p.Name == "桃園市政府社會局(救助科)");   // names are kept half-width, like the cases'
    }

    [Fact]
    public async Task AUnit5Clerk_CannotReferAUnit3Case_TheUnit3ClerkCan()
    {
        var input = await CaseServiceTests.ValidInputAsync(Domain, "115年度健保執字第00077001號");
        var unit3Case = await Domain.Get<CaseService>().CreateAsync(Chang, input with { UnitId = Chang.UnitId, ResponsibleClerkId = Chang.StaffId });
        Assert.True(unit3Case.Succeeded, unit3Case.ToString());
        var form = (await FormAsync()) with { CaseNumber = "115年度健保執字第00077001號", ObligorName = "陳志強", ObligorIdNumber = null, ObligorPhone = null };

        var byLin = await Referrals.CreateAsync(Lin, form);
        var prefill = await Referrals.PrefillFromCaseAsync(Lin, unit3Case.Value);
        var byChang = await Referrals.CreateAsync(Chang, form);

        Assert.Equal("forbidden", Assert.Single(byLin.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(prefill.Errors).Code);
        Assert.True(byChang.Succeeded, byChang.ToString());
        Assert.Equal(1, await ReferralCountAsync());
        Assert.Null(await Referrals.GetAsync(Lin, byChang.Value));
        var detail = await Referrals.GetAsync(Chang, byChang.Value);
        Assert.Equal(("張淑芬", "115年度健保執字第00077001號"), (detail!.ClerkName, detail.CaseNumber));
    }

    [Fact]
    public async Task DutyOfficersAndAdmins_CannotCreateReferrals()
    {
        var duty = await Referrals.CreateAsync(TestDomain.DutyOfficer(), await FormAsync());
        var admin = await Referrals.CreateAsync(Admin, await FormAsync());

        Assert.Equal("forbidden", Assert.Single(duty.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(admin.Errors).Code);
        Assert.Equal(0, await ReferralCountAsync());
    }

    // ── Concurrency ────────────────────────────────────────────────────

    [Fact]
    public async Task ActingWithAStaleVersion_IsAConflict_AndChangesNothing()
    {
        var id = await SentAsync();
        var seen = (await DetailAsync(id)).Version;
        await StepAsync(id, Acknowledge(reference: "TY115-0001"));
        var now = await DetailAsync(id);

        var stale = await Referrals.ActAsync(LinColleague, id, seen, Withdraw());

        Assert.True(stale.IsConflict);
        var after = await DetailAsync(id);
        Assert.Equal((ReferralState.Acknowledged, now.Version, "TY115-0001", null), (after.State, after.Version, after.PartnerReference, after.StateReason));
    }

    [Fact]
    public async Task EditingADraftWithAStaleVersion_IsAConflict()
    {
        var id = await DraftAsync();
        var (input, version) = (await Referrals.GetDraftInputAsync(Lin, id))!.Value;
        Assert.True((await Referrals.UpdateDraftAsync(Lin, id, version, input with { Situation = "第一次修改" })).Succeeded);

        var stale = await Referrals.UpdateDraftAsync(LinColleague, id, version, input with { Situation = "同時修改" });

        Assert.True(stale.IsConflict);
        Assert.Equal("第一次修改", (await DetailAsync(id)).Situation);
    }

    // ── Case deferral on sending ───────────────────────────────────────

    [Fact]
    public async Task Sending_CanDeferTheCase_UntilADate_WithAReason()
    {
        var id = await DraftAsync();
        var until = new DateOnly(2027, 2, 25);

        await StepAsync(id, Send() with { DeferCaseUntil = until, DeferReason = "轉介社會局評估期間暫緩執行" });

        var enforcementCase = await CaseAsync();
        Assert.Equal((CaseStatus.Deferred, until, "轉介社會局評估期間暫緩執行"), (enforcementCase.Status, enforcementCase.DeferredUntil, enforcementCase.DeferralReason));
        var detail = await DetailAsync(id);
        Assert.Equal(new CaseDeferral(until, "轉介社會局評估期間暫緩執行"), detail.Deferral);
        await using var db = await Domain.Db.OpenReadOnlyAsync();
        var key = CaseId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(await db.AuditEntries.Where(a => a.EntityType == nameof(EnforcementCase) && a.EntityId == key).ToListAsync(),
            a => a.Summary.Contains("暫緩執行至 116/02/25（轉介 115轉00001）"));
    }

    [Theory]
    [InlineData("2027-02-25", "", "defer_reason")]
    [InlineData("2027-05-26", "轉介期間暫緩", "defer_until")]   // beyond six months
    [InlineData("2026-11-25", "轉介期間暫緩", "defer_until")]   // not after today
    public async Task Deferral_WithoutAReason_OrBeyondSixMonths_IsRefused_AndNothingIsSaved(string until, string reason, string code)
    {
        var id = await DraftAsync();
        var version = (await DetailAsync(id)).Version;

        var refused = await Referrals.ActAsync(Lin, id, version, Send(SendMethod.Email) with { DeferCaseUntil = DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture), DeferReason = reason });

        Assert.Equal(code, Assert.Single(refused.Errors).Code);
        var after = await DetailAsync(id);
        Assert.Equal((ReferralState.Draft, version, null), (after.State, after.Version, after.SentOn));
        var enforcementCase = await CaseAsync();
        Assert.Equal((CaseStatus.InEnforcement, null), (enforcementCase.Status, enforcementCase.DeferredUntil));
        Assert.Equal(0, await OutboxCountAsync());
    }

    [Fact]
    public async Task Deferral_TickedWithoutADate_IsRefused_AndEndingTheReferralCanLiftIt_WhileAnEndingDeferralIsOnTheClerksDesk()
    {
        var id = await DraftAsync();
        var noDate = await ActAsync(id, Send() with { DeferCase = true, DeferReason = "轉介社會局評估期間暫緩執行" });
        Assert.Equal("defer_until", Assert.Single(noDate.Errors).Code);
        Assert.Equal(ReferralState.Draft, (await DetailAsync(id)).State);

        var until = new DateOnly(2026, 11, 27);   // ends within the warning window: on the clerk's desk
        await StepAsync(id, Send() with { DeferCase = true, DeferCaseUntil = until, DeferReason = "轉介社會局評估期間暫緩執行" });
        var desk = await Domain.Get<MyDeskService>().GetAsync(Lin);
        var item = Assert.Single(desk.Mine, i => i.Kind == "CaseDeferral");
        Assert.Equal((CaseId, until, DeadlineStatus.DueSoon), (item.Id, item.DueOn, item.Status));

        await StepAsync(id, Withdraw("義務人撤回同意") with { LiftDeferral = true });

        var enforcementCase = await CaseAsync();
        Assert.Equal((CaseStatus.InEnforcement, (DateOnly?)null, (string?)null), (enforcementCase.Status, enforcementCase.DeferredUntil, enforcementCase.DeferralReason));
        Assert.DoesNotContain((await Domain.Get<MyDeskService>().GetAsync(Lin)).Mine, i => i.Kind == "CaseDeferral");
        await using var db = await Domain.Db.OpenReadOnlyAsync();
        var key = CaseId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(await db.AuditEntries.Where(a => a.EntityType == nameof(EnforcementCase) && a.EntityId == key).ToListAsync(), a => a.Summary.Contains("解除暫緩執行"));
    }

    [Fact]
    public async Task Steps_CannotBeDatedBeforeTheStepsBeforeThem()
    {
        var id = await SentAsync(new DateOnly(2026, 11, 16));
        await StepAsync(id, Acknowledge(new DateOnly(2026, 11, 18)));
        var rejectBeforeAck = await ActAsync(id, Reject(new DateOnly(2026, 11, 17)));
        var followUpBeforeSending = await ActAsync(id, FollowUp(null) with { On = new DateOnly(2026, 11, 13) });
        await StepAsync(id, Start(new DateOnly(2026, 11, 20)));
        var closeBeforeService = await ActAsync(id, Close(new DateOnly(2026, 11, 19)));

        Assert.Equal("reject_before_ack", Assert.Single(rejectBeforeAck.Errors).Code);
        Assert.Equal("followup_before_sent", Assert.Single(followUpBeforeSending.Errors).Code);
        Assert.Equal("close_before_service", Assert.Single(closeBeforeService.Errors).Code);
        Assert.Equal(ReferralState.InService, (await DetailAsync(id)).State);
    }

    [Fact]
    public async Task Deferral_IsNotMarked_WhenTheSendingFailsForAnotherReason_OrTheCaseIsClosed()
    {
        var id = await DraftAsync(await FormAsync(LabourId, WelfareNeed.Employment));
        var defer = new ReferralStep { Action = ReferralAction.Send, Method = SendMethod.Fax, DeferCaseUntil = new DateOnly(2027, 1, 25), DeferReason = "轉介勞動局期間暫緩" };

        var noFax = await ActAsync(id, defer);
        var cases = Domain.Get<CaseService>();
        var (input, version) = (await cases.GetForEditAsync(Wang, CaseId)).Value;
        Assert.True((await cases.UpdateAsync(Wang, CaseId, version, input with { Status = CaseStatus.Closed })).Succeeded);
        var closedCase = await ActAsync(id, defer with { Method = SendMethod.Post });

        Assert.Equal("send_no_contact", Assert.Single(noFax.Errors).Code);
        Assert.Equal("defer_closed", Assert.Single(closedCase.Errors).Code);
        Assert.Equal((CaseStatus.Closed, null), ((await CaseAsync()).Status, (await CaseAsync()).DeferredUntil));
        Assert.Equal(ReferralState.Draft, (await DetailAsync(id)).State);
    }

    [Fact]
    public async Task Deferral_OfAWalkInWithoutACase_IsRefused()
    {
        var id = await DraftAsync(WalkIn(SocialId, WelfareNeed.EmergencyRelief, Nov25));

        var refused = await ActAsync(id, Send() with { DeferCaseUntil = new DateOnly(2027, 1, 25), DeferReason = "轉介期間暫緩" });
        var sixMonths = await ActAsync(id, Send() with { DeferCaseUntil = new DateOnly(2027, 5, 25), DeferReason = "轉介期間暫緩" });

        Assert.Equal("defer_no_case", Assert.Single(refused.Errors).Code);
        Assert.Equal("defer_no_case", Assert.Single(sixMonths.Errors).Code);
        Assert.Equal(ReferralState.Draft, (await DetailAsync(id)).State);
    }

    // ── Reminders, the desk and the dashboard ──────────────────────────

    private async Task<List<Notification>> NotificationsAsync()
    {
        await using var db = await Domain.Db.OpenReadOnlyAsync();
        return await db.Notifications.Where(n => n.ItemType == nameof(Referral)).OrderBy(n => n.Id).ToListAsync();
    }

    [Fact]
    public async Task Scan_AnOverdueAcknowledgement_TellsTheClerkOnce_AndNothingOnceAcknowledgedOrClosed()
    {
        var late = await SentAsync(Nov16);                 // due 11/23: overdue on 11/25
        var acknowledged = await SentAsync(Nov16);
        await StepAsync(acknowledged, Acknowledge(new DateOnly(2026, 11, 20)));
        var closed = await SentAsync(Nov16);
        await StepAsync(closed, Acknowledge(new DateOnly(2026, 11, 20)));
        await StepAsync(closed, Close());
        var fresh = await SentAsync();                      // due 12/2
        var dueToday = await SentAsync(new DateOnly(2026, 11, 18));   // due 11/25: not overdue until tomorrow
        var scan = Domain.Get<ReminderService>();

        var first = await scan.ScanAsync();
        var again = await scan.ScanAsync();

        Assert.Equal(1, first.Notifications);
        Assert.Equal(new ScanResult(0, 0, 0), again);
        var note = Assert.Single(await NotificationsAsync());
        Assert.Equal((LinUser, NotificationKind.ReferralAckOverdue, late, new DateOnly(2026, 11, 23), false), (note.UserId, note.Kind, note.ItemId, note.DueOn, note.IsUrgent));
        Assert.Equal((await DetailAsync(late)).Number, note.ItemNumber);
        Assert.Equal($"/referrals/{late}", new NotificationView(note.Id, note.Kind, note.IsUrgent, note.ItemType, note.ItemId, note.ItemNumber, note.DueOn, note.CreatedAtUtc, null).Link);
        Assert.DoesNotContain(await NotificationsAsync(), n => n.ItemId == fresh || n.ItemId == acknowledged || n.ItemId == closed || n.ItemId == dueToday);

        await StepAsync(late, Acknowledge());
        Domain.Clock.Advance(TimeSpan.FromDays(1));
        var tomorrow = await scan.ScanAsync();
        Assert.Equal(1, tomorrow.Notifications);
        Assert.Equal([late, dueToday], (await NotificationsAsync()).Select(n => n.ItemId));
    }

    [Fact]
    public async Task Scan_TheFollowUpDate_TellsTheClerkWhenItComes_NotBefore_AndNotForAClosedReferral()
    {
        var open = await SentAsync(Nov16);                  // follow-up Mon 12/14
        await StepAsync(open, Acknowledge(new DateOnly(2026, 11, 18)));
        var closed = await SentAsync(Nov16);
        await StepAsync(closed, Acknowledge(new DateOnly(2026, 11, 18)));
        await StepAsync(closed, Close());
        var scan = Domain.Get<ReminderService>();

        SetToday(new DateOnly(2026, 12, 11));
        await scan.ScanAsync();
        var friday = await NotificationsAsync();
        SetToday(new DateOnly(2026, 12, 14));
        await scan.ScanAsync();
        await scan.ScanAsync();
        var monday = await NotificationsAsync();

        Assert.Empty(friday);
        var note = Assert.Single(monday);
        Assert.Equal((LinUser, NotificationKind.ReferralFollowUpDue, open, new DateOnly(2026, 12, 14)), (note.UserId, note.Kind, note.ItemId, note.DueOn));

        // A follow-up recorded with a next date: heard of again on that date, not before.
        await StepAsync(open, FollowUp(new DateOnly(2026, 12, 21)));
        SetToday(new DateOnly(2026, 12, 18));
        await scan.ScanAsync();
        Assert.Single(await NotificationsAsync());
        SetToday(new DateOnly(2026, 12, 21));
        await scan.ScanAsync();
        Assert.Equal(2, (await NotificationsAsync()).Count(n => n.ItemId == open && n.Kind == NotificationKind.ReferralFollowUpDue));
    }

    [Fact]
    public async Task MyDesk_ShowsTheClerksOverdueAcknowledgementAndFollowUp_AndTheDashboardCountsThem()
    {
        var overdue = await SentAsync(Nov16);                                 // acknowledgement due 11/23
        var waiting = await SentAsync();                                      // due 12/2: not yet on the desk
        var followUp = await SentAsync(new DateOnly(2026, 10, 20));           // follow-up 11/18 (10/26 a bridge holiday)
        await StepAsync(followUp, Acknowledge(new DateOnly(2026, 10, 22)));
        var draft = await DraftAsync();

        var desk = await Domain.Get<MyDeskService>().GetAsync(Lin);
        var dashboard = await Domain.Get<DashboardService>().GetAsync(Wang);

        Assert.Equal(new DateOnly(2026, 11, 18), (await DetailAsync(followUp)).FollowUpOn);
        var items = desk.Mine.Where(i => i.Kind == "Referral").ToList();
        Assert.Equal([followUp, overdue], items.Select(i => i.Id));
        var ack = items.Single(i => i.Id == overdue);
        Assert.Equal((new DateOnly(2026, 11, 23), DeadlineStatus.Overdue, "ReferralState.Sent", $"/referrals/{overdue}", "陳志明"), (ack.DueOn, ack.Status, ack.StateKey, ack.Link, ack.Title));
        Assert.Equal(-2, ack.WorkingDaysLeft);
        Assert.Equal((new DateOnly(2026, 11, 18), DeadlineStatus.Overdue), (items[0].DueOn, items[0].Status));
        Assert.DoesNotContain(desk.Mine, i => i.Id == waiting && i.Kind == "Referral");
        Assert.DoesNotContain((await Domain.Get<MyDeskService>().GetAsync(Chang)).Mine, i => i.Kind == "Referral");

        Assert.True(dashboard.Succeeded, dashboard.ToString());
        Assert.Equal(new ReferralCounts(Drafts: 1, AwaitingAcknowledgement: 2, AcknowledgementOverdue: 1, InService: 1, FollowUpOverdue: 1), dashboard.Value.Referrals);
        Assert.Equal([overdue], (await Referrals.ListAsync(Lin, new ReferralQuery(ReferralFilter.AcknowledgementOverdue), new PageRequest(0, 50))).Items.Select(i => i.Id));
        Assert.Equal([followUp], (await Referrals.ListAsync(Lin, new ReferralQuery(ReferralFilter.FollowUpDue), new PageRequest(0, 50))).Items.Select(i => i.Id));
        Assert.Equal([draft], (await Referrals.ListAsync(Lin, new ReferralQuery(ReferralFilter.Drafts), new PageRequest(0, 50))).Items.Select(i => i.Id));
        Assert.True((await DetailAsync(overdue)).IsAckOverdue(Domain.Today));
        Assert.False((await DetailAsync(waiting)).IsAckOverdue(Domain.Today));
    }

    [Fact]
    public async Task FollowUps_TheDashboardCountsOnlyThoseOverdue_AsTheDeskAndTheListMarkThem()
    {
        var passed = await SentAsync(Nov16);
        var dueToday = await SentAsync(new DateOnly(2026, 11, 17));
        var toCome = await SentAsync(new DateOnly(2026, 11, 18));
        foreach (var id in new[] { passed, dueToday, toCome })
        {
            await StepAsync(id, Acknowledge(new DateOnly(2026, 11, 20))); // the desk then waits for the follow-up, not the acknowledgement
        }

        var today = (await DetailAsync(dueToday)).FollowUpOn!.Value;
        Assert.True((await DetailAsync(passed)).FollowUpOn < today && (await DetailAsync(toCome)).FollowUpOn > today);
        SetToday(today);

        var counts = (await Domain.Get<DashboardService>().GetAsync(Wang)).Value.Referrals;
        var overdueList = await Referrals.ListAsync(Wang, new ReferralQuery(ReferralFilter.FollowUpOverdue), new PageRequest(0, 50));
        var dueList = await Referrals.ListAsync(Wang, new ReferralQuery(ReferralFilter.FollowUpDue), new PageRequest(0, 50));
        var desk = (await Domain.Get<MyDeskService>().GetAsync(Lin)).Mine.Where(i => i.Kind == "Referral").ToDictionary(i => i.Id);

        Assert.Equal(1, counts.FollowUpOverdue);
        Assert.Equal([passed], overdueList.Items.Select(i => i.Id));
        Assert.Equal([passed, dueToday], dueList.Items.Select(i => i.Id));
        Assert.Equal(DeadlineStatus.Overdue, desk[passed].Status);
        Assert.Equal(DeadlineStatus.DueSoon, desk[dueToday].Status);
        Assert.True((await DetailAsync(passed)).IsFollowUpOverdue(today));
        Assert.False((await DetailAsync(dueToday)).IsFollowUpOverdue(today));
        Assert.True((await DetailAsync(dueToday)).IsFollowUpDue(today));
    }

    // ── The form ───────────────────────────────────────────────────────

    [Fact]
    public async Task TheForm_ShowsTheFullData_ToWhoeverWorksTheReferral_AndEveryLookIsAudited()
    {
        var id = await DraftAsync();
        var enforcementCase = await CaseAsync();

        var form = await Referrals.GetFormAsync(Lin, id);
        var detail = await DetailAsync(id);

        Assert.NotNull(form);
        Assert.True(form.IsDraft);
        Assert.Equal((enforcementCase.ObligorIdNumber, "陳志明", DemoData.StoryCaseNumber), (form.ObligorIdNumber, form.ObligorName, form.CaseNumber));
        Assert.Equal(("桃園市政府社會局", "社會救助科 吳社工員", "林雅婷"), (form.PartnerName, form.PartnerContact, form.ClerkName));
        Assert.NotEqual(enforcementCase.ObligorIdNumber, detail.ObligorIdMasked);
        Assert.Contains("*", detail.ObligorIdMasked);
        Assert.Contains(await AuditAsync(id), a => a.Action == AuditActions.ViewedPersonalData && a.Summary.Contains("列印個案轉介單 115轉00001"));
    }
}
