using CaseDesk.Domain.Common;
using CaseDesk.Domain.Referrals;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Admin;

/// <summary>Add or edit a welfare partner. Binds a form model; the domain validates and its errors land on the fields.</summary>
public sealed partial class PartnerDialog
{
    private PartnerFormModel _model = new();
    private PartnerFormModel? _original;
    private int _version;
    private Actor _actor = Actor.System;
    private bool _saving;
    private bool _conflict;
    private readonly FormErrors _errors = new();
    private IReadOnlyList<string> _formErrors = [];

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>The partner to edit; null for a new one.</summary>
    [Parameter]
    public PartnerView? Partner { get; set; }

    [Inject]
    private ReferralService Referrals { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ILogger<PartnerDialog> Logger { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    /// <summary>Opens the dialog; true when saved, false when cancelled.</summary>
    public static async Task<bool> ShowAsync(IDialogService dialogs, IStringLocalizer<SharedResource> l, PartnerView? partner)
    {
        var parameters = new DialogParameters<PartnerDialog> { { d => d.Partner, partner } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false };
        var dialog = await dialogs.ShowAsync<PartnerDialog>(partner is null ? l["PartnerNew"] : l["PartnerEdit"], parameters, options);
        var result = await dialog.Result;
        return result is { Canceled: false };
    }

    protected override async Task OnInitializedAsync()
    {
        _actor = await Actors.GetAsync();
        if (Partner is { } partner)
        {
            _original = PartnerFormModel.From(partner);
            _model = PartnerFormModel.From(partner);
            _version = partner.Version;
        }
    }

    private void ToggleService(WelfareNeed need, bool on)
    {
        _model.Services = on ? _model.Services | need : _model.Services & ~need;
        _errors.Clear(nameof(PartnerInput.Services));
    }

    private async Task SaveAsync()
    {
        if (_saving)
        {
            return;
        }

        _saving = true;
        try
        {
            var input = _model.ToInput();
            Result result = Partner is { } partner
                ? await GuardedSave.RunAsync(() => Referrals.UpdatePartnerAsync(_actor, partner.Id, _version, input), Logger)
                : await GuardedSave.RunAsync(() => Referrals.CreatePartnerAsync(_actor, input), Logger);
            _conflict = result.IsConflict;
            _formErrors = _errors.Load(result, L);
            if (result.Succeeded)
            {
                Snackbar.Add(L["PartnerSaved", input.Name?.Trim() ?? ""], Severity.Success);
                Dialog.Close(DialogResult.Ok(true));
            }
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>
    /// After a concurrent edit: take the other person's saved values, but keep every field this user
    /// changed, and save against the new version. Nothing typed is lost.
    /// </summary>
    private async Task ReloadKeepingMineAsync()
    {
        if (Partner is not { } partner || _original is null)
        {
            return;
        }

        var latest = (await Referrals.GetPartnersAsync(includeInactive: true)).FirstOrDefault(p => p.Id == partner.Id);
        if (latest is null)
        {
            _conflict = false;
            _formErrors = [FormErrors.Text(DomainError.NotFound(), L)];
            return;
        }

        var theirs = PartnerFormModel.From(latest);
        _model = FormMerge.KeepMine(_original, _model, theirs);
        _original = theirs;
        _version = latest.Version;
        _conflict = false;
        _errors.Clear();
        _formErrors = [L["ReloadedKeptMine"]];
    }

    private void Cancel() => Dialog.Cancel();

    /// <summary>The dialog's own mutable copy of <see cref="PartnerInput"/>.</summary>
    public sealed class PartnerFormModel
    {
        public string? Name { get; set; }

        public string? ContactName { get; set; }

        public string? Phone { get; set; }

        public string? Fax { get; set; }

        public string? Email { get; set; }

        public string? Address { get; set; }

        public WelfareNeed Services { get; set; }

        public bool AcceptsEmail { get; set; }

        public static PartnerFormModel From(PartnerView p) => new()
        {
            Name = p.Name, ContactName = p.ContactName, Phone = p.Phone, Fax = p.Fax, Email = p.Email, Address = p.Address, Services = p.Services, AcceptsEmail = p.AcceptsEmail,
        };

        public PartnerInput ToInput() => new()
        {
            Name = Name, ContactName = ContactName, Phone = Phone, Fax = Fax, Email = Email, Address = Address, Services = Services, AcceptsEmail = AcceptsEmail,
        };
    }
}
