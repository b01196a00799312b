using System.Globalization;
using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Cases;

public sealed partial class CaseDetailPage
{
    private CaseDetail? _case;
    private IReadOnlyList<AuditRow>? _trail;
    private IReadOnlyList<CaseDesk.Domain.Installments.PlanSummary> _plans = [];
    private IReadOnlyList<CaseDesk.Domain.Referrals.ReferralListItem> _referrals = [];
    private Actor _actor = Actor.System;
    private bool _loading = true;
    private List<BreadcrumbItem> _breadcrumbs = [];
    private DateOnly _today;

    [Parameter]
    public int Id { get; set; }

    [Inject]
    private CaseService Cases { get; set; } = default!;

    [Inject]
    private AuditService Audit { get; set; } = default!;

    [Inject]
    private CaseDesk.Domain.Installments.InstallmentService Plans { get; set; } = default!;

    [Inject]
    private CaseDesk.Domain.Referrals.ReferralService Referrals { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _actor = await Actors.GetAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _today = CaseDesk.Domain.Identity.TaipeiTime.Today(Clock);
        _case = await Cases.GetAsync(_actor, Id);
        _plans = _case is not null && (_actor.IsClerk || _actor.IsSupervisor) ? await Plans.ListForCaseAsync(Id) : [];
        _referrals = _case is not null && (_actor.IsClerk || _actor.IsSupervisor)
            ? (await Referrals.ListAsync(_actor, new CaseDesk.Domain.Referrals.ReferralQuery(CaseDesk.Domain.Referrals.ReferralFilter.All, CaseId: Id), new PageRequest(0, 20))).Items
            : [];
        _breadcrumbs = [new(L["NavCases"], "/cases"), new(_case?.CaseNumber ?? "", null, disabled: true)];
        if (_case is not null && AuditService.CanRead(_actor))
        {
            var trail = await Audit.GetTrailAsync(_actor, nameof(EnforcementCase), Id.ToString(CultureInfo.InvariantCulture));
            _trail = trail.Succeeded ? trail.Value : null;
        }

        _loading = false;
    }

    private async Task<Result<string?>> RevealIdAsync()
    {
        var result = await Cases.RevealPersonalDataAsync(_actor, Id);
        await RefreshTrailAsync();
        return result.Succeeded ? Result.Success<string?>(result.Value.IdNumber) : Result<string?>.Fail(result.Errors);
    }

    private async Task<Result<string?>> RevealPhoneAsync()
    {
        var result = await Cases.RevealPersonalDataAsync(_actor, Id);
        await RefreshTrailAsync();
        return result.Succeeded ? Result.Success(result.Value.Phone) : Result<string?>.Fail(result.Errors);
    }

    private async Task RefreshTrailAsync()
    {
        if (_trail is not null)
        {
            var trail = await Audit.GetTrailAsync(_actor, nameof(EnforcementCase), Id.ToString(CultureInfo.InvariantCulture));
            _trail = trail.Succeeded ? trail.Value : _trail;
        }
    }

    private async Task DeferralAsync(CaseDeferralMode mode)
    {
        if (_case is not null && await CaseDeferralDialog.ShowAsync(Dialogs, L, mode, _case))
        {
            await LoadAsync();
        }
    }

    private async Task EditAsync()
    {
        if (await CaseFormDialog.ShowAsync(Dialogs, L, Id) is not null)
        {
            await LoadAsync();
        }
    }
}
