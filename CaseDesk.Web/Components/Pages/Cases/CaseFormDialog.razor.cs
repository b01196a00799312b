using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Reference;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Mapster;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Cases;

/// <summary>Create or edit a case. Binds a form model; the domain validates and its errors land on the fields.</summary>
public sealed partial class CaseFormDialog
{
    /// <summary>This form's submission key: pressing 儲存 again after an answer was lost never creates a second record.</summary>
    private Guid _submission = Guid.NewGuid();

    private CaseFormModel _model = new();
    private CaseInput? _original;
    private int _version;
    private CaseStatus _loadedStatus;
    private Actor _actor = Actor.System;
    private IReadOnlyList<LookupItem> _units = [];
    private IReadOnlyList<LookupItem> _agencies = [];
    private IReadOnlyList<StaffItem> _clerks = [];
    private bool _loading = true;
    private bool _saving;
    private bool _conflict;
    private readonly FormErrors _errors = new();
    private IReadOnlyList<string> _formErrors = [];

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter]
    public int? CaseId { get; set; }

    [Inject]
    private CaseService Cases { get; set; } = default!;

    [Inject]
    private ReferenceDataService Reference { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ILogger<CaseFormDialog> Logger { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    /// <summary>Opens the dialog; returns the case id when saved, null when cancelled.</summary>
    public static async Task<int?> ShowAsync(IDialogService dialogs, IStringLocalizer<SharedResource> l, int? caseId)
    {
        var parameters = new DialogParameters<CaseFormDialog> { { d => d.CaseId, caseId } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false };
        var dialog = await dialogs.ShowAsync<CaseFormDialog>(caseId is null ? l["NewCase"] : l["EditCase"], parameters, options);
        var result = await dialog.Result;
        return result is { Canceled: false, Data: int id } ? id : null;
    }

    protected override async Task OnInitializedAsync()
    {
        _actor = await Actors.GetAsync();
        _units = await Reference.GetUnitsAsync();
        _agencies = await Reference.GetAgenciesAsync();
        if (CaseId is { } id)
        {
            var loaded = await Cases.GetForEditAsync(_actor, id);
            if (!loaded.Succeeded)
            {
                Snackbar.Add(loaded.Errors[0].Message, Severity.Error);
                Dialog.Close(DialogResult.Cancel());
                return;
            }

            (_original, _version) = loaded.Value;
            _loadedStatus = _original.Status;
            _model = _original.Adapt<CaseFormModel>();
        }
        else
        {
            _model = new CaseFormModel { UnitId = _actor.UnitId, ResponsibleClerkId = _actor.IsClerk ? _actor.StaffId : null };
        }

        await LoadClerksAsync();
        _loading = false;
    }

    private bool HasError(string field) => _errors.Has(field);

    private string? ErrorOf(string field) => _errors.Of(field);

    private async Task OnUnitChangedAsync(int? unitId)
    {
        _model.UnitId = unitId;
        _errors.Clear(nameof(CaseInput.UnitId));
        await LoadClerksAsync();
        if (_clerks.All(c => c.Id != _model.ResponsibleClerkId))
        {
            _model.ResponsibleClerkId = null;
        }
    }

    private async Task LoadClerksAsync() =>
        _clerks = _model.UnitId is { } unitId ? await Reference.GetStaffAsync(StaffTitle.Clerk, unitId) : [];

    private async Task SaveAsync()
    {
        if (_saving)
        {
            return;
        }

        _saving = true;
        try
        {
            var input = _model.Adapt<CaseInput>();
            Result result;
            int? savedId = CaseId;
            if (CaseId is { } id)
            {
                result = await GuardedSave.RunAsync(() => Cases.UpdateAsync(_actor, id, _version, input), Logger);
            }
            else
            {
                var created = await GuardedSave.RunAsync<EnforcementCase>(_submission, () => Cases.CreateAsync(_actor, input), Logger);
                _submission = created.Succeeded ? Guid.NewGuid() : _submission;
                result = created;
                savedId = created.Succeeded ? created.Value : null;
            }

            _conflict = result.IsConflict;
            _formErrors = _errors.Load(result, L);
            if (result.Succeeded)
            {
                Snackbar.Add(L["Saved"], Severity.Success);
                Dialog.Close(DialogResult.Ok(savedId!.Value));
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
        if (CaseId is not { } id || _original is null)
        {
            return;
        }

        var latest = await Cases.GetForEditAsync(_actor, id);
        if (!latest.Succeeded)
        {
            _formErrors = [latest.Errors[0].Message];
            return;
        }

        var mine = _model.Adapt<CaseInput>();
        var (theirs, version) = latest.Value;
        var merged = FormMerge.KeepMine(_original, mine, theirs);
        _original = theirs;
        _version = version;
        _loadedStatus = theirs.Status;
        _model = merged.Adapt<CaseFormModel>();
        _conflict = false;
        _errors.Clear();
        _formErrors = [L["ReloadedKeptMine"]];
        await LoadClerksAsync();
    }

    private void Cancel() => Dialog.Cancel();

    /// <summary>The dialog's own mutable copy of <see cref="CaseInput"/>.</summary>
    public sealed class CaseFormModel
    {
        public string CaseNumber { get; set; } = "";

        public ObligorKind ObligorKind { get; set; }

        public string ObligorName { get; set; } = "";

        public string ObligorIdNumber { get; set; } = "";

        public string? ObligorPhone { get; set; }

        public string? ObligorAddress { get; set; }

        public int? ReferringAgencyId { get; set; }

        public long? AmountOwed { get; set; }

        public DateOnly? ReferredOn { get; set; }

        public int? UnitId { get; set; }

        public int? ResponsibleClerkId { get; set; }

        public CaseStatus Status { get; set; } = CaseStatus.InEnforcement;

        public string? Notes { get; set; }
    }
}
