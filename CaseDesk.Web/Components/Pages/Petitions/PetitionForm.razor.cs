using System.Globalization;
using System.Text.Json;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Drafts;
using CaseDesk.Domain.Petitions;
using CaseDesk.Domain.Reference;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Mapster;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Petitions;

/// <summary>
/// Registers or edits a petition. The due date and its explanation follow the receipt date as it is typed;
/// every change is kept as a server-side draft, so a dropped connection loses nothing.
/// </summary>
public sealed partial class PetitionForm : IDisposable
{
    /// <summary>This form's submission key: pressing 儲存 again after an answer was lost never creates a second record.</summary>
    private Guid _submission = Guid.NewGuid();

    private PetitionFormModel _model = new();
    private Actor _actor = Actor.System;
    private int _version;
    private bool _loading = true;
    private bool _saving;
    private bool _timeError;
    private bool _signedTimeError;
    private DeadlineComputation? _preview;
    private DraftView? _draft;
    private DateTime? _draftSavedAt;
    private CancellationTokenSource? _draftDelay;
    private readonly SemaphoreSlim _draftWrite = new(1, 1);
    private readonly FormErrors _errors = new();
    private IReadOnlyList<string> _formErrors = [];
    private IReadOnlyList<LookupItem> _units = [];
    private IReadOnlyList<LookupItem> _sections = [];
    private IReadOnlyList<StaffItem> _handlers = [];
    private List<BreadcrumbItem> _breadcrumbs = [];

    [Parameter]
    public int? Id { get; set; }

    [Inject]
    private PetitionService Petitions { get; set; } = default!;

    [Inject]
    private CaseService Cases { get; set; } = default!;

    [Inject]
    private ReferenceDataService Reference { get; set; } = default!;

    [Inject]
    private DraftService Drafts { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ILogger<PetitionForm> Logger { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    private string DraftKey => Id is { } id ? $"petition:{id}" : "petition:new";

    protected override async Task OnInitializedAsync()
    {
        _actor = await Actors.GetAsync();
        _breadcrumbs = [new(L["NavPetitions"], "/petitions"), new(Id is null ? L["RegisterPetition"] : L["EditPetition"], null, disabled: true)];
        _units = await Reference.GetUnitsAsync();
        _sections = await Reference.GetSectionsAsync();
        var clerks = await Reference.GetStaffAsync(StaffTitle.Clerk);
        _handlers = _actor.IsSupervisor ? clerks : clerks.Where(c => c.Id == _actor.StaffId).ToList();

        if (Id is { } id)
        {
            var loaded = await Petitions.GetForEditAsync(_actor, id);
            if (!loaded.Succeeded)
            {
                Snackbar.Add(loaded.Errors[0].Message, Severity.Error);
                Navigation.NavigateTo($"/petitions/{id}");
                return;
            }

            _model = PetitionFormModel.From(loaded.Value.Input);
            _version = loaded.Value.Version;
        }
        else
        {
            var now = TaipeiTime.LocalNow(Petitions.Clock);
            _model = new PetitionFormModel
            {
                ReceivedOn = DateOnly.FromDateTime(now),
                ReceivedTime = now.ToString("HH:mm", CultureInfo.InvariantCulture),
                UnitId = _actor.UnitId,
                HandlerId = _actor.IsClerk ? _actor.StaffId : null,
            };
        }

        _draft = await Drafts.GetAsync(_actor, DraftKey);
        await RefreshPreviewAsync();
        _loading = false;
    }

    private async Task<IEnumerable<string>> SearchCasesAsync(string text, CancellationToken ct)
    {
        var page = await Cases.SearchAsync(_actor, new CaseQuery { Text = text, Sort = CaseSort.CaseNumber, Descending = false }, new PageRequest(0, 10), ct);
        return page.Items.Select(r => r.CaseNumber);
    }

    /// <summary>A field changed: its error (from the last save) no longer applies, and the draft is kept.</summary>
    private void Changed(string field, Action apply)
    {
        apply();
        _errors.Clear(field);
        ScheduleDraftSave();
    }

    private void OnChannelChanged(PetitionChannel? channel) => Changed(nameof(PetitionInput.Channel), () => _model.Channel = channel);

    private async Task OnReceivedOnChanged(DateOnly? date)
    {
        Changed(nameof(PetitionInput.ReceivedOn), () => _model.ReceivedOn = date);
        await RefreshPreviewAsync();
    }

    private void OnTimeChanged(string? text)
    {
        _model.ReceivedTime = text;
        _timeError = !string.IsNullOrWhiteSpace(text) && ParseTime(text) is null;
        ScheduleDraftSave();
    }

    private void OnSignedTimeChanged(string? text)
    {
        _model.RecordSignedTime = text;
        _signedTimeError = !string.IsNullOrWhiteSpace(text) && ParseTime(text) is null;
        _errors.Clear(nameof(PetitionInput.RecordSignedAt));
        _errors.Clear(nameof(PetitionInput.RecordSignedOn));
        ScheduleDraftSave();
    }

    private static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact((text ?? "").Trim(), ["H:mm", "HH:mm", "HHmm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    private async Task RefreshPreviewAsync() =>
        _preview = _model.ReceivedOn is { } d ? await Petitions.PreviewDeadlineAsync(d) : null;

    private void ScheduleDraftSave()
    {
        _draftDelay?.Cancel();
        _draftDelay?.Dispose();
        _draftDelay = new CancellationTokenSource();
        var token = _draftDelay.Token;
        _model.Version = _version;
        var json = JsonSerializer.Serialize(_model);
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(800, token);
                // One draft write at a time; a write cancelled before it starts never lands after the form was saved.
                await _draftWrite.WaitAsync(token);
                try
                {
                    token.ThrowIfCancellationRequested();
                    await Drafts.SaveAsync(_actor, DraftKey, json, token);
                }
                finally
                {
                    _draftWrite.Release();
                }

                await InvokeAsync(() =>
                {
                    _draftSavedAt = Petitions.Clock.GetUtcNow().UtcDateTime;
                    StateHasChanged();
                });
            }
            catch (OperationCanceledException)
            {
                // A newer keystroke, or the save itself, replaced this draft.
            }
            catch (Exception ex)
            {
                Logger.LogWarning(ex, "Draft of {Key} not kept", DraftKey);
            }
        }, token);
    }

    /// <summary>The form was saved: stop any pending draft write, wait for one in flight, then drop the draft.</summary>
    private async Task DropDraftAsync()
    {
        _draftDelay?.Cancel();
        await _draftWrite.WaitAsync();
        try
        {
            await Drafts.DeleteAsync(_actor, DraftKey);
        }
        finally
        {
            _draftWrite.Release();
        }
    }

    private async Task RestoreDraft()
    {
        if (_draft is null)
        {
            return;
        }

        _model = JsonSerializer.Deserialize<PetitionFormModel>(_draft.Json) ?? _model;
        // Save against the version the draft was typed on: a change by someone else since is then caught.
        if (Id is not null && _model.Version > 0)
        {
            _version = _model.Version;
        }

        _draft = null;
        await RefreshPreviewAsync();
    }

    private async Task DiscardDraftAsync()
    {
        await GuardedSave.RunAsync(async () =>
        {
            await DropDraftAsync();
            return Result.Success();
        }, Logger);
        _draft = null;
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
            if (_timeError || _signedTimeError)
            {
                _formErrors = [L["FixFieldsBelow"]];
                return;
            }

            var input = _model.ToInput();
            Result result;
            var id = Id;
            if (Id is { } existing)
            {
                result = await GuardedSave.RunAsync(() => Petitions.UpdateAsync(_actor, existing, _version, input), Logger);
            }
            else
            {
                var created = await GuardedSave.RunAsync<Petition>(_submission, () => Petitions.RegisterAsync(_actor, input), Logger);
                _submission = created.Succeeded ? Guid.NewGuid() : _submission;
                result = created;
                id = created.Succeeded ? created.Value : null;
            }

            _formErrors = _errors.Load(result, L);
            if (result.Succeeded)
            {
                await GuardedSave.RunAsync(async () =>
                {
                    await DropDraftAsync();
                    return Result.Success();
                }, Logger);
                Snackbar.Add(L["Saved"], Severity.Success);
                Navigation.NavigateTo($"/petitions/{id}");
            }
        }
        finally
        {
            _saving = false;
        }
    }

