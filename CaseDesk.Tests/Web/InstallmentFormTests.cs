using Bunit;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Drafts;
using CaseDesk.Domain.Installments;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Components.Pages.Installments;
using CaseDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace CaseDesk.Tests.Web;

/// <summary>The application form tells the clerk the rules while typing.</summary>
public sealed class InstallmentFormTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private Actor _lin = default!;
    private Actor _wang = default!;
    private int _caseId;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        _lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value, "林雅婷");
        var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
        _wang = TestDomain.Supervisor(wang.Id, "王建國");
        _caseId = await db.Cases.Where(c => c.CaseNumber == DemoData.StoryCaseNumber).Select(c => c.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    [Fact]
    public async Task LiveRuleMessages_FollowTheRequestedInstallments()
    {
        await using var ctx = BunitHost.Create(_domain, _lin);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/installments/new?caseId={_caseId}");

        var cut = ctx.Render<InstallmentForm>();
        cut.WaitForElement("#rule-check");
        Assert.Contains("輸入期數後", cut.Find("#rule-check").TextContent);
        Assert.Contains("移送機關同意", cut.Find("#rule-missing").TextContent);
        Assert.Contains("擔保", cut.Find("#rule-missing").TextContent);
        Assert.Contains("證明文件", cut.Find("#rule-missing").TextContent);

        await cut.Find("#f-installments").ChangeAsync(new() { Value = "8" });
        cut.WaitForAssertion(() => Assert.Contains("8 期超過本級距最多 6 期：須敘明特殊情形", cut.Find("#rule-special").TextContent), TimeSpan.FromSeconds(3));
        Assert.Contains("NT$0 以上、未滿 NT$200,000：最多 6 期（第 1 版標準）", cut.Find("#rule-tier").TextContent);
        Assert.NotNull(cut.Find("#f-special"));
        Assert.Equal(8, cut.FindAll("#schedule-preview tbody tr").Count - 1);

        await cut.Find("#f-installments").ChangeAsync(new() { Value = "6" });
        cut.WaitForAssertion(() => Assert.Contains("申請 6 期，在本級距 6 期以內", cut.Find("#rule-ok").TextContent), TimeSpan.FromSeconds(3));
        Assert.Contains("NT$86,400", cut.Find("#schedule-sum").TextContent);

        await cut.Find("#f-installments").ChangeAsync(new() { Value = "61" });
        cut.WaitForAssertion(() => Assert.Contains("不得超過 60 期", cut.Find("#rule-not-allowed").TextContent), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task ADebtOfSixtyMillionOrMore_KeepsARequestBeyondOneHundredTwentyInstallments()
    {
        var cases = _domain.Get<CaseDesk.Domain.Cases.CaseService>();
        var (input, version) = (await cases.GetForEditAsync(_wang, _caseId)).Value;
        Assert.True((await cases.UpdateAsync(_wang, _caseId, version, input with { AmountOwed = 70_000_000 })).Succeeded);
        await using var ctx = BunitHost.Create(_domain, _lin);
        var cut = RenderNew(ctx);

        await cut.Find("#f-installments").ChangeAsync(new() { Value = "150" });

        cut.WaitForAssertion(() => Assert.Contains("150 期超過本級距最多 60 期", cut.Find("#rule-special").TextContent), TimeSpan.FromSeconds(3));
        Assert.Equal("150", cut.Find("input#f-installments").GetAttribute("value"));
        Assert.Equal(150, ById<MudNumericField<int?>>(cut, "f-installments").Instance.GetState(x => x.Value));
        Assert.Empty(cut.FindAll("#rule-not-allowed"));
    }

    [Fact]
    public async Task Submit_Incomplete_ShowsEveryProblemBesideItsField_AndSavesNothing()
    {
        await using var ctx = BunitHost.Create(_domain, _lin);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/installments/new?caseId={_caseId}");
        var cut = ctx.Render<InstallmentForm>();
        cut.WaitForElement("#plan-form");

        await cut.Find("#plan-form").SubmitAsync();

        cut.WaitForAssertion(() =>
        {
            var text = cut.Find("#plan-form").TextContent;
            Assert.Contains("言詞申請須製作筆錄", text);
            Assert.Contains("請選擇申請事由", text);
            Assert.Contains("請輸入申請期數", text);
        });
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        Assert.Equal(0, await db.InstallmentPlans.CountAsync());
    }

    [Fact]
    public async Task ChangingTheFirstPayment_UpdatesLineOneOfTheAdjustedAmounts()
    {
        await using var ctx = BunitHost.Create(_domain, _lin);
        var cut = RenderNew(ctx);
        await cut.Find("#f-installments").ChangeAsync(new() { Value = "6" });
        await SetAsync<MudSwitch<bool>, bool>(cut, "f-first-paid", true);
        await SetAsync<MudNumericField<long?>, long?>(cut, "f-first-amount", 14_400);
        cut.WaitForAssertion(() => Assert.Equal(6, cut.FindAll("#schedule-preview tbody tr").Count - 1), TimeSpan.FromSeconds(3));
        await SetAsync<MudSwitch<bool>, bool>(cut, "f-adjust", true);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("input#f-adjusted-2")), TimeSpan.FromSeconds(3));

        await SetAsync<MudNumericField<long?>, long?>(cut, "f-first-amount", 20_000);

        cut.WaitForAssertion(() =>
        {
            var first = cut.Find("#f-adjusted-1");
            Assert.Equal("SPAN", first.TagName); // paid at the counter: not editable here
            Assert.Contains("20,000", first.TextContent);
            Assert.Contains("92,000", cut.Find("#schedule-sum").TextContent); // the clerk now rebalances the rest
        }, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task ALateChangeFromARemovedScheduleRow_IsIgnored()
    {
        await using var ctx = BunitHost.Create(_domain, _lin);
        var cut = RenderNew(ctx);
        await cut.Find("#f-installments").ChangeAsync(new() { Value = "6" });
        cut.WaitForAssertion(() => Assert.Equal(6, cut.FindAll("#schedule-preview tbody tr").Count - 1), TimeSpan.FromSeconds(3));
        await SetAsync<MudSwitch<bool>, bool>(cut, "f-adjust", true);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("input#f-adjusted-6")), TimeSpan.FromSeconds(3));
        var sixth = ById<MudNumericField<long>>(cut, "f-adjusted-6").Instance.ValueChanged;

        await cut.Find("#f-installments").ChangeAsync(new() { Value = "3" });
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("#schedule-preview tbody tr").Count - 1), TimeSpan.FromSeconds(3));
        await cut.InvokeAsync(() => sixth.InvokeAsync(5_000)); // the browser's change for row 6 arrives after the re-render

        cut.WaitForAssertion(() => Assert.Contains("86,400", cut.Find("#schedule-sum").TextContent), TimeSpan.FromSeconds(3));
        Assert.Equal(3, cut.FindAll("input[id^='f-adjusted-']").Count);
    }

    [Fact]
    public async Task RestoringAnOldDraft_AndSaving_IsRefusedWhenTheApplicationWasRevisedSince()
    {
        var plans = _domain.Get<InstallmentService>();
        var id = (await plans.SubmitAsync(_lin, _caseId, Application())).Value;
        var firstVersion = (await plans.GetAsync(_lin, id))!.Version;
        await using (var typing = BunitHost.Create(_domain, _lin))
        {
            var form = typing.Render<InstallmentForm>(p => p.Add(c => c.Id, id));
            form.WaitForElement("#plan-form");
            await form.Find("#f-day").ChangeAsync(new() { Value = "10" });
            var draft = await WaitForDraftAsync($"installment:{id}", "\"DayOfMonth\":10");
            Assert.Contains($"\"Version\":{firstVersion}", draft);
            Assert.Contains("\"Adjusting\":true", draft);
        }

        var (input, version) = (await plans.GetForReviseAsync(_wang, id)).Value;
        Assert.True((await plans.ReviseAsync(_wang, id, version, input with { DayOfMonth = 20 })).Succeeded);

        await using var ctx = BunitHost.Create(_domain, _lin);
        var cut = ctx.Render<InstallmentForm>(p => p.Add(c => c.Id, id));
        cut.WaitForElement("#draft-offer");
        await cut.InvokeAsync(() => cut.Find("#draft-restore").ClickAsync(new()));
        cut.WaitForAssertion(() => Assert.Equal("10", cut.Find("#f-day").GetAttribute("value")));
        await cut.Find("#plan-form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Contains("請重新載入後再儲存", cut.Find("#plan-form-error").TextContent), TimeSpan.FromSeconds(3));
        Assert.Equal(20, (await plans.GetAsync(_wang, id))!.DayOfMonth); // the newer revision stands
    }

    [Fact]
    public async Task RestoringADraft_KeepsTheAmountsAdjustedByHand()
    {
        await using (var typing = BunitHost.Create(_domain, _lin))
        {
            var form = RenderNew(typing);
            await form.Find("#f-installments").ChangeAsync(new() { Value = "6" });
            form.WaitForAssertion(() => Assert.Equal(6, form.FindAll("#schedule-preview tbody tr").Count - 1), TimeSpan.FromSeconds(3));
            await SetAsync<MudSwitch<bool>, bool>(form, "f-adjust", true);
            form.WaitForAssertion(() => Assert.NotNull(form.Find("input#f-adjusted-3")), TimeSpan.FromSeconds(3));
            await SetAsync<MudNumericField<long>, long>(form, "f-adjusted-2", 20_000);
            await SetAsync<MudNumericField<long>, long>(form, "f-adjusted-3", 8_800);
            await WaitForDraftAsync($"installment:case:{_caseId}:", "8800");
        }

        await using var ctx = BunitHost.Create(_domain, _lin);
        var cut = RenderNew(ctx);
        cut.WaitForElement("#draft-offer");
        await cut.InvokeAsync(() => cut.Find("#draft-restore").ClickAsync(new()));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("20,000", cut.Find("input#f-adjusted-2").GetAttribute("value"));
            Assert.Equal("8,800", cut.Find("input#f-adjusted-3").GetAttribute("value"));
            Assert.Contains("86,400", cut.Find("#schedule-sum").TextContent);
        }, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task RemovingAChequeRow_KeepsTheOtherRowsOwnFields()
    {
        await using var ctx = BunitHost.Create(_domain, _lin);
        var cut = RenderNew(ctx);
        await SetAsync<MudSelect<GuaranteeKind>, GuaranteeKind>(cut, "f-guarantee", GuaranteeKind.Cheques);
        // Find and click in one dispatch, and wait for each render: the form re-renders after every change.
        await cut.InvokeAsync(() => cut.Find("#f-add-cheque").ClickAsync(new()));
        cut.WaitForAssertion(() => Assert.Single(ChequeNumberFields(cut)));
        await cut.InvokeAsync(() => cut.Find("#f-add-cheque").ClickAsync(new()));
        cut.WaitForAssertion(() => Assert.Equal(2, ChequeNumberFields(cut).Count));
        var numbers = ChequeNumberFields(cut);
        await cut.InvokeAsync(() => numbers[0].Instance.ValueChanged.InvokeAsync("AA0000001"));
        await cut.InvokeAsync(() => numbers[1].Instance.ValueChanged.InvokeAsync("AA0000002"));
        var second = ChequeNumberFields(cut).Single(f => f.Instance.GetState(x => x.Value) == "AA0000002").Instance;

        await cut.InvokeAsync(() => cut.FindAll("#f-cheques tbody tr")[0].QuerySelector("button")!.ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Single(ChequeNumberFields(cut)));
        var left = Assert.Single(ChequeNumberFields(cut));
        Assert.Equal("AA0000002", left.Instance.GetState(x => x.Value));
        Assert.Same(second, left.Instance); // the row kept its own components (@key), not the removed row's
    }

    private static InstallmentApplicationInput Application() => new()
    {
        ApplicantName = "陳志明",
        Form = ApplicationForm.Written,
        Reason = HardshipReason.EconomicSituation,
        StatementOfFacts = "失業",
        Documents = SupportingDocuments.UnemploymentProof,
        RequestedInstallments = 6,
        DayOfMonth = 15,
        ConsentOn = new DateOnly(2026, 11, 25),
        ConsentReference = "健保北字第1150001號",
        Guarantee = GuaranteeKind.WrittenByObligor,
    };

    private IRenderedComponent<InstallmentForm> RenderNew(BunitContext ctx)
    {
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/installments/new?caseId={_caseId}");
        var cut = ctx.Render<InstallmentForm>();
        cut.WaitForElement("#rule-check");
        return cut;
    }

    private static IRenderedComponent<T> ById<T>(IRenderedComponent<InstallmentForm> cut, string id)
        where T : MudComponentBase =>
        cut.FindComponents<T>().Single(c => c.Instance.UserAttributes.TryGetValue("id", out var v) && Equals(v, id));

    /// <summary>What the browser does when the user changes a MudBlazor field: its ValueChanged with the new value.</summary>
    private static async Task SetAsync<TField, TValue>(IRenderedComponent<InstallmentForm> cut, string id, TValue value)
        where TField : MudComponentBase
    {
        var field = ById<TField>(cut, id).Instance;
        var callback = (EventCallback<TValue>)typeof(TField).GetProperty("ValueChanged")!.GetValue(field)!;
        await cut.InvokeAsync(() => callback.InvokeAsync(value));
    }

    private static List<IRenderedComponent<MudTextField<string>>> ChequeNumberFields(IRenderedComponent<InstallmentForm> cut)
    {
        var table = cut.FindComponents<MudSimpleTable>().Single(t => t.Instance.UserAttributes.TryGetValue("id", out var v) && Equals(v, "f-cheques"));
        var inDateFields = table.FindComponents<CaseDesk.Web.Components.Shared.RocDateField>().SelectMany(d => d.FindComponents<MudTextField<string>>()).Select(f => f.Instance).ToHashSet();
        return table.FindComponents<MudTextField<string>>().Where(f => !inDateFields.Contains(f.Instance)).ToList();
    }

    private async Task<string> WaitForDraftAsync(string key, string containing)
    {
        var drafts = _domain.Get<DraftService>();
        for (var i = 0; i < 100; i++)
        {
            if (await drafts.GetAsync(_lin, key) is { } draft && draft.Json.Contains(containing, StringComparison.Ordinal))
            {
                return draft.Json;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No draft {key} containing {containing}.");
    }
}
