using Bunit;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Installments;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Components.Pages.Installments;
using CaseDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace CaseDesk.Tests.Web;

/// <summary>The plan page: dishonoured guarantee cheques, revocation only in default, other units, re-dating on approval.</summary>
public sealed class InstallmentDetailTests : IAsyncLifetime
{
    private readonly Actor _lee = TestDomain.Supervisor(4711, "李主任");
    private TestDomain _domain = default!;
    private InstallmentService _plans = default!;
    private Actor _lin = default!;
    private Actor _wang = default!;
    private Actor _chang = default!;
    private int _caseId;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        _plans = _domain.Get<InstallmentService>();
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
        var chang = await db.Staff.SingleAsync(s => s.Name == "張淑芬");
        _lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value, "林雅婷");
        _wang = TestDomain.Supervisor(wang.Id, "王建國");
        _chang = TestDomain.Clerk(chang.Id, chang.UnitId!.Value, "張淑芬");
        _caseId = await db.Cases.Where(c => c.CaseNumber == DemoData.StoryCaseNumber).Select(c => c.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    [Fact]
    public async Task GuaranteeCheque_DishonouredFromThePage_ShowsThePlanInDefault()
    {
        var id = await ApprovedAsync(Application() with
        {
            Guarantee = GuaranteeKind.Cheques,
            Cheques = [new ChequeInput("AB0000001", 14_400, new DateOnly(2026, 12, 15))],
        });
        var chequeId = (await _plans.GetAsync(_lin, id))!.Cheques.Single().Id;
        await using var ctx = Context(_lin);
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<PlanDetailPage>(p => p.Add(c => c.Id, id));
        cut.WaitForElement("#plan-guarantee-cheques");
        Assert.Empty(cut.FindAll("#plan-default"));

        var opened = cut.Find($"#guarantee-dishonour-{chequeId}").ClickAsync(new()); // completes when the dialog closes
        dialogs.WaitForElement("#plan-action-confirm");
        Assert.Contains("AB0000001", dialogs.Markup);
        await dialogs.Find("#plan-action-form").SubmitAsync(); // the confirm button submits this form
        await opened;

        cut.WaitForAssertion(() => Assert.Contains("支票退票", cut.Find("#plan-default").TextContent), TimeSpan.FromSeconds(3));
        Assert.Empty(cut.FindAll($"#guarantee-dishonour-{chequeId}"));
    }

    [Fact]
    public async Task Revoke_IsOfferedOnlyInDefault_AndTheNoticeNamesWhoRevoked()
    {
        var id = await ApprovedAsync(Application());
        await using (var before = Context(_lee))
        {
            var page = before.Render<PlanDetailPage>(p => p.Add(c => c.Id, id));
            page.WaitForElement("#plan-actions");
            Assert.Empty(page.FindAll("#plan-revoke"));
        }

        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 16, 2, 0, 0, TimeSpan.Zero)); // installment 1 (12/15) unpaid
        await using var ctx = Context(_lee);
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<PlanDetailPage>(p => p.Add(c => c.Id, id));
        cut.WaitForElement("#plan-default");
        var opened = cut.Find("#plan-revoke").ClickAsync(new()); // completes when the dialog closes
        dialogs.WaitForElement("#p-reason");
        await dialogs.Find("#p-reason").ChangeAsync(new() { Value = "第 1 期逾期未繳，電話催告未果" });
        await dialogs.Find("#plan-action-form").SubmitAsync(); // the confirm button submits this form
        await opened;

        cut.WaitForAssertion(() => Assert.Contains("李主任", cut.Find("#plan-revoked").TextContent), TimeSpan.FromSeconds(3));
        Assert.DoesNotContain("王建國", cut.Find("#plan-revoked").TextContent);
        Assert.Contains("王建國", cut.Markup); // still shown as the one who approved
    }

    [Fact]
    public async Task AClerkOfAnotherUnit_GetsNotFound()
    {
        var id = await ApprovedAsync(Application());
        await using var ctx = Context(_chang);

        var cut = ctx.Render<PlanDetailPage>(p => p.Add(c => c.Id, id));

        cut.WaitForElement("#plan-not-found");
        Assert.DoesNotContain("失業", cut.Markup);
        var print = ctx.Render<PlanPrintPage>(p => p.Add(c => c.Id, id));
        print.WaitForElement("#plan-not-found");
        Assert.DoesNotContain("陳志明", print.Markup);
    }

    [Fact]
    public async Task Approve_WarnsThatPassedDueDatesWillBeMovedOn()
    {
        var id = (await _plans.SubmitAsync(_lin, _caseId, Application())).Value;
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 21, 2, 0, 0, TimeSpan.Zero));
        await using var ctx = Context(_wang);
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<PlanDetailPage>(p => p.Add(c => c.Id, id));

        cut.WaitForElement("#plan-redate");
        var opened = cut.Find("#plan-approve").ClickAsync(new()); // completes when the dialog closes
        dialogs.WaitForElement("#plan-approve-redate");
        await dialogs.Find("#plan-action-form").SubmitAsync(); // the confirm button submits this form
        await opened;

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#plan-redate")), TimeSpan.FromSeconds(3));
        var plan = (await _plans.GetAsync(_wang, id))!;
        Assert.Equal(PlanState.Active, plan.State);
        Assert.False(plan.InDefault);
        Assert.Equal(new DateOnly(2027, 1, 15), plan.Lines[0].DueOn);
    }

    [Fact]
    public async Task PrintNotice_ForAnApprovedPlan_HasTheTitle_EveryDueDateWithItsWeekday_AndTheTotalOwed()
    {
        var id = await ApprovedAsync(Application());
        var plan = (await _plans.GetAsync(_lin, id))!;
        await using var ctx = Context(_lin);

        var cut = ctx.Render<PlanPrintPage>(p => p.Add(c => c.Id, id));

        cut.WaitForElement("#print-notice");
        var notice = cut.Find("#print-notice");
        Assert.Contains("cd-a4", notice.ClassList);
        Assert.Equal("核准分期繳納通知書", cut.Find(".cd-letterhead-title").TextContent.Trim());
        var rows = cut.FindAll(".cd-print-schedule tbody tr:not(.cd-sum-row)");
        Assert.Equal(6, rows.Count);
        Assert.Equal(6, plan.Lines.Count);
        for (var i = 0; i < plan.Lines.Count; i++)
        {
            var cells = rows[i].QuerySelectorAll("td");
            Assert.Equal(RocDate.FormatLongWithWeekday(plan.Lines[i].DueOn), cells[1].TextContent.Trim());
            Assert.Equal(Money.Format(plan.Lines[i].Amount), cells[2].TextContent.Trim());
        }

        Assert.Equal("115年12月15日（二）", rows[0].QuerySelectorAll("td")[1].TextContent.Trim());
        Assert.Equal(Money.Format(plan.AmountOwed), cut.Find(".cd-sum-row td.cd-num").TextContent.Trim());
        Assert.Equal("NT$86,400", Money.Format(plan.AmountOwed));
    }

    [Fact]
    public async Task Upload_AnOversizedFile_AndAnExeRenamedJpg_AreRefusedOnThePage_AndNothingIsStored()
    {
        var id = (await _plans.SubmitAsync(_lin, _caseId, Application())).Value;
        var max = _domain.Services.GetRequiredService<IOptions<InstallmentOptions>>().Value.MaxDocumentBytes;
        await using var ctx = Context(_lin);
        var cut = ctx.Render<PlanDetailPage>(p => p.Add(c => c.Id, id));
        cut.WaitForElement("#plan-upload-button");
        var upload = cut.FindComponent<MudFileUpload<Microsoft.AspNetCore.Components.Forms.IBrowserFile>>().Instance;

        await cut.InvokeAsync(() => upload.FilesChanged.InvokeAsync(new FakeFile("掃描.pdf", "application/pdf", "%PDF-1.7\n"u8.ToArray(), max + 1)));

        cut.WaitForAssertion(() => Assert.Contains($"檔案太大（上限 {max / 1024 / 1024} MB）", cut.Find("#plan-error").TextContent), TimeSpan.FromSeconds(3));

        byte[] exe = [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00];
        await cut.InvokeAsync(() => upload.FilesChanged.InvokeAsync(new FakeFile("失業證明.jpg", "image/jpeg", exe, exe.Length)));

        cut.WaitForAssertion(() => Assert.Contains("只接受 PDF、JPEG 或 PNG 檔", cut.Find("#plan-error").TextContent), TimeSpan.FromSeconds(3));
        Assert.DoesNotContain("檔案太大", cut.Find("#plan-error").TextContent);
        Assert.Empty((await _plans.GetAsync(_lin, id))!.Files);
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            Assert.Equal(0, await db.Set<InstallmentDocument>().CountAsync());
        }

        var folder = Path.Combine(_domain.Folder, "App_Data", "documents");
        Assert.True(!Directory.Exists(folder) || Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length == 0);
    }

    /// <summary>A browser file as the upload component hands it over: a name, a declared size and its bytes.</summary>
    private sealed class FakeFile(string name, string contentType, byte[] bytes, long size) : Microsoft.AspNetCore.Components.Forms.IBrowserFile
    {
        public string Name => name;

        public DateTimeOffset LastModified => TestDomain.DefaultNow;

        public long Size => size;

        public string ContentType => contentType;

        public Stream OpenReadStream(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) =>
            size > maxAllowedSize ? throw new IOException($"Supplied file with size {size} bytes exceeds the maximum of {maxAllowedSize} bytes.") : new MemoryStream(bytes);
    }

    private static InstallmentApplicationInput Application() => new()
    {
        ApplicantName = "陳志明",
        Form = ApplicationForm.Written,
        Reason = HardshipReason.EconomicSituation,
        StatementOfFacts = "115 年 10 月遭資遣，目前失業。",
        Documents = SupportingDocuments.UnemploymentProof,
        RequestedInstallments = 6,
        DayOfMonth = 15,
        ConsentOn = new DateOnly(2026, 11, 25),
        ConsentReference = "健保北字第1150001號",
        Guarantee = GuaranteeKind.WrittenByObligor,
    };

    private async Task<int> ApprovedAsync(InstallmentApplicationInput input)
    {
        var id = (await _plans.SubmitAsync(_lin, _caseId, input)).Value;
        Assert.True((await _plans.ApproveAsync(_wang, id, (await _plans.GetAsync(_wang, id))!.Version)).Succeeded);
        return id;
    }

    private BunitContext Context(Actor actor)
    {
        var options = _domain.Services.GetRequiredService<IOptions<InstallmentOptions>>();
        return BunitHost.Create(_domain, actor, services: s =>
        {
            s.AddSingleton(options);
            s.AddSingleton(new DocumentFolder(options, new HostingEnvironment { ContentRootPath = _domain.Folder }));
        });
    }
}
