using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Installments;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Installments;

public sealed partial class PlanDetailPage
{
    private PlanDetail? _p;
    private Actor _actor = Actor.System;
    private bool _loading = true;
    private string? _error;
    private List<BreadcrumbItem> _breadcrumbs = [];

    [Parameter]
    public int Id { get; set; }

    [Inject]
    private InstallmentService Plans { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private DocumentFolder Documents { get; set; } = default!;

    [Inject]
    private IOptions<InstallmentOptions> Options { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ILogger<PlanDetailPage> Logger { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    private string DocumentsText =>
        _p!.Documents == SupportingDocuments.None
            ? L["NoDocuments"]
            : string.Join("、", Enum.GetValues<SupportingDocuments>().Where(d => d != SupportingDocuments.None && _p.Documents.HasFlag(d)).Select(d => L["SupportingDocuments." + d].Value))
              + (_p.DocumentsNote is null ? "" : "（" + _p.DocumentsNote + "）");

    private string GuaranteeDetail => _p!.Guarantee switch
    {
        GuaranteeKind.ThirdPartyGuarantor => $"：{_p.GuarantorName}（{_p.GuarantorIdMasked}，{_p.GuarantorRelationship}）",
        GuaranteeKind.Collateral => $"：{_p.CollateralDescription}",
        GuaranteeKind.Cheques => "：" + L["GuaranteeChequesCount", _p.Cheques.Count, Money.Format(_p.Cheques.Sum(c => c.Amount))],
        _ => "",
    };

    protected override async Task OnParametersSetAsync()
    {
        _actor = await Actors.GetAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _p = await Plans.GetAsync(_actor, Id);
        _breadcrumbs = _p is null ? [] : [new(L["NavInstallments"], "/installments"), new(_p.CaseNumber, $"/cases/{_p.CaseId}"), new(L["PlanVersionN", _p.PlanVersion], null, disabled: true)];
        _loading = false;
    }

    private string LineStatus(InstallmentLineView line) =>
        line.PaidAmount >= line.Amount ? L["LinePaid"]
        : line.Overdue ? L["LineOverdue"]
        : line.PaidAmount > 0 ? L["LinePartial"]
        : L["LineOpen"];

    private async Task RunAsync(PlanAction action, PaymentView? payment = null, GuaranteeChequeView? cheque = null)
    {
        _error = null;
        if (await PlanActionDialog.ShowAsync(Dialogs, action, _p!, payment, cheque))
        {
            await LoadAsync();
        }
    }

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        if (file.Size > Options.Value.MaxDocumentBytes)
        {
            _error = L["UploadTooBig", Options.Value.MaxDocumentBytes / 1024 / 1024];
            return;
        }

        var result = await GuardedSave.RunAsync(async () =>
        {
            await using var stream = file.OpenReadStream(Options.Value.MaxDocumentBytes);
            return await Plans.UploadDocumentAsync(_actor, Id, file.Name, stream, file.Size, Documents.Path);
        }, Logger);
        _error = result.Succeeded ? null : FormErrors.Text(result.Errors[0], L);
        if (result.Succeeded)
        {
            Snackbar.Add(L["UploadDone", file.Name], Severity.Success);
            await LoadAsync();
        }
    }
}
