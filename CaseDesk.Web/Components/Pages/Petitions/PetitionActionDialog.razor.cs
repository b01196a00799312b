using System.Globalization;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Petitions;
using CaseDesk.Domain.Reference;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Petitions;

public enum PetitionAction
{
    Assign,
    LogContact,
    Extend,
    Submit,
    Approve,
    Return,
    MarkReplied,
    Close,
    Transfer,
    File,
    Reopen,
}

/// <summary>One dialog for every step of a petition; the service decides, the dialog shows its answer beside the fields.</summary>
public sealed partial class PetitionActionDialog
{
    private readonly FormErrors _errors = new();
    private IReadOnlyList<string> _formErrors = [];
    private IReadOnlyList<StaffItem> _handlers = [];
    private bool _saving;
    private int? _handlerId;
    private int? _days;
    private string? _text;
    private string? _person;
    private string? _time;
    private bool _timeError;
    private string? _reference;
    private DateOnly? _date;
    private DateOnly? _date2;
    private ReplyMethod? _method;
    private FilingReason? _filing;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public PetitionAction Action { get; set; }

    [Parameter, EditorRequired]
    public PetitionDetail Detail { get; set; } = default!;

    [Inject]
    private PetitionService Petitions { get; set; } = default!;

    [Inject]
    private ReferenceDataService Reference { get; set; } = default!;

    [Inject]
    private Microsoft.Extensions.Options.IOptions<PetitionPolicyOptions> Policy { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ILogger<PetitionActionDialog> Logger { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    public static async Task<bool> ShowAsync(IDialogService dialogs, PetitionAction action, PetitionDetail detail)
    {
        var parameters = new DialogParameters<PetitionActionDialog> { { d => d.Action, action }, { d => d.Detail, detail } };
        var options = new DialogOptions { MaxWidth = action is PetitionAction.Submit or PetitionAction.Approve ? MaxWidth.Medium : MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await dialogs.ShowAsync<PetitionActionDialog>(null, parameters, options);
        var result = await dialog.Result;
        return result is { Canceled: false };
    }

    protected override async Task OnInitializedAsync()
    {
        var now = TaipeiTime.LocalNow(Petitions.Clock);
        _date = DateOnly.FromDateTime(now);
        _date2 = _date;
        _time = now.ToString("HH:mm", CultureInfo.InvariantCulture);
        switch (Action)
        {
            case PetitionAction.Assign:
                var actor = await Actors.GetAsync();
                var clerks = await Reference.GetStaffAsync(StaffTitle.Clerk);
                _handlers = actor.IsSupervisor ? clerks : clerks.Where(c => c.Id == actor.StaffId).ToList();
                _handlerId = Detail.HandlerId ?? (actor.IsClerk ? actor.StaffId : null);
                break;
            case PetitionAction.Extend:
                var chief = Policy.Value.SectionChiefExtensionDays;
                _days = Detail.DeadlineDays < chief ? chief : Math.Min(Detail.DeadlineDays + chief, Policy.Value.MaxDirectorExtensionDays);
                _date = null; // the written notice's date is typed, never assumed
                break;
            case PetitionAction.Submit:
                _text = Detail.ReplyText;
                break;
            case PetitionAction.LogContact:
                _person = Detail.PetitionerName;
                break;
            case PetitionAction.MarkReplied:
                _method = ReplyMethod.Letter;
                break;
        }
    }

    private async Task SubmitAsync()
    {
        if (_saving)
        {
            return;
        }

        _saving = true;
        try
        {
            // An interim contact's time that cannot be read is shown beside the field, never replaced by "now".
            _timeError = Action == PetitionAction.LogContact && !string.IsNullOrWhiteSpace(_time) && ParseTime(_time) is null;
            if (_timeError)
            {
                _errors.Clear();
                _formErrors = [L["FixFieldsBelow"]];
                return;
            }

            var actor = await Actors.GetAsync();
            var result = await GuardedSave.RunAsync(() => RunActionAsync(actor), Logger);
            _formErrors = _errors.Load(result, L);
            if (result.Succeeded)
            {
                Snackbar.Add(L["Saved"], Severity.Success);
                Dialog.Close(DialogResult.Ok(true));
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task<Result> RunActionAsync(Actor actor)
    {
        var id = Detail.Id;
        var v = Detail.Version;
        return Action switch
        {
            PetitionAction.Assign when _handlerId is { } handler => await Petitions.AssignAsync(actor, id, v, handler),
            PetitionAction.Assign => Result.Fail(new DomainError("handler_required", "請選擇承辦人。", "HandlerId")),
            PetitionAction.LogContact => await Petitions.LogInterimContactAsync(actor, id, v, new InterimContactInput
            {
                ContactedAtLocal = ContactedAt(),
                PersonReached = _person,
                Summary = _text,
            }),
            PetitionAction.Extend => await Petitions.ExtendAsync(actor, id, v, new ExtensionInput
            {
                Days = _days,
                Reason = _text,
                NoticeSentOn = _days > Policy.Value.SectionChiefExtensionDays ? _date : null,
                NoticeReference = _reference,
            }),
            PetitionAction.Submit => await Petitions.SubmitAsync(actor, id, v, _text),
            PetitionAction.Approve => await Petitions.ApproveAsync(actor, id, v),
            PetitionAction.Return => await Petitions.ReturnAsync(actor, id, v, _text),
            PetitionAction.MarkReplied => await Petitions.MarkRepliedAsync(actor, id, v, new ReplyInput { SentOn = _date, Method = _method, Reference = _reference }),
            PetitionAction.Close => await Petitions.CloseAsync(actor, id, v),
            PetitionAction.Transfer => await Petitions.TransferAsync(actor, id, v, new TransferInput { To = _text, DocumentNumber = _reference, TransferredOn = _date, PetitionerToldOn = _date2 }),
            PetitionAction.File => await Petitions.FileWithoutActionAsync(actor, id, v, new FilingInput { Reason = _filing, Note = _text, RelatedPetitionNumber = _reference }),
            _ => await Petitions.ReopenAsync(actor, id, v, _text),
        };
    }

    private void OnTimeChanged(string? text)
    {
        _time = text;
        _timeError = !string.IsNullOrWhiteSpace(text) && ParseTime(text) is null;
        _errors.Clear(nameof(InterimContactInput.ContactedAtLocal));
    }

    /// <summary>The time as typed (09:05, 9:05 or 0905, as in the intake form), or null when it cannot be read.</summary>
    private static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact((text ?? "").Trim(), ["H:mm", "HH:mm", "HHmm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    /// <summary>The call's date and time; a time left empty is the current time on that date (an unreadable one never gets here).</summary>
    private DateTime? ContactedAt()
    {
        if (_date is not { } date)
        {
            return null;
        }

        return date.ToDateTime(ParseTime(_time) ?? TimeOnly.FromDateTime(TaipeiTime.LocalNow(Petitions.Clock)));
    }
}
