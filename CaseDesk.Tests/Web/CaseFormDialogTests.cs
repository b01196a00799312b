using Bunit;
using CaseDesk.Domain.Data;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Components.Pages.Cases;
using CaseDesk.Web.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Tests.Web;

public sealed class CaseFormDialogTests : IAsyncLifetime
{
    private TestDomain _domain = default!;

    public async Task InitializeAsync() => _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 20);

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private static Task<(IRenderedComponent<MudDialogProvider> Provider, Task<int?> Result)> OpenAsync(BunitContext ctx, int? caseId)
    {
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        var l = ctx.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        // Not awaited: the task completes when the dialog closes.
        var result = provider.InvokeAsync(() => CaseFormDialog.ShowAsync(dialogs, l, caseId));
        return Task.FromResult((provider, result));
    }

    [Fact]
    public async Task NewCase_EmptySubmit_ShowsChineseMessagesBesideFields()
    {
        await using var ctx = BunitHost.Create(_domain, TestDomain.Clerk(_domain.People!.ClerkLin, 5));
        var (provider, _) = await OpenAsync(ctx, null);
        provider.WaitForElement("#case-form");

        await provider.Find("#case-form").SubmitAsync();

        provider.WaitForAssertion(() =>
        {
            var text = provider.Find("#case-form").TextContent;
            Assert.Contains("請修正下方標示的欄位後再儲存", text);
            Assert.Contains("請輸入執行案號", text);
            Assert.Contains("請輸入義務人姓名或名稱", text);
            Assert.Contains("請輸入身分證或居留證號", text);
            Assert.Contains("請選擇移送機關", text);
            Assert.Contains("請輸入執行金額", text);
            Assert.Contains("請輸入移送日期", text);
        });
    }

    [Fact]
    public async Task NewCase_BadChecksumAndFutureDate_AreExplained()
    {
        await using var ctx = BunitHost.Create(_domain, TestDomain.Clerk(_domain.People!.ClerkLin, 5));
        var (provider, _) = await OpenAsync(ctx, null);
        provider.WaitForElement("#case-form");

        await provider.Find("#f-case-number").ChangeAsync(new() { Value = "115年度健保執字第00055555號" });
        await provider.Find("#f-obligor-id").ChangeAsync(new() { Value = "A123456788" });
        await provider.Find("#f-referred-on").ChangeAsync(new() { Value = "1151231" });
        await provider.Find("#case-form").SubmitAsync();

        provider.WaitForAssertion(() =>
        {
            var text = provider.Find("#case-form").TextContent;
            Assert.Contains("檢查碼不符", text);
            Assert.Contains("移送日期不可晚於今天（115/11/25）", text);
            Assert.DoesNotContain("請輸入執行案號", text);
        });
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        Assert.False(await db.Cases.AnyAsync(c => c.CaseNumber == "115年度健保執字第00055555號"));
    }

    [Fact]
    public async Task RocDateField_EchoesBothEras()
    {
        await using var ctx = BunitHost.Create(_domain, TestDomain.Clerk(_domain.People!.ClerkLin, 5));
        var (provider, _) = await OpenAsync(ctx, null);
        provider.WaitForElement("#case-form");

        await provider.Find("#f-referred-on").ChangeAsync(new() { Value = "2026-11-02" });

        provider.WaitForAssertion(() =>
        {
            var text = provider.Find("#case-form").TextContent;
            Assert.Contains("115年11月2日（一）", text);
            Assert.Contains("2026-11-02", text);
        });
        Assert.Equal("115/11/02", provider.Find("#f-referred-on").GetAttribute("value"));
    }

    [Fact]
    public async Task EditCase_AfterSomeoneElseSaved_OffersReloadKeepingMyChanges()
    {
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var story = await db.Cases.SingleAsync(c => c.CaseNumber == DemoData.StoryCaseNumber);
        var clerk = TestDomain.Clerk(_domain.People!.ClerkLin, story.UnitId);
        await using var ctx = BunitHost.Create(_domain, clerk);
        var (provider, _) = await OpenAsync(ctx, story.Id);
        provider.WaitForElement("#case-form");

        // Someone else saves the address while this dialog is open.
        var cases = _domain.Get<CaseDesk.Domain.Cases.CaseService>();
        var (theirs, version) = (await cases.GetForEditAsync(TestDomain.Supervisor(), story.Id)).Value;
        Assert.True((await cases.UpdateAsync(TestDomain.Supervisor(901, "王主任"), story.Id, version, theirs with { ObligorAddress = "桃園市中壢區新址1號" })).Succeeded);

        await provider.Find("#f-notes").ChangeAsync(new() { Value = "義務人來電表示願意分期" });
        await provider.Find("#case-form").SubmitAsync();
        provider.WaitForAssertion(() => Assert.Contains("王主任", provider.Find("#case-form-error").TextContent));

        await provider.Find("#case-form-reload").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Contains("保留您修改過的欄位", provider.Find("#case-form").TextContent));
        Assert.Equal("義務人來電表示願意分期", provider.Find("#f-notes").GetAttribute("value"));
        Assert.Equal("桃園市中壢區新址1號", provider.Find("#f-address").GetAttribute("value"));

        await provider.Find("#case-form").SubmitAsync();
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("#case-form")));
        var reloaded = (await cases.GetForEditAsync(TestDomain.Supervisor(), story.Id)).Value.Input;
        Assert.Equal("義務人來電表示願意分期", reloaded.Notes);
        Assert.Equal("桃園市中壢區新址1號", reloaded.ObligorAddress);
    }

    [Fact]
    public async Task NewCase_ShortIdInEnglish_ExplainsInEnglishWithoutChinese()
    {
        await using var ctx = BunitHost.Create(_domain, TestDomain.Clerk(_domain.People!.ClerkLin, 5), "en");
        var (provider, _) = await OpenAsync(ctx, null);
        provider.WaitForElement("#case-form");

        await provider.Find("#f-obligor-id").ChangeAsync(new() { Value = "A12345" });
        await provider.Find("#case-form").SubmitAsync();

        provider.WaitForAssertion(() =>
        {
            var field = provider.Find("#f-obligor-id").Closest(".mud-input-control")!;
            var error = field.QuerySelector(".mud-input-helper-text")?.TextContent.Trim() ?? "";
            Assert.Equal("A national ID or resident certificate number has 10 characters (a letter and 9 digits); you entered 6.", error);
        });
        var messages = provider.FindAll(".mud-input-helper-text.mud-input-error").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0).ToList();
        Assert.Contains("Enter the case number.", messages);
        Assert.All(messages, m => Assert.DoesNotMatch(@"[\u3400-\u9FFF]", m));
        Assert.DoesNotMatch(@"[\u3400-\u9FFF]", provider.Find("#case-form-error").TextContent);
    }
}
