using System.Globalization;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Dashboard;
using CaseDesk.Domain.Identity;
using CaseDesk.Web.Components.Shared;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CaseDesk.Web.Components.Pages.Dashboard;

/// <summary>The supervisors' live deadline dashboard: counts that link to the filtered list, per unit and per handler, two charts.</summary>
public sealed partial class SupervisorDashboardPage : IDisposable
{
    private SupervisorDashboard? _data;
    private string? _error;
    private string _updatedAt = "";
    private IReadOnlyList<CountsRow> _unitRows = [];
    private IReadOnlyList<CountsRow> _handlerRows = [];
    private List<ChartSeries<double>> _onTime = [];
    private string[] _onTimeLabels = [];
    private bool _byQuarter;
    private List<ChartSeries<double>> _perUnit = [];
    private string[] _unitLabels = [];
    private Actor _actor = Actor.System;
    private LiveUpdates? _live;

    [Inject]
    private DashboardService Dashboard { get; set; } = default!;

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
        // Subscribe before the first load, so a change saved meanwhile is not missed.
        _live = LiveUpdates.For(Notifier, InvokeAsync, async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }, "Petition", "CalendarDay", "InstallmentPlan", "AfterHoursCall", "DutyAssignment", "Referral");
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var result = await Dashboard.GetAsync(_actor);
        if (!result.Succeeded)
        {
            _error = FormErrors.Text(result.Errors[0], L);
            return;
        }

        _data = result.Value;
        _updatedAt = TaipeiTime.LocalNow(Clock).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var today = _data.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        _unitRows = _data.Units.Select(u => new CountsRow(u.UnitName, u.Counts, u.UnitId is { } id ? $"unit={id}" : "nounit=true", today)).ToList();
        _handlerRows = _data.Handlers.Select(h => new CountsRow(h.UnitName is null ? h.HandlerName : $"{h.HandlerName}（{h.UnitName}）", h.Counts, h.HandlerId is { } id ? $"handler={id}" : "nohandler=true", today)).ToList();
        BuildOnTimeChart();
        _unitLabels = _data.Units.Select(u => u.UnitName).ToArray();
        _perUnit =
        [
            new ChartSeries<double> { Name = L["KpiOpen"], Data = new ChartData<double>(_data.Units.Select(u => (double)u.Counts.Open).ToList()) },
            new ChartSeries<double> { Name = L["KpiOverdue"], Data = new ChartData<double>(_data.Units.Select(u => (double)u.Counts.Overdue).ToList()) },
        ];
    }

    private void OnPeriodChanged(bool byQuarter)
    {
        _byQuarter = byQuarter;
        BuildOnTimeChart();
    }

    private void BuildOnTimeChart()
    {
        var points = _byQuarter ? _data!.Quarterly : _data!.Weekly;
        _onTimeLabels = points.Select(p => _byQuarter ? L[$"Quarter{p.Label[1..]}"].Value : p.Label).ToArray();
        _onTime =
        [
            new ChartSeries<double> { Name = L["OnTimePercent"], Data = new ChartData<double>(points.Select(p => Math.Round((p.Rate ?? 0) * 100, 1)).ToList()) },
        ];
    }

    public void Dispose() => _live?.Dispose();
}
