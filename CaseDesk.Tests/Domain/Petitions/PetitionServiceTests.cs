using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Petitions;

public sealed class PetitionServiceTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private PetitionService _petitions = default!;
    private Actor _lin = default!;
    private Actor _chang = default!;
    private Actor _wang = default!;
    private Actor _director = default!;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 10);
        _petitions = _domain.Get<PetitionService>();
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        var chang = await db.Staff.SingleAsync(s => s.Name == "張淑芬");
        var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
        var director = await db.Staff.SingleAsync(s => s.Name == "周文雄");
        _lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value, "林雅婷");
        _chang = TestDomain.Clerk(chang.Id, chang.UnitId!.Value, "張淑芬");
        _wang = TestDomain.Supervisor(wang.Id, "王建國");
        _director = TestDomain.Supervisor(director.Id, "周文雄");
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private PetitionInput Mailbox(DateOnly? receivedOn = null, int? handlerId = null) => new()
    {
        Channel = PetitionChannel.PublicOpinionMailbox,
        ReceivedOn = receivedOn ?? new DateOnly(2026, 11, 23),
        ReceivedAt = new TimeOnly(9, 0),
        PetitionerName = "吳先生",
        PetitionerPhone = "0922-111-333",
        Category = PetitionCategory.RightsProtection,
        Subject = "薪資遭重複扣押",
        Content = "本人薪資本月遭扣押兩次，請查明並退還。",
        UnitId = _lin.UnitId,
        HandlerId = handlerId ?? _lin.StaffId,
    };

    private async Task<(int Id, int Version)> RegisterAsync(PetitionInput? input = null)
    {
        var id = (await _petitions.RegisterAsync(_lin, input ?? Mailbox())).Value;
        return (id, (await _petitions.GetAsync(_wang, id))!.Version);
    }

    private async Task<int> VersionAsync(int id) => (await _petitions.GetAsync(_wang, id))!.Version;

    [Fact]
    public async Task Register_NumbersByRocYear_AndComputesTheDueDate()
    {
        var first = await _petitions.RegisterAsync(_lin, Mailbox());
        var second = await _petitions.RegisterAsync(_lin, Mailbox());

        Assert.True(first.Succeeded, first.ToString());
        var a = (await _petitions.GetAsync(_lin, first.Value))!;
        var b = (await _petitions.GetAsync(_lin, second.Value))!;
        Assert.Equal("115陳00001", a.Number);
        Assert.Equal("115陳00002", b.Number);
        Assert.Equal(new DateOnly(2026, 12, 1), a.DueOn);
        Assert.Equal(PetitionState.Assigned, a.State);
        Assert.Equal(DeadlineStatus.OnTrack, a.Status);
        Assert.Equal(4, a.WorkingDaysLeft);
        Assert.Contains("工作日", a.Deadline.Rule);
    }

    [Fact]
    public async Task Register_RequiredFieldsAndChannelRules_AreExplained()
    {
        var missing = await _petitions.RegisterAsync(_lin, new PetitionInput { ReceivedOn = _domain.Today });
        var forwarded = await _petitions.RegisterAsync(_lin, Mailbox() with { Channel = PetitionChannel.ForwardedByHigherAuthority });
        var oral = await _petitions.RegisterAsync(_lin, Mailbox() with { Channel = PetitionChannel.InPerson });
        var tooLong = await _petitions.RegisterAsync(_lin, Mailbox() with { Content = new string('字', Petition.ContentMaxLength + 1), PetitionerEmail = "not-an-email" });
        var future = await _petitions.RegisterAsync(_lin, Mailbox(_domain.Today.AddDays(1)));

        Assert.Contains(missing.Errors, e => e.Code == "channel_required");
        Assert.Contains(missing.Errors, e => e.Code == "category_required");
        Assert.Contains(missing.Errors, e => e.Code == "subject_required");
        Assert.Contains(forwarded.Errors, e => e.Code == "forwarding_authority_required");
        Assert.Contains(forwarded.Errors, e => e.Code == "forwarding_document_required");
        Assert.Contains(oral.Errors, e => e.Code == "oral_read_back");
        Assert.Contains(oral.Errors, e => e.Code == "oral_signed_by");
        Assert.Contains(tooLong.Errors, e => e.Code == "text_too_long" && e.Message.Contains("8,000"));
        Assert.Contains(tooLong.Errors, e => e.Code == "email_format");
        Assert.Contains(future.Errors, e => e.Code == "received_future");
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        Assert.Equal(0, await db.Petitions.CountAsync());
    }

    [Fact]
    public async Task Register_AnonymousOralAndForwarded_AreAccepted()
    {
        var anonymous = await _petitions.RegisterAsync(_lin, Mailbox() with { PetitionerName = null, PetitionerPhone = null });
        var oral = await _petitions.RegisterAsync(_lin, Mailbox() with { Channel = PetitionChannel.InPerson, RecordReadBack = true, RecordSignedBy = "陳志明" });
        var forwarded = await _petitions.RegisterAsync(_lin, Mailbox() with { Channel = PetitionChannel.ForwardedByHigherAuthority, ForwardingAuthority = "法務部行政執行署", ForwardingDocumentNumber = "行執一字第1150001234號", CaseNumber = DemoData.StoryCaseNumber });

        Assert.True(anonymous.Succeeded && oral.Succeeded && forwarded.Succeeded);
        var detail = (await _petitions.GetAsync(_lin, forwarded.Value))!;
        Assert.Equal(DemoData.StoryCaseNumber, detail.CaseNumber);
        Assert.Equal("行執一字第1150001234號", detail.ForwardingDocumentNumber);
        Assert.Equal("陳志明", (await _petitions.GetAsync(_lin, oral.Value))!.RecordSignedBy);
    }

    private PetitionInput Oral(DateOnly? signedOn = null, TimeOnly? signedAt = null) => Mailbox(_domain.Today) with
    {
        Channel = PetitionChannel.InPerson, RecordReadBack = true, RecordSignedBy = "陳志明", RecordSignedOn = signedOn, RecordSignedAt = signedAt,
    };

    [Fact]
    public async Task Register_OralPetition_KeepsWhenTheRecordWasSigned_AtReceiptUnlessEntered()
    {
        var atReceipt = await _petitions.RegisterAsync(_lin, Oral());
        var later = await _petitions.RegisterAsync(_lin, Oral(signedAt: new TimeOnly(9, 40)));

        Assert.True(atReceipt.Succeeded && later.Succeeded, $"{atReceipt} {later}");
        var a = (await _petitions.GetAsync(_lin, atReceipt.Value))!;
        var b = (await _petitions.GetAsync(_lin, later.Value))!;
        Assert.Equal(a.ReceivedAtUtc, a.RecordSignedAtUtc);
        Assert.Equal(new DateTime(2026, 11, 25, 1, 40, 0, DateTimeKind.Utc), b.RecordSignedAtUtc); // 09:40 in Taipei
        Assert.Equal("陳志明", b.RecordSignedBy);
        var mailbox = (await _petitions.GetAsync(_lin, (await _petitions.RegisterAsync(_lin, Mailbox() with { RecordSignedAt = new TimeOnly(9, 40) })).Value))!;
        Assert.Null(mailbox.RecordSignedAtUtc);
    }

    [Fact]
    public async Task Register_OralRecordSignedBeforeReceiptOrInTheFuture_IsRefused_AndNothingIsSaved()
    {
        var before = await _petitions.RegisterAsync(_lin, Oral(signedAt: new TimeOnly(8, 59)));
        var future = await _petitions.RegisterAsync(_lin, Oral(signedAt: new TimeOnly(10, 1)));
        var dayBefore = await _petitions.RegisterAsync(_lin, Oral(signedOn: new DateOnly(2026, 11, 24), signedAt: new TimeOnly(15, 0)));
        var noTime = await _petitions.RegisterAsync(_lin, Oral(signedOn: _domain.Today));

        var tooEarly = Assert.Single(before.Errors);
        Assert.Equal(("record_signed_before_receipt", nameof(PetitionInput.RecordSignedOn)), (tooEarly.Code, tooEarly.Field));
        Assert.Contains("115/11/25 09:00", tooEarly.Message);
        Assert.Equal(("record_signed_future", nameof(PetitionInput.RecordSignedOn)), (Assert.Single(future.Errors).Code, future.Errors[0].Field));
        Assert.Equal("record_signed_before_receipt", Assert.Single(dayBefore.Errors).Code);
        Assert.Equal(("record_signed_time_required", nameof(PetitionInput.RecordSignedAt)), (Assert.Single(noTime.Errors).Code, noTime.Errors[0].Field));
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        Assert.Equal(0, await db.Petitions.CountAsync());
    }

    [Fact]
    public async Task Update_OralPetition_ShowsTheSigningTimeInTheForm_AndCorrectsIt()
    {
        var (id, v) = await RegisterAsync(Oral(signedAt: new TimeOnly(9, 40)));
        var (input, _) = (await _petitions.GetForEditAsync(_lin, id)).Value;

        var corrected = await _petitions.UpdateAsync(_lin, id, v, input with { RecordSignedAt = new TimeOnly(9, 50) });
        var future = await _petitions.UpdateAsync(_lin, id, await VersionAsync(id), input with { RecordSignedAt = new TimeOnly(11, 0) });

        Assert.Equal((_domain.Today, new TimeOnly(9, 40)), (input.RecordSignedOn, input.RecordSignedAt));
        Assert.True(corrected.Succeeded, corrected.ToString());
        Assert.Equal("record_signed_future", Assert.Single(future.Errors).Code);
        Assert.Equal(new DateTime(2026, 11, 25, 1, 50, 0, DateTimeKind.Utc), (await _petitions.GetAsync(_lin, id))!.RecordSignedAtUtc);
    }

    [Fact]
    public async Task HappyPath_RegisterSubmitApproveReplyClose_WithFourEyes()
    {
        var (id, v) = await RegisterAsync();

        Assert.True((await _petitions.StartAsync(_lin, id, v)).Succeeded);
        Assert.True((await _petitions.SubmitAsync(_lin, id, await VersionAsync(id), "經查係銀行作業疏失，已函請退還。")).Succeeded);
        var selfApproval = await _petitions.ApproveAsync(TestDomain.Supervisor(_lin.StaffId!.Value, "林雅婷"), id, await VersionAsync(id));
        var approved = await _petitions.ApproveAsync(_wang, id, await VersionAsync(id));
        var beforeReceipt = await _petitions.MarkRepliedAsync(_lin, id, await VersionAsync(id), new ReplyInput { SentOn = new DateOnly(2026, 11, 20), Method = ReplyMethod.Letter, Reference = "桃執法字第1150000001號" });
        var replied = await _petitions.MarkRepliedAsync(_lin, id, await VersionAsync(id), new ReplyInput { SentOn = _domain.Today, Method = ReplyMethod.Letter, Reference = "桃執法字第1150000001號" });
        var closed = await _petitions.CloseAsync(_lin, id, await VersionAsync(id));

        Assert.Equal("four_eyes", Assert.Single(selfApproval.Errors).Code);
        Assert.True(approved.Succeeded, approved.ToString());
        var tooEarly = Assert.Single(beforeReceipt.Errors);
        Assert.Equal(("reply_before_receipt", "SentOn"), (tooEarly.Code, tooEarly.Field));
        Assert.Contains("115/11/23", tooEarly.Message);
        Assert.True(replied.Succeeded, replied.ToString());
        Assert.True(closed.Succeeded, closed.ToString());
        var detail = (await _petitions.GetAsync(_wang, id))!;
        Assert.Equal(PetitionState.Closed, detail.State);
        Assert.Equal("王建國", detail.ApprovedBy);
        Assert.Equal("經查係銀行作業疏失，已函請退還。", detail.ReplyText);
        Assert.Equal(DeadlineStatus.Done, detail.Status);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var summaries = await db.AuditEntries.Where(a => a.EntityType == nameof(Petition) && a.EntityId == id.ToString()).OrderBy(a => a.Id).Select(a => a.Summary).ToListAsync();
        // The handler's own approval attempt stays in the petition's timeline, between the submission and the real sign-off.
        Assert.Equal(["新增陳情案件", "開始辦理", "函復稿陳核", "遭拒：承辦人不能核定自己的函復；請由其他主管核定。（Approve）", "核定函復（王建國）", "函復發文（115/11/25，桃執法字第1150000001號），如期", "結案"], summaries);
    }

    [Fact]
    public async Task IllegalMoves_AreRefusedWithAMessage()
    {
        var (id, v) = await RegisterAsync();

        var approveEarly = await _petitions.ApproveAsync(_wang, id, v);
        var replyEarly = await _petitions.MarkRepliedAsync(_lin, id, v, new ReplyInput { SentOn = _domain.Today, Method = ReplyMethod.Email, Reference = "x" });
        var closeEarly = await _petitions.CloseAsync(_lin, id, v);
        var reopenOpen = await _petitions.ReopenAsync(_wang, id, v, "再查");
        var emptyReply = await _petitions.SubmitAsync(_lin, id, v, "  ");
        var clerkReopen = await _petitions.ReopenAsync(_lin, id, v, "再查");

        Assert.Equal("petition_state", Assert.Single(approveEarly.Errors).Code);
        Assert.Equal("petition_not_approved", Assert.Single(replyEarly.Errors).Code);
        Assert.Equal("petition_state", Assert.Single(closeEarly.Errors).Code);
        Assert.Equal("petition_open", Assert.Single(reopenOpen.Errors).Code);
        Assert.Equal("reply_required", Assert.Single(emptyReply.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(clerkReopen.Errors).Code);
        Assert.Equal(PetitionState.Assigned, (await _petitions.GetAsync(_wang, id))!.State);
    }

    [Fact]
    public async Task ReturnForRevision_GoesBackToTheHandler_ThenReopenAfterClose()
    {
        var (id, v) = await RegisterAsync();
        await _petitions.SubmitAsync(_lin, id, v, "初稿");

        var returned = await _petitions.ReturnAsync(_wang, id, await VersionAsync(id), "請補充銀行回函日期");
        await _petitions.SubmitAsync(_lin, id, await VersionAsync(id), "修正稿");
        await _petitions.ApproveAsync(_wang, id, await VersionAsync(id));
        await _petitions.MarkRepliedAsync(_lin, id, await VersionAsync(id), new ReplyInput { SentOn = _domain.Today, Method = ReplyMethod.Email, Reference = "電子郵件" });
        await _petitions.CloseAsync(_lin, id, await VersionAsync(id));
        var extendClosed = await _petitions.ExtendAsync(_wang, id, await VersionAsync(id), new ExtensionInput { Days = 15, Reason = "複雜" });
        var reopened = await _petitions.ReopenAsync(_wang, id, await VersionAsync(id), "陳情人來電表示銀行仍未退款");

        Assert.True(returned.Succeeded);
        Assert.Equal("petition_closed", Assert.Single(extendClosed.Errors).Code);
        Assert.True(reopened.Succeeded);
        var detail = (await _petitions.GetAsync(_wang, id))!;
        Assert.Equal(PetitionState.InProgress, detail.State);
        Assert.Null(detail.RepliedOn);
        Assert.Equal("陳情人來電表示銀行仍未退款", detail.ReopenReason);
    }

    [Fact]
    public async Task Extension_SectionChiefTo15_DirectorBeyondWithWrittenNotice()
    {
        var (id, v) = await RegisterAsync();

        var byHandler = await _petitions.ExtendAsync(TestDomain.Supervisor(_lin.StaffId!.Value, "林雅婷"), id, v, new ExtensionInput { Days = 15, Reason = "需函詢銀行" });
        var noReason = await _petitions.ExtendAsync(_wang, id, v, new ExtensionInput { Days = 15 });
        var to15 = await _petitions.ExtendAsync(_wang, id, v, new ExtensionInput { Days = 15, Reason = "需函詢銀行" });
        var to30ByChief = await _petitions.ExtendAsync(_wang, id, await VersionAsync(id), new ExtensionInput { Days = 30, Reason = "銀行尚未回覆" });
        var to30NoNotice = await _petitions.ExtendAsync(_director, id, await VersionAsync(id), new ExtensionInput { Days = 30, Reason = "銀行尚未回覆" });
        var to30 = await _petitions.ExtendAsync(_director, id, await VersionAsync(id), new ExtensionInput { Days = 30, Reason = "銀行尚未回覆", NoticeSentOn = _domain.Today, NoticeReference = "桃執法字第1150000002號" });

        Assert.Equal("forbidden", Assert.Single(byHandler.Errors).Code);
        Assert.Contains(noReason.Errors, e => e.Code == "extension_reason_required");
        Assert.True(to15.Succeeded, to15.ToString());
        Assert.Contains(to30ByChief.Errors, e => e.Code == "extension_director_only");
        Assert.Contains(to30NoNotice.Errors, e => e.Code == "extension_notice_required");
        Assert.True(to30.Succeeded, to30.ToString());
        var detail = (await _petitions.GetAsync(_lin, id))!;
        Assert.Equal(30, detail.DeadlineDays);
        Assert.Equal(2, detail.Extensions.Count);
        Assert.True(detail.Extensions[1].ByDirector);
        Assert.Equal(DeadlineStatus.Extended, detail.Status);
        var page = await _petitions.SearchAsync(_lin, new PetitionQuery { Status = DeadlineStatus.Extended }, new PageRequest(0, 10));
        Assert.Equal(id, Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task InterimContact_BeforeTheDeadline_MakesALateReplyLateWithContact_NotABreach()
    {
        var (withContact, v1) = await RegisterAsync();
        var (without, _) = await RegisterAsync();
        _domain.Clock.Advance(TimeSpan.FromDays(5)); // Monday 11/30, one working day before 12/1.
        var logged = await _petitions.LogInterimContactAsync(_lin, withContact, v1, new InterimContactInput { PersonReached = "吳先生本人", Summary = "說明已函詢銀行，待回覆後函復" });

        _domain.Clock.Advance(TimeSpan.FromDays(2)); // Wednesday 12/2: past due.
        var a = (await _petitions.GetAsync(_lin, withContact))!;
        var b = (await _petitions.GetAsync(_lin, without))!;
        var late = await _petitions.LogInterimContactAsync(_lin, without, b.Version, new InterimContactInput { PersonReached = "吳先生", Summary = "逾期後才聯繫" });
        var stillBreach = (await _petitions.GetAsync(_lin, without))!;

        Assert.True(logged.Succeeded, logged.ToString());
        Assert.Equal(DeadlineStatus.LateWithInterimContact, a.Status);
        Assert.Single(a.Contacts);
        Assert.Equal(DeadlineStatus.Breach, b.Status);
        Assert.True(late.Succeeded);
        Assert.Equal(DeadlineStatus.Breach, stillBreach.Status);
        var breaches = await _petitions.SearchAsync(_wang, new PetitionQuery { Scope = PetitionScope.All, Status = DeadlineStatus.Breach }, new PageRequest(0, 10));
        Assert.Equal(without, Assert.Single(breaches.Items).Id);
    }

    [Fact]
    public async Task NewHoliday_RecomputesOpenPetitions_AndAuditsWhy()
    {
        var (id, _) = await RegisterAsync();
        var (replied, v) = await RegisterAsync();
        await _petitions.SubmitAsync(_lin, replied, v, "答覆");
        await _petitions.ApproveAsync(_wang, replied, await VersionAsync(replied));
        await _petitions.MarkRepliedAsync(_lin, replied, await VersionAsync(replied), new ReplyInput { SentOn = _domain.Today, Method = ReplyMethod.Letter, Reference = "文號" });

        var result = await _domain.Get<CalendarService>().SetDayAsync(TestDomain.Admin(), new DateOnly(2026, 11, 27), true, "颱風停止上班");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(new DateOnly(2026, 12, 2), (await _petitions.GetAsync(_lin, id))!.DueOn);
        Assert.Equal(new DateOnly(2026, 12, 1), (await _petitions.GetAsync(_lin, replied))!.DueOn);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var row = await db.AuditEntries.Where(a => a.EntityType == nameof(Petition) && a.EntityId == id.ToString()).OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal("陳怡君", row.UserName);
        Assert.Contains("颱風停止上班", row.Summary);
        Assert.Contains("115/12/01 改為 115/12/02", row.Summary);
    }

    [Fact]
    public async Task TransferAndFiling_CloseThePetition_AndNeedTheirFacts()
    {
        var (transfer, v1) = await RegisterAsync();
        var (filed, v2) = await RegisterAsync(Mailbox() with { PetitionerName = null, PetitionerPhone = null });
        var (repeat, v3) = await RegisterAsync();

        var noTarget = await _petitions.TransferAsync(_lin, transfer, v1, new TransferInput { DocumentNumber = "桃執法字第1號", TransferredOn = _domain.Today, PetitionerToldOn = _domain.Today });
        var transferred = await _petitions.TransferAsync(_lin, transfer, v1, new TransferInput { To = "桃園市政府地方稅務局", DocumentNumber = "桃執法字第1號", TransferredOn = _domain.Today, PetitionerToldOn = _domain.Today });
        var filedOk = await _petitions.FileWithoutActionAsync(_lin, filed, v2, new FilingInput { Reason = FilingReason.NoConcreteContentOrIdentity });
        var repeatNoRelated = await _petitions.FileWithoutActionAsync(_lin, repeat, v3, new FilingInput { Reason = FilingReason.RepeatedAfterClearAnswer });
        var number = (await _petitions.GetAsync(_lin, await RepliedAsync()))!.Number;   // the earlier petition, answered
        var repeatOk = await _petitions.FileWithoutActionAsync(_lin, repeat, v3, new FilingInput { Reason = FilingReason.RepeatedAfterClearAnswer, RelatedPetitionNumber = number });

        Assert.Contains(noTarget.Errors, e => e.Code == "transfer_to_required");
        Assert.True(transferred.Succeeded && filedOk.Succeeded && repeatOk.Succeeded);
        Assert.Equal("related_required", Assert.Single(repeatNoRelated.Errors).Code);
        Assert.Equal(PetitionState.Transferred, (await _petitions.GetAsync(_lin, transfer))!.State);
        var repeatDetail = (await _petitions.GetAsync(_lin, repeat))!;
        Assert.Equal(PetitionState.FiledWithoutAction, repeatDetail.State);
        Assert.Equal(number, repeatDetail.RelatedPetitionNumber);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        Assert.Equal(4, await db.Petitions.CountAsync());
    }

    [Fact]
    public async Task Visibility_ClerksSeeTheirOwnAndTheirUnit_SupervisorsAll()
    {
        var (id, _) = await RegisterAsync();

        Assert.NotNull(await _petitions.GetAsync(_lin, id));
        Assert.Null(await _petitions.GetAsync(_chang, id));
        Assert.Null(await _petitions.GetAsync(TestDomain.DutyOfficer(), id));
        var changWork = await _petitions.StartAsync(_chang, id, await VersionAsync(id));
        Assert.Equal("forbidden", Assert.Single(changWork.Errors).Code);
        Assert.Equal(1, (await _petitions.SearchAsync(_lin, new PetitionQuery { Scope = PetitionScope.Mine }, new PageRequest(0, 10))).TotalCount);
        Assert.Equal(0, (await _petitions.SearchAsync(_chang, new PetitionQuery { Scope = PetitionScope.All }, new PageRequest(0, 10))).TotalCount);
        Assert.Equal(1, (await _petitions.SearchAsync(_wang, new PetitionQuery { Scope = PetitionScope.All }, new PageRequest(0, 10))).TotalCount);
    }

    [Fact]
    public async Task ConcurrentWork_SecondActionOnAStaleVersion_IsAConflict()
    {
        var (id, v) = await RegisterAsync();

        var first = await _petitions.LogInterimContactAsync(_lin, id, v, new InterimContactInput { PersonReached = "吳先生", Summary = "說明進度" });
        var second = await _petitions.SubmitAsync(_wang, id, v, "主管代擬");

        Assert.True(first.Succeeded);
        Assert.True(second.IsConflict);
        Assert.Contains("林雅婷", second.Errors[0].Message);
    }

    [Fact]
    public async Task InterimContact_RecordedAfterTheDeadline_WithAnEarlierCallTime_StaysABreach()
    {
        var (id, v) = await RegisterAsync(); // due 12/1
        _domain.Clock.Advance(TimeSpan.FromDays(7)); // Wednesday 12/2, past due

        var backdated = await _petitions.LogInterimContactAsync(_lin, id, v, new InterimContactInput
        {
            ContactedAtLocal = new DateTime(2026, 11, 30, 10, 0, 0), PersonReached = "吳先生", Summary = "補登上週的電話",
        });

        Assert.True(backdated.Succeeded);
        Assert.Equal(DeadlineStatus.Breach, (await _petitions.GetAsync(_lin, id))!.Status);
    }

    [Fact]
    public async Task Extension_AfterTheDueDate_IsRefused()
    {
        var (id, v) = await RegisterAsync(); // due 12/1
        _domain.Clock.Advance(TimeSpan.FromDays(7));

        var late = await _petitions.ExtendAsync(_wang, id, v, new ExtensionInput { Days = 15, Reason = "銀行未回覆" });

        Assert.Equal("extension_after_due", Assert.Single(late.Errors).Code);
        Assert.Equal(DeadlineStatus.Breach, (await _petitions.GetAsync(_lin, id))!.Status);
    }

    [Fact]
    public async Task Reopen_GivesANewDeadlineFromTheDayItReopened()
    {
        var (id, v) = await RegisterAsync();
        await _petitions.FileWithoutActionAsync(_lin, id, v, new FilingInput { Reason = FilingReason.NoConcreteContentOrIdentity });
        _domain.Clock.Advance(TimeSpan.FromDays(14)); // Wednesday 12/9

        var reopened = await _petitions.ReopenAsync(_wang, id, await VersionAsync(id), "陳情人補正具體內容");

        Assert.True(reopened.Succeeded, reopened.ToString());
        var detail = (await _petitions.GetAsync(_lin, id))!;
        Assert.Equal(new DateOnly(2026, 12, 17), detail.DueOn); // 6 working days after 12/9
        Assert.Equal(DeadlineStatus.OnTrack, detail.Status);
    }

    /// <summary>Received Mon 11/23 (due 12/1), filed, reopened on Wed 12/9: due again Thu 12/17.</summary>
    private async Task<int> ReopenedOnDec9Async(bool extendFirst = false)
    {
        var (id, v) = await RegisterAsync();
        if (extendFirst)
        {
            Assert.True((await _petitions.ExtendAsync(_wang, id, v, new ExtensionInput { Days = 15, Reason = "需函詢銀行" })).Succeeded);
        }

        await _petitions.FileWithoutActionAsync(_lin, id, await VersionAsync(id), new FilingInput { Reason = FilingReason.NoConcreteContentOrIdentity });
        _domain.Clock.Advance(TimeSpan.FromDays(14)); // Wednesday 12/9
        var reopened = await _petitions.ReopenAsync(_wang, id, await VersionAsync(id), "陳情人補正具體內容");
        Assert.True(reopened.Succeeded, reopened.ToString());
        return id;
    }

    [Fact]
    public async Task Reopen_ThenANewHoliday_RecountsFromTheReopenDay_NotFromReceipt()
    {
        var id = await ReopenedOnDec9Async();

        var result = await _domain.Get<CalendarService>().SetDayAsync(TestDomain.Admin(), new DateOnly(2026, 12, 11), true, "颱風停止上班");

        Assert.True(result.Succeeded, result.ToString());
        var detail = (await _petitions.GetAsync(_lin, id))!;
        Assert.Equal(new DateOnly(2026, 12, 18), detail.DueOn); // 12/10, (12/11 off), 12/14–12/18
        Assert.Equal(new DateOnly(2026, 12, 9), detail.DeadlineCountsFrom);
        Assert.Equal(DeadlineStatus.OnTrack, detail.Status);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var row = await db.AuditEntries.Where(a => a.EntityType == nameof(Petition) && a.EntityId == id.ToString()).OrderByDescending(a => a.Id).FirstAsync();
        Assert.Contains("115/12/17 改為 115/12/18", row.Summary);
    }

    [Fact]
    public async Task Reopen_ThenExtend_CountsTheExtensionFromTheReopenDay()
    {
        var id = await ReopenedOnDec9Async();

        var extended = await _petitions.ExtendAsync(_wang, id, await VersionAsync(id), new ExtensionInput { Days = 15, Reason = "需再函詢銀行" });

        Assert.True(extended.Succeeded, extended.ToString());
        var detail = (await _petitions.GetAsync(_lin, id))!;
        var expected = PetitionDeadline.Compute(new DateOnly(2026, 12, 9), 15, new PetitionPolicyOptions(), await _domain.Get<CalendarService>().GetAsync());
        Assert.Equal(expected.DueOn, detail.DueOn);
        Assert.True(detail.DueOn > new DateOnly(2026, 12, 17), "an extension never makes the deadline earlier");
        Assert.Equal(DeadlineStatus.Extended, detail.Status);
    }

    [Fact]
    public async Task Reopen_ExplainsTheDeadlineFromTheReopenDay_AsTheHeaderSays()
    {
        var id = await ReopenedOnDec9Async();

        var detail = (await _petitions.GetAsync(_lin, id))!;

        Assert.Equal(new DateOnly(2026, 12, 9), detail.Deadline.ReceivedOn);
        Assert.StartsWith("重新開啟", detail.Deadline.Steps[0].Note, StringComparison.Ordinal);
        Assert.Contains("自重新開啟次日起算", detail.Deadline.Rule);
        Assert.Equal(detail.DueOn, detail.Deadline.DueOn);
        Assert.Equal(detail.DueOn, Assert.Single(detail.Deadline.Steps, s => s.Kind == DeadlineStepKind.Due).Date);
        Assert.Equal(6, detail.Deadline.Steps.Count(s => s.DayNumber is not null));
    }

    [Fact]
    public async Task Reopen_AfterAnExtension_StartsAgainFromTheOrdinaryDeadline_AndKeepsTheOldExtensionOnRecord()
    {
        var id = await ReopenedOnDec9Async(extendFirst: true);

        var detail = (await _petitions.GetAsync(_lin, id))!;
        var listedExtended = await _petitions.SearchAsync(_wang, new PetitionQuery { Scope = PetitionScope.All, Status = DeadlineStatus.Extended }, new PageRequest(0, 10));
        var extendedAgain = await _petitions.ExtendAsync(_wang, id, detail.Version, new ExtensionInput { Days = 15, Reason = "需再函詢銀行" });
        var after = (await _petitions.GetAsync(_lin, id))!;

        Assert.False(detail.HasExtension);
        Assert.Equal(6, detail.DeadlineDays);
        Assert.Equal(new DateOnly(2026, 12, 17), detail.DueOn);
        Assert.Equal(DeadlineStatus.OnTrack, detail.Status);
        Assert.True(Assert.Single(detail.Extensions).BeforeReopen);
        Assert.Empty(listedExtended.Items);
        Assert.True(extendedAgain.Succeeded, extendedAgain.ToString());
        Assert.Equal([true, false], after.Extensions.Select(e => e.BeforeReopen));
        Assert.True(after.HasExtension);
    }

    [Fact]
    public async Task Edit_DuringSignOff_AndReassignmentByAClerk_AreRefused()
    {
        var (id, v) = await RegisterAsync();
        var (input, _) = (await _petitions.GetForEditAsync(_lin, id)).Value;

        var reassign = await _petitions.UpdateAsync(_lin, id, v, input with { HandlerId = _chang.StaffId, UnitId = _chang.UnitId });
        var fix = await _petitions.UpdateAsync(_lin, id, v, input with { Subject = "薪資遭重複扣押（更正）" });
        await _petitions.SubmitAsync(_lin, id, await VersionAsync(id), "答覆");
        var inSignOff = await _petitions.UpdateAsync(_lin, id, await VersionAsync(id), input with { Subject = "陳核中再改" });
        var assignInSignOff = await _petitions.AssignAsync(_wang, id, await VersionAsync(id), _chang.StaffId!.Value);

        Assert.Equal("reassign_supervisor_only", Assert.Single(reassign.Errors).Code);
        Assert.True(fix.Succeeded, fix.ToString());
        Assert.Equal("petition_in_signoff", Assert.Single(inSignOff.Errors).Code);
        Assert.Equal("petition_in_signoff", Assert.Single(assignInSignOff.Errors).Code);
        Assert.Equal("薪資遭重複扣押（更正）", (await _petitions.GetAsync(_lin, id))!.Subject);
    }

    [Fact]
    public async Task Assign_ClerkTakesAnUnassignedPetitionOfTheUnit_ButCannotGiveItAway()
    {
        var id = (await _petitions.RegisterAsync(_lin, Mailbox() with { HandlerId = null })).Value;
        var v = await VersionAsync(id);

        var giveAway = await _petitions.AssignAsync(_lin, id, v, _chang.StaffId!.Value);
        var take = await _petitions.AssignAsync(_lin, id, v, _lin.StaffId!.Value);

        Assert.Equal("forbidden", Assert.Single(giveAway.Errors).Code);
        Assert.True(take.Succeeded, take.ToString());
        var detail = (await _petitions.GetAsync(_lin, id))!;
        Assert.Equal(PetitionState.Assigned, detail.State);
        Assert.Equal("林雅婷", detail.HandlerName);
    }

    [Fact]
    public async Task Text_IsStoredAsTyped_NeverInterpreted()
    {
        var (id, _) = await RegisterAsync(Mailbox() with { Subject = "<script>alert('x')</script>" });

        Assert.Equal("<script>alert('x')</script>", (await _petitions.GetAsync(_lin, id))!.Subject);
    }

    /// <summary>A petition registered today, answered (submitted, approved, reply sent); its id.</summary>
    private async Task<int> RepliedAsync(PetitionInput? input = null)
    {
        var (id, v) = await RegisterAsync(input);
        Assert.True((await _petitions.SubmitAsync(_lin, id, v, "經查已處理完畢。")).Succeeded);
        Assert.True((await _petitions.ApproveAsync(_wang, id, await VersionAsync(id))).Succeeded);
        var replied = await _petitions.MarkRepliedAsync(_lin, id, await VersionAsync(id), new ReplyInput { SentOn = _domain.Today, Method = ReplyMethod.Letter, Reference = "桃執法字第1150000009號" });
        Assert.True(replied.Succeeded, replied.ToString());
        return id;
    }

    // ── Over-long text in the action dialogs (PostgreSQL enforces the column lengths SQLite ignores) ──

    public static TheoryData<string, string, int> OverLongActionFields() => new()
    {
        { "Extend", nameof(ExtensionInput.Reason), Petition.ReasonMaxLength },
        { "ExtendByDirector", nameof(ExtensionInput.NoticeReference), Petition.ShortTextMaxLength },
        { "ExtendBySectionChief", nameof(ExtensionInput.NoticeReference), Petition.ShortTextMaxLength },
        { "Transfer", nameof(TransferInput.To), Petition.ShortTextMaxLength },
        { "Transfer", nameof(TransferInput.DocumentNumber), Petition.ShortTextMaxLength },
        { "Reply", nameof(ReplyInput.Reference), Petition.ShortTextMaxLength },
        { "Contact", nameof(InterimContactInput.Method), InterimContact.MethodMaxLength },
        { "Contact", nameof(InterimContactInput.PersonReached), Petition.NameMaxLength },
        { "Contact", nameof(InterimContactInput.Summary), InterimContact.TextMaxLength },
        { "File", nameof(FilingInput.Note), Petition.ReasonMaxLength },
        { "File", nameof(FilingInput.RelatedPetitionNumber), Petition.NumberMaxLength },
    };

    [Theory]
    [MemberData(nameof(OverLongActionFields))]
    public async Task ActionDialogs_TextOneOverItsColumn_IsRefusedOnItsField_NamingTheLimit_AndNothingIsSaved(string action, string field, int limit)
    {
        var (id, v) = await RegisterAsync();
        var before = (await _petitions.GetAsync(_wang, id))!;
        string Long(string name) => name == field ? new string('長', limit + 1) : "";
        string? Ok(string name, string? fine) => name == field ? Long(name) : fine;

        var result = action switch
        {
            "Extend" => await _petitions.ExtendAsync(_wang, id, v, new ExtensionInput { Days = 15, Reason = Long("Reason") }),
            "ExtendByDirector" => await _petitions.ExtendAsync(_director, id, v, new ExtensionInput { Days = 30, Reason = "銀行尚未回覆", NoticeSentOn = _domain.Today, NoticeReference = Long("NoticeReference") }),
            "ExtendBySectionChief" => await _petitions.ExtendAsync(_wang, id, v, new ExtensionInput { Days = 15, Reason = "需函詢銀行", NoticeReference = Long("NoticeReference") }),
            "Transfer" => await _petitions.TransferAsync(_lin, id, v, new TransferInput { To = Ok("To", "桃園市政府地方稅務局"), DocumentNumber = Ok("DocumentNumber", "桃執法字第1號"), TransferredOn = _domain.Today, PetitionerToldOn = _domain.Today }),
            "Reply" => await _petitions.MarkRepliedAsync(_lin, id, v, new ReplyInput { SentOn = _domain.Today, Method = ReplyMethod.Letter, Reference = Long("Reference") }),
            "Contact" => await _petitions.LogInterimContactAsync(_lin, id, v, new InterimContactInput { Method = Ok("Method", "電話")!, PersonReached = Ok("PersonReached", "吳先生"), Summary = Ok("Summary", "說明處理進度") }),
            _ => await _petitions.FileWithoutActionAsync(_lin, id, v, new FilingInput { Reason = FilingReason.NoConcreteContentOrIdentity, Note = Ok("Note", "無具體內容"), RelatedPetitionNumber = Ok("RelatedPetitionNumber", null) }),
        };

        var error = Assert.Single(result.Errors);
        Assert.Equal(("text_too_long", field), (error.Code, error.Field));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", error.Message);
        Assert.Contains($"最多 {limit.ToString(limit >= 1000 ? "N0" : "D", System.Globalization.CultureInfo.InvariantCulture)} 字", error.Message);
        var after = (await _petitions.GetAsync(_wang, id))!;
        Assert.Equal((before.Version, before.State, before.DueOn, before.DeadlineDays), (after.Version, after.State, after.DueOn, after.DeadlineDays));
        Assert.Empty(after.Contacts);
        Assert.Empty(after.Extensions);
    }

    // ── Repeated petitions (行政程序法 §173) ──

    [Fact]
    public async Task FilingAsRepeated_NeedsTheEarlierPetitionAnswered_ThenIsAccepted()
    {
        var (earlier, _) = await RegisterAsync();
        var (repeat, v) = await RegisterAsync();
        var earlierNumber = (await _petitions.GetAsync(_lin, earlier))!.Number;

        var refused = await _petitions.FileWithoutActionAsync(_lin, repeat, v, new FilingInput { Reason = FilingReason.RepeatedAfterClearAnswer, RelatedPetitionNumber = earlierNumber });

        var error = Assert.Single(refused.Errors);
        Assert.Equal(("related_not_answered", nameof(FilingInput.RelatedPetitionNumber)), (error.Code, error.Field));
        Assert.Contains(earlierNumber, error.Message);
        Assert.Contains("尚未函復", error.Message);
        Assert.Contains("已分派", error.Message);
        var unchanged = (await _petitions.GetAsync(_lin, repeat))!;
        Assert.Equal((v, PetitionState.Assigned, (string?)null), (unchanged.Version, unchanged.State, unchanged.RelatedPetitionNumber));

        // The earlier one answered (reply sent), then closed: both count as a clear answer.
        var (answered, av) = (earlier, await VersionAsync(earlier));
        Assert.True((await _petitions.SubmitAsync(_lin, answered, av, "經查已處理完畢。")).Succeeded);
        Assert.True((await _petitions.ApproveAsync(_wang, answered, await VersionAsync(answered))).Succeeded);
        Assert.True((await _petitions.MarkRepliedAsync(_lin, answered, await VersionAsync(answered), new ReplyInput { SentOn = _domain.Today, Method = ReplyMethod.Letter, Reference = "桃執法字第1150000009號" })).Succeeded);
        var accepted = await _petitions.FileWithoutActionAsync(_lin, repeat, v, new FilingInput { Reason = FilingReason.RepeatedAfterClearAnswer, RelatedPetitionNumber = earlierNumber });

        Assert.True(accepted.Succeeded, accepted.ToString());
        var filed = (await _petitions.GetAsync(_lin, repeat))!;
        Assert.Equal((PetitionState.FiledWithoutAction, FilingReason.RepeatedAfterClearAnswer, earlierNumber), (filed.State, filed.FilingReason, filed.RelatedPetitionNumber));

        var (third, v3) = await RegisterAsync();
        Assert.True((await _petitions.CloseAsync(_lin, answered, await VersionAsync(answered))).Succeeded);
        var afterClose = await _petitions.FileWithoutActionAsync(_lin, third, v3, new FilingInput { Reason = FilingReason.RepeatedAfterClearAnswer, RelatedPetitionNumber = earlierNumber });
        Assert.True(afterClose.Succeeded, afterClose.ToString());
    }

    [Fact]
    public async Task FilingAsRepeated_OfAPetitionFiledWithoutAction_IsRefused_ItWasNeverAnswered()
    {
        var (filed, fv) = await RegisterAsync(Mailbox() with { PetitionerName = null, PetitionerPhone = null });
        Assert.True((await _petitions.FileWithoutActionAsync(_lin, filed, fv, new FilingInput { Reason = FilingReason.NoConcreteContentOrIdentity })).Succeeded);
        var (repeat, v) = await RegisterAsync();

        var refused = await _petitions.FileWithoutActionAsync(_lin, repeat, v, new FilingInput { Reason = FilingReason.RepeatedAfterClearAnswer, RelatedPetitionNumber = (await _petitions.GetAsync(_lin, filed))!.Number });

        Assert.Equal("related_not_answered", Assert.Single(refused.Errors).Code);
        Assert.Contains("存查", refused.Errors[0].Message);
        Assert.Equal((v, PetitionState.Assigned), ((await _petitions.GetAsync(_lin, repeat))!.Version, (await _petitions.GetAsync(_lin, repeat))!.State));
    }

    [Fact]
    public async Task LinkedAtIntake_TheRepeatedPetitionShowsTheEarlierOne_AndFilingUsesTheLink()
    {
        var answered = await RepliedAsync();
        var answeredNumber = (await _petitions.GetAsync(_lin, answered))!.Number;
        var (open, _) = await RegisterAsync();
        var openNumber = (await _petitions.GetAsync(_lin, open))!.Number;

        var unknown = await _petitions.RegisterAsync(_lin, Mailbox() with { RelatedPetitionNumber = "115陳09999" });
        var linked = await _petitions.RegisterAsync(_lin, Mailbox() with { RelatedPetitionNumber = " " + answeredNumber + " " });
        var linkedToOpen = await _petitions.RegisterAsync(_lin, Mailbox() with { RelatedPetitionNumber = openNumber });

        Assert.Equal(("related_unknown", nameof(PetitionInput.RelatedPetitionNumber)), (Assert.Single(unknown.Errors).Code, unknown.Errors[0].Field));
        Assert.True(linked.Succeeded, linked.ToString());
        Assert.True(linkedToOpen.Succeeded, linkedToOpen.ToString());   // a link at intake is a fact; only filing as repeated needs the answer
        var detail = (await _petitions.GetAsync(_lin, linked.Value))!;
        Assert.Equal((answered, answeredNumber), (detail.RelatedPetitionId, detail.RelatedPetitionNumber));
        Assert.Equal(answeredNumber, (await _petitions.GetForEditAsync(_lin, linked.Value)).Value.Input.RelatedPetitionNumber);

        // Filed as repeated without typing the number again: the link made at intake is the earlier petition.
        var filed = await _petitions.FileWithoutActionAsync(_lin, linked.Value, detail.Version, new FilingInput { Reason = FilingReason.RepeatedAfterClearAnswer });
        var refused = await _petitions.FileWithoutActionAsync(_lin, linkedToOpen.Value, await VersionAsync(linkedToOpen.Value), new FilingInput { Reason = FilingReason.RepeatedAfterClearAnswer });

        Assert.True(filed.Succeeded, filed.ToString());
        Assert.Equal((PetitionState.FiledWithoutAction, answeredNumber), ((await _petitions.GetAsync(_lin, linked.Value))!.State, (await _petitions.GetAsync(_lin, linked.Value))!.RelatedPetitionNumber));
        Assert.Equal("related_not_answered", Assert.Single(refused.Errors).Code);
        Assert.Contains(openNumber, refused.Errors[0].Message);
    }

    // ── The list: filters, scopes, sorting and server paging ──

    [Fact]
    public async Task Search_EachFilter_ReturnsExactlyThePetitionThatDiffersInIt()
    {
        int colleagueId;
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            colleagueId = await db.Staff.Where(s => s.UnitId == _lin.UnitId && s.Id != _lin.StaffId && s.Title == CaseDesk.Domain.Reference.StaffTitle.Clerk && s.IsActive).Select(s => s.Id).FirstAsync();
        }

        async Task<int> Register(Actor actor, PetitionInput input)
        {
            var created = await _petitions.RegisterAsync(actor, input);
            Assert.True(created.Succeeded, created.ToString());
            return created.Value;
        }

        var plain = await Register(_lin, Mailbox());
        var category = await Register(_lin, Mailbox() with { Category = PetitionCategory.LegalInquiry });
        var channel = await Register(_lin, Mailbox() with { Channel = PetitionChannel.Email });
        var started = await Register(_lin, Mailbox());
        Assert.True((await _petitions.StartAsync(_lin, started, await VersionAsync(started))).Succeeded);
        var otherUnit = await Register(_chang, Mailbox() with { UnitId = _chang.UnitId, HandlerId = _chang.StaffId });
        var colleague = await Register(_wang, Mailbox() with { HandlerId = colleagueId });
        var older = await Register(_lin, Mailbox(new DateOnly(2026, 11, 16)));
        var all = new PetitionQuery { Scope = PetitionScope.All };

        async Task<int[]> Ids(Actor actor, PetitionQuery query) =>
            [.. (await _petitions.SearchAsync(actor, query, new PageRequest(0, 50))).Items.Select(r => r.Id).Order()];

        Assert.Equal([category], await Ids(_wang, all with { Category = PetitionCategory.LegalInquiry }));
        Assert.Equal([channel], await Ids(_wang, all with { Channel = PetitionChannel.Email }));
        Assert.Equal([started], await Ids(_wang, all with { State = PetitionState.InProgress }));
        Assert.Equal([otherUnit], await Ids(_wang, all with { UnitId = _chang.UnitId }));
        Assert.Equal([colleague], await Ids(_wang, all with { HandlerId = colleagueId }));
        Assert.Equal([older], await Ids(_wang, all with { ReceivedTo = new DateOnly(2026, 11, 20) }));
        Assert.Equal([older], await Ids(_wang, all with { ReceivedFrom = new DateOnly(2026, 11, 16), ReceivedTo = new DateOnly(2026, 11, 16) }));
        Assert.Equal([plain, category, channel, started, otherUnit, colleague], await Ids(_wang, all with { ReceivedFrom = new DateOnly(2026, 11, 17) }));

        // "My unit": 林雅婷 sees her unit's (her colleague's too), never 張淑芬's; "mine" only her own; and she can filter her unit's list by a colleague.
        Assert.Equal([plain, category, channel, started, colleague, older], await Ids(_lin, new PetitionQuery { Scope = PetitionScope.MyUnit }));
        Assert.Equal([otherUnit], await Ids(_chang, new PetitionQuery { Scope = PetitionScope.MyUnit }));
        Assert.Equal([plain, category, channel, started, older], await Ids(_lin, new PetitionQuery { Scope = PetitionScope.Mine }));
        Assert.Equal([colleague], await Ids(_lin, new PetitionQuery { Scope = PetitionScope.MyUnit, HandlerId = colleagueId }));
        Assert.Empty(await Ids(_lin, new PetitionQuery { Scope = PetitionScope.MyUnit, HandlerId = _chang.StaffId }));

        // Due-date sort both ways: the older petition is due first (11/24), the rest on 12/1, ties by number.
        var ascending = (await _petitions.SearchAsync(_wang, all with { Sort = PetitionSort.DueOn }, new PageRequest(0, 50))).Items;
        var descending = (await _petitions.SearchAsync(_wang, all with { Sort = PetitionSort.DueOn, Descending = true }, new PageRequest(0, 50))).Items;
        Assert.Equal(older, ascending[0].Id);
        Assert.Equal(new DateOnly(2026, 11, 24), ascending[0].DueOn);
        Assert.Equal([older, plain, category, channel, started, otherUnit, colleague], ascending.Select(r => r.Id));
        Assert.Equal(ascending.Select(r => r.Id).Reverse(), descending.Select(r => r.Id));
        Assert.True(ascending.Zip(ascending.Skip(1)).All(p => p.First.DueOn <= p.Second.DueOn));
    }

    [Fact]
    public async Task Search_PagesOnTheServer_Page2Of25_Gives25Rows_AndTheTotal()
    {
        for (var i = 0; i < 60; i++)
        {
            var created = await _petitions.RegisterAsync(_lin, Mailbox(new DateOnly(2026, 11, 2).AddDays(i % 20)) with { Subject = $"分頁測試 {i:00}" });
            Assert.True(created.Succeeded, created.ToString());
        }

        var query = new PetitionQuery { Scope = PetitionScope.All, Sort = PetitionSort.Number };
        var first = await _petitions.SearchAsync(_wang, query, new PageRequest(0, 25));
        var second = await _petitions.SearchAsync(_wang, query, new PageRequest(1, 25));
        var third = await _petitions.SearchAsync(_wang, query, new PageRequest(2, 25));

        Assert.Equal((25, 60), (second.Items.Count, second.TotalCount));
        Assert.Equal((25, 60), (first.Items.Count, first.TotalCount));
        Assert.Equal((10, 60), (third.Items.Count, third.TotalCount));
        Assert.Equal("115陳00026", second.Items[0].Number);
        Assert.Equal("115陳00050", second.Items[^1].Number);
        Assert.Equal(60, first.Items.Concat(second.Items).Concat(third.Items).Select(r => r.Id).Distinct().Count());
    }
}
