using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Calls;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Reference;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Calls;

/// <summary>
/// The duty officer's call form: when, who, which case, what was asked, answered or not. As it is typed the
/// page shows where the call will go, when the callback is due, whether the time is in office hours and
/// whether the same phone or case called in the last days. The service validates everything again.
/// </summary>
public sealed partial class CallForm
{
    /// <summary>This form's submission key: pressing 儲存 again after an answer was lost never creates a second record.</summary>
    private Guid _submission = Guid.NewGuid();

    private readonly CallFormModel _m = new();
    private readonly FormErrors _errors = new();
    private IReadOnlyList<string> _formErrors = [];
    private IReadOnlyList<LookupItem> _units = [];
    private IReadOnlyList<RepeatCall> _repeats = [];
    private CallRouting? _routing;
    private string? _phoneEcho;
    private string? _dueText;
    private bool _inOfficeHours;
    private bool _saving;
    private Actor _actor = Actor.System;

    [Inject]
    private CallService Calls { get; set; } = default!;

    [Inject]
    private CalendarService Calendars { get; set; } = default!;

    [Inject]
    private ReferenceDataService Reference { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IOptions<CallOptions> Options { get; set; } = default!;

    [Inject]
    private ILogger<CallForm> Logger { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _actor = await Actors.GetAsync();
        _units = await Reference.GetUnitsAsync();
        var now = TaipeiTime.LocalNow(Clock);
        _m.ReceivedOn = DateOnly.FromDateTime(now);
        _m.ReceivedAt = new TimeOnly(now.Hour, now.Minute);
        await RefreshAsync();
    }

    private async Task Set(string field, Action apply)
    {
        apply();
        _errors.Clear(field);
        await RefreshAsync();
    }

    private async Task OnPhoneChanged(string? phone)
    {
        _m.Phone = phone;
        _errors.Clear(nameof(CallInput.Phone));
        _phoneEcho = PhoneNumber.TryParse(phone, out var parsed, out _) ? "→ " + parsed.Display : null;
        await RefreshAsync();
    }

    private async Task OnCaseChanged(string? caseNumber)
    {
        _m.CaseNumber = caseNumber;
        _errors.Clear(nameof(CallInput.CaseNumber));
        await RefreshAsync();
    }

    private async Task OnUnitChanged(int? unitId)
    {
        _m.UnitId = unitId;
        await RefreshAsync();
    }

    private async Task RefreshAsync()
    {
        _routing = await Calls.PreviewRoutingAsync(_m.CaseNumber, _m.UnitId);
        _repeats = await Calls.RepeatsOfAsync(_actor, _m.Phone, _m.CaseNumber);
        _inOfficeHours = false;
        _dueText = null;
        if (_m.ReceivedOn is { } on && _m.ReceivedAt is { } at)
        {
            var calendar = await Calendars.GetAsync();
            var utc = TaipeiTime.ToUtc(on, at);
            _inOfficeHours = calendar.IsOfficeHours(utc);
            var due = CallService.CallbackDue(utc, calendar, Options.Value.CallbackDueTime, out _);
            _dueText = RocDate.FormatInstant(due);
        }
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
            var input = new CallInput
            {
                ReceivedOn = _m.ReceivedOn,
                ReceivedAt = _m.ReceivedAt,
                CallerName = _m.CallerName,
                Phone = _m.Phone,
                Relationship = _m.Relationship,
                CaseNumber = _m.CaseNumber,
                UnitId = _routing?.CaseFound == true ? null : _m.UnitId,
                Question = _m.Question,
                AnsweredOnSpot = _m.AnsweredOnSpot,
                SpotAnswer = _m.SpotAnswer,
                Urgency = _m.Urgent ? CallUrgency.Urgent : CallUrgency.Normal,
                OfficeHoursException = _m.OfficeHoursException,
                ExceptionReason = _m.ExceptionReason,
            };
            var result = await GuardedSave.RunAsync<AfterHoursCall>(_submission, () => Calls.LogAsync(_actor, input), Logger);
            _submission = result.Succeeded ? Guid.NewGuid() : _submission;
            _formErrors = _errors.Load(result, L);
            if (result.Succeeded)
            {
                Snackbar.Add(L["CallSaved"], Severity.Success);
                Navigation.NavigateTo($"/calls/{result.Value}");
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private sealed class CallFormModel
    {
        public DateOnly? ReceivedOn { get; set; }

        public TimeOnly? ReceivedAt { get; set; }

        public string? CallerName { get; set; }

        public string? Phone { get; set; }

        public CallerRelationship? Relationship { get; set; }

        public string? CaseNumber { get; set; }

        public int? UnitId { get; set; }

        public string? Question { get; set; }

        public bool? AnsweredOnSpot { get; set; }

        public string? SpotAnswer { get; set; }

        public bool Urgent { get; set; }

        public bool OfficeHoursException { get; set; }

        public string? ExceptionReason { get; set; }
    }
}
