using System.Globalization;
using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Duty;
using CaseDesk.Domain.Identity;
using CaseDesk.Web.Components.Shared;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Duty;

/// <summary>
/// The lunch-duty roster: the month calendar of a pool, my next turns with swap requests, swaps to answer
/// or approve, leave, today's lunch-hour log and the calendar feed. Supervisors generate, override and
/// keep the pool. Everything the page offers, the service checks again.
/// </summary>
public sealed partial class DutyPage : IDisposable
{
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday];

    private readonly FormErrors _lunchErrors = new();
    private IReadOnlyList<string> _lunchMessages = [];
    private Actor _actor = Actor.System;
    private IReadOnlyList<DutyPoolView>? _pools;
    private DutyPoolView? _pool;
    private DateOnly _month;
    private DateOnly _today;
    private DateOnly _firstChangeable;
    private IReadOnlyList<DutyDayView>? _days;
    private IReadOnlyList<MyTurnView> _myTurns = [];
    private IReadOnlyList<SwapView> _swaps = [];
    private IReadOnlyList<AbsenceView> _absences = [];
    private bool _canManage;
    private bool _onDutyToday;
    private LunchLogView? _lunchLog;
    private IReadOnlyList<DateOnly> _lunchDates = [];
    private DateOnly? _lunchDate;
    private int? _served;
    private string? _lunchNotes;
    private string? _feedUrl;
    private bool _saving;
    private LiveUpdates? _live;

    [SupplyParameterFromQuery(Name = "pool")]
    public int? PoolParameter { get; set; }

    [SupplyParameterFromQuery(Name = "month")]
    public string? MonthParameter { get; set; }

    [Inject]
    private DutyService Duty { get; set; } = default!;

    [Inject]
    private ActorAccessor Actors { get; set; } = default!;

    [Inject]
    private IChangeNotifier Notifier { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IOptions<OfficeHoursOptions> HoursOptions { get; set; } = default!;

    [Inject]
    private ILogger<DutyPage> Logger { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    private OfficeHoursOptions Hours => HoursOptions.Value;

    private (int? Pool, string? Month)? _appliedQuery;

    protected override async Task OnInitializedAsync()
    {
        _actor = await Actors.GetAsync();
        _live = LiveUpdates.For(Notifier, InvokeAsync, async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }, nameof(DutyAssignment), nameof(DutySwap), nameof(DutyAbsence), nameof(DutyPool), nameof(LunchDutyLog), "CalendarDay");
    }

    /// <summary>Applies ?pool= and ?month= — also when a notification's link points here while the page is open.</summary>
    protected override async Task OnParametersSetAsync()
    {
        if (_appliedQuery == (PoolParameter, MonthParameter))
        {
            return;
        }

        _appliedQuery = (PoolParameter, MonthParameter);
        _today = TaipeiTime.Today(Clock);
        _month = DateOnly.TryParseExact(MonthParameter + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) ? m : new DateOnly(_today.Year, _today.Month, 1);
        if (PoolParameter is { } pool && _pool?.Id != pool)
        {
            _pool = null;
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _today = TaipeiTime.Today(Clock);
        _firstChangeable = await Duty.FirstChangeableDayAsync();
        _pools = await Duty.GetPoolsAsync();
        var wanted = _pool?.Id ?? PoolParameter;
        _pool = _pools.FirstOrDefault(p => p.Id == wanted)
            ?? _pools.FirstOrDefault(p => p.Members.Any(x => x.StaffId == _actor.StaffId))
            ?? _pools.FirstOrDefault(p => p.UnitId == null)
            ?? _pools.FirstOrDefault();
        _canManage = _pool is not null && DutyService.CanManage(_actor, _pool.UnitId);
        _days = _pool is null ? [] : await Duty.DaysAsync(_pool, _month, _month.AddMonths(1).AddDays(-1));
        _myTurns = await Duty.MyTurnsAsync(_actor);
        _swaps = await Duty.SwapsAsync(_actor);
        _absences = await Duty.AbsencesAsync(_actor);
        // The lunch-hour log: today's turn once 12:30 has passed, or a turn of the last two weeks not logged yet.
        var lunchStarted = TimeOnly.FromDateTime(TaipeiTime.LocalNow(Clock)) >= Hours.LunchStartsAt;
        _lunchDates = (await Duty.MyRecentTurnsAsync(_actor)).Where(d => d < _today || lunchStarted).ToList();
        _onDutyToday = _lunchDates.Count > 0;
        if (_onDutyToday && (_lunchDate is null || !_lunchDates.Contains(_lunchDate.Value)))
        {
            await SelectLunchDateAsync(_lunchDates[0]);
        }
    }

    private async Task SelectLunchDateAsync(DateOnly date)
    {
        _lunchDate = date;
        _lunchLog = await Duty.MyLunchLogAsync(_actor, date);
        _served = _lunchLog?.PeopleServed;
        _lunchNotes = _lunchLog?.Notes;
        _lunchMessages = [];
        _lunchErrors.Clear();
    }

    private IEnumerable<DutyDayView?[]> Weeks()
    {
        var days = _days ?? [];
        var offset = (int)_month.DayOfWeek;
        var cells = Enumerable.Repeat<DutyDayView?>(null, offset).Concat(days).ToList();
        while (cells.Count % 7 != 0)
        {
            cells.Add(null);
        }

        return cells.Chunk(7);
    }

    private string CellClass(DutyDayView d) =>
        "cd-month-cell" + (d.Day.IsWorkingDay ? "" : " cd-month-holiday") + (d.Day.Date == _today ? " cd-month-today" : "") + (d.Day.Date < _today ? " cd-month-past" : "");

    private string SlotClass(DutySlotView s) =>
        "cd-duty-slot" + (s.StaffId == _actor.StaffId ? " cd-duty-mine" : "") + (s.PendingSwap ? " cd-duty-pending" : "");

    private string SlotTitle(DutySlotView s) => s.Source switch
    {
        AssignmentSource.Swap => L["SourceSwap"],
        AssignmentSource.Override => $"{L["SourceOverride"]}：{s.OverrideReason}",
        _ => s.RepaysOwedTurn ? L["RepaysOwedTurn"] : L["SourceGenerated"],
    };

    private static Color SwapColor(SwapState state) => state switch
    {
        SwapState.Requested => Color.Warning,
        SwapState.Accepted => Color.Info,
        SwapState.Approved => Color.Success,
        _ => Color.Default,
    };

    private async Task OnPoolChanged(int poolId)
    {
        _pool = _pools?.FirstOrDefault(p => p.Id == poolId);
        await LoadAsync();
        SyncUrl();
    }

    private async Task MoveAsync(int months)
    {
        _month = _month.AddMonths(months);
        await LoadAsync();
        SyncUrl();
    }

    private async Task ThisMonthAsync()
    {
        _month = new DateOnly(_today.Year, _today.Month, 1);
        await LoadAsync();
        SyncUrl();
    }

    private void SyncUrl() =>
        Navigation.NavigateTo($"/duty?pool={_pool?.Id}&month={_month:yyyy-MM}", new NavigationOptions { ReplaceHistoryEntry = true });

    private async Task SlotClickedAsync(DutyDayView day, DutySlotView slot)
    {
        if (day.Day.Date < _firstChangeable)
        {
            return;
        }

        if (_canManage)
        {
            await ShowAsync(DutyDialogMode.Override, slot: slot, date: day.Day.Date);
        }
        else if (slot.StaffId == _actor.StaffId && !slot.PendingSwap)
        {
            await RequestSwapAsync(slot.AssignmentId, slot.PoolId, day.Day.Date);
        }
    }

    private Task FillAsync(DutyDayView day) =>
        ShowAsync(DutyDialogMode.Override, date: day.Day.Date, slot: null, emptySlot: Enumerable.Range(0, day.Needed).First(i => day.Slots.All(s => s.Slot != i)));

    private Task GenerateAsync() => ShowAsync(DutyDialogMode.Generate);

    private Task EditPoolAsync() => ShowAsync(DutyDialogMode.Pool);

    private Task AddAbsenceAsync() => ShowAsync(DutyDialogMode.Absence);

    private Task RequestSwapAsync(int assignmentId, int poolId, DateOnly date) =>
        ShowAsync(DutyDialogMode.Swap, date: date, myAssignmentId: assignmentId, poolOverride: _pools?.FirstOrDefault(p => p.Id == poolId));

    private async Task ShowAsync(DutyDialogMode mode, DutySlotView? slot = null, DateOnly? date = null, int? emptySlot = null, int? myAssignmentId = null, DutyPoolView? poolOverride = null)
    {
        var parameters = new DialogParameters<DutyDialog>
        {
            { d => d.Mode, mode },
            { d => d.Pool, poolOverride ?? _pool },
            { d => d.Month, _month },
            { d => d.Slot, slot },
            { d => d.Date, date },
            { d => d.EmptySlot, emptySlot },
            { d => d.MyAssignmentId, myAssignmentId },
        };
        var dialog = await Dialogs.ShowAsync<DutyDialog>(null, parameters, new DialogOptions { MaxWidth = mode == DutyDialogMode.Pool ? MaxWidth.Medium : MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: int newPool } && newPool > 0)
        {
            _pool = null;
            PoolParameter = newPool;
        }

        await LoadAsync();
    }

    private async Task SwapStepAsync(SwapView swap, string step)
    {
        if (step is "reject" or "decline" or "cancel")
        {
            var confirmed = await Dialogs.ShowMessageBoxAsync(L["Swaps"], L["SwapConfirm." + step], yesText: L["Confirm"], cancelText: L["Cancel"]);
            if (confirmed != true)
            {
                return;
            }
        }

        var result = await GuardedSave.RunAsync(() => step switch
        {
            "accept" => Duty.AcceptSwapAsync(_actor, swap.Id, swap.Version),
            "decline" => Duty.DeclineSwapAsync(_actor, swap.Id, swap.Version),
            "cancel" => Duty.CancelSwapAsync(_actor, swap.Id, swap.Version),
            "approve" => Duty.DecideSwapAsync(_actor, swap.Id, swap.Version, approve: true),
            _ => Duty.DecideSwapAsync(_actor, swap.Id, swap.Version, approve: false),
        }, Logger);
        Report(result);
        await LoadAsync();
    }

    private async Task RemoveAbsenceAsync(AbsenceView absence)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Absences"], L["AbsenceRemoveConfirm", absence.StaffName, RocDate.Format(absence.From), RocDate.Format(absence.To)], yesText: L["Delete"], cancelText: L["Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        Report(await GuardedSave.RunAsync(() => Duty.RemoveAbsenceAsync(_actor, absence.Id, absence.Version), Logger));
        await LoadAsync();
    }

    private async Task SaveLunchAsync()
    {
        if (_saving)
        {
            return;
        }

        _saving = true;
        try
        {
            var date = _lunchDate ?? _today;
            var result = await GuardedSave.RunAsync(() => Duty.LogLunchAsync(_actor, new LunchLogInput(date, _served, _lunchNotes), _lunchLog?.Version), Logger);
            _lunchMessages = _lunchErrors.Load(result, L);
            if (result.Succeeded)
            {
                Snackbar.Add(L["Saved"], Severity.Success);
                _lunchLog = await Duty.MyLunchLogAsync(_actor, date);
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task FeedAsync(bool renew)
    {
        if (renew && await Dialogs.ShowMessageBoxAsync(L["IcsFeed"], L["IcsRenewConfirm"], yesText: L["IcsRenew"], cancelText: L["Cancel"]) != true)
        {
            return;
        }

        var token = await GuardedSave.RunAsync(() => Duty.FeedTokenAsync(_actor, renew), Logger);
        if (token.Succeeded)
        {
            _feedUrl = Navigation.ToAbsoluteUri($"/duty/feed/{token.Value}.ics").ToString();
        }
        else
        {
            Report(token);
        }
    }

    private void Report(Result result)
    {
        if (result.Succeeded)
        {
            Snackbar.Add(L["Saved"], Severity.Success);
        }
        else
        {
            foreach (var error in result.Errors)
            {
                Snackbar.Add(FormErrors.Text(error, L), result.IsConflict ? Severity.Warning : Severity.Error);
            }
        }
    }

    public void Dispose() => _live?.Dispose();
}
