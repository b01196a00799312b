using CaseDesk.Domain.Common;
using CaseDesk.Domain.Petitions;
using CaseDesk.Domain.Reference;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Petitions;

/// <summary>My petitions, my unit's, all (supervisors); deep links from the dashboard set the filters in the query string.</summary>
public sealed partial class PetitionList
{
    private MudTable<PetitionRow>? _table;
    private Actor _actor = Actor.System;
    private bool _canRegister;
    private bool _canSeeStats;
    private PetitionScope _scope;
    private bool _openOnly;
    private string? _text;
    private DeadlineStatus? _status;
    private PetitionCategory? _category;
    private PetitionChannel? _channel;
    private PetitionState? _state;
    private DateOnly? _from;
    private DateOnly? _to;
    private int? _unitId;
    private int? _handlerId;
    private bool _withoutUnit;
    private bool _withoutHandler;
    private IReadOnlyList<LookupItem> _units = [];
    private IReadOnlyList<StaffItem> _handlers = [];

    [Inject]
    private PetitionService Petitions { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private ReferenceDataService Reference { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "scope")]
    public string? ScopeParameter { get; set; }

    [SupplyParameterFromQuery(Name = "status")]
    public string? StatusParameter { get; set; }

    [SupplyParameterFromQuery(Name = "unit")]
    public int? UnitParameter { get; set; }

    [SupplyParameterFromQuery(Name = "handler")]
    public int? HandlerParameter { get; set; }

    /// <summary>The dashboard's 未分股 row: petitions given to no unit.</summary>
    [SupplyParameterFromQuery(Name = "nounit")]
    public bool? WithoutUnitParameter { get; set; }

    /// <summary>The dashboard's 未分派 row: petitions nobody handles yet.</summary>
    [SupplyParameterFromQuery(Name = "nohandler")]
    public bool? WithoutHandlerParameter { get; set; }

    [SupplyParameterFromQuery(Name = "open")]
    public bool? OpenParameter { get; set; }

    [SupplyParameterFromQuery(Name = "due")]
    public string? DueParameter { get; set; }

    [SupplyParameterFromQuery(Name = "overdue")]
    public bool? OverdueParameter { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _actor = await Actors.GetAsync();
        _canRegister = PetitionAccess.CanRegister(_actor);
        _canSeeStats = PetitionAccess.CanSeeStatistics(_actor);
        _scope = Enum.TryParse<PetitionScope>(ScopeParameter, true, out var scope) ? scope : _actor.IsSupervisor && !_actor.IsClerk ? PetitionScope.All : PetitionScope.Mine;
        _status = Enum.TryParse<DeadlineStatus>(StatusParameter, true, out var status) ? status : null;
        _openOnly = OpenParameter ?? _status is null;
        _unitId = UnitParameter;
        _handlerId = HandlerParameter;
        _withoutUnit = WithoutUnitParameter == true && _unitId is null;
        _withoutHandler = WithoutHandlerParameter == true && _handlerId is null;
        if (_actor.IsSupervisor)
        {
            _units = await Reference.GetUnitsAsync();
            _handlers = await Reference.GetStaffAsync(StaffTitle.Clerk);
        }
        else if (_actor.IsClerk && _actor.UnitId is { } unit)
        {
            _handlers = await Reference.GetStaffAsync(StaffTitle.Clerk, unit);
        }
    }

    /// <summary>Supervisors filter every list by handler; a clerk filters their unit's list by a colleague.</summary>
    private bool ShowHandlerFilter => _actor.IsSupervisor || (_actor.IsClerk && _scope == PetitionScope.MyUnit);

    private async Task<TableData<PetitionRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        var sort = Enum.TryParse<PetitionSort>(state.SortLabel, out var s) ? s : PetitionSort.DueOn;
        var query = new PetitionQuery
        {
            Scope = _scope,
            Text = _text,
            Status = _status,
            Category = _category,
            Channel = _channel,
            State = _state,
            OpenOnly = _openOnly,
            UnitId = _unitId,
            HandlerId = _handlerId,
            WithoutUnit = _withoutUnit,
            WithoutHandler = _withoutHandler,
            DueOn = DateOnly.TryParseExact(DueParameter, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var due) ? due : null,
            OverdueOnly = OverdueParameter == true,
            ReceivedFrom = _from,
            ReceivedTo = _to,
            Sort = sort,
            Descending = state.SortDirection == SortDirection.Descending,
        };
        var page = await Petitions.SearchAsync(_actor, query, new PageRequest(state.Page, state.PageSize), ct);
        return new TableData<PetitionRow> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private Task Reload() => _table?.ReloadServerData() ?? Task.CompletedTask;

    private Task OnScopeChanged(PetitionScope scope)
    {
        _scope = scope;
        if (!ShowHandlerFilter)
        {
            _handlerId = null; // a filter no longer shown does not keep narrowing the list
        }

        return Reload();
    }

    private Task OnOpenOnlyChanged(bool value)
    {
        _openOnly = value;
        return Reload();
    }

    private Task OnTextChanged(string? text)
    {
        _text = text;
        return Reload();
    }

    private Task OnStatusChanged(DeadlineStatus? status)
    {
        _status = status;
        if (status == DeadlineStatus.Done)
        {
            // Finished petitions are never open: leaving the switch on would show an empty list.
            _openOnly = false;
        }

        return Reload();
    }

    private Task OnCategoryChanged(PetitionCategory? category)
    {
        _category = category;
        return Reload();
    }

    private Task OnChannelChanged(PetitionChannel? channel)
    {
        _channel = channel;
        return Reload();
    }

    private Task OnStateChanged(PetitionState? state)
    {
        _state = state;
        return Reload();
    }

    private Task OnUnitChanged(int? unitId)
    {
        _unitId = unitId;
        _withoutUnit &= unitId is null;
        return Reload();
    }

    private Task OnHandlerChanged(int? handlerId)
    {
        _handlerId = handlerId;
        _withoutHandler &= handlerId is null;
        return Reload();
    }

    private Task ClearWithoutUnit()
    {
        _withoutUnit = false;
        return Reload();
    }

    private Task ClearWithoutHandler()
    {
        _withoutHandler = false;
        return Reload();
    }

    private Task OnFromChanged(DateOnly? from)
    {
        _from = from;
        return Reload();
    }

    private Task OnToChanged(DateOnly? to)
    {
        _to = to;
        return Reload();
    }

    private void OpenRow(TableRowClickEventArgs<PetitionRow> args)
    {
        if (args.Item is { } row)
        {
            Navigation.NavigateTo($"/petitions/{row.Id}");
        }
    }
}
