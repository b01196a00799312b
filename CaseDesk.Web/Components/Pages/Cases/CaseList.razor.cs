using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Reference;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Cases;

public sealed partial class CaseList
{
    private MudTable<CaseRow>? _table;
    private Actor? _actor;
    private bool _canCreate;
    private bool _canExport;
    private CaseQuery _shown = new();
    private string? _text;
    private CaseStatus? _status;
    private int? _unitId;
    private int? _agencyId;
    private bool _mineOnly;
    private IReadOnlyList<LookupItem> _units = [];
    private IReadOnlyList<LookupItem> _agencies = [];
    private string? _appliedQuery;

    [Inject]
    private CaseService Cases { get; set; } = default!;

    [Inject]
    private ReferenceDataService Reference { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    /// <summary>From the app bar's global search: <c>/cases?q=…</c>.</summary>
    [SupplyParameterFromQuery(Name = "q")]
    public string? Query { get; set; }

    protected override async Task OnInitializedAsync()
    {
        // Before the first await: the table's first load runs while this method awaits, and must already filter.
        _appliedQuery = Query;
        _text = Query;
        _actor = await Actors.GetAsync();
        _canCreate = CaseAccess.CanCreate(_actor);
        _canExport = CaseAccess.CanSeeAmounts(_actor);
        _units = await Reference.GetUnitsAsync();
        _agencies = await Reference.GetAgenciesAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        if (Query != _appliedQuery)
        {
            _appliedQuery = Query;
            _text = Query;
            if (_table is not null)
            {
                await _table.ReloadServerData();
            }
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await JS.InvokeVoidAsync("casedesk.focusOnSlash", "case-search");
        }
    }

    private async Task<TableData<CaseRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        var actor = _actor ?? await Actors.GetAsync();
        var sort = Enum.TryParse<CaseSort>(state.SortLabel, out var s) ? s : CaseSort.ReferredOn;
        var descending = state.SortDirection != SortDirection.Ascending;
        var query = new CaseQuery
        {
            Text = _text,
            Status = _status,
            UnitId = _unitId,
            ReferringAgencyId = _agencyId,
            ResponsibleClerkId = _mineOnly ? actor.StaffId : null,
            Sort = sort,
            Descending = descending,
        };
        var page = await Cases.SearchAsync(actor, query, new PageRequest(state.Page, state.PageSize), ct);
        if (_shown != query)
        {
            _shown = query;
            StateHasChanged(); // the export buttons sit outside the table
        }

        return new TableData<CaseRow> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private Task OnTextChanged(string? text)
    {
        _text = text;
        return ReloadAsync();
    }

    private Task OnStatusChanged(CaseStatus? status)
    {
        _status = status;
        return ReloadAsync();
    }

    private Task OnUnitChanged(int? unitId)
    {
        _unitId = unitId;
        return ReloadAsync();
    }

    private Task OnAgencyChanged(int? agencyId)
    {
        _agencyId = agencyId;
        return ReloadAsync();
    }

    private Task OnMineChanged(bool mine)
    {
        _mineOnly = mine;
        return ReloadAsync();
    }

    /// <summary>The file of exactly what the list shows: the same filters and order.</summary>
    private string ExportHref(string format)
    {
        var q = _shown;
        var parts = new List<string> { $"format={format}", $"sort={q.Sort}", $"desc={(q.Descending ? "true" : "false")}" };
        if (!string.IsNullOrWhiteSpace(q.Text))
        {
            parts.Add("text=" + Uri.EscapeDataString(q.Text));
        }

        if (q.Status is { } status)
        {
            parts.Add($"status={status}");
        }

        if (q.UnitId is { } unit)
        {
            parts.Add(FormattableString.Invariant($"unit={unit}"));
        }

        if (q.ReferringAgencyId is { } agency)
        {
            parts.Add(FormattableString.Invariant($"agency={agency}"));
        }

        if (q.ResponsibleClerkId is { } clerk)
        {
            parts.Add(FormattableString.Invariant($"clerk={clerk}"));
        }

        return "/cases/export?" + string.Join('&', parts);
    }

    private Task ReloadAsync() => _table?.ReloadServerData() ?? Task.CompletedTask;

    private void OpenRow(TableRowClickEventArgs<CaseRow> args)
    {
        if (args.Item is { } row)
        {
            Navigation.NavigateTo($"/cases/{row.Id}");
        }
    }

    private async Task CreateAsync()
    {
        var id = await CaseFormDialog.ShowAsync(Dialogs, L, caseId: null);
        if (id is { } newId)
        {
            Navigation.NavigateTo($"/cases/{newId}");
        }
    }
}
