using Bunit;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Drafts;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Components.Pages.Petitions;
using CaseDesk.Web.Components.Shared;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Extensions;

namespace CaseDesk.Tests.Web;

public sealed class PetitionComponentTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private Actor _lin = default!;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        _lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value);
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private BunitContext Context(Actor actor) => BunitHost.Create(_domain, actor);

    [Theory]
    [InlineData(DeadlineStatus.OnTrack, "進行中")]
    [InlineData(DeadlineStatus.DueSoon, "即將到期")]
    [InlineData(DeadlineStatus.Extended, "已展延")]
    [InlineData(DeadlineStatus.LateWithInterimContact, "逾期已聯繫")]
    [InlineData(DeadlineStatus.Breach, "逾期未聯繫")]
    [InlineData(DeadlineStatus.Done, "已辦結")]
    public async Task DeadlineChip_SaysItInWordsAndColour(DeadlineStatus status, string words)
    {
        await using var ctx = Context(_lin);

        var cut = ctx.Render<DeadlineChip>(p => p.Add(c => c.Status, status).Add(c => c.DueOn, new DateOnly(2026, 12, 1)).Add(c => c.WorkingDaysLeft, 4));

        var chip = cut.Find(".cd-deadline");
        Assert.Equal(words, chip.TextContent.Trim());
        Assert.Contains($"cd-deadline-{status.ToString().ToLowerInvariant()}", chip.ClassName);
    }

    [Fact]
    public async Task IntakeForm_EmptySave_ShowsEveryMissingFieldInChinese_AndThePreview()
    {
        await using var ctx = Context(_lin);

        var cut = ctx.Render<PetitionForm>();
        cut.WaitForElement("#petition-form");
        Assert.Contains("115年12月3日（四）", cut.Find("#preview-due").TextContent); // received today (Wed 11/25) → Thu 12/3
        Assert.Contains("函復期限", cut.Find("#deadline-explanation").TextContent);

        await cut.Find("#petition-form").SubmitAsync();

        cut.WaitForAssertion(() =>
        {
            var text = cut.Find("#petition-form").TextContent;
            Assert.Contains("請選擇來源管道", text);
            Assert.Contains("請選擇陳情類別", text);
            Assert.Contains("請輸入主旨", text);
            Assert.Contains("請輸入陳情內容", text);
        });
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        Assert.Equal(0, await db.Petitions.CountAsync());
    }

    [Fact]
    public async Task IntakeForm_ForwardedChannel_AsksForAuthorityAndDocument()
    {
        await using var ctx = Context(_lin);
        var cut = ctx.Render<PetitionForm>();
        cut.WaitForElement("#petition-form");

        await cut.InvokeAsync(() => cut.FindComponents<MudBlazor.MudSelect<PetitionChannel?>>()[0].Instance.ValueChanged.InvokeAsync(PetitionChannel.ForwardedByHigherAuthority));
        await cut.Find("#petition-form").SubmitAsync();

        cut.WaitForAssertion(() =>
        {
            var text = cut.Find("#petition-form").TextContent;
            Assert.Contains("請填寫函轉機關", text);
            Assert.Contains("請填寫函轉文號", text);
        });
        Assert.NotNull(cut.Find("#f-forwarding-authority"));
    }

    [Fact]
    public async Task IntakeForm_ReceiptOnSaturday_MovesThePreview()
    {
        await using var ctx = Context(_lin);
        var cut = ctx.Render<PetitionForm>();
        cut.WaitForElement("#petition-form");

        await cut.Find("#f-received-on").ChangeAsync(new() { Value = "115/11/21" });

        cut.WaitForAssertion(() => Assert.Contains("115年12月1日（二）", cut.Find("#preview-due").TextContent)); // Sat 11/21 counts as Mon 11/23
        Assert.Contains("視為收文日", cut.Find("#deadline-explanation").TextContent);
    }

    [Fact]
    public async Task IntakeForm_OffersTheDraftKeptFromALostSession()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new PetitionForm.PetitionFormModel { Subject = "斷線前打的主旨", Content = "斷線前打的內容" });
        await _domain.Get<DraftService>().SaveAsync(_lin, "petition:new", json);
        await using var ctx = Context(_lin);

        var cut = ctx.Render<PetitionForm>();
        cut.WaitForElement("#draft-offer");
        await cut.InvokeAsync(() => cut.Find("#draft-restore").ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Equal("斷線前打的主旨", cut.Find("#f-subject").GetAttribute("value")));
    }

    [Fact]
    public async Task PetitionList_ShowsChipsAndDueDates_ForMyPetitions()
    {
        var petitions = _domain.Get<PetitionService>();
        await petitions.RegisterAsync(_lin, new PetitionInput
        {
            Channel = PetitionChannel.Phone, ReceivedOn = new DateOnly(2026, 11, 16), ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.LegalInquiry,
            Subject = "逾期的陳情", Content = "內容", UnitId = _lin.UnitId, HandlerId = _lin.StaffId,
        });
        await petitions.RegisterAsync(_lin, new PetitionInput
        {
            Channel = PetitionChannel.Email, ReceivedOn = new DateOnly(2026, 11, 25), ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.LegalInquiry,
            Subject = "<script>alert(1)</script>", Content = "內容", UnitId = _lin.UnitId, HandlerId = _lin.StaffId,
        });
        await using var ctx = Context(_lin);

        var cut = ctx.Render<PetitionList>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#petitions-table tbody tr.mud-table-row").Count));
        var rows = cut.FindAll("#petitions-table tbody tr.mud-table-row");
        Assert.Contains("逾期未聯繫", rows[0].TextContent);
        Assert.Contains("115/11/24", rows[0].TextContent);
        Assert.Contains("進行中", rows[1].TextContent);
        Assert.Contains("<script>alert(1)</script>", rows[1].TextContent);
        Assert.Empty(cut.FindAll("#petitions-table script"));
    }

    [Fact]
    public async Task PetitionList_ChoosingDone_ListsFinishedPetitions_EvenFromTheOpenOnlyDefault()
    {
        var petitions = _domain.Get<PetitionService>();
        PetitionInput Input(string subject) => new()
        {
            Channel = PetitionChannel.Phone, ReceivedOn = new DateOnly(2026, 11, 25), ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.LegalInquiry,
            Subject = subject, Content = "內容", UnitId = _lin.UnitId, HandlerId = _lin.StaffId,
        };
        await petitions.RegisterAsync(_lin, Input("仍在辦理"));
        var filed = (await petitions.RegisterAsync(_lin, Input("已存查"))).Value;
        var version = (await petitions.GetAsync(_lin, filed))!.Version;
        Assert.True((await petitions.FileWithoutActionAsync(_lin, filed, version, new FilingInput { Reason = FilingReason.NoConcreteContentOrIdentity })).Succeeded);
        await using var ctx = Context(_lin);
        var cut = ctx.Render<PetitionList>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("#petitions-table tbody tr.mud-table-row")));

        await cut.InvokeAsync(() => cut.FindComponent<MudBlazor.MudSelect<DeadlineStatus?>>().Instance.ValueChanged.InvokeAsync(DeadlineStatus.Done));

        cut.WaitForAssertion(() =>
        {
            var row = Assert.Single(cut.FindAll("#petitions-table tbody tr.mud-table-row"));
            Assert.Contains("已存查", row.TextContent);
            Assert.Contains("已辦結", row.TextContent);
        });
        Assert.False(cut.FindComponent<MudBlazor.MudSwitch<bool>>().Instance.GetState(x => x.Value));
    }

    [Fact]
    public async Task DetailPage_OralPetition_ShowsWhoSignedTheRecordAndWhen()
    {
        var petitions = _domain.Get<PetitionService>();
        var id = (await petitions.RegisterAsync(_lin, new PetitionInput
        {
            Channel = PetitionChannel.InPerson, ReceivedOn = new DateOnly(2026, 11, 25), ReceivedAt = new TimeOnly(9, 0), RecordReadBack = true, RecordSignedBy = "陳志明",
            RecordSignedAt = new TimeOnly(9, 40), Category = PetitionCategory.LegalInquiry, Subject = "臨櫃陳情", Content = "紀錄內容", UnitId = _lin.UnitId, HandlerId = _lin.StaffId,
        })).Value;
        await using var ctx = Context(_lin);

        var cut = ctx.Render<PetitionDetailPage>(p => p.Add(c => c.Id, id));

        cut.WaitForAssertion(() =>
        {
            var signed = cut.Find("#fact-signed").TextContent;
            Assert.Contains("陳志明", signed);
            Assert.Contains("115/11/25 09:40", signed);
        });
    }

    [Fact]
    public async Task IntakeForm_OralChannel_AsksWhenTheRecordWasSigned()
    {
        await using var ctx = Context(_lin);
        var cut = ctx.Render<PetitionForm>();
        cut.WaitForElement("#petition-form");

        await cut.InvokeAsync(() => cut.FindComponents<MudBlazor.MudSelect<PetitionChannel?>>()[0].Instance.ValueChanged.InvokeAsync(PetitionChannel.InPerson));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#f-signed-time")));
        Assert.NotNull(cut.Find("#f-signed-on"));
        Assert.Contains("未填則以收文時間為準", cut.Find("#petition-form").TextContent);
    }

    [Fact]
    public async Task DetailPage_Reopened_ExplainsFromTheReopenDay_AndMarksTheEarlierExtension()
    {
        var petitions = _domain.Get<PetitionService>();
        int wangId;
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            wangId = await db.Staff.Where(s => s.Name == "王建國").Select(s => s.Id).SingleAsync();
        }

        var wang = TestDomain.Supervisor(wangId);
        var id = (await petitions.RegisterAsync(_lin, new PetitionInput
        {
            Channel = PetitionChannel.Phone, ReceivedOn = new DateOnly(2026, 11, 23), ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.LegalInquiry,
            Subject = "重新開啟的陳情", Content = "內容", UnitId = _lin.UnitId, HandlerId = _lin.StaffId,
        })).Value;
        async Task<int> Version() => (await petitions.GetAsync(wang, id))!.Version;
        Assert.True((await petitions.ExtendAsync(wang, id, await Version(), new ExtensionInput { Days = 15, Reason = "需函詢銀行" })).Succeeded);
        Assert.True((await petitions.FileWithoutActionAsync(_lin, id, await Version(), new FilingInput { Reason = FilingReason.NoConcreteContentOrIdentity })).Succeeded);
        _domain.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await petitions.ReopenAsync(wang, id, await Version(), "陳情人補正")).Succeeded);
        await using var ctx = Context(_lin);

        var cut = ctx.Render<PetitionDetailPage>(p => p.Add(c => c.Id, id));

        cut.WaitForAssertion(() => Assert.Contains("重新開啟前的展延", cut.Find(".cd-extension-superseded").TextContent));
        Assert.Contains("重新開啟", cut.FindAll("#deadline-explanation tr")[0].TextContent);
        Assert.Contains("115年12月3日", cut.Find("#petition-due").TextContent); // 6 working days from Wed 11/25
        Assert.Empty(cut.FindAll(".cd-deadline-extended"));
    }

    [Fact]
    public async Task ContactDialog_UnreadableTime_ShowsTheTimeFormatError_AndSavesNothing_ThenAReadableTimeIsKept()
    {
        var petitions = _domain.Get<PetitionService>();
        var id = (await petitions.RegisterAsync(_lin, new PetitionInput
        {
            Channel = PetitionChannel.Phone, ReceivedOn = new DateOnly(2026, 11, 24), ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.LegalInquiry,
            Subject = "期中聯繫", Content = "內容", PetitionerName = "吳先生", UnitId = _lin.UnitId, HandlerId = _lin.StaffId,
        })).Value;
        var version = (await petitions.GetAsync(_lin, id))!.Version;
        await using var ctx = Context(_lin);
        var dialogs = ctx.Render<MudBlazor.MudDialogProvider>();
        var cut = ctx.Render<PetitionDetailPage>(p => p.Add(c => c.Id, id));
        cut.WaitForElement("#act-contact");

        var opened = cut.Find("#act-contact").ClickAsync(new()); // completes when the dialog closes
        dialogs.WaitForElement("#a-contact-time");
        await dialogs.Find("#a-contact-time").ChangeAsync(new() { Value = "25:99" });
        await dialogs.Find("#a-summary").ChangeAsync(new() { Value = "說明已函詢銀行，待回覆後函復" });
        await dialogs.Find("#action-form").SubmitAsync();

        dialogs.WaitForAssertion(() => Assert.Contains("時間格式為 09:05（24 小時制）。", dialogs.Markup));
        Assert.Contains("請修正下方標示的欄位後再儲存。", dialogs.Find("#action-error").TextContent);
        Assert.False(opened.IsCompleted);
        var unchanged = (await petitions.GetAsync(_lin, id))!;
        Assert.Equal(version, unchanged.Version);
        Assert.Empty(unchanged.Contacts);

        await dialogs.Find("#a-contact-time").ChangeAsync(new() { Value = "09:30" });
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("時間格式為 09:05", dialogs.Markup));
        await dialogs.Find("#action-form").SubmitAsync();
        await opened;

        var contact = Assert.Single((await petitions.GetAsync(_lin, id))!.Contacts);
        Assert.Equal(new DateTime(2026, 11, 25, 1, 30, 0, DateTimeKind.Utc), contact.ContactedAtUtc); // 09:30 Taipei, as typed
        Assert.Equal("說明已函詢銀行，待回覆後函復", contact.Summary);
    }

    [Fact]
    public async Task Statistics_FreezingTheThirdQuarter_NamesTheSupervisorAndTime_AndLocksTheColumn()
    {
        int wangId;
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            wangId = await db.Staff.Where(s => s.Name == "王建國").Select(s => s.Id).SingleAsync();
        }

        await using var ctx = Context(TestDomain.Supervisor(wangId, "王建國"));
        var cut = ctx.Render<PetitionStatistics>();
        cut.WaitForElement("#stats-table");
        Assert.Contains("115", cut.Find("#stats-year").TextContent);
        Assert.Empty(cut.FindAll("#frozen-q3"));
        Assert.NotNull(cut.Find("#freeze-q3"));   // 115/11/25: the third quarter is over
        Assert.Empty(cut.FindAll("#freeze-q4"));  // the fourth is not

        await cut.Find("#freeze-q3").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#frozen-q3")));
        Assert.Contains("第3季已於 115/11/25 10:00 由 王建國 凍結", cut.Markup);
        Assert.Empty(cut.FindAll("#freeze-q3"));
        Assert.Empty(cut.FindAll("#frozen-q1"));
        Assert.NotNull(cut.Find("#stats-chart"));
        Assert.NotEmpty(cut.Find("#stats-chart").QuerySelectorAll("svg, rect, path"));
        await using var check = await _domain.Db.OpenReadOnlyAsync();
        var snapshot = await check.QuarterSnapshots.SingleAsync(s => s.RocYear == 115 && s.Quarter == 3);
        Assert.Equal((115, 3, "王建國"), (snapshot.RocYear, snapshot.Quarter, snapshot.FrozenBy));
    }

    [Fact]
    public async Task PetitionList_AClerkFiltersTheirUnitsListByAColleague_NotTheirOwnList()
    {
        var petitions = _domain.Get<PetitionService>();
        int colleagueId, wangId;
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            colleagueId = await db.Staff.Where(s => s.UnitId == _lin.UnitId && s.Id != _lin.StaffId && s.Title == CaseDesk.Domain.Reference.StaffTitle.Clerk && s.IsActive).Select(s => s.Id).FirstAsync();
            wangId = await db.Staff.Where(s => s.Name == "王建國").Select(s => s.Id).SingleAsync();
        }

        PetitionInput Input(string subject, int handler) => new()
        {
            Channel = PetitionChannel.Phone, ReceivedOn = new DateOnly(2026, 11, 25), ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.LegalInquiry,
            Subject = subject, Content = "內容", UnitId = _lin.UnitId, HandlerId = handler,
        };
        Assert.True((await petitions.RegisterAsync(_lin, Input("我承辦的", _lin.StaffId!.Value))).Succeeded);
        Assert.True((await petitions.RegisterAsync(TestDomain.Supervisor(wangId), Input("同股同事承辦的", colleagueId))).Succeeded);
        await using var ctx = Context(_lin);
        var cut = ctx.Render<PetitionList>();
        cut.WaitForAssertion(() => Assert.Contains("我承辦的", Assert.Single(cut.FindAll("#petitions-table tbody tr.mud-table-row")).TextContent));
        Assert.Empty(cut.FindAll("#filter-handler"));   // "mine": nothing to filter by

        await cut.InvokeAsync(() => cut.FindComponent<MudBlazor.MudToggleGroup<PetitionScope>>().Instance.ValueChanged.InvokeAsync(PetitionScope.MyUnit));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#petitions-table tbody tr.mud-table-row").Count));
        Assert.NotNull(cut.Find("#filter-handler"));
        await cut.InvokeAsync(() => cut.FindComponents<MudBlazor.MudSelect<int?>>().Single(c => c.Instance.UserAttributes.TryGetValue("id", out var id) && (string?)id == "filter-handler").Instance.ValueChanged.InvokeAsync(colleagueId));

        cut.WaitForAssertion(() => Assert.Contains("同股同事承辦的", Assert.Single(cut.FindAll("#petitions-table tbody tr.mud-table-row")).TextContent));

        await cut.InvokeAsync(() => cut.FindComponent<MudBlazor.MudToggleGroup<PetitionScope>>().Instance.ValueChanged.InvokeAsync(PetitionScope.Mine));
        cut.WaitForAssertion(() => Assert.Contains("我承辦的", Assert.Single(cut.FindAll("#petitions-table tbody tr.mud-table-row")).TextContent));   // the hidden filter no longer narrows the list
        Assert.Empty(cut.FindAll("#filter-handler"));
    }
}