    public void Dispose()
    {
        _draftDelay?.Cancel();
        _draftDelay?.Dispose();
    }

    /// <summary>The form's mutable copy of <see cref="PetitionInput"/> (time as typed text).</summary>
    public sealed class PetitionFormModel
    {
        public PetitionChannel? Channel { get; set; }

        public DateOnly? ReceivedOn { get; set; }

        public string? ReceivedTime { get; set; }

        public string? PetitionerName { get; set; }

        public string? PetitionerPhone { get; set; }

        public string? PetitionerEmail { get; set; }

        public string? PetitionerAddress { get; set; }

        public bool RecordReadBack { get; set; }

        public string? RecordSignedBy { get; set; }

        public DateOnly? RecordSignedOn { get; set; }

        /// <summary>The signing time as typed (HH:mm); empty with the date means at receipt.</summary>
        public string? RecordSignedTime { get; set; }

        public string? ForwardingAuthority { get; set; }

        public string? ForwardingDocumentNumber { get; set; }

        public string? CaseNumber { get; set; }

        public string? RelatedPetitionNumber { get; set; }

        public PetitionCategory? Category { get; set; }

        public string? Subject { get; set; }

        public string? Content { get; set; }

        public int? UnitId { get; set; }

        public int? SectionId { get; set; }

        public int? HandlerId { get; set; }

        /// <summary>The version of the petition the draft was typed on (0 for a new one).</summary>
        public int Version { get; set; }

        public static PetitionFormModel From(PetitionInput input)
        {
            var model = input.Adapt<PetitionFormModel>();
            model.ReceivedTime = input.ReceivedAt?.ToString("HH:mm", CultureInfo.InvariantCulture);
            model.RecordSignedTime = input.RecordSignedAt?.ToString("HH:mm", CultureInfo.InvariantCulture);
            return model;
        }

        public PetitionInput ToInput() => this.Adapt<PetitionInput>() with
        {
            ReceivedAt = ParseTime(ReceivedTime),
            RecordSignedAt = ParseTime(RecordSignedTime),
        };
    }
}
