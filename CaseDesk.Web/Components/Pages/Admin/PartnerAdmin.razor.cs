using CaseDesk.Domain.Common;
using CaseDesk.Domain.Referrals;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Admin;

/// <summary>
/// The welfare partners (社會局、勞動局、家扶中心…) and their contact windows: add, edit, deactivate, and delete a
/// partner nobody referred to. The service decides; its refusals (in use, changed by someone else) are shown as it words them.
/// </summary>
public sealed partial class PartnerAdmin
{
    private IReadOnlyList<PartnerView> _partners = [];
    private bool _loading = true;
    private bool _busy;
    private string? _error;
    private Actor _actor = Actor.System;

    [Inject]
    private ReferralService Referrals { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ILogger<PartnerAdmin> Logger { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _actor = await Actors.GetAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            _partners = await Referrals.GetPartnersAsync(includeInactive: true);
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task NewAsync()
    {
        if (await PartnerDialog.ShowAsync(Dialogs, L, null))
        {
            _error = null;
            await LoadAsync();
        }
    }

    private async Task EditAsync(PartnerView partner)
    {
        if (await PartnerDialog.ShowAsync(Dialogs, L, partner))
        {
            _error = null;
        }

        // Reloaded even when cancelled: the dialog may have found the partner changed or deleted meanwhile.
        await LoadAsync();
    }

    private async Task SetActiveAsync(PartnerView partner, bool active)
    {
        await RunAsync(
            () => Referrals.SetPartnerActiveAsync(_actor, partner.Id, partner.Version, active),
            L[active ? "PartnerReactivated" : "PartnerDeactivated", partner.Name]);
    }

    private async Task DeleteAsync(PartnerView partner)
    {
        // A partner already referred to cannot go (the service says so and what to do instead): no point asking first.
        if (partner.ReferralCount == 0)
        {
            var confirmed = await Dialogs.ShowMessageBoxAsync(L["PartnerDeleteTitle"], L["PartnerDeleteConfirm", partner.Name], yesText: L["Delete"], cancelText: L["Cancel"]);
            if (confirmed != true)
            {
                return;
            }
        }

        await RunAsync(() => Referrals.DeletePartnerAsync(_actor, partner.Id, partner.Version), L["PartnerDeleted", partner.Name]);
    }

    private async Task RunAsync(Func<Task<Result>> action, string done)
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await GuardedSave.RunAsync(action, Logger);
            if (result.Succeeded)
            {
                _error = null;
                Snackbar.Add(done, Severity.Success);
            }
            else
            {
                _error = string.Join(" ", result.Errors.Select(e => FormErrors.Text(e, L)));
            }

            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }
}
