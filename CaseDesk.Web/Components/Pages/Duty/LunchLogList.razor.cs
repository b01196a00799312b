using CaseDesk.Domain.Common;
using CaseDesk.Domain.Duty;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Reference;
using CaseDesk.Web.Components.Shared;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Duty;

/// <summary>
/// What happened at the desk during the lunch hour: the logs of a period (this quarter by default), per person,
/// with the people served and the notable matters, paged in SQL. Supervisors read their unit's (or everybody's),
/// a clerk their own; the service decides.
/// </summary>
public sealed partial class LunchLogList : IDisposable
{
    private MudTable<LunchLogRow>? _table;
    private Actor _actor = Actor.System;
    private bool _seesOthers;
    private IReadOnlyList<StaffItem> _people = [];
    private DateOnly? _from;
    private DateOnly? _to;
    private int? _staffId;
    private LunchLogPage? _totals;
    private LiveUpdates? _live;

    private enum Period
    {
        Month,
        Quarter,
        Year,
    }

    [SupplyParameterFromQuery(Name = "staff")]
    public int? StaffParameter { get; set; }

    [Inject]
    private DutyService Duty { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private IChangeNotifier Notifier { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _actor = await Actors.GetAsync();
        _seesOthers = DutyService.CanReadOthersLunchLogs(_actor);
        SetPeriod(Period.Quarter);
        _staffId = _seesOthers ? StaffParameter : null;
        _people = _seesOthers ? await Duty.LunchLogPeopleAsync(_actor) : [];
        _live = LiveUpdates.For(Notifier, InvokeAsync, async () =>
        {
            // Somebody logged a lunch hour: a new person may appear in the filter too.
            _people = _seesOthers ? await Duty.LunchLogPeopleAsync(_actor) : [];
            await ReloadAsync();
        }, nameof(LunchDutyLog));
    }

    private async Task<TableData<LunchLogRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        var page = await Duty.LunchLogsAsync(_actor, new LunchLogQuery(_from, _to, _staffId), new PageRequest(state.Page, state.PageSize), ct);
        _totals = page;
        StateHasChanged(); // the totals line sits outside the table
        return new TableData<LunchLogRow> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private void SetPeriod(Period period)
    {
        var today = TaipeiTime.Today(Clock);
        _from = period switch
        {
            Period.Month => new DateOnly(today.Year, today.Month, 1),
            Period.Quarter => new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1),
            _ => new DateOnly(today.Year, 1, 1),
        };
        _to = today;
    }

    private Task PeriodAsync(Period period)
    {
        SetPeriod(period);
        return ReloadAsync();
    }

    private Task OnFromChanged(DateOnly? from)
    {
        _from = from;
        return ReloadAsync();
    }

    private Task OnToChanged(DateOnly? to)
    {
        _to = to;
        return ReloadAsync();
    }

    private Task OnStaffChanged(int? staffId)
    {
        _staffId = staffId;
        return ReloadAsync();
    }

    private Task ReloadAsync() => _table?.ReloadServerData() ?? Task.CompletedTask;

    public void Dispose() => _live?.Dispose();
}
