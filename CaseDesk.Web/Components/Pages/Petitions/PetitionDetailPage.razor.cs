using System.Globalization;
using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Petitions;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Petitions;

public sealed partial class PetitionDetailPage
{
    private PetitionDetail? _p;
    private IReadOnlyList<AuditRow>? _trail;
    private Actor _actor = Actor.System;
    private bool _loading = true;
    private string? _error;
    private List<BreadcrumbItem> _breadcrumbs = [];

    [Parameter]
    public int Id { get; set; }

    [Inject]
    private PetitionService Petitions { get; set; } = default!;

    [Inject]
    private AuditService Audit { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [Inject]
    private ILogger<PetitionDetailPage> Logger { get; set; } = default!;

    private string DaysLeftText => _p!.WorkingDaysLeft >= 0
        ? L["WorkingDaysLeft", _p.WorkingDaysLeft]
        : L["WorkingDaysLate", -_p.WorkingDaysLeft];

    protected override async Task OnParametersSetAsync()
    {
        _actor = await Actors.GetAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _p = await Petitions.GetAsync(_actor, Id);
        _breadcrumbs = [new(L["NavPetitions"], "/petitions"), new(_p?.Number ?? "", null, disabled: true)];
        if (_p is not null && AuditService.CanRead(_actor))
        {
            var trail = await Audit.GetTrailAsync(_actor, nameof(Petition), Id.ToString(CultureInfo.InvariantCulture));
            _trail = trail.Succeeded ? trail.Value : null;
        }

        _loading = false;
    }

    private async Task RunAsync(PetitionAction action)
    {
        if (_p is null)
        {
            return;
        }

        _error = null;
        if (await PetitionActionDialog.ShowAsync(Dialogs, action, _p))
        {
            await LoadAsync();
        }
    }

    private async Task StartAsync()
    {
        var result = await GuardedSave.RunAsync(() => Petitions.StartAsync(_actor, Id, _p!.Version), Logger);
        _error = result.Succeeded ? null : FormErrors.Text(result.Errors[0], L);
        await LoadAsync();
    }

    private async Task<Result<string?>> RevealPhoneAsync()
    {
        var result = await Petitions.RevealPetitionerPhoneAsync(_actor, Id);
        if (_trail is not null)
        {
            var trail = await Audit.GetTrailAsync(_actor, nameof(Petition), Id.ToString(CultureInfo.InvariantCulture));
            _trail = trail.Succeeded ? trail.Value : _trail;
        }

        return result;
    }
}
